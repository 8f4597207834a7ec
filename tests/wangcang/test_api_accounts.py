"""Accounts through the API: staff link organization users to the organizations of their
scope, and every user revokes their own tokens (``DELETE /auth/tokens/{id}/``)."""

import pytest
from rest_framework.test import APIClient

from tests.orgs.factories import OrganizationFactory
from wangcang import actions
from wangcang.models import ApiToken, User
from wangcang.validators import make_uscc

pytestmark = pytest.mark.django_db
OTHER_COUNTY = "510822"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_link_an_organization_user_within_their_scope(staff_user, make_user, organization, other_organization):
    foreign = OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990501, division=OTHER_COUNTY))
    account = make_user("org-new", User.Role.ORG)
    client = api(staff_user)
    assert account.pk in [row["id"] for row in client.get("/api/v1/users/").json()["results"]]
    url = f"/api/v1/users/{account.pk}/organizations/"
    linked = client.post(url, {"organizations": [organization.pk, other_organization.pk]}, format="json")
    assert linked.status_code == 200, linked.content
    assert linked.json()["organizations"] == sorted([organization.pk, other_organization.pk])
    assert set(account.organizations.all()) == {organization, other_organization}
    assert account.history.first().history_user == staff_user
    # The user now sees its organization through the API.
    assert api(User.objects.get(pk=account.pk)).get(f"/api/v1/organizations/{organization.pk}/").status_code == 200
    outside = client.post(url, {"organizations": [foreign.pk]}, format="json")
    assert outside.status_code == 400 and list(outside.json()) == ["organizations"]
    not_a_list = client.post(url, {"organizations": "x"}, format="json")
    assert not_a_list.status_code == 400 and list(not_a_list.json()) == ["organizations"]
    # A link beyond the staff member's scope is kept when the county's links are set.
    account.organizations.add(foreign)
    narrowed = client.post(url, {"organizations": [organization.pk]}, format="json")
    assert narrowed.json()["organizations"] == [organization.pk]
    assert set(account.organizations.all()) == {organization, foreign}


def test_users_of_another_county_and_other_roles_are_not_found(staff_user, make_user, org_user, organization):
    foreign = OrganizationFactory(division_id=OTHER_COUNTY, uscc=make_uscc(990502, division=OTHER_COUNTY))
    theirs = make_user("org-qc", User.Role.ORG, organizations=[foreign])
    colleague = make_user("staff-2", User.Role.STAFF)
    client = api(staff_user)
    for hidden in (theirs, colleague):
        assert (
            client.post(f"/api/v1/users/{hidden.pk}/organizations/", {"organizations": []}, format="json").status_code
            == 404
        )
    assert api(org_user).get("/api/v1/users/").status_code == 403
    response = api(org_user).post(
        f"/api/v1/users/{org_user.pk}/organizations/", {"organizations": [organization.pk]}, format="json"
    )
    assert response.status_code == 403
    assert list(theirs.organizations.all()) == [foreign]


def test_a_token_is_revoked_by_its_owner_only(make_user, staff_user):
    owner = make_user("integrator", User.Role.STAFF)
    token, key = actions.api_token_create(user=owner, name="同步脚本")
    _other, other_key = actions.api_token_create(user=staff_user, name="别人的")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listed = client.get("/api/v1/auth/tokens/")
    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()] == ["同步脚本"]
    assert "digest" not in listed.json()[0] and key not in str(listed.json())
    other = ApiToken.objects.get(user=staff_user)
    assert client.delete(f"/api/v1/auth/tokens/{other.token_key}/").status_code == 404
    assert ApiToken.objects.filter(user=staff_user).exists()
    assert client.delete(f"/api/v1/auth/tokens/{token.token_key}/").status_code == 204
    assert not ApiToken.objects.filter(user=owner).exists()
    assert client.get("/api/v1/auth/tokens/").status_code == 401
    anonymous = APIClient().delete(f"/api/v1/auth/tokens/{other.token_key}/")
    assert anonymous.status_code == 401
    assert other_key
