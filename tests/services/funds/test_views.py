import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from services.funds import actions
from services.funds.models import Fund, FundTransaction, MatchingGrant, StudentAid
from tests import samples
from wangcang.models import PersonalDataAccess

from .factories import DuesRecordFactory, FundFactory, funded, id_number, second_staff

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2022, 9, 1)


def _students(user, count):
    fund = funded(FundFactory(kind=Fund.Kind.STUDENT_AID, name="金秋助学"))
    for index in range(count):
        actions.student_aid_grant(
            user=user,
            fund=fund,
            student_name=f"王小明{index}",
            school="旺苍中学",
            grade="高一",
            household="父亲王大山",
            amount=D("2000"),
            occurred_on=DAY,
        )
    return fund


def _grant(user, organization):
    fund = funded(FundFactory(kind=Fund.Kind.MATCHING))
    DuesRecordFactory(organization=organization, amount=D("100"))
    grant = actions.matching_grant_propose(
        user=user,
        fund=fund,
        organization=organization,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
    )
    return actions.matching_grant_approve(user=second_staff(), grant=grant)


def test_student_names_masked_in_page_and_export_and_revealed_only_by_logged_staff_action(
    client, staff_user, official_user
):
    staff_client = client
    client.force_login(staff_user)
    _students(staff_user, 2)
    page = staff_client.get(reverse("services:student-list")).content.decode()
    assert "王小明0" not in page and "王***" in page
    export = staff_client.get(reverse("services:student-list") + "?export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)
    assert len(rows) == 3 and all("王小明" not in str(cell) for row in rows for cell in row)
    ledger = staff_client.get(reverse("services:transaction-list") + "?export=xlsx")
    assert "王小明" not in str(list(load_workbook(io.BytesIO(b"".join(ledger.streaming_content))).active.values))
    aid = StudentAid.objects.first()
    client.force_login(official_user)
    assert client.post(reverse("services:reveal", args=["student", aid.pk])).status_code == 403
    assert PersonalDataAccess.objects.count() == 0
    client.force_login(staff_user)
    revealed = staff_client.post(reverse("services:reveal", args=["student", aid.pk]))
    assert aid.student_name in revealed.content.decode()
    assert PersonalDataAccess.objects.filter(field="student_name", object_id=str(aid.pk)).exists()


def test_mutual_aid_ids_masked(staff_client, staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID))
    number = id_number(5)
    actions.mutual_aid_contribution_record(
        user=staff_user, fund=fund, member_name="赵四", id_number=number, amount=D("10"), occurred_on=DAY
    )
    actions.mutual_aid_payout_record(
        user=staff_user, fund=fund, member_name="赵四", id_number=number, amount=D("200"), occurred_on=DAY, reason="病"
    )
    page = staff_client.get(reverse("services:mutual-aid-list")).content.decode()
    assert number not in page and f"{number[:4]}**********{number[-4:]}" in page


def test_over_limit_payout_form_shows_the_rule_at_the_field(staff_client, staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID))
    number = id_number(6)
    actions.mutual_aid_contribution_record(
        user=staff_user, fund=fund, member_name="赵四", id_number=number, amount=D("10"), occurred_on=DAY
    )
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-10-01",
        "amount": "200.01",
        "member_name": "赵四",
        "id_number": number,
        "reason": "病",
    }
    response = staff_client.post(reverse("services:payout-create"), data)
    assert response.status_code == 200 and "200.00" in response.content.decode()
    assert FundTransaction.objects.filter(direction="out").count() == 0
    data["amount"] = "200.00"
    assert staff_client.post(reverse("services:payout-create"), data).status_code == 302


def test_ledger_has_no_edit_or_delete_in_ui_and_reverses(staff_client, staff_user):
    fund = FundFactory()
    entry = actions.fund_transaction_record(
        user=staff_user, fund=fund, occurred_on=DAY, amount=D("10"), direction="in", purpose="捐赠"
    )
    detail = staff_client.get(entry.get_absolute_url()).content.decode()
    assert f"/ledger/{entry.pk}/edit/" not in detail and "/delete/" not in detail
    assert staff_client.get(f"/services/funds/ledger/{entry.pk}/edit/").status_code == 404
    assert staff_client.post(f"/services/funds/ledger/{entry.pk}/delete/").status_code == 404
    response = staff_client.post(reverse("services:transaction-reverse", args=[entry.pk]), {"reason": "录错"})
    assert response.status_code == 302
    assert FundTransaction.objects.get(reverses=entry).direction == "out"
    assert staff_client.get(reverse("services:fund-detail", args=[fund.pk])).context["fund"].balance == D("0.00")


