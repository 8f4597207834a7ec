"""The incubation base's writes through the API: sites, spaces, batches and criteria,
trainings, exchange visits, mentors, teams and sessions, the support ledger, and staff
applying on behalf of an organization. The same actions as the pages, scoped, staff only
where the pages are, Chinese errors, and an ``Idempotency-Key`` that writes once."""

import datetime

import pytest
from rest_framework.test import APIClient

from incubator.models import (
    Application,
    Batch,
    Criterion,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Residency,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    TeamRole,
    Training,
)
from tests.orgs.factories import OrganizationFactory
from wangcang.models import User
from wangcang.validators import make_uscc

from .factories import BatchFactory, SiteFactory

pytestmark = pytest.mark.django_db
OTHER_COUNTY = "510822"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def values(body) -> str:
    return str(body)


@pytest.fixture
def other_staff(make_user):
    return make_user("staff-qc", User.Role.STAFF, division=OTHER_COUNTY)


@pytest.fixture
def foreign_org(db):
    return OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990301, division=OTHER_COUNTY))


@pytest.fixture
def residency(organization):
    batch = BatchFactory()
    application = Application.objects.create(
        batch=batch,
        organization=organization,
        project_plan="计划",
        field="养老",
        status=Application.Status.ADMITTED,
        submitted_on=datetime.date(2022, 1, 10),
        decided_on=datetime.date(2022, 2, 1),
    )
    return Residency.objects.create(
        application=application, organization=organization, started_on=datetime.date(2022, 3, 1)
    )


