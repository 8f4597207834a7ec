import pytest
from rest_framework.test import APIClient

from orgs.models import Organization
from tests.orgs.factories import (
    CommunityUnionFactory,
    MemberFactory,
    OrganizationFactory,
    TownFactory,
    UnionBranchFactory,
)
from wangcang.validators import make_id_number, make_uscc

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def make_orgs(count: int):
    town = TownFactory(name="东河镇")
    community = CommunityUnionFactory(town=town)
    for index in range(count):
        organization = OrganizationFactory(town=town)
        if index % 3 == 0:
            MemberFactory(branch=UnionBranchFactory(organization=organization))
        elif index % 3 == 1:
            community.covered_organizations.add(organization)


@pytest.mark.parametrize("count", [10, 500])
def test_api_lists_query_budget_is_flat(staff_user, django_assert_max_num_queries, count):
    make_orgs(count)
    client = api(staff_user)
    for url in ("/api/v1/organizations/", "/api/v1/union-branches/", "/api/v1/members/"):
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] > 0


def test_organization_fields_and_derived_status(staff_user, organization):
    UnionBranchFactory(organization=organization)
    row = api(staff_user).get(f"/api/v1/organizations/{organization.pk}/").json()
    for key in (
        "name",
        "uscc",
        "kind",
        "division",
        "town",
        "industry",
        "has_party_org",
        "established_on",
        "staff_count",
        "status",
    ):
        assert key in row
    assert row["division"] == "510821"
    assert row["union_paths"] == ["own"] and row["co_construction"] is True


def test_filters(staff_user, organization, other_organization):
    UnionBranchFactory(organization=organization)
    client = api(staff_user)
    names = [row["name"] for row in client.get("/api/v1/organizations/?union_status=none").json()["results"]]
    assert names == [other_organization.name]
    names = [row["name"] for row in client.get(f"/api/v1/organizations/?q={organization.uscc}").json()["results"]]
    assert names == [organization.name]


def test_create_through_the_action_with_chinese_errors(staff_user, organization):
    client = api(staff_user)
    data = {"name": "接口协会", "uscc": make_uscc(5150), "kind": "foundation"}
    response = client.post("/api/v1/organizations/", data)
    assert response.status_code == 201, response.json()
    created = Organization.objects.get(name="接口协会")
    assert created.division_id == "510821" and created.history.first().history_user == staff_user
    response = client.post("/api/v1/organizations/", {**data, "uscc": organization.uscc})
    assert response.status_code == 400
    assert organization.name in response.json()["uscc"][0]


def test_org_user_api_scope(org_user, organization, other_organization):
    client = api(org_user)
    assert [row["id"] for row in client.get("/api/v1/organizations/").json()["results"]] == [organization.pk]
    assert client.get(f"/api/v1/organizations/{other_organization.pk}/").status_code == 404
    assert client.patch(f"/api/v1/organizations/{other_organization.pk}/", {"contact_phone": "1"}).status_code == 404
    response = client.patch(
        f"/api/v1/organizations/{organization.pk}/", {"contact_phone": "13900000000", "status": "deregistered"}
    )
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.contact_phone == "13900000000" and organization.status == "active"
    other_member = MemberFactory(branch=UnionBranchFactory(organization=other_organization))
    assert client.get(f"/api/v1/members/{other_member.pk}/").status_code == 404
    assert (
        client.post("/api/v1/organizations/", {"name": "x", "uscc": make_uscc(5151), "kind": "foundation"}).status_code
        == 403
    )


def test_members_are_masked_and_created_through_the_action(staff_user, organization):
    branch = UnionBranchFactory(organization=organization)
    client = api(staff_user)
    number = make_id_number(4321)
    response = client.post(
        "/api/v1/members/",
        {"name": "王五", "id_number": number, "branch": branch.pk, "organization": organization.pk, "join_path": "own"},
    )
    assert response.status_code == 201, response.json()
    listed = client.get("/api/v1/members/").json()["results"][0]
    assert "id_number" not in listed and listed["id_number_masked"] == number[:4] + "*" * 10 + number[-4:]
    again = client.post(
        "/api/v1/members/", {"name": "王五", "id_number": number, "branch": branch.pk, "join_path": "own"}
    )
    assert again.status_code == 400 and branch.name in again.json()["id_number"][0]


def test_officials_read_only(official_user, organization):
    client = api(official_user)
    assert client.get("/api/v1/organizations/").status_code == 200
    assert client.post("/api/v1/organizations/", {"name": "x"}).status_code == 403


def test_schema_documents_the_resources(staff_client):
    response = staff_client.get("/api/v1/schema/")
    body = response.content.decode()
    assert response.status_code == 200
    for path in ("/api/v1/organizations/", "/api/v1/union-branches/", "/api/v1/members/"):
        assert path in body
