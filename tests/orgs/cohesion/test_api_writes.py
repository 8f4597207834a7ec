"""Cohesion writes through the API: departments, committee seats, secondments, and a tracked
issue's owner. Staff write, organizations read their own, another county's records are not
found, errors in Chinese, an ``Idempotency-Key`` writes once."""

import datetime

import pytest
from rest_framework.test import APIClient

from orgs.cohesion.models import CommitteeSeat, Department, Secondment, TrackedIssue
from tests.orgs.factories import OrganizationFactory
from wangcang.models import User
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db
OTHER_COUNTY = "510822"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def other_staff(make_user):
    return make_user("staff-qc", User.Role.STAFF, division=OTHER_COUNTY)


@pytest.fixture
def foreign_org(db):
    return OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990401, division=OTHER_COUNTY))


def test_departments_of_the_county_kept_by_staff(staff_user, org_user, other_staff):
    client = api(staff_user)
    created = client.post("/api/v1/departments/", {"name": "县民政局"}, HTTP_IDEMPOTENCY_KEY="dep")
    assert created.status_code == 201, created.content
    client.post("/api/v1/departments/", {"name": "县民政局"}, HTTP_IDEMPOTENCY_KEY="dep")
    assert Department.objects.count() == 1 and created.json()["division"] == "510821"
    twice = client.post("/api/v1/departments/", {"name": "县民政局"})
    assert twice.status_code == 400 and "已有同名的部门。" in str(twice.json())
    url = f"/api/v1/departments/{created.json()['id']}/"
    retired = client.patch(url, {"active": False}, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert Department.objects.get().history.count() >= 2
    assert api(other_staff).patch(url, {"active": True}).status_code == 404
    assert api(org_user).post("/api/v1/departments/", {"name": "县妇联"}).status_code == 403
    assert api(staff_user).post("/api/v1/departments/", {"name": ""}).json() == {"name": ["该字段不能为空。"]}


@pytest.mark.parametrize(
    ("resource", "model", "body"),
    [
        (
            "committee-seats",
            CommitteeSeat,
            {"person": "陈委员", "term": "第十二届", "elected_at": "第十二届二次全委会", "starts_on": "2022-01-01"},
        ),
        ("secondments", Secondment, {"person": "刘社工", "kind": "social_worker", "starts_on": "2022-01-01"}),
    ],
)
def test_appointments_made_and_ended_by_staff(
    staff_user, org_user, other_staff, organization, foreign_org, resource, model, body
):
    client = api(staff_user)
    body = body | {"organization": organization.pk}
    made = client.post(f"/api/v1/{resource}/", body, HTTP_IDEMPOTENCY_KEY="a")
    assert made.status_code == 201, made.content
    client.post(f"/api/v1/{resource}/", body, HTTP_IDEMPOTENCY_KEY="a")
    assert model.objects.count() == 1
    url = f"/api/v1/{resource}/{made.json()['id']}/"
    backwards = client.patch(url, {"ends_on": "2021-01-01"})
    assert backwards.status_code == 400 and list(backwards.json()) == ["ends_on"]
    ended = client.patch(url, {"ends_on": "2024-12-31"})
    assert ended.status_code == 200, ended.content
    record = model.objects.get()
    assert record.ends_on == datetime.date(2024, 12, 31) and record.history.first().history_user == staff_user
    outside = client.post(f"/api/v1/{resource}/", body | {"organization": foreign_org.pk})
    assert outside.status_code == 400 and list(outside.json()) == ["organization"]
    assert api(org_user).get(url).status_code == 200
    assert api(org_user).post(f"/api/v1/{resource}/", body).status_code == 403
    assert api(org_user).patch(url, {"ends_on": "2025-01-01"}).status_code == 403
    assert api(other_staff).get(url).status_code == 404
    assert model.objects.count() == 1


def test_a_tracked_issues_owner_is_set_to_staff_of_the_scope(staff_user, make_user, organization):
    colleague = make_user("staff-wc2", User.Role.STAFF, last_name="钱")
    outsider = make_user("staff-qc2", User.Role.STAFF, division=OTHER_COUNTY)
    org_account = make_user("org-x", User.Role.ORG, organizations=[organization])
    department = Department.objects.create(name="县人社局", division_id="510821")
    client = api(staff_user)
    raised = client.post(
        "/api/v1/tracked-issues/", {"organization": organization.pk, "description": "缺少场地", "owner": colleague.pk}
    )
    assert raised.status_code == 201, raised.content
    assert raised.json()["owner"] == colleague.pk
    url = f"/api/v1/tracked-issues/{raised.json()['id']}/"
    for refused in (outsider, org_account):
        response = client.patch(url, {"owner": refused.pk})
        assert response.status_code == 400 and list(response.json()) == ["owner"]
    assigned = client.post(url + "assign/", {"owner_department": department.pk, "owner": staff_user.pk})
    assert assigned.status_code == 200 and assigned.json()["owner"] == staff_user.pk
    issue = TrackedIssue.objects.get()
    assert issue.owner == staff_user and issue.history.first().history_user == staff_user
    cleared = client.patch(url, {"owner": None}, format="json")
    assert cleared.status_code == 200 and TrackedIssue.objects.get().owner is None
