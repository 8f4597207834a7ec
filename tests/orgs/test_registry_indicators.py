from datetime import date
from decimal import Decimal

import pytest

from orgs import queries
from orgs.models import Member, Organization
from tests.orgs.factories import (
    CommunityUnionFactory,
    CountyFederationFactory,
    IndustryUnionFactory,
    MemberFactory,
    OrganizationFactory,
    UnionBranchFactory,
)
from wangcang.catalogue import Scope, charts, compute
from wangcang.models import Division
from wangcang.periods import ALL, parse_period

pytestmark = pytest.mark.django_db


def scope(period=ALL):
    return Scope(division=Division.objects.get(code="510821"), period=period)


@pytest.fixture
def registry():
    county = CountyFederationFactory(founded_on=date(2000, 1, 1))
    point = OrganizationFactory(name="点", established_on=date(2019, 1, 1))
    own = UnionBranchFactory(organization=point, parent=county, founded_on=date(2020, 6, 1))
    MemberFactory(branch=own, joined_on=date(2020, 6, 1))
    MemberFactory(branch=own, joined_on=date(2021, 1, 1), left_on=date(2022, 1, 1))
    line = OrganizationFactory(name="线", established_on=date(2019, 1, 1))
    coop = OrganizationFactory(name="合作社", kind=Organization.Kind.OTHER, has_party_org=False)
    industry = IndustryUnionFactory(parent=county, founded_on=date(2021, 1, 1))
    industry.covered_organizations.add(line, coop)
    MemberFactory(branch=industry, organization=line, join_path=Member.JoinPath.INDUSTRY, joined_on=date(2021, 2, 1))
    area = OrganizationFactory(name="面", established_on=date(2019, 1, 1))
    community = CommunityUnionFactory(parent=county, founded_on=date(2010, 1, 1))
    for _ in range(3):
        MemberFactory(
            branch=community, organization=area, join_path=Member.JoinPath.INDIVIDUAL, joined_on=date(2022, 3, 1)
        )
    OrganizationFactory(name="无工会", established_on=date(2018, 1, 1))
    OrganizationFactory(name="无党组织", has_party_org=False, established_on=date(2018, 1, 1))
    OrganizationFactory(name="已注销", status=Organization.Status.DEREGISTERED, status_changed_on=date(2021, 6, 30))
    OrganizationFactory(name="新成立", established_on=date(2023, 5, 1))


def test_figures_today(registry):
    values = compute(scope())
    assert values["orgs.total"] == 6  # the deregistered one is out, the cooperative is not a social organization
    assert values["orgs.with_party"] == 5
    assert values["orgs.with_union"] == 3
    assert values["orgs.co_construction"] == 3
    assert values["orgs.co_construction_rate"] == Decimal("50.0")
    assert values["unions.branches"] == 4
    assert values["unions.members"] == 5  # the member who left is not counted
    assert values["unions.individual_joins"] == 3
    assert values["unions.industry_covered_orgs"] == 2


def test_stock_at_the_end_of_an_earlier_year(registry):
    values = compute(scope(parse_period("2020")))
    # At 2020-12-31: the deregistered one still active, the 2023 one not yet established;
    # the industry union (2021) and the individual joins (2022) not yet there.
    assert values["orgs.total"] == 6
    assert values["orgs.with_union"] == 1
    assert values["unions.branches"] == 3
    assert values["unions.members"] == 1
    assert values["unions.individual_joins"] == 0
    assert values["unions.industry_covered_orgs"] == 0
    values = compute(scope(parse_period("2021-Q4")))
    assert values["unions.members"] == 3  # both own-union members and the industry member on 2021-12-31


def test_the_figures_take_few_queries(registry, django_assert_max_num_queries):
    from orgs.indicators import organization_figures, union_figures

    county = scope()
    with django_assert_max_num_queries(1):
        organization_figures(county)
    with django_assert_max_num_queries(3):
        union_figures(county)


def test_report_tables_and_charts(registry):
    coverage = queries.industry_union_coverage(scope())
    assert coverage == [{"name": coverage[0]["name"], "organizations": 2, "members": 1}]
    intake = queries.community_union_intake(scope())
    assert intake == [{"name": intake[0]["name"], "organizations": 1, "persons": 3}]
    by_code = {item.code: item for item in charts()}
    paths = by_code["unions.coverage_by_path"].compute(scope())
    assert paths["series"][0]["data"] == [1, 1, 1, 3]
    kinds = by_code["orgs.by_kind"].compute(scope())
    assert sum(kinds["series"][0]["data"]) == 6
    trend = by_code["orgs.co_construction_trend"].compute(scope(parse_period("2022")))
    assert trend["categories"] == ["2018", "2019", "2020", "2021", "2022"]
    assert trend["series"][1]["data"] == [0, 0, 1, 2, 3]
    assert by_code["orgs.by_town"].compute(scope())["series"][0]["data"] == [6]


def test_co_construction_by_year_in_one_query_agrees_with_each_years_figures(registry, django_assert_num_queries):
    from dataclasses import replace

    from django.utils import timezone

    gone = OrganizationFactory(name="注销", established_on=date(2019, 1, 1), has_party_org=True)
    UnionBranchFactory(organization=gone, founded_on=date(2019, 3, 1))
    Organization.objects.filter(pk=gone.pk).update(
        status=Organization.Status.DEREGISTERED, status_changed_on=date(2021, 7, 1)
    )
    years = list(range(2018, timezone.localdate().year + 1))
    county = scope()
    with django_assert_num_queries(1):
        rows = queries.co_construction_by_year(county, years)
    expected = []
    for year in years:
        figures = queries.organization_figures(replace(county, period=parse_period(str(year))))
        expected.append((year, figures["total"], figures["co_construction"]))
    assert rows == expected
    assert any(done for _year, _total, done in rows)
