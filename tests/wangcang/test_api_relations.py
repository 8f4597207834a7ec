"""Related fields accept only records the caller may see: another division's (or another
organization's) record answers 400 naming the field, and nothing is written. One case per
writable relation of the API, and a check that no writable relation is left unscoped."""

import datetime
from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient, APIRequestFactory

from incubator.models import Application, Batch, Residency
from orgs.cohesion.models import JointMeeting, TrackedIssue
from orgs.models import Member, Organization, UnionBranch
from services.funds.models import Fund, FundTransaction, MatchingGrant
from services.models import Delivery, LegalAidCase
from tests.incubator.factories import SiteFactory, SpaceFactory, TrainingFactory
from tests.orgs.factories import OrganizationFactory, TownFactory, UnionBranchFactory
from tests.services.factories import ContractFactory
from tests.services.funds.factories import FundFactory, FundTransactionFactory
from wangcang.api import ScopedRelationsMixin
from wangcang.api_urls import router
from wangcang.models import Division, User
from wangcang.validators import make_id_number, make_uscc

pytestmark = pytest.mark.django_db

OTHER_COUNTY = "510822"


@pytest.fixture
def world(db, organization, staff_user):
    """Records of the staff user's county and of another county (and organization)."""
    foreign_org = OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990001, division=OTHER_COUNTY))
    own_branch = UnionBranchFactory(organization=organization)
    community = UnionBranchFactory(level=UnionBranch.Level.COMMUNITY, organization=None, name="东河镇工会")
    batch = Batch.objects.create(division_id="510821", name="2023年第一批", year=2023, status=Batch.Status.OPEN)
    foreign_batch = Batch.objects.create(
        division_id=OTHER_COUNTY, name="青川第一批", year=2023, status=Batch.Status.OPEN
    )
    admitted = {
        "status": Application.Status.ADMITTED,
        "submitted_on": datetime.date(2022, 1, 10),
        "decided_on": datetime.date(2022, 2, 1),
    }
    own_fund = FundFactory()
    # Money in first, so that the payment out stays within the balance.
    FundTransactionFactory(fund=own_fund, amount=Decimal("1000.00"), recorded_by=staff_user)
    return {
        "own_application": Application.objects.create(
            batch=Batch.objects.create(division_id="510821", name="2022年第一批", year=2022),
            organization=organization,
            project_plan="计划",
            field="养老",
            **admitted,
        ),
        "foreign_application": Application.objects.create(
            batch=foreign_batch, organization=foreign_org, project_plan="计划", field="养老", **admitted
        ),
        "foreign_space": SpaceFactory(site=SiteFactory(division_id=OTHER_COUNTY)),
        "foreign_meeting": JointMeeting.objects.create(division_id=OTHER_COUNTY, held_on=datetime.date(2022, 5, 1)),
        "own_org": organization,
        "own_branch": own_branch,
        "community": community,
        "own_fund": own_fund,
        "own_contract": ContractFactory(provider=organization),
        "batch": batch,
        "foreign_org": foreign_org,
        "foreign_branch": UnionBranchFactory(division_id=OTHER_COUNTY, organization=foreign_org),
        "foreign_town": TownFactory(division_id=OTHER_COUNTY, name="青川镇"),
        "foreign_division": Division.objects.get(pk=OTHER_COUNTY),
        "foreign_fund": FundFactory(division_id=OTHER_COUNTY),
        "foreign_contract": ContractFactory(division_id=OTHER_COUNTY, provider=foreign_org),
    }


def organization_payload(w):
    return {
        "name": "旺苍县新社会组织",
        "uscc": make_uscc(990101),
        "kind": "social_group",
        "industry": "other",
        "staff_count": 3,
    }


def branch_payload(w):
    return {"name": "新工会", "level": "industry"}


def member_payload(w):
    return {
        "name": "李四",
        "id_number": make_id_number(4242),
        "organization": w["own_org"].pk,
        "branch": w["own_branch"].pk,
        "join_path": "own",
        "joined_on": "2022-03-01",
    }


