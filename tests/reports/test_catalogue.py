from datetime import date
from decimal import Decimal

import pytest

from orgs.models import JointMeeting, Member, Organization, ReportingRound, SelfReport, TrackedIssue, UnionBranch
from tests.orgs.factories import MemberFactory, OrganizationFactory, UnionBranchFactory
from wangcang.catalogue import Scope, compute, normalize
from wangcang.models import Division
from wangcang.periods import ALL, parse_period

pytestmark = pytest.mark.django_db


def county(code="510821"):
    return Division.objects.get(code=code)


def figures(code="510821", period=ALL, organization_ids=None):
    return compute(Scope(division=county(code), period=period, organization_ids=organization_ids))


def test_organization_family_counts_co_construction_and_rate(test_catalogue):
    with_union = OrganizationFactory.create_batch(3, has_party_org=True)
    for org in with_union:
        UnionBranchFactory(organization=org)
    OrganizationFactory(has_party_org=True)  # no union
    OrganizationFactory(has_party_org=False, kind=Organization.Kind.FOUNDATION)  # covered, no party
    covered = Organization.objects.get(has_party_org=False)
    industry = UnionBranch.objects.create(name="茶叶协会工会", level="industry", division_id="510821")
    industry.covered_organizations.add(covered)
    OrganizationFactory(kind=Organization.Kind.OTHER)  # a cooperative: not a social organization
    OrganizationFactory(status=Organization.Status.DEREGISTERED, status_changed_on=date(2020, 1, 1))

    values = figures()
    assert values["orgs.total"] == 5
    assert values["orgs.with_party"] == 4
    assert values["orgs.with_union"] == 4
    assert values["orgs.co_construction"] == 3
    assert values["orgs.co_construction_rate"] == Decimal("60.0")
    assert str(values["orgs.co_construction_rate"]) == "60.0"
    # In 2019 the deregistered organization was still active.
    assert figures(period=parse_period("2019"))["orgs.total"] == 6


def test_member_who_left_before_the_period_end_is_not_counted(test_catalogue):
    branch = UnionBranchFactory()
    MemberFactory(branch=branch, joined_on=date(2021, 3, 1))
    MemberFactory(branch=branch, joined_on=date(2021, 3, 1), left_on=date(2022, 12, 30))  # left inside 2022
    MemberFactory(branch=branch, joined_on=date(2021, 3, 1), left_on=date(2023, 1, 1))  # left after 2022
    MemberFactory(branch=branch, joined_on=date(2023, 1, 1))  # joined after 2022
    MemberFactory(branch=branch, joined_on=date(2021, 3, 1), join_path=Member.JoinPath.INDIVIDUAL)

    in_2022 = figures(period=parse_period("2022"))
    assert in_2022["unions.members"] == 3
    assert in_2022["unions.individual_joins"] == 1
    assert figures(period=parse_period("2022-12"))["unions.members"] == 3
    assert figures()["unions.members"] == 3  # today: the two leavers are gone, the 2023 joiner counts


def test_flow_counts_an_event_dated_on_the_last_day_and_not_the_day_after(test_catalogue):
    for day in (date(2022, 1, 1), date(2022, 12, 31), date(2023, 1, 1), date(2021, 12, 31)):
        JointMeeting.objects.create(division_id="510821", held_on=day)
    org = OrganizationFactory()
    TrackedIssue.objects.create(
        division_id="510821",
        organization=org,
        description="活动无场地",
        raised_on=date(2022, 3, 1),
        status="resolved",
        resolved_on=date(2022, 12, 31),
    )
    TrackedIssue.objects.create(
        division_id="510821", organization=org, description="缺培训", raised_on=date(2022, 12, 31)
    )
    assert figures(period=parse_period("2022"))["cohesion.joint_meetings"] == 2
    assert figures(period=parse_period("2022-Q4"))["cohesion.joint_meetings"] == 1
    assert figures(period=parse_period("2022-12"))["cohesion.issues_raised"] == 1
    assert figures(period=parse_period("2022-12"))["cohesion.issues_resolved"] == 1
    assert figures(period=parse_period(start="2022-01-02", end="2022-12-30"))["cohesion.joint_meetings"] == 0
    assert figures()["cohesion.joint_meetings"] == 4


def test_money_has_two_places_and_a_missing_sum_is_zero(test_catalogue):
    assert figures()["selfreports.dues_reported"] == Decimal("0.00")
    org = OrganizationFactory()
    round_ = ReportingRound.objects.create(
        title="2022年度",
        division_id="510821",
        period_key="2022",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        due_on=date(2023, 1, 31),
    )
    SelfReport.objects.create(round=round_, organization=org, dues_collected=Decimal("1234.5"))
    values = figures(period=parse_period("2022"))
    assert values["selfreports.dues_reported"] == Decimal("1234.50")
    assert str(values["selfreports.dues_reported"]) == "1234.50"
    assert figures(period=parse_period("2021"))["selfreports.dues_reported"] == Decimal("0.00")


def test_city_rolls_up_its_counties(test_catalogue):
    for code, n in (("510821", 3), ("510822", 2), ("510802", 4)):
        for org in OrganizationFactory.create_batch(n, division_id=code):
            branch = UnionBranchFactory(organization=org, division_id=code)
            MemberFactory.create_batch(2, branch=branch)
        JointMeeting.objects.create(division_id=code, held_on=date(2022, 5, 1))
    OrganizationFactory(division_id="510000")  # the province itself: not in the city
    counties = [figures(code) for code in ("510821", "510822", "510802", "510811", "510812", "510823", "510824")]
    city = figures("510800")
    for code in ("orgs.total", "orgs.co_construction", "unions.members", "cohesion.joint_meetings"):
        assert city[code] == sum(values[code] for values in counties), code
    assert city["orgs.total"] == 9
    assert city["unions.members"] == 18
    assert figures("510000")["orgs.total"] == 10


def test_organization_scope_reads_only_those_organizations(test_catalogue):
    mine, other = OrganizationFactory(), OrganizationFactory()
    MemberFactory.create_batch(2, branch=UnionBranchFactory(organization=mine))
    MemberFactory.create_batch(5, branch=UnionBranchFactory(organization=other))
    values = figures(organization_ids=(mine.pk,))
    assert values["orgs.total"] == 1
    assert values["unions.members"] == 2
    assert values["cohesion.joint_meetings"] == 0


def test_compute_is_one_query_per_family(test_catalogue, django_assert_num_queries):
    OrganizationFactory.create_batch(5)
    scope = Scope(division=county(), period=ALL)
    with django_assert_num_queries(len(test_catalogue.FAMILIES)):
        compute(scope)


def test_normalize_units(test_catalogue):
    by_code = {item.code: item for item in test_catalogue.catalogue()}
    assert normalize(by_code["orgs.total"], Decimal("147")) == 147
    assert isinstance(normalize(by_code["orgs.total"], Decimal("147.00")), int)
    assert normalize(by_code["orgs.co_construction_rate"], Decimal("95.24")) == Decimal("95.2")
    assert normalize(by_code["selfreports.dues_reported"], 3) == Decimal("3.00")
    assert normalize(by_code["orgs.total"], None) == 0
