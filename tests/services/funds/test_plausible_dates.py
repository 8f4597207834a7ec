"""A ledger entry dated in the future (or before 1900) is refused at its date, through the
page and the API, and nothing is posted."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from services.funds.models import FundTransaction

from .factories import FundFactory

pytestmark = pytest.mark.django_db

CASES = [("2030-01-01", "日期不能晚于今天"), ("1899-12-31", "日期不能早于1900年")]


def entry(fund, occurred_on) -> dict:
    return {"fund": fund.pk, "occurred_on": occurred_on, "amount": "100.00", "direction": "in", "purpose": "捐赠"}


@pytest.mark.parametrize(("occurred_on", "message"), CASES)
def test_the_ledger_page_refuses_an_implausible_date(staff_client, occurred_on, message):
    fund = FundFactory()
    response = staff_client.post(reverse("services:transaction-create"), entry(fund, occurred_on))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["occurred_on"])
    assert FundTransaction.objects.count() == 0
    assert staff_client.post(reverse("services:transaction-create"), entry(fund, "2022-05-01")).status_code == 302


@pytest.mark.parametrize(("occurred_on", "message"), CASES)
def test_the_ledger_api_refuses_an_implausible_date(staff_user, occurred_on, message):
    client = APIClient()
    client.force_authenticate(staff_user)
    fund = FundFactory()
    response = client.post("/api/v1/funds/transactions/", entry(fund, occurred_on), format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["occurred_on"])
    assert FundTransaction.objects.count() == 0