def transaction_payload(w):
    return {
        "fund": w["own_fund"].pk,
        "occurred_on": "2022-06-01",
        "amount": "100.00",
        "direction": "out",
        "purpose": "配套补助",
        "beneficiary_organization": w["own_org"].pk,
    }


def delivery_payload(w):
    return {"contract": w["own_contract"].pk, "kind": "consultation", "delivered_on": "2023-04-01", "quantity": 1}


def application_payload(w):
    return {"batch": w["batch"].pk, "organization": w["own_org"].pk, "project_plan": "计划", "field": "养老"}


def issue_payload(w):
    return {"description": "缺少活动场地", "organization": w["own_org"].pk}


def fund_payload(w):
    return {"name": "新基金", "kind": "mutual_aid"}


def grant_payload(w):
    return {
        "fund": w["own_fund"].pk,
        "organization": w["own_org"].pk,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
    }


def residency_payload(w):
    return {"application": w["own_application"].pk, "started_on": "2022-03-01"}


def case_payload(w):
    return {
        "contract": w["own_contract"].pk,
        "worker_name": "钱七",
        "employer": "某建筑公司",
        "kind": "arbitration",
        "accepted_on": "2023-05-01",
    }


# (resource, payload, field, foreign record, many, model that must not grow, caller)
CASES = [
    ("organizations", organization_payload, "division", "foreign_division", False, Organization, "staff"),
    ("organizations", organization_payload, "town", "foreign_town", False, Organization, "staff"),
    ("union-branches", branch_payload, "parent", "foreign_branch", False, UnionBranch, "staff"),
    ("union-branches", branch_payload, "organization", "foreign_org", False, UnionBranch, "staff"),
    ("union-branches", branch_payload, "division", "foreign_division", False, UnionBranch, "staff"),
    ("union-branches", branch_payload, "town", "foreign_town", False, UnionBranch, "staff"),
    ("union-branches", branch_payload, "covered_organizations", "foreign_org", True, UnionBranch, "staff"),
    ("members", member_payload, "organization", "foreign_org", False, Member, "staff"),
    ("members", member_payload, "branch", "foreign_branch", False, Member, "staff"),
    ("funds/transactions", transaction_payload, "fund", "foreign_fund", False, FundTransaction, "staff"),
    (
        "funds/transactions",
        transaction_payload,
        "beneficiary_organization",
        "foreign_org",
        False,
        FundTransaction,
        "staff",
    ),
    ("services/deliveries", delivery_payload, "contract", "foreign_contract", False, Delivery, "org"),
    ("services/deliveries", delivery_payload, "served_organization", "foreign_org", False, Delivery, "staff"),
    ("services/deliveries", delivery_payload, "served_union", "foreign_branch", False, Delivery, "staff"),
    ("incubator/applications", application_payload, "organization", "foreign_org", False, Application, "org"),
    ("incubator/residencies", residency_payload, "application", "foreign_application", False, Residency, "staff"),
    ("incubator/residencies", residency_payload, "space", "foreign_space", False, Residency, "staff"),
    ("tracked-issues", issue_payload, "organization", "foreign_org", False, TrackedIssue, "staff"),
    ("tracked-issues", issue_payload, "meeting", "foreign_meeting", False, TrackedIssue, "staff"),
    ("funds/funds", fund_payload, "division", "foreign_division", False, Fund, "staff"),
    ("funds/funds", fund_payload, "organization", "foreign_org", False, Fund, "staff"),
    ("funds/matching-grants", grant_payload, "fund", "foreign_fund", False, MatchingGrant, "staff"),
    ("funds/matching-grants", grant_payload, "organization", "foreign_org", False, MatchingGrant, "staff"),
    ("services/legal-aid-cases", case_payload, "contract", "foreign_contract", False, LegalAidCase, "org"),
]


