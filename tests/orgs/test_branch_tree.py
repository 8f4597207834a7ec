"""The branch tree opens one level at a time, with figures for the shown branches only."""

import pytest

from orgs.models import UnionBranch
from tests.orgs.factories import (
    CountyFederationFactory,
    IndustryUnionFactory,
    MemberFactory,
    UnionBranchFactory,
)


def build(organizations: int):
    county = CountyFederationFactory()
    industry = IndustryUnionFactory(parent=county, name="县茶产业联合工会")
    for _ in range(organizations):
        branch = UnionBranchFactory(parent=industry)
        MemberFactory.create_batch(2, branch=branch)
    MemberFactory(branch=county, organization=None)
    return county, industry


def test_the_top_level_shows_the_county_with_everyone_below(staff_client):
    county, industry = build(3)
    response = staff_client.get("/orgs/branches/")
    assert response.status_code == 200
    (node,) = response.context["nodes"]
    assert node.branch == county and node.child_count == 1
    assert node.branch.member_count == 1 and node.total_members == 1 + 3 * 2
    html = response.content.decode()
    assert industry.name not in html and f"?parent={county.pk}" in html


def test_opening_a_branch_swaps_in_its_children(staff_client):
    county, industry = build(3)
    response = staff_client.get(f"/orgs/branches/?parent={county.pk}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    (node,) = response.context["nodes"]
    assert node.branch == industry and node.child_count == 3 and node.total_members == 6
    children = staff_client.get(f"/orgs/branches/?parent={industry.pk}").context["nodes"]
    assert [child.branch.member_count for child in children] == [2, 2, 2]


def test_a_long_level_is_paged(staff_client, settings, monkeypatch):
    from orgs import queries

    monkeypatch.setattr(queries, "BRANCH_PAGE", 2)
    _county, industry = build(5)
    first = staff_client.get(f"/orgs/branches/?parent={industry.pk}")
    assert len(first.context["nodes"]) == 2 and first.context["more"]
    last = staff_client.get(f"/orgs/branches/?parent={industry.pk}&page=3")
    assert len(last.context["nodes"]) == 1 and not last.context["more"]
    seen = {
        n.branch.pk
        for page in (1, 2, 3)
        for n in staff_client.get(f"/orgs/branches/?parent={industry.pk}&page={page}").context["nodes"]
    }
    assert seen == set(UnionBranch.objects.filter(parent=industry).values_list("pk", flat=True))


def test_another_countys_branch_is_not_found(staff_client):
    foreign = CountyFederationFactory(name="青川县总工会", division_id="510822")
    assert staff_client.get(f"/orgs/branches/?parent={foreign.pk}").status_code == 404
    assert staff_client.get("/orgs/branches/?parent=abc").status_code == 404


@pytest.mark.parametrize("organizations", [3, 60])
def test_the_tree_keeps_its_queries_whatever_the_size(staff_client, django_assert_max_num_queries, organizations):
    _county, industry = build(organizations)
    staff_client.get("/")  # the session's first renewal is written here, not on a measured page
    with django_assert_max_num_queries(12):
        assert staff_client.get("/orgs/branches/").status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_client.get(f"/orgs/branches/?parent={industry.pk}").status_code == 200
