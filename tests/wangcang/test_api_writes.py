"""Writes the pages can do, through the API: the same actions, the same Chinese errors, the
same history, state changes as actions on the resource, money append-only."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from incubator.models import Application, Attendance, Residency
from orgs.cohesion.models import Department, TrackedIssue
from orgs.models import Member, Organization
from services.funds.models import Fund, FundTransaction, MatchingGrant
from services.models import LegalAidCase
from tests.incubator.factories import BatchFactory, SpaceFactory, TrainingFactory
from tests.orgs.factories import MemberFactory, UnionBranchFactory
from tests.services.factories import ContractFactory
from tests.services.funds.factories import DuesRecordFactory, FundFactory, funded, second_staff
from wangcang.validators import make_id_number

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_members_are_corrected_and_ended_with_history(staff_user, organization):
    branch = UnionBranchFactory(organization=organization)
    member = MemberFactory(branch=branch, organization=organization, joined_on=datetime.date(2020, 1, 1))
    client = api(staff_user)
    response = client.patch(f"/api/v1/members/{member.pk}/", {"name": "王五", "phone": "13800000000"})
    assert response.status_code == 200, response.content
    assert response.json()["phone_masked"].endswith("0000")
    member.refresh_from_db()
    assert member.name == "王五"
    assert member.history.first().history_user == staff_user
    early = client.post(f"/api/v1/members/{member.pk}/end/", {"left_on": "1990-01-01"})
    assert early.status_code == 400
    assert early.json() == {"left_on": ["“离会日期”不能早于“入会日期”（2020-01-01）。"]}
    ended = client.post(f"/api/v1/members/{member.pk}/end/", {"left_on": "2023-06-30"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["left_on"] == "2023-06-30"
    assert Member.objects.get(pk=member.pk).left_on == datetime.date(2023, 6, 30)


def test_members_of_another_organization_are_not_found_by_org_users(org_user, other_organization):
    member = MemberFactory(branch=UnionBranchFactory(organization=other_organization), organization=other_organization)
    assert api(org_user).post(f"/api/v1/members/{member.pk}/end/", {"left_on": "2023-06-30"}).status_code == 404


def test_staff_deregister_an_organization_on_its_date(staff_user, org_user, organization):
    assert api(org_user).post(f"/api/v1/organizations/{organization.pk}/deregister/").status_code == 403
    response = api(staff_user).post(f"/api/v1/organizations/{organization.pk}/deregister/", {"on": "2023-03-01"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "deregistered"
    organization.refresh_from_db()
    assert organization.status_changed_on == datetime.date(2023, 3, 1)
    assert organization.history.first().history_user == staff_user
    again = api(staff_user).post(f"/api/v1/organizations/{organization.pk}/deregister/")
    assert again.status_code == 400
    assert again.json() == {"detail": [f"{organization.name} 已经注销。"]}
    assert Organization.objects.get(pk=organization.pk).status == "deregistered"


@pytest.fixture
def admitted(organization):
    batch = BatchFactory()
    return Application.objects.create(
        batch=batch,
        organization=organization,
        project_plan="计划",
        field="养老",
        status=Application.Status.ADMITTED,
        submitted_on=datetime.date(2022, 1, 10),
        decided_on=datetime.date(2022, 2, 1),
    )


def test_residency_started_then_graduated(staff_user, admitted):
    client = api(staff_user)
    space = SpaceFactory()
    response = client.post(
        "/api/v1/incubator/residencies/",
        {"application": admitted.pk, "started_on": "2022-03-01", "space": space.pk, "venue_waiver": "1200.00"},
    )
    assert response.status_code == 201, response.content
    residency = Residency.objects.get(application=admitted)
    assert response.json()["occupancies"][0]["space"] == space.name
    missing = client.post(
        f"/api/v1/incubator/residencies/{residency.pk}/graduate/", {"on": "2023-03-01", "summary": " "}
    )
    assert missing.status_code == 400
    assert missing.json() == {"summary": ["该字段不能为空。"]}
    assert Residency.objects.get(pk=residency.pk).status == Residency.Status.ACTIVE
    done = client.post(
        f"/api/v1/incubator/residencies/{residency.pk}/graduate/", {"on": "2023-03-01", "summary": "成为市级示范组织"}
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "graduated"
    assert done.json()["ended_on"] == "2023-03-01"


def test_residency_exit_and_org_users_cannot_start_one(staff_user, org_user, admitted):
    assert api(org_user).post(
        "/api/v1/incubator/residencies/", {"application": admitted.pk, "started_on": "2022-03-01"}
    ).status_code in (403, 400)
    residency_id = (
        api(staff_user)
        .post("/api/v1/incubator/residencies/", {"application": admitted.pk, "started_on": "2022-03-01"})
        .json()["id"]
    )
    response = api(staff_user).post(
        f"/api/v1/incubator/residencies/{residency_id}/exit/", {"on": "2022-09-01", "reason": "迁出本县"}
    )
    assert response.status_code == 200, response.content
    assert Residency.objects.get(pk=residency_id).status == Residency.Status.EXITED


def test_tracked_issue_raised_assigned_resolved(staff_user, organization):
    client = api(staff_user)
    department = Department.objects.create(name="县人社局", division_id="510821")
    response = client.post("/api/v1/tracked-issues/", {"organization": organization.pk, "description": "缺少活动场地"})
    assert response.status_code == 201, response.content
    issue_id = response.json()["id"]
    assert response.json()["division"] == organization.division_id
    assigned = client.post(
        f"/api/v1/tracked-issues/{issue_id}/assign/", {"owner_department": department.pk, "due_on": "2030-01-01"}
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "in_progress"
    blank = client.post(f"/api/v1/tracked-issues/{issue_id}/resolve/", {"resolution": " "})
    assert blank.status_code == 400
    assert blank.json() == {"resolution": ["该字段不能为空。"]}
    resolved = client.post(f"/api/v1/tracked-issues/{issue_id}/resolve/", {"resolution": "协调了场地"})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved"
    issue = TrackedIssue.objects.get(pk=issue_id)
    assert issue.history.count() >= 3
    twice = client.post(f"/api/v1/tracked-issues/{issue_id}/resolve/", {"resolution": "再次"})
    assert twice.status_code == 400
    assert twice.json() == {"detail": ["该问题已经解决。"]}


def test_funds_created_by_staff_read_by_scope(staff_user, org_user):
    response = api(staff_user).post("/api/v1/funds/funds/", {"name": "爱心互助基金", "kind": "mutual_aid"})
    assert response.status_code == 201, response.content
    assert Fund.objects.get(pk=response.json()["id"]).division_id == "510821"
    assert api(org_user).post("/api/v1/funds/funds/", {"name": "x", "kind": "mutual_aid"}).status_code == 403


def test_matching_grant_proposed_then_approved_posts_to_the_ledger(staff_user, organization):
    fund = funded(FundFactory(matching_ratio=Decimal("1.00")))
    DuesRecordFactory(organization=organization, amount=Decimal("800.00"), recorded_by=staff_user)
    client = api(staff_user)
    proposal = {
        "fund": fund.pk,
        "organization": organization.pk,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
    }
    response = client.post("/api/v1/funds/matching-grants/", proposal)
    assert response.status_code == 201, response.content
    grant = response.json()
    assert grant["status"] == "proposed" and Decimal(grant["amount"]) == Decimal("800.00")
    # Another staff member than the proposer approves.
    assert client.post(f"/api/v1/funds/matching-grants/{grant['id']}/approve/").status_code == 400
    client = api(second_staff())
    approved = client.post(f"/api/v1/funds/matching-grants/{grant['id']}/approve/", {"paid_on": "2023-01-15"})
    assert approved.status_code == 200, approved.content
    entry = FundTransaction.objects.get(pk=approved.json()["transaction"])
    assert entry.amount == Decimal("800.00") and entry.direction == "out"
    assert client.post(f"/api/v1/funds/matching-grants/{grant['id']}/approve/").status_code == 400
    assert MatchingGrant.objects.get(pk=grant["id"]).status == "approved"


def test_ledger_entries_are_never_changed_or_deleted_only_reversed(staff_user):
    client = api(staff_user)
    fund = FundFactory()
    entry = client.post(
        "/api/v1/funds/transactions/",
        {"fund": fund.pk, "occurred_on": "2022-06-01", "amount": "50", "direction": "in", "purpose": "会费"},
    ).json()
    url = f"/api/v1/funds/transactions/{entry['id']}/"
    assert client.put(url, entry).status_code == 405
    assert client.patch(url, {"amount": "1"}).status_code == 405
    assert client.delete(url).status_code == 405
    reversal = client.post(url + "reverse/", {"reason": "录入错误"})
    assert reversal.status_code == 201
    assert reversal.json()["reverses"] == entry["id"]


def test_trainees_signed_in_once_each(staff_user, organization):
    training = TrainingFactory()
    url = f"/api/v1/incubator/trainings/{training.pk}/attendance/"
    client = api(staff_user)
    first = client.post(url, {"person_name": "赵六", "organization": organization.pk})
    assert first.status_code == 201, first.content
    again = client.post(url, {"person_name": "赵六", "organization": organization.pk})
    assert again.status_code == 400
    assert again.json() == {"detail": ["赵六已签到。"]}
    assert Attendance.objects.filter(training=training).count() == 1
    assert client.get(f"/api/v1/incubator/trainings/{training.pk}/").json()["trainee_count"] == 1


def test_legal_aid_case_recorded_by_the_provider_confirmed_by_staff(staff_user, org_user, organization):
    contract = ContractFactory(provider=organization)
    case = {
        "contract": contract.pk,
        "worker_name": "钱七",
        "worker_id_number": make_id_number(777),
        "employer": "某建筑公司",
        "kind": "arbitration",
        "accepted_on": "2023-05-01",
        "amount_recovered": "12000.00",
    }
    response = api(org_user).post("/api/v1/services/legal-aid-cases/", case)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "unconfirmed" and "*" in body["worker_id_number_masked"]
    assert "worker_id_number" not in body
    assert api(org_user).post(f"/api/v1/services/legal-aid-cases/{body['id']}/confirm/").status_code == 403
    confirmed = api(staff_user).post(f"/api/v1/services/legal-aid-cases/{body['id']}/confirm/")
    assert confirmed.status_code == 200, confirmed.content
    assert LegalAidCase.objects.get(pk=body["id"]).status == "confirmed"
    outside = api(org_user).post("/api/v1/services/legal-aid-cases/", case | {"accepted_on": "2020-01-01"})
    assert outside.status_code == 400
    assert list(outside.json()) == ["accepted_on"]


def test_self_report_round_opened_with_one_draft_per_organization(
    staff_user, org_user, organization, other_organization
):
    client = api(staff_user)
    response = client.post(
        "/api/v1/self-report-rounds/", {"title": "2023年度自评", "period": "2023", "due_on": "2024-01-31"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["period_key"] == "2023" and body["report_count"] == 2
    assert client.get("/api/v1/self-report-rounds/").json()["results"][0]["report_count"] == 2
    month = client.post("/api/v1/self-report-rounds/", {"title": "月度", "period": "2023-05", "due_on": "2023-06-30"})
    assert month.status_code == 400
    assert list(month.json()) == ["period"]
    assert (
        api(org_user)
        .post("/api/v1/self-report-rounds/", {"title": "x", "period": "2023", "due_on": "2024-01-31"})
        .status_code
        == 403
    )
