"""Every writing API route carries the two guards: a repeated ``POST`` with the same
``Idempotency-Key`` writes once (the second answer replays the first), and a ``PUT``/``PATCH``
whose ``If-Match`` names a version that is no longer current answers 412.

The routes are read from the router, so that a viewset added later without the guards fails
this test; the repeated writes are sent to the routes with a sample body below."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from incubator.models import Application
from orgs.cohesion.models import Department
from tests.incubator.factories import BatchFactory, TrainingFactory
from tests.orgs.factories import UnionBranchFactory
from tests.services.factories import ContractFactory, ContractTargetFactory
from tests.services.funds.factories import DuesRecordFactory, FundFactory, accepted_self_report, funded, id_number
from wangcang.api import IdempotentCreateMixin, VersionedUpdateMixin
from wangcang.api_urls import router
from wangcang.validators import make_id_number, make_uscc

pytestmark = pytest.mark.django_db


#: Routes that organizations' users write (the rest: county staff).
ORG_USER_ROUTES = {"incubator/applications", "self-reports"}


def writer(request, prefix):
    return request.getfixturevalue("org_user" if prefix in ORG_USER_ROUTES else "staff_user")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _admitted(organization):
    return Application.objects.create(
        batch=BatchFactory(),
        organization=organization,
        project_plan="计划",
        field="养老",
        status=Application.Status.ADMITTED,
        submitted_on=datetime.date(2022, 1, 10),
        decided_on=datetime.date(2022, 2, 1),
    )


def _contract(organization):
    contract = ContractFactory(provider=organization, ends_on=datetime.date(2099, 12, 31))
    ContractTargetFactory(contract=contract, quantity=10)
    return contract


def _grant(organization):
    fund = funded(FundFactory(matching_ratio=Decimal("1.00")))
    DuesRecordFactory(organization=organization, amount=Decimal("800.00"))
    return {"fund": fund.pk, "organization": organization.pk, "period_start": "2022-01-01", "period_end": "2022-12-31"}


#: For each route that creates: the body of one valid ``POST`` (built in the test's database).
CREATE_BODIES = {
    "organizations": lambda org: {"name": "接口协会", "uscc": make_uscc(5150), "kind": "foundation"},
    "union-branches": lambda org: {"name": "接口行业工会", "level": "industry", "division": "510821"},
    "members": lambda org: {
        "name": "王五",
        "id_number": make_id_number(515),
        "branch": UnionBranchFactory(organization=org).pk,
        "join_path": "own",
    },
    "self-report-rounds": lambda org: {"title": "2023年度自评", "period": "2023", "due_on": "2024-01-31"},
    "joint-meetings": lambda org: {"held_on": "2023-03-01", "place": "旺苍县总工会"},
    "tracked-issues": lambda org: {"organization": org.pk, "description": "缺少活动场地"},
    "incubator/applications": lambda org: {
        "batch": BatchFactory().pk,
        "organization": org.pk,
        "project_plan": "计划",
        "field": "电商",
    },
    "incubator/residencies": lambda org: {"application": _admitted(org).pk, "started_on": "2022-03-01"},
    "services/deliveries": lambda org: {
        "contract": _contract(org).pk,
        "kind": "consultation",
        "delivered_on": "2023-04-01",
        "quantity": 2,
        "persons_served": 2,
    },
    "services/legal-aid-cases": lambda org: {
        "contract": ContractFactory(provider=org).pk,
        "worker_name": "钱七",
        "worker_id_number": id_number(777),
        "employer": "某建筑公司",
        "kind": "arbitration",
        "accepted_on": "2023-05-01",
        "amount_recovered": "12000.00",
    },
    "funds/funds": lambda org: {"name": "爱心互助基金", "kind": "mutual_aid"},
    "funds/transactions": lambda org: {
        "fund": FundFactory().pk,
        "occurred_on": "2022-06-01",
        "amount": "50",
        "direction": "in",
        "purpose": "会费",
    },
    "funds/matching-grants": _grant,
}

#: For each route that edits: a change to one field, applied to a record the test creates.
UPDATE_CHANGES = {
    "organizations": {"staff_count": 41},
    "union-branches": {"chair": "李主席"},
    "members": {"name": "王六"},
    "self-reports": {"dues_collected": "900.00"},
    "joint-meetings": {"place": "县总工会三楼"},
    "tracked-issues": {"description": "缺少活动场地和经费"},
    "funds/funds": {"name": "爱心互助基金（新）"},
}


def _routes():
    for prefix, viewset, _basename in router.registry:
        extra_posts = [a.url_path for a in viewset.get_extra_actions() if "post" in a.mapping]
        yield prefix, viewset, hasattr(viewset, "create"), hasattr(viewset, "update"), extra_posts


def test_every_writing_route_stands_on_the_guards():
    unguarded = []
    for prefix, viewset, creates, updates, extra_posts in _routes():
        if (creates or extra_posts) and not issubclass(viewset, IdempotentCreateMixin):
            unguarded.append(f"{prefix}: POST without Idempotency-Key")
        if updates and not issubclass(viewset, VersionedUpdateMixin):
            unguarded.append(f"{prefix}: PUT/PATCH without If-Match")
    assert unguarded == []
    # The sample bodies below name routes that exist (a renamed route fails here).
    assert set(CREATE_BODIES) <= {prefix for prefix, _v, creates, _u, _e in _routes() if creates}
    assert set(UPDATE_CHANGES) <= {prefix for prefix, _v, _c, updates, _e in _routes() if updates}


@pytest.mark.parametrize("prefix", sorted(CREATE_BODIES))
def test_a_repeated_post_with_the_same_key_writes_once(prefix, request, organization):
    Department.objects.get_or_create(name="县人社局", division_id="510821")
    viewset = next(v for p, v, *_rest in _routes() if p == prefix)
    model = viewset.queryset.model
    body = CREATE_BODIES[prefix](organization)
    client = api(writer(request, prefix))
    before = model.objects.count()
    first = client.post(f"/api/v1/{prefix}/", body, format="json", HTTP_IDEMPOTENCY_KEY=f"{prefix}-1")
    assert first.status_code == 201, first.content
    second = client.post(f"/api/v1/{prefix}/", body, format="json", HTTP_IDEMPOTENCY_KEY=f"{prefix}-1")
    assert second.status_code == 201 and second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert model.objects.count() == before + 1


def _record_of(prefix, user, organization):
    if prefix == "self-reports":
        return accepted_self_report(organization, Decimal("800.00"), status="draft").pk
    response = api(user).post(f"/api/v1/{prefix}/", CREATE_BODIES[prefix](organization), format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize("prefix", sorted(UPDATE_CHANGES))
def test_a_patch_with_a_stale_if_match_answers_412(prefix, request, organization):
    Department.objects.get_or_create(name="县人社局", division_id="510821")
    user = writer(request, prefix)
    pk = _record_of(prefix, user, organization)
    client = api(user)
    url = f"/api/v1/{prefix}/{pk}/"
    loaded = client.get(url)
    assert loaded.status_code == 200 and loaded["ETag"]
    stale = client.patch(url, UPDATE_CHANGES[prefix], format="json", HTTP_IF_MATCH='"0123456789abcdef"')
    assert stale.status_code == 412, stale.content
    assert stale.json()["detail"] and stale.json()["current"] == loaded.json()
    fresh = client.patch(url, UPDATE_CHANGES[prefix], format="json", HTTP_IF_MATCH=loaded["ETag"])
    assert fresh.status_code == 200, fresh.content
    assert fresh["ETag"] != loaded["ETag"]


def test_an_action_post_with_the_same_key_writes_once(staff_user, organization):
    """Actions on a record (here a training's sign-in) replay as creates do."""
    Attendance = apps.get_model("incubator", "Attendance")
    training = TrainingFactory()
    url = f"/api/v1/incubator/trainings/{training.pk}/attendance/"
    client = api(staff_user)
    body = {"person_name": "赵六", "organization": organization.pk}
    first = client.post(url, body, HTTP_IDEMPOTENCY_KEY="sign-1")
    second = client.post(url, body, HTTP_IDEMPOTENCY_KEY="sign-1")
    assert first.status_code == 201 and second.status_code == 201 and second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Attendance.objects.filter(training=training).count() == 1
    # Without the key the repeat reaches the action, which refuses the second sign-in.
    assert client.post(url, body).status_code == 400
