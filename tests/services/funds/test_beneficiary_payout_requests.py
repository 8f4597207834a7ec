"""Student aid, household assistance and mutual aid above the countersign threshold are not
refused: they wait as a payout request that another staff member approves, and the approval
writes the beneficiary record with its ledger entry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from services.funds import actions
from services.funds.models import Fund, FundTransaction, HouseholdAssistance, MutualAidPayout, PayoutRequest, StudentAid

from .factories import FundFactory, funded, id_number, second_staff

pytestmark = pytest.mark.django_db
D = Decimal


def _approve(payout):
    approver = Client()
    approver.force_login(second_staff())
    page = approver.post(reverse("services:payout-request-approve", args=[payout.pk]), {"_once": "tok"}, follow=True)
    assert page.status_code == 200
    payout.refresh_from_db()
    return payout


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=1000)
def test_student_aid_above_the_threshold_waits_then_is_written_on_approval(staff_client, staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.STUDENT_AID, name="金秋助学"))
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "amount": "3000",
        "student_name": "王小明",
        "school": "旺苍中学",
        "grade": "高一",
        "household": "困难职工家庭",
    }
    page = staff_client.post(reverse("services:student-create"), {**data, "_once": "a"}, follow=True)
    payout = PayoutRequest.objects.get()
    assert page.redirect_chain[-1][0] == payout.get_absolute_url()
    text = page.content.decode()
    assert "另一名工作人员批准" in text and "助学" in text and "王**" in text and "旺苍中学" in text
    assert payout.kind == "student_aid" and payout.status == "pending" and payout.amount == D("3000.00")
    assert not StudentAid.objects.exists() and not FundTransaction.objects.filter(direction="out").exists()
    # The recorder sees no approve button and cannot approve by posting either.
    assert 'data-testid="payout-approve"' not in text
    staff_client.post(reverse("services:payout-request-approve", args=[payout.pk]))
    assert not StudentAid.objects.exists()

    payout = _approve(payout)
    aid = StudentAid.objects.get()
    assert payout.status == "approved" and payout.transaction == aid.transaction
    assert aid.student_name == "王小明" and aid.school == "旺苍中学" and aid.amount == D("3000.00")
    assert aid.transaction.recorded_by == staff_user and aid.transaction.direction == "out"
    # Under the threshold one staff member records it at once, as before.
    assert staff_client.post(reverse("services:student-create"), {**data, "amount": "800"}).status_code == 302
    assert StudentAid.objects.count() == 2 and PayoutRequest.objects.count() == 1


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=1000)
def test_household_assistance_above_the_threshold_waits_for_a_second_staff_member(staff_client):
    fund = funded(FundFactory(kind=Fund.Kind.ASSISTANCE, name="困难职工帮扶"))
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "amount": "5000",
        "head_of_household": "李大山",
        "persons": "4",
        "kind_of_help": "医疗救助",
    }
    assert staff_client.post(reverse("services:household-create"), data).status_code == 302
    payout = _approve(PayoutRequest.objects.get(kind="assistance"))
    help_ = HouseholdAssistance.objects.get()
    assert payout.transaction == help_.transaction and help_.persons == 4 and help_.kind_of_help == "医疗救助"


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=1000)
def test_mutual_aid_above_the_threshold_is_checked_against_the_limit_then_waits(staff_client, staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.MUTUAL_AID))  # 20 × the contributions
    member = id_number(4242)
    actions.mutual_aid_contribution_record(
        user=staff_user,
        fund=fund,
        member_name="赵四",
        id_number=member,
        amount=D("100"),
        occurred_on=datetime.date(2022, 1, 5),
    )
    data = {
        "fund": fund.pk,
        "occurred_on": "2022-06-05",
        "member_name": "赵四",
        "id_number": member,
        "reason": "重病住院",
    }
    # Beyond the member's limit (2,000) it is refused now, as a payout would be.
    over = staff_client.post(reverse("services:payout-create"), {**data, "amount": "2500"})
    assert over.status_code == 200 and "本次最多可发放" in over.content.decode()
    assert not PayoutRequest.objects.exists()

    page = staff_client.post(reverse("services:payout-create"), {**data, "amount": "1800"}, follow=True)
    payout = PayoutRequest.objects.get(kind="mutual_aid")
    assert member not in page.content.decode()  # the ID number is masked on the request's page
    payout = _approve(payout)
    paid = MutualAidPayout.objects.get()
    assert (
        paid.transaction == payout.transaction and paid.id_number == member and paid.transaction.amount == D("1800.00")
    )


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=1000)
def test_the_beneficiary_actions_still_refuse_a_large_payout_without_a_countersign(staff_user):
    fund = funded(FundFactory(kind=Fund.Kind.STUDENT_AID))
    with pytest.raises(ValidationError):
        actions.student_aid_grant(
            user=staff_user,
            fund=fund,
            student_name="王小明",
            school="旺苍中学",
            grade="高一",
            household="",
            amount=D("3000"),
            occurred_on=datetime.date(2022, 9, 1),
        )


@override_settings(FUNDS_PAYOUT_COUNTERSIGN_ABOVE=1000)
def test_through_the_api_a_large_student_aid_answers_202_with_the_request_to_approve(staff_user):
    from rest_framework.test import APIClient

    fund = funded(FundFactory(kind=Fund.Kind.STUDENT_AID))
    client = APIClient()
    client.force_authenticate(staff_user)
    body = {
        "fund": fund.pk,
        "occurred_on": "2022-09-01",
        "amount": "3000",
        "student_name": "王小明",
        "school": "旺苍中学",
    }
    answer = client.post("/api/v1/funds/student-aid/", body, format="json")
    assert answer.status_code == 202, answer.content
    payout = PayoutRequest.objects.get(pk=answer.json()["id"])
    assert payout.kind == "student_aid" and answer.json()["status"] == "pending" and not StudentAid.objects.exists()
    approver = APIClient()
    approver.force_authenticate(second_staff())
    assert approver.post(f"/api/v1/funds/payout-requests/{payout.pk}/approve/").status_code == 200
    assert StudentAid.objects.get().transaction == PayoutRequest.objects.get().transaction
