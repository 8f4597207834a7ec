"""Every write once, and edits that check the version they were loaded from: through the
pages (one-time form tokens, two sessions editing one record) and the API (Idempotency-Key,
ETag/If-Match)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from incubator.models import Site
from orgs.models import Organization
from services.funds.models import DuesRecord, Fund, FundTransaction
from tests.incubator.factories import SiteFactory
from tests.services.funds.factories import FundFactory

pytestmark = pytest.mark.django_db


def hidden(page, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', page.content.decode())
    assert match, f"no {name} in the form"
    return match.group(1)


def ledger_entry(fund: Fund) -> dict:
    return {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "direction": "in",
        "amount": "500.00",
        "purpose": "县总工会拨入",
        "payer": "旺苍县总工会",
    }


def test_a_ledger_entry_submitted_twice_is_booked_once(staff_client):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    form = staff_client.get(reverse("services:transaction-create"))
    token = hidden(form, "_once")
    data = {**ledger_entry(fund), "_once": token}
    first = staff_client.post(reverse("services:transaction-create"), data)
    second = staff_client.post(reverse("services:transaction-create"), data, follow=True)
    entry = FundTransaction.objects.get()
    assert first.status_code == 302 and first.url == entry.get_absolute_url()
    assert second.redirect_chain[-1][0] == entry.get_absolute_url()
    assert "已经提交过" in second.content.decode()
    # A new form has a new token: a deliberate second entry is booked.
    again = {**ledger_entry(fund), "_once": hidden(staff_client.get(reverse("services:transaction-create")), "_once")}
    assert staff_client.post(reverse("services:transaction-create"), again).status_code == 302
    assert FundTransaction.objects.count() == 2


def test_a_refused_submit_does_not_use_up_the_token(staff_client):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    token = hidden(staff_client.get(reverse("services:transaction-create")), "_once")
    refused = staff_client.post(
        reverse("services:transaction-create"), {**ledger_entry(fund), "direction": "out", "_once": token}
    )
    assert refused.status_code == 200 and FundTransaction.objects.count() == 0
    assert hidden(refused, "_once") == token  # the corrected form is still the same submit
    fixed = staff_client.post(reverse("services:transaction-create"), {**ledger_entry(fund), "_once": token})
    assert fixed.status_code == 302 and FundTransaction.objects.count() == 1


def test_a_dues_record_submitted_twice_is_one_record_not_an_error(staff_client, organization):
    data = {
        "organization": organization.pk,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "amount": "3200.00",
        "_once": hidden(staff_client.get(reverse("services:dues-create")), "_once"),
    }
    assert staff_client.post(reverse("services:dues-create"), data).status_code == 302
    second = staff_client.post(reverse("services:dues-create"), data)
    assert second.status_code == 302 and DuesRecord.objects.count() == 1


def test_another_users_token_is_not_theirs_to_replay(staff_client, make_user):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    token = hidden(staff_client.get(reverse("services:transaction-create")), "_once")
    assert staff_client.post(reverse("services:transaction-create"), {**ledger_entry(fund), "_once": token}).status_code
    other = Client()
    other.force_login(make_user("staff2"))
    response = other.post(reverse("services:transaction-create"), {**ledger_entry(fund), "_once": token})
    # The key is per user: the other user's submit is its own write.
    assert response.status_code == 302 and FundTransaction.objects.count() == 2


def two_staff_sessions(make_user):
    first, second = Client(), Client()
    first.force_login(make_user("staff_a", last_name="张"))
    second.force_login(make_user("staff_b", last_name="李"))
    return first, second


def test_the_later_of_two_editors_sees_what_changed_and_can_reapply(make_user):
    site = SiteFactory(name="创新创业服务中心", address="东河路1号")
    url = reverse("incubator:site-edit", args=[site.pk])
    first, second = two_staff_sessions(make_user)
    first_form, second_form = first.get(url), second.get(url)
    saved = first.post(
        url, {"name": "创新创业服务中心", "address": "东河路9号", "_version": hidden(first_form, "_version")}
    )
    assert saved.status_code == 302
    stale = second.post(url, {"name": "孵化基地", "address": "东河路1号", "_version": hidden(second_form, "_version")})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "在您打开之后，别人保存了这条记录" in page
    assert "东河路9号" in page and "东河路1号" in page  # theirs against yours, for the address
    site.refresh_from_db()
    assert (site.name, site.address) == ("创新创业服务中心", "东河路9号")  # the first save stands
    # Saving again from the refreshed form applies the second editor's values knowingly.
    reapplied = second.post(url, {"name": "孵化基地", "address": "东河路1号", "_version": hidden(stale, "_version")})
    assert reapplied.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.address) == ("孵化基地", "东河路1号")


def test_editors_of_different_fields_do_not_block_each_other_when_nothing_is_overwritten(make_user):
    site = SiteFactory(name="创新创业服务中心", address="东河路1号")
    url = reverse("incubator:site-edit", args=[site.pk])
    first, second = two_staff_sessions(make_user)
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, {"name": "孵化基地", "address": "东河路1号", "_version": hidden(first_form, "_version")})
    # The second editor typed the same name the first one saved: nothing is overwritten.
    same = second.post(url, {"name": "孵化基地", "address": "东河路1号", "_version": hidden(second_form, "_version")})
    assert same.status_code == 302
    assert Site.objects.get(pk=site.pk).name == "孵化基地"


def test_two_staff_editing_one_organization(make_user, organization):
    url = reverse("orgs:organization-update", args=[organization.pk])
    first, second = two_staff_sessions(make_user)
    first_form, second_form = first.get(url), second.get(url)

    def data(form, **changes):
        values = {
            "name": organization.name,
            "uscc": organization.uscc,
            "kind": organization.kind,
            "registration_authority": organization.registration_authority,
            "division": organization.division_id,
            "industry": organization.industry,
            "staff_count": str(organization.staff_count),
            "volunteer_count": str(organization.volunteer_count),
            "status": organization.status,
        }
        return {**values, **changes, "_version": hidden(form, "_version")}

    assert first.post(url, data(first_form, staff_count="40")).status_code == 302
    stale = second.post(url, data(second_form, volunteer_count="7"))
    assert stale.status_code == 200 and "40" in stale.content.decode()
    assert Organization.objects.get(pk=organization.pk).staff_count == 40
    assert Organization.objects.get(pk=organization.pk).volunteer_count == organization.volunteer_count


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_idempotency_key_writes_once_and_replays_the_first_answer(staff_user):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    client = api(staff_user)
    body = {**ledger_entry(fund), "beneficiary_person": ""}
    first = client.post("/api/v1/funds/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-2022-09-01-1")
    second = client.post("/api/v1/funds/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-2022-09-01-1")
    assert first.status_code == 201, first.content
    assert second.status_code == 201 and second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert FundTransaction.objects.count() == 1
    third = client.post("/api/v1/funds/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-2022-09-01-2")
    assert third.status_code == 201 and FundTransaction.objects.count() == 2


def test_api_refused_write_leaves_the_key_free(staff_user):
    fund = FundFactory(kind=Fund.Kind.STUDENT_AID)
    client = api(staff_user)
    refused = client.post(
        "/api/v1/funds/transactions/",
        {**ledger_entry(fund), "direction": "out"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert refused.status_code == 400 and "余额" in str(refused.json())
    ok = client.post("/api/v1/funds/transactions/", ledger_entry(fund), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert ok.status_code == 201 and FundTransaction.objects.count() == 1


def test_api_if_match_refuses_a_stale_update(staff_user, organization):
    client = api(staff_user)
    url = f"/api/v1/organizations/{organization.pk}/"
    etag = client.get(url)["ETag"]
    assert etag.startswith('"')
    updated = client.patch(url, {"staff_count": 41}, format="json", HTTP_IF_MATCH=etag)
    assert updated.status_code == 200, updated.content
    assert updated["ETag"] != etag
    stale = client.patch(url, {"staff_count": 5}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["current"]["staff_count"] == 41
    assert Organization.objects.get(pk=organization.pk).staff_count == 41
    fresh = client.patch(url, {"staff_count": 5}, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert fresh.status_code == 200 and Organization.objects.get(pk=organization.pk).staff_count == 5


def test_a_double_click_on_approve_approves_once(staff_user, make_user, organization):
    import datetime

    from services.funds import actions
    from tests.services.funds.factories import DuesRecordFactory, funded

    fund = funded(FundFactory(kind=Fund.Kind.MATCHING))
    DuesRecordFactory(organization=organization)
    grant = actions.matching_grant_propose(
        user=staff_user,
        fund=fund,
        organization=organization,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    approver = Client()
    approver.force_login(make_user("staff2"))
    page = approver.get(grant.get_absolute_url())
    token = hidden(page, "_once")
    url = reverse("services:grant-approve", args=[grant.pk])
    first = approver.post(url, {"_once": token})
    second = approver.post(url, {"_once": token}, follow=True)
    assert first.status_code == 302 and first.url == grant.get_absolute_url()
    assert second.redirect_chain[-1][0] == grant.get_absolute_url()
    content = second.content.decode()
    assert "已经提交过" in content and "只有待审批的配套才能批准" not in content
    assert FundTransaction.objects.filter(direction="out").count() == 1
