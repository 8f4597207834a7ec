"""Two submits of the same form at the same instant, from two threads with their own database
connections: on PostgreSQL the second waits for the first on the token's unique index and
is sent to the first result. (Run with DATABASE_URL pointing at PostgreSQL.)"""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from services.funds.models import Fund, FundTransaction
from tests.services.funds.factories import FundFactory, FundTransactionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


def submit_at_once(user, url: str, payloads: list[dict]) -> list:
    """POST each payload from its own thread, all released together; each thread has its own
    session and database connection."""
    times = len(payloads)
    barrier = threading.Barrier(times)
    responses, errors = [None] * times, []

    def run(index: int) -> None:
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            responses[index] = client.post(url, payloads[index])
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return responses


def test_two_simultaneous_submits_of_a_ledger_entry_book_once(staff_user):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    client = Client()
    client.force_login(staff_user)
    page = client.get(reverse("services:transaction-create")).content.decode()
    token = re.search(r'name="_once" value="([^"]+)"', page).group(1)
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "direction": "in",
        "amount": "500.00",
        "purpose": "县总工会拨入",
        "_once": token,
    }
    responses = submit_at_once(staff_user, reverse("services:transaction-create"), [data, data])
    entry = FundTransaction.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {entry.get_absolute_url()}


def test_two_simultaneous_payouts_cannot_both_spend_the_balance(staff_user):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    FundTransactionFactory(fund=fund, amount="3000.00")
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "direction": "out",
        "amount": "2000.00",
        "purpose": "助学",
        "beneficiary_person": "王小明",
    }
    # Two different forms (two tokens): both are real payouts, but the fund holds one.
    payloads = [{**data, "_once": "a" * 24}, {**data, "_once": "b" * 24}]
    responses = submit_at_once(staff_user, reverse("services:transaction-create"), payloads)
    assert sorted(response.status_code for response in responses) == [200, 302]
    assert FundTransaction.objects.filter(direction="out").count() == 1
    refused = next(response for response in responses if response.status_code == 200)
    assert "1,000.00" in refused.content.decode() or "1000.00" in refused.content.decode()