@pytest.mark.parametrize(
    ("resource", "payload", "field", "foreign", "many", "model", "caller"),
    CASES,
    ids=[f"{case[0]}.{case[2]}" for case in CASES],
)
def test_a_record_out_of_scope_is_a_400_at_its_field_and_nothing_is_written(
    world, staff_user, org_user, resource, payload, field, foreign, many, model, caller
):
    client = APIClient()
    client.force_authenticate(staff_user if caller == "staff" else org_user)
    data = payload(world)
    before = model.objects.count()
    # The payload is valid as it stands: only the out-of-scope record makes it fail.
    foreign_pk = world[foreign].pk
    data[field] = [foreign_pk] if many else foreign_pk
    response = client.post(f"/api/v1/{resource}/", data, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field], response.json()
    assert model.objects.count() == before


@pytest.mark.parametrize(
    ("resource", "payload", "model", "caller"),
    [
        ("organizations", organization_payload, Organization, "staff"),
        ("union-branches", branch_payload, UnionBranch, "staff"),
        ("members", member_payload, Member, "staff"),
        ("funds/transactions", transaction_payload, FundTransaction, "staff"),
        ("services/deliveries", delivery_payload, Delivery, "org"),
        ("incubator/applications", application_payload, Application, "org"),
        ("incubator/residencies", residency_payload, Residency, "staff"),
        ("tracked-issues", issue_payload, TrackedIssue, "staff"),
        ("funds/funds", fund_payload, Fund, "staff"),
        ("services/legal-aid-cases", case_payload, LegalAidCase, "org"),
    ],
)
def test_the_same_payloads_in_scope_are_written(world, staff_user, org_user, resource, payload, model, caller):
    client = APIClient()
    client.force_authenticate(staff_user if caller == "staff" else org_user)
    before = model.objects.count()
    response = client.post(f"/api/v1/{resource}/", payload(world), format="json")
    assert response.status_code == 201, response.content
    assert model.objects.count() == before + 1


# Related models that are shared reference data, the same for every division.
REFERENCE_MODELS = {"Department", "DeliverableKind", "User"}


def writing_serializers():
    for prefix, viewset, _basename in router.registry:
        classes = {getattr(viewset, "serializer_class", None)}
        for extra in viewset.get_extra_actions():
            classes.add(extra.kwargs.get("serializer_class"))
        for serializer_class in classes - {None}:
            yield prefix, serializer_class


def test_every_writable_relation_is_scoped(staff_user):
    request = APIRequestFactory().post("/")
    request.user = staff_user
    checked = 0
    for prefix, serializer_class in writing_serializers():
        serializer = serializer_class(context={"request": request})
        for name, field in serializer.fields.items():
            related = getattr(field, "child_relation", field)
            if field.read_only or not isinstance(related, serializers.RelatedField):
                continue
            checked += 1
            model = related.queryset.model
            where = f"{prefix}: {serializer_class.__name__}.{name}"
            if model.__name__ in REFERENCE_MODELS or name in getattr(serializer_class, "unscoped_relations", {}):
                continue
            assert isinstance(serializer, ScopedRelationsMixin), where
            assert hasattr(model.objects.all(), "visible_to"), where
            expected = model.objects.visible_to(staff_user)
            assert str(related.queryset.query) == str(expected.query), where
    assert checked >= 20


def test_attendance_of_another_countys_organization_is_a_400(staff_user, world):
    training = TrainingFactory()
    client = APIClient()
    client.force_authenticate(staff_user)
    url = f"/api/v1/incubator/trainings/{training.pk}/attendance/"
    response = client.post(url, {"person_name": "赵六", "organization": world["foreign_org"].pk})
    assert response.status_code == 400
    assert list(response.json()) == ["organization"]
    assert not training.attendances.exists()


def test_superusers_still_choose_anything(make_user, world):
    admin = make_user("root", User.Role.STAFF, is_superuser=True)
    client = APIClient()
    client.force_authenticate(admin)
    data = member_payload(world) | {"organization": world["foreign_org"].pk, "branch": world["foreign_branch"].pk}
    response = client.post("/api/v1/members/", data, format="json")
    assert response.status_code == 201, response.content
    assert datetime.date.fromisoformat(response.json()["joined_on"]) == datetime.date(2022, 3, 1)
