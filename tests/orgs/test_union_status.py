from datetime import date

import pytest

from orgs import queries
from orgs.models import Member, Organization
from tests.orgs.factories import (
    CommunityUnionFactory,
    IndustryUnionFactory,
    MemberFactory,
    OrganizationFactory,
    TownFactory,
    UnionBranchFactory,
)

pytestmark = pytest.mark.django_db


def status(organization, on=None):
    return queries.with_union_status(Organization.objects.filter(pk=organization.pk), on=on).get()


def test_point_own_union():
    organization = OrganizationFactory()
    UnionBranchFactory(organization=organization)
    row = status(organization)
    assert (row.own_union, row.industry_union, row.area_union, row.in_union) == (True, False, False, True)
    assert row.co_construction is True
    assert queries.union_paths(row) == ["own"]


def test_line_industry_union_coverage():
    organization = OrganizationFactory()
    IndustryUnionFactory().covered_organizations.add(organization)
    row = status(organization)
    assert (row.own_union, row.industry_union, row.area_union, row.in_union) == (False, True, False, True)


def test_area_by_community_coverage_or_individual_join():
    covered, joined, outside = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    community = CommunityUnionFactory()
    community.covered_organizations.add(covered)
    MemberFactory(branch=community, organization=joined, join_path=Member.JoinPath.INDIVIDUAL)
    assert status(covered).area_union is True
    assert status(joined).area_union is True
    assert status(outside).in_union is False


def test_an_individual_join_that_ended_does_not_count():
    organization = OrganizationFactory()
    MemberFactory(
        branch=CommunityUnionFactory(),
        organization=organization,
        join_path=Member.JoinPath.INDIVIDUAL,
        joined_on=date(2020, 1, 1),
        left_on=date(2021, 1, 1),
    )
    assert status(organization).in_union is False
    assert status(organization, on=date(2020, 6, 1)).in_union is True


def test_co_construction_needs_both_party_and_union():
    no_party = OrganizationFactory(has_party_org=False)
    UnionBranchFactory(organization=no_party)
    assert status(no_party).in_union is True
    assert status(no_party).co_construction is False


def test_a_branch_founded_later_does_not_count_before():
    organization = OrganizationFactory()
    UnionBranchFactory(organization=organization, founded_on=date(2022, 3, 1))
    assert status(organization, on=date(2021, 12, 31)).in_union is False
    assert status(organization, on=date(2022, 3, 1)).in_union is True


def test_gaps_list_party_orgs_without_union_and_suggest_a_branch(staff_user):
    town = TownFactory(name="东河镇")
    community = CommunityUnionFactory(name="东河镇工会", town=town)
    tea_union = IndustryUnionFactory(name="茶叶协会工会", industry=Organization.Industry.AGRICULTURE)
    tea = OrganizationFactory(name="茶农协会", industry=Organization.Industry.AGRICULTURE, town=town)
    school = OrganizationFactory(name="培训学校", industry=Organization.Industry.EDUCATION, town=town)
    no_party = OrganizationFactory(name="无党组织协会", has_party_org=False, industry=Organization.Industry.LEGAL)
    covered = OrganizationFactory(name="已建会协会")
    UnionBranchFactory(organization=covered)
    result = queries.gaps_for(staff_user)
    assert [row.name for row in result["party_without_union"]] == ["培训学校", "茶农协会"]
    assert {row.name for row in result["without_union"]} == {"培训学校", "茶农协会", "无党组织协会"}
    suggested = {row.name: row.suggested_branch for row in result["without_union"]}
    assert suggested["茶农协会"] == tea_union
    assert suggested["培训学校"] == community
    assert suggested["无党组织协会"] is None
    assert tea.pk and school.pk and no_party.pk


def test_gaps_page_shows_them(staff_client):
    OrganizationFactory(name="缺工会的协会")
    response = staff_client.get("/orgs/gaps/")
    assert response.status_code == 200
    assert "缺工会的协会" in response.content.decode()


@pytest.mark.django_db
def test_branches_of_counts_every_member_of_the_branch(organization, other_organization):
    """The organization page shows each branch with its whole membership, not only the
    organization's own workers in it."""
    from orgs.queries import branches_of
    from tests.orgs.factories import IndustryUnionFactory, MemberFactory

    industry = IndustryUnionFactory()
    industry.covered_organizations.set([organization, other_organization])
    MemberFactory.create_batch(3, branch=industry, organization=organization, join_path="industry")
    MemberFactory.create_batch(2, branch=industry, organization=other_organization, join_path="industry")

    [branch] = branches_of(organization)
    assert branch == industry and branch.member_count == 5


def test_a_page_of_rows_reads_the_same_status_as_the_annotations(django_assert_max_num_queries):
    own, industry, covered, joined, left, outside = (OrganizationFactory() for _ in range(6))
    no_party = OrganizationFactory(has_party_org=False)
    UnionBranchFactory(organization=own)
    UnionBranchFactory(organization=no_party)
    IndustryUnionFactory().covered_organizations.add(industry)
    community = CommunityUnionFactory()
    community.covered_organizations.add(covered, industry)
    MemberFactory(branch=community, organization=joined, join_path=Member.JoinPath.INDIVIDUAL)
    MemberFactory(
        branch=community,
        organization=left,
        join_path=Member.JoinPath.INDIVIDUAL,
        joined_on=date(2020, 1, 1),
        left_on=date(2021, 1, 1),
    )
    names = ("own_union", "industry_union", "area_union", "in_union", "co_construction")
    annotated = {
        org.pk: tuple(getattr(org, name) for name in names)
        for org in queries.with_union_status(Organization.objects.all())
    }
    with django_assert_max_num_queries(2):
        page = queries.add_union_status(Organization.objects.order_by("pk"))
    assert {org.pk: tuple(getattr(org, name) for name in names) for org in page} == annotated
    assert annotated[industry.pk] == (False, True, True, True, True)
    assert annotated[no_party.pk] == (True, False, False, True, False)
    assert annotated[left.pk] == annotated[outside.pk] == (False, False, False, False, False)


def test_the_list_page_shows_each_row_s_union_paths_and_filters_by_them(staff_client):
    own, outside = OrganizationFactory(name="甲有工会"), OrganizationFactory(name="乙无工会")
    UnionBranchFactory(organization=own)
    rows = {
        row.name: row for row in staff_client.get("/orgs/").context["object_list"] if row.pk in (own.pk, outside.pk)
    }
    assert (rows["甲有工会"].own_union, rows["甲有工会"].co_construction) == (True, True)
    assert rows["乙无工会"].in_union is False
    names = [row.name for row in staff_client.get("/orgs/?union_status=none").context["object_list"]]
    assert "乙无工会" in names and "甲有工会" not in names
    names = [row.name for row in staff_client.get("/orgs/?co_construction=yes").context["object_list"]]
    assert "甲有工会" in names and "乙无工会" not in names
