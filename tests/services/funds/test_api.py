import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from services.funds import actions
from services.funds.models import FundTransaction

from .factories import FundFactory, funded

pytestmark = pytest.mark.django_db
URL = "/api/v1/funds/transactions/"


def test_staff_create_and_read_but_never_update_or_delete(staff_client, staff_user):
    fund = FundFactory()
    response = staff_client.post(
        URL,
        {"fund": fund.pk, "occurred_on": "2022-05-01", "amount": "10.005", "direction": "in", "purpose": "捐赠"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    entry = FundTransaction.objects.get()
    assert response.json()["amount"] == "10.01" and entry.recorded_by == staff_user
    assert staff_client.put(f"{URL}{entry.pk}/", {"amount": "1"}, content_type="application/json").status_code == 405
    assert staff_client.patch(f"{URL}{entry.pk}/", {"amount": "1"}, content_type="application/json").status_code == 405
    assert staff_client.delete(f"{URL}{entry.pk}/").status_code == 405
    assert FundTransaction.objects.get().amount == Decimal("10.01")
    reversal = staff_client.post(f"{URL}{entry.pk}/reverse/", {"reason": "录错"}, content_type="application/json")
    assert reversal.status_code == 201 and reversal.json()["reverses"] == entry.pk
    again = staff_client.post(f"{URL}{entry.pk}/reverse/", {"reason": "again"}, content_type="application/json")
    assert again.status_code == 400


def test_bad_input_is_a_field_error(staff_client):
    fund = FundFactory()
    response = staff_client.post(
        URL,
        {"fund": fund.pk, "occurred_on": "2022-05-01", "amount": "0", "direction": "in", "purpose": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "amount" in response.json()


def test_org_users_read_their_own_and_cannot_post(client, staff_user, org_user, other_org_user, organization):
    fund = funded(FundFactory())
    entry = actions.fund_transaction_record(
        user=staff_user,
        fund=fund,
        occurred_on=datetime.date(2022, 1, 1),
        amount=Decimal("5"),
        direction="out",
        purpose="补助",
        beneficiary_organization=organization,
        beneficiary_person="张三丰",
    )
    client.force_login(org_user)
    data = client.get(f"{URL}{entry.pk}/").json()
    assert data["beneficiary_person"] == "张**"
    assert client.post(URL, {"fund": fund.pk}, content_type="application/json").status_code == 403
    client.force_login(other_org_user)
    assert client.get(f"{URL}{entry.pk}/").status_code == 404
    assert client.get(URL).json()["count"] == 0


@pytest.mark.parametrize("count", [10, 200])
def test_api_list_within_query_budget(staff_client, staff_user, django_assert_max_num_queries, count, organization):
    fund = FundFactory()
    for _ in range(count):
        actions.fund_transaction_record(
            user=staff_user,
            fund=fund,
            occurred_on=datetime.date(2022, 1, 1),
            amount=Decimal("1"),
            direction="in",
            purpose="x",
        )
    with django_assert_max_num_queries(8):
        assert staff_client.get(URL).status_code == 200


def test_admin_cannot_change_or_delete_a_posted_entry(client, make_user, staff_user):
    admin_user = make_user("root", is_superuser=True, is_staff=True)
    entry = actions.fund_transaction_record(
        user=staff_user,
        fund=FundFactory(),
        occurred_on=datetime.date(2022, 1, 1),
        amount=Decimal("5"),
        direction="in",
        purpose="x",
    )
    client.force_login(admin_user)
    change_url = reverse("admin:services_fundtransaction_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(change_url, {"amount": "999", "purpose": "改"})
    assert FundTransaction.objects.get().amount == Decimal("5.00")
    assert client.get(reverse("admin:services_fundtransaction_delete", args=[entry.pk])).status_code == 403
    changelist = client.post(
        reverse("admin:services_fundtransaction_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk]},
    )
    assert changelist.status_code in (200, 302) and FundTransaction.objects.count() == 1
    assert client.get(reverse("admin:services_fundtransaction_add")).status_code == 200


def test_api_filters_by_fund(staff_client, staff_user):
    first, second = FundFactory(), FundFactory()
    for fund in (first, second, second):
        actions.fund_transaction_record(
            user=staff_user,
            fund=fund,
            occurred_on=datetime.date(2022, 1, 1),
            amount=Decimal("1"),
            direction="in",
            purpose="x",
        )
    assert staff_client.get(URL, {"fund": second.pk}).json()["count"] == 2