def test_evidence_upload_checked_by_content(client, staff_user, org_user, organization, other_org_user):
    staff_client = client
    client.force_login(staff_user)
    fund = FundFactory()
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "direction": "in",
        "amount": "5.555",
        "purpose": "补贴",
        "beneficiary_organization": organization.pk,
    }
    fake = SimpleUploadedFile("收据.pdf", b"<html><body>no</body></html>", content_type="application/pdf")
    response = staff_client.post(reverse("services:transaction-create"), {**data, "evidence": fake})
    assert response.status_code == 200 and FundTransaction.objects.count() == 0
    real = SimpleUploadedFile(
        "收据.pdf",
        samples.PDF,
        content_type="application/pdf",
    )
    assert staff_client.post(reverse("services:transaction-create"), {**data, "evidence": real}).status_code == 302
    entry = FundTransaction.objects.get()
    assert entry.amount == D("5.56")
    client.force_login(org_user)
    assert client.get(reverse("services:transaction-evidence", args=[entry.pk])).status_code == 200
    client.force_login(other_org_user)
    assert client.get(reverse("services:transaction-evidence", args=[entry.pk])).status_code == 404


def test_org_user_sees_own_grants_and_another_org_user_gets_404(
    client, staff_user, org_user, other_org_user, organization
):
    grant = _grant(staff_user, organization)
    client.force_login(org_user)
    assert client.get(reverse("services:grant-detail", args=[grant.pk])).status_code == 200
    assert client.get(grant.transaction.get_absolute_url()).status_code == 200
    assert organization.name in client.get(reverse("services:grant-list")).content.decode()
    client.force_login(other_org_user)
    assert client.get(reverse("services:grant-detail", args=[grant.pk])).status_code == 404
    assert client.get(grant.transaction.get_absolute_url()).status_code == 404
    assert organization.name not in client.get(reverse("services:transaction-list")).content.decode()
    export = client.get(reverse("services:transaction-list") + "?export=xlsx")
    assert len(list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.values)) == 1
    assert client.post(reverse("services:grant-approve", args=[grant.pk])).status_code == 403
    assert client.get(reverse("services:fund-list")).status_code == 403


def test_officials_read_but_cannot_write(official_client, staff_user, organization):
    grant = _grant(staff_user, organization)
    assert official_client.get(reverse("services:fund-list")).status_code == 200
    assert official_client.get(grant.get_absolute_url()).status_code == 200
    assert official_client.get(reverse("services:transaction-create")).status_code == 403


def test_propose_and_approve_through_pages(staff_client, organization):
    fund = funded(FundFactory(kind=Fund.Kind.MATCHING))
    DuesRecordFactory(organization=organization, amount=D("4400"))
    page = staff_client.get(
        reverse("services:grant-list"), {"fund": fund.pk, "period_start": "2022-01-01", "period_end": "2022-12-31"}
    )
    assert "8,800.00" in page.content.decode()  # shown grouped by thousands
    response = staff_client.post(
        reverse("services:grant-propose"),
        {"fund": fund.pk, "organization": organization.pk, "period_start": "2022-01-01", "period_end": "2022-12-31"},
    )
    grant = MatchingGrant.objects.get()
    assert response.url == grant.get_absolute_url()
    staff_client.force_login(second_staff())  # another staff member approves
    staff_client.post(reverse("services:grant-approve", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.status == "approved" and grant.transaction.amount == D("8800.00")


@pytest.mark.parametrize("count", [10, 200])
def test_list_pages_within_query_budget(staff_client, staff_user, django_assert_max_num_queries, count, organization):
    _students(staff_user, count)
    fund = funded(FundFactory(kind=Fund.Kind.SUBSIDY))
    for _ in range(count // 10):
        actions.fund_transaction_record(
            user=staff_user,
            fund=fund,
            occurred_on=DAY,
            amount=D("1"),
            direction="out",
            purpose="补贴",
            beneficiary_organization=organization,
        )
    for name in ("transaction-list", "student-list", "fund-list", "grant-list"):
        with django_assert_max_num_queries(12):
            assert staff_client.get(reverse(f"services:{name}")).status_code == 200