def test_sites_and_spaces_created_by_staff_in_their_division(staff_user, org_user, other_staff):
    client = api(staff_user)
    site = client.post(
        "/api/v1/incubator/sites/", {"name": "东河孵化基地", "address": "东河镇"}, HTTP_IDEMPOTENCY_KEY="s"
    )
    assert site.status_code == 201, site.content
    assert site.json()["division"] == "510821"
    replay = client.post("/api/v1/incubator/sites/", {"name": "东河孵化基地"}, HTTP_IDEMPOTENCY_KEY="s")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert Site.objects.count() == 1
    twice = client.post("/api/v1/incubator/sites/", {"name": "东河孵化基地"})
    assert twice.status_code == 400 and "已有同名的场地。" in values(twice.json())
    url = f"/api/v1/incubator/sites/{site.json()['id']}/"
    renamed = client.patch(url, {"address": "东河镇新街1号"}, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert renamed.status_code == 200 and renamed.json()["name"] == "东河孵化基地"
    assert api(other_staff).patch(url, {"address": "x"}).status_code == 404
    assert api(org_user).post("/api/v1/incubator/sites/", {"name": "x"}).status_code == 403

    space = {
        "site": site.json()["id"],
        "name": "201室",
        "area_m2": "30.00",
        "kind": "office",
        "opened_on": "2022-01-01",
    }
    created = client.post("/api/v1/incubator/spaces/", space, HTTP_IDEMPOTENCY_KEY="sp")
    assert created.status_code == 201, created.content
    assert created.json()["site"] == "东河孵化基地"
    replay = client.post("/api/v1/incubator/spaces/", space, HTTP_IDEMPOTENCY_KEY="sp")
    assert replay.status_code == 201 and replay.json() == created.json()
    assert Space.objects.count() == 1
    small = client.post("/api/v1/incubator/spaces/", space | {"name": "202室", "area_m2": "0"})
    assert small.status_code == 400 and list(small.json()) == ["area_m2"]
    foreign_site = SiteFactory(division_id=OTHER_COUNTY)
    outside = client.post("/api/v1/incubator/spaces/", space | {"name": "203室", "site": foreign_site.pk})
    assert outside.status_code == 400 and list(outside.json()) == ["site"]
    assert api(org_user).post("/api/v1/incubator/spaces/", space | {"name": "204室"}).status_code == 403
    assert api(other_staff).get(f"/api/v1/incubator/spaces/{created.json()['id']}/").status_code == 404


def test_batch_with_weighted_criteria_opened(staff_user, org_user, other_staff):
    client = api(staff_user)
    created = client.post(
        "/api/v1/incubator/batches/", {"name": "2024年第一批", "year": 2024}, HTTP_IDEMPOTENCY_KEY="b"
    )
    assert created.status_code == 201, created.content
    client.post("/api/v1/incubator/batches/", {"name": "2024年第一批", "year": 2024}, HTTP_IDEMPOTENCY_KEY="b")
    assert Batch.objects.count() == 1
    batch = created.json()
    assert batch["status"] == "draft" and batch["division"] == "510821"
    url = f"/api/v1/incubator/batches/{batch['id']}/"
    early = client.post(url + "publish/")
    assert early.status_code == 400 and early.json() == {"detail": ["开放申请前请至少发布一项入驻评审标准。"]}
    added = client.post(
        url + "criteria/", {"name": "社会影响", "weight": "3", "max_score": 100}, HTTP_IDEMPOTENCY_KEY="c"
    )
    assert added.status_code == 201, added.content
    replay = client.post(url + "criteria/", {"name": "社会影响", "weight": "3"}, HTTP_IDEMPOTENCY_KEY="c")
    assert replay.status_code == 201 and replay.json() == added.json()
    assert [c["name"] for c in added.json()["criteria"]] == ["社会影响"]
    same = client.post(url + "criteria/", {"name": "社会影响", "weight": "1"})
    assert same.status_code == 400 and "本批次已有同名的评审标准。" in values(same.json())
    weightless = client.post(url + "criteria/", {"name": "公益服务", "weight": "0"})
    assert weightless.status_code == 400 and list(weightless.json()) == ["weight"]
    assert Criterion.objects.count() == 1
    opened = client.post(url + "publish/")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert api(org_user).post(url + "criteria/", {"name": "x", "weight": "1"}).status_code == 403
    assert api(other_staff).post(url + "criteria/", {"name": "x", "weight": "1"}).status_code == 404
    assert api(org_user).post("/api/v1/incubator/batches/", {"name": "x", "year": 2024}).status_code == 403


def test_trainings_visits_and_mentors_created_by_staff(staff_user, org_user, other_staff, organization, foreign_org):
    client = api(staff_user)
    training = {"title": "财务管理培训", "held_on": "2023-05-10", "hours": "3.0", "kind": "management"}
    first = client.post("/api/v1/incubator/trainings/", training, HTTP_IDEMPOTENCY_KEY="t")
    assert first.status_code == 201, first.content
    assert first.json()["trainee_count"] == 0
    client.post("/api/v1/incubator/trainings/", training, HTTP_IDEMPOTENCY_KEY="t")
    assert Training.objects.count() == 1 and Training.objects.get().division_id == "510821"
    hourless = client.post("/api/v1/incubator/trainings/", training | {"hours": "-1"})
    assert hourless.status_code == 400 and list(hourless.json()) == ["hours"]
    assert api(org_user).post("/api/v1/incubator/trainings/", training).status_code == 403
    assert api(other_staff).get(f"/api/v1/incubator/trainings/{first.json()['id']}/").status_code == 404

    visit = {
        "destination": "成都市武侯区",
        "starts_on": "2023-06-01",
        "ends_on": "2023-06-03",
        "organizations": [organization.pk],
    }
    sent = client.post("/api/v1/incubator/exchange-visits/", visit, format="json", HTTP_IDEMPOTENCY_KEY="v")
    assert sent.status_code == 201, sent.content
    client.post("/api/v1/incubator/exchange-visits/", visit, format="json", HTTP_IDEMPOTENCY_KEY="v")
    assert list(ExchangeVisit.objects.get().organizations.all()) == [organization]
    backwards = client.post("/api/v1/incubator/exchange-visits/", visit | {"ends_on": "2023-05-01"}, format="json")
    assert backwards.status_code == 400 and list(backwards.json()) == ["ends_on"]
    outside = client.post(
        "/api/v1/incubator/exchange-visits/", visit | {"organizations": [foreign_org.pk]}, format="json"
    )
    assert outside.status_code == 400 and list(outside.json()) == ["organizations"]
    assert ExchangeVisit.objects.count() == 1
    assert api(org_user).post("/api/v1/incubator/exchange-visits/", visit, format="json").status_code == 403
    assert api(other_staff).get(f"/api/v1/incubator/exchange-visits/{sent.json()['id']}/").status_code == 404

    mentor = client.post(
        "/api/v1/incubator/mentors/", {"name": "郑导师", "field": "社会工作"}, HTTP_IDEMPOTENCY_KEY="m"
    )
    assert mentor.status_code == 201, mentor.content
    client.post("/api/v1/incubator/mentors/", {"name": "郑导师"}, HTTP_IDEMPOTENCY_KEY="m")
    assert Mentor.objects.count() == 1
    nameless = client.post("/api/v1/incubator/mentors/", {"name": ""})
    assert nameless.status_code == 400 and nameless.json() == {"name": ["该字段不能为空。"]}
    assert api(org_user).post("/api/v1/incubator/mentors/", {"name": "x"}).status_code == 403
    assert api(other_staff).get(f"/api/v1/incubator/mentors/{mentor.json()['id']}/").status_code == 404


def test_team_and_mentoring_sessions_of_a_residency(staff_user, org_user, other_staff, residency):
    client = api(staff_user)
    mentor = Mentor.objects.create(division_id="510821", name="郑导师")
    foreign_mentor = Mentor.objects.create(division_id=OTHER_COUNTY, name="外县导师")
    role = TeamRole.objects.create(name="导师")
    url = f"/api/v1/incubator/residencies/{residency.pk}/"
    placed = client.post(url + "team/", {"role": role.pk, "mentor": mentor.pk})
    assert placed.status_code == 201, placed.content
    outside = client.post(url + "team/", {"role": role.pk, "mentor": foreign_mentor.pk})
    assert outside.status_code == 400 and list(outside.json()) == ["mentor"]
    assert TeamMember.objects.get(residency=residency).mentor == mentor
    assert client.get(url).json()["team"] == [
        {"role": role.pk, "role_name": "导师", "mentor": mentor.pk, "mentor_name": "郑导师"}
    ]
    assert {"id": role.pk, "name": "导师", "order": 0} in client.get("/api/v1/incubator/team-roles/").json()
    assert api(org_user).post(url + "team/", {"role": role.pk, "mentor": mentor.pk}).status_code == 403
    assert api(other_staff).post(url + "team/", {"role": role.pk, "mentor": mentor.pk}).status_code == 404

    session = {"held_on": "2023-04-01", "mentor": mentor.pk, "topic": "项目设计", "service_kind": "project"}
    held = client.post(url + "sessions/", session, HTTP_IDEMPOTENCY_KEY="ms")
    assert held.status_code == 201, held.content
    replay = client.post(url + "sessions/", session, HTTP_IDEMPOTENCY_KEY="ms")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    unknown = client.post(url + "sessions/", session | {"service_kind": "dancing"})
    assert unknown.status_code == 400 and unknown.json() == {"service_kind": ["“dancing” 不是合法选项。"]}
    assert api(org_user).post(url + "sessions/", session).status_code == 403
    assert MentoringSession.objects.filter(residency=residency).count() == 1


def test_support_ledger_is_posted_once_and_reversed_never_edited(
    staff_user, org_user, other_staff, organization, foreign_org, residency
):
    client = api(staff_user)
    entry = {
        "organization": organization.pk,
        "kind": "grant",
        "amount": "5000",
        "value_date": "2023-03-01",
        "description": "开办补贴",
    }
    posted = client.post("/api/v1/incubator/support-entries/", entry, HTTP_IDEMPOTENCY_KEY="g-1")
    assert posted.status_code == 201, posted.content
    replay = client.post("/api/v1/incubator/support-entries/", entry, HTTP_IDEMPOTENCY_KEY="g-1")
    assert replay.json() == posted.json() and SupportEntry.objects.count() == 1
    body = posted.json()
    assert body["amount"] == "5000.00" and body["reverses"] is None
    assert SupportEntry.objects.get().posted_by == staff_user
    negative = client.post("/api/v1/incubator/support-entries/", entry | {"amount": "-5"})
    assert negative.status_code == 400 and negative.json() == {"amount": ["请确保该值大于或者等于 0.01。"]}
    outside = client.post("/api/v1/incubator/support-entries/", entry | {"organization": foreign_org.pk})
    assert outside.status_code == 400 and list(outside.json()) == ["organization"]
    assert api(org_user).post("/api/v1/incubator/support-entries/", entry).status_code == 403

    url = f"/api/v1/incubator/support-entries/{body['id']}/"
    assert client.patch(url, {"amount": "1"}).status_code == 405
    assert client.delete(url).status_code == 405
    reasonless = client.post(url + "reverse/", {"reason": ""})
    assert reasonless.status_code == 400 and reasonless.json() == {"reason": ["该字段不能为空。"]}
    reversed_ = client.post(url + "reverse/", {"reason": "重复发放"}, HTTP_IDEMPOTENCY_KEY="r")
    assert reversed_.status_code == 201, reversed_.content
    retried = client.post(url + "reverse/", {"reason": "重复发放"}, HTTP_IDEMPOTENCY_KEY="r")
    assert retried.status_code == 201 and retried.json() == reversed_.json()
    assert reversed_.json()["amount"] == "-5000.00" and reversed_.json()["reverses"] == body["id"]
    again = client.post(url + "reverse/", {"reason": "再次"})
    assert again.status_code == 400 and again.json() == {"detail": ["该记录已被冲销。"]}
    assert api(org_user).post(url + "reverse/", {"reason": "x"}).status_code == 403
    assert api(other_staff).post(url + "reverse/", {"reason": "x"}).status_code == 404
    # The organization reads its own support.
    assert api(org_user).get(url).status_code == 200
    assert SupportEntry.objects.count() == 2


def test_staff_apply_on_behalf_of_an_organization(staff_user, org_user, organization, other_organization, foreign_org):
    batch = BatchFactory(year=2024)
    client = api(staff_user)
    body = {"batch": batch.pk, "organization": organization.pk, "project_plan": "社区养老服务", "field": "养老"}
    applied = client.post("/api/v1/incubator/applications/", body, HTTP_IDEMPOTENCY_KEY="ap")
    assert applied.status_code == 201, applied.content
    client.post("/api/v1/incubator/applications/", body, HTTP_IDEMPOTENCY_KEY="ap")
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_on == datetime.date.today() and application.created_by == staff_user
    # The organization sees it as its own.
    assert api(org_user).get(f"/api/v1/incubator/applications/{application.pk}/").status_code == 200
    twice = client.post("/api/v1/incubator/applications/", body)
    assert twice.status_code == 400 and twice.json() == {"non_field_errors": ["该社会组织已申请过本批次。"]}
    outside = client.post("/api/v1/incubator/applications/", body | {"organization": foreign_org.pk})
    assert outside.status_code == 400 and list(outside.json()) == ["organization"]
    # An organization user applies only for its own organization.
    not_theirs = api(org_user).post("/api/v1/incubator/applications/", body | {"organization": other_organization.pk})
    assert not_theirs.status_code == 400
    assert Application.objects.count() == 1
