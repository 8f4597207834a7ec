"""Property: whatever sequence of writes staff make, every figure the portal serves (the
indicator API, the dashboard's cards and charts, the county report) equals the live
computation on the committed records, for a county, its city and the province, and for
all time, a closed year and the current year, quarter and month.

Each example runs in a transaction rolled back at its end, so the examples share the
records built once by the fixture and differ only by their writes. Reads happen between
the writes (and so fill the stored snapshots), and the nightly refresh may run in the
middle: a write after either must still show at once."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from incubator import actions as incubator_actions
from incubator.models import Application, Batch, Residency
from orgs import actions as org_actions
from orgs.cohesion import actions as cohesion_actions
from orgs.models import CommitteeSeat, JointMeeting, Organization, Secondment, TrackedIssue
from reports import actions as report_actions
from reports import queries
from services import actions as service_actions
from services.funds import actions as fund_actions
from services.funds.models import Fund, FundTransaction
from services.models import Contract, DeliverableKind, Delivery, LegalAidCase
from tests.incubator.factories import BatchFactory, TrainingFactory
from tests.orgs.factories import OrganizationFactory
from tests.services.factories import kind
from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division, User
from wangcang.periods import ALL, current_periods, parse_period
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db

COUNTIES = ("510821", "510822")
DIVISIONS = ("510821", "510800", "510000")


def today() -> date:
    return timezone.localdate()


def periods():
    return [ALL, parse_period(str(today().year - 1)), *current_periods()]


def days() -> list[date]:
    """Dates a write may carry: in the closed year (backdated) and in the current periods."""
    now = today()
    quarter_start = date(now.year, 3 * ((now.month - 1) // 3) + 1, 1)
    return sorted(
        {
            date(now.year - 1, 3, 15),
            date(now.year - 1, 11, 30),
            date(now.year, 1, 5),
            quarter_start,
            now.replace(day=1),
            now,
        }
    )


@pytest.fixture
def world(db):
    """Per county: organizations, a batch, a training, funds of each kind, a contract over
    both years. A province staff user acts everywhere."""
    staff = User.objects.create_user(
        username="province-staff", password="x", role=User.Role.STAFF, division_id="510000"
    )
    start = date(today().year - 1, 1, 1)
    for code in COUNTIES:
        OrganizationFactory.create_batch(2, division_id=code, established_on=date(2020, 1, 1))
        BatchFactory(division_id=code, year=today().year - 1)
        TrainingFactory(division_id=code, held_on=date(today().year - 1, 6, 1))
        for fund_kind in (Fund.Kind.STUDENT_AID, Fund.Kind.ASSISTANCE):
            fund = Fund.objects.create(name=f"{code}-{fund_kind}", kind=fund_kind, division_id=code)
            # Aid is paid out of a balance: an allocation long before any period read.
            FundTransaction.objects.create(
                fund=fund,
                occurred_on=date(2000, 1, 1),
                amount=Decimal("1000000.00"),
                direction="in",
                purpose=ALLOCATION,
            )
        provider = OrganizationFactory(division_id=code, kind=Organization.Kind.OTHER)
        service_actions.contract_create(
            user=staff,
            provider=provider,
            title=f"{code} 法律服务",
            category=Contract.Category.LEGAL,
            amount=Decimal("50000.00"),
            signed_on=start - timedelta(days=10),
            starts_on=start,
            ends_on=date(today().year, 12, 31),
            division=Division.objects.get(code=code),
        )
    return staff


# --- the writes ---------------------------------------------------------------------------------

_serial = iter(range(900000, 10**7))


def _pick(queryset, index: int):
    items = list(queryset.order_by("pk"))
    return items[index % len(items)] if items else None


def org_create(staff, county, day, flag, index):
    org_actions.organization_create(
        user=staff,
        data={
            "name": f"新组织{next(_serial)}",
            "uscc": make_uscc(next(_serial)),
            "kind": Organization.Kind.SOCIAL_GROUP,
            "division": Division.objects.get(code=county),
            "established_on": day,
            "has_party_org": flag,
        },
    )


def org_edit(staff, county, day, flag, index):
    org = _pick(Organization.objects.filter(kind=Organization.Kind.SOCIAL_GROUP), index)
    org_actions.organization_update(user=staff, organization=org, data={"has_party_org": flag})


def org_deregister(staff, county, day, flag, index):
    org = _pick(Organization.objects.filter(status=Organization.Status.ACTIVE), index)
    if org is not None:
        org_actions.organization_update(user=staff, organization=org, data={"status": Organization.Status.DEREGISTERED})


def org_move(staff, county, day, flag, index):
    org = _pick(Organization.objects.filter(kind=Organization.Kind.SOCIAL_GROUP), index)
    other = COUNTIES[1] if org.division_id == COUNTIES[0] else COUNTIES[0]
    org_actions.organization_update(user=staff, organization=org, data={"division": Division.objects.get(code=other)})


def meeting_with_issue(staff, county, day, flag, index):
    meeting = cohesion_actions.joint_meeting_save(
        user=staff, meeting=JointMeeting(division_id=county, held_on=day, place="会议室")
    )
    org = _pick(Organization.objects.filter(division_id=county), index)
    cohesion_actions.tracked_issue_save(
        user=staff,
        issue=TrackedIssue(meeting=meeting, organization=org, description="场地不足", raised_on=day),
    )


def issue_resolve(staff, county, day, flag, index):
    issue = _pick(TrackedIssue.objects.exclude(status=TrackedIssue.Status.RESOLVED), index)
    if issue is not None:
        cohesion_actions.tracked_issue_resolve(
            user=staff, issue=issue, resolution="已解决", resolved_on=max(day, issue.raised_on)
        )


def seat_or_secondment(staff, county, day, flag, index):
    org = _pick(Organization.objects.filter(division_id=county), index)
    if flag:
        cohesion_actions.committee_seat_save(
            user=staff,
            seat=CommitteeSeat(person="代表", organization=org, term="第十届", elected_at="代表大会", starts_on=day),
        )
    else:
        cohesion_actions.secondment_save(
            user=staff, secondment=Secondment(person="社工", organization=org, starts_on=day)
        )


def fund_grant(staff, county, day, flag, index):
    if flag:
        fund = Fund.objects.get(division_id=county, kind=Fund.Kind.STUDENT_AID)
        fund_actions.student_aid_grant(
            user=staff,
            fund=fund,
            student_name="学生",
            school="旺苍中学",
            grade="高一",
            household="困难家庭",
            amount=Decimal("1500.00"),
            occurred_on=day,
        )
    else:
        fund = Fund.objects.get(division_id=county, kind=Fund.Kind.ASSISTANCE)
        fund_actions.household_assistance_grant(
            user=staff,
            fund=fund,
            head_of_household="户主",
            persons=1 + index % 4,
            kind_of_help="生活救助",
            amount=Decimal("800.00"),
            occurred_on=day,
        )


def fund_reverse(staff, county, day, flag, index):
    entry = _pick(
        FundTransaction.objects.filter(reverses__isnull=True, reversal__isnull=True, occurred_on__lte=day).exclude(
            purpose=ALLOCATION
        ),
        index,
    )
    if entry is not None:
        fund_actions.fund_transaction_reverse(user=staff, entry=entry, reason="录入错误", occurred_on=day)


ALLOCATION = "初始拨款"


def _checker():
    """A second staff member: who records a delivery may not confirm it."""
    user, _created = User.objects.get_or_create(
        username="province-checker", defaults={"role": User.Role.STAFF, "division_id": "510000"}
    )
    return user


def delivery(staff, county, day, flag, index):
    contract = Contract.objects.get(division_id=county)
    code = DeliverableKind.CONSULTATION if flag else DeliverableKind.TRAINING
    record = service_actions.delivery_record(
        user=staff, contract=contract, kind=kind(code), delivered_on=day, quantity=1 + index % 5, persons_served=3
    )
    if index % 3:  # some stay unconfirmed until a later confirm
        service_actions.delivery_confirm(user=_checker(), delivery=record)


def confirm(staff, county, day, flag, index):
    record = _pick(Delivery.objects.exclude(status=Delivery.Status.CONFIRMED), index)
    if record is not None:
        service_actions.delivery_confirm(user=_checker(), delivery=record)
    case = _pick(LegalAidCase.objects.exclude(status=LegalAidCase.Status.CONFIRMED), index)
    if case is not None:
        service_actions.legal_aid_case_confirm(user=staff, case=case)


def legal_case(staff, county, day, flag, index):
    service_actions.legal_aid_case_record(
        user=staff,
        contract=Contract.objects.get(division_id=county),
        worker_name="工人",
        employer="某公司",
        kind=LegalAidCase.Kind.ARBITRATION,
        accepted_on=day,
        closed_on=day,
        outcome=LegalAidCase.Outcome.WON,
        amount_recovered=Decimal("3000.00"),
    )


def admission(staff, county, day, flag, index):
    applied = Application.objects.values("organization")
    org = _pick(
        Organization.objects.filter(division_id=county, status=Organization.Status.ACTIVE).exclude(pk__in=applied),
        index,
    )
    if org is None:
        return
    batch = Batch.objects.get(division_id=county)
    # Filed by the organization (its own account) and submitted.
    application = Application.objects.create(
        batch=batch,
        organization=org,
        project_plan="计划",
        field="公益",
        status=Application.Status.SUBMITTED,
        submitted_on=day,
    )
    incubator_actions.application_decide(user=staff, application=application, decision=Application.Status.ADMITTED)
    incubator_actions.residency_start(user=staff, application=application, started_on=today())


def graduation(staff, county, day, flag, index):
    residency = _pick(Residency.objects.filter(status=Residency.Status.ACTIVE), index)
    if residency is not None:
        incubator_actions.residency_graduate(user=staff, residency=residency, on=today(), summary="孵化成功")


def attendance(staff, county, day, flag, index):
    training = TrainingFactory(division_id=county, held_on=day)
    org = _pick(Organization.objects.filter(division_id=county), index)
    incubator_actions.attendance_sign_in(user=staff, training=training, person_name="学员", organization=org)
    if flag:
        incubator_actions.attendance_import(
            user=staff, training=training, rows=[{"row": 2, "name": "学员乙", "organization": "", "phone": ""}]
        )


def refresh(staff, county, day, flag, index):
    """The nightly job (or 刷新统计数据) runs between writes, for one division and period."""
    division = Division.objects.get(code=DIVISIONS[index % len(DIVISIONS)])
    report_actions.snapshots_compute(divisions=[division], periods=[periods()[index % len(periods())]])


WRITES = [
    org_create,
    org_edit,
    org_deregister,
    org_move,
    meeting_with_issue,
    issue_resolve,
    seat_or_secondment,
    fund_grant,
    fund_reverse,
    delivery,
    confirm,
    legal_case,
    admission,
    graduation,
    attendance,
    refresh,
]
READ = "read"

step = st.one_of(
    st.tuples(st.just(READ), st.sampled_from(DIVISIONS), st.just(None), st.just(None), st.integers(0, 4)),
    st.tuples(
        st.sampled_from(WRITES),
        st.sampled_from(COUNTIES),
        st.sampled_from(days()),
        st.booleans(),
        st.integers(min_value=0, max_value=20),
    ),
)


# --- the reads ----------------------------------------------------------------------------------


def live(code: str, period) -> tuple[dict, list]:
    scope = Scope(division=Division.objects.get(code=code), period=period)
    # The pages answer in the default language; the charts' words are in it.
    with translation.override(django_settings.LANGUAGE_CODE):
        return catalogue.compute(scope), queries.compute_charts(scope)


def served_by_api(api: APIClient, code: str, period) -> dict:
    answer = api.get("/api/v1/reports/indicators/", {"division": code, "period": period.key})
    assert answer.status_code == 200, answer.content
    return {row["code"]: row["value"] for row in answer.json()["indicators"]}


def check_one(api: APIClient, code: str, period) -> None:
    """A read between writes: the API for one division and period (it also fills the
    stored snapshot that later writes must make stale)."""
    values, _charts = live(code, period)
    expected = {key: queries.json_value(value) for key, value in values.items()}
    assert served_by_api(api, code, period) == expected, (code, period.key)


def check_everything(api: APIClient, client: Client) -> None:
    for code in DIVISIONS:
        for period in periods():
            values, charts = live(code, period)
            expected = {key: queries.json_value(value) for key, value in values.items()}
            assert served_by_api(api, code, period) == expected, (code, period.key)
            params = {"division": code, "period": period.key}
            dashboard = client.get("/reports/", params)
            assert dashboard.status_code == 200
            assert dashboard.context["figures"].values == values, (code, period.key)
            # The registered charts, then (for a county) the figures by town, live as well.
            served_charts = dashboard.context["charts"]
            assert served_charts[: len(charts)] == charts, (code, period.key)
            town_figures = dashboard.context["town_figures"]
            assert served_charts[len(charts) :] == ([town_figures["chart"]] if town_figures else []), code
            if town_figures:
                with translation.override(django_settings.LANGUAGE_CODE):
                    scope = Scope(division=Division.objects.get(code=code), period=period)
                    assert town_figures == queries.town_figures(scope), (code, period.key)
            report = client.get("/reports/county/", params)
            assert report.status_code == 200
            assert report.context["figures"].values == values, (code, period.key)


@settings(
    max_examples=int(os.environ.get("FRESHNESS_EXAMPLES", "3")),
    deadline=None,
    # No shrinking: the failing sequence is printed as it is (see note()), and shrinking
    # a database-bound example takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(steps=st.lists(step, min_size=2, max_size=8))
def test_served_figures_equal_the_live_computation(world, steps):
    staff = world
    api = APIClient()
    api.force_authenticate(staff)
    client = Client()
    client.force_login(staff)
    note(repr([(getattr(op, "__name__", op), county, day, flag, index) for op, county, day, flag, index in steps]))
    with transaction.atomic():
        for operation, county, day, flag, index in steps:
            if operation == READ:
                check_one(api, county, periods()[index])
            else:
                operation(staff, county, day, flag, index)
        check_everything(api, client)
        transaction.set_rollback(True)
