"""Choices over large tables render only what is chosen and are searched as the user types,
within the field's own queryset and the user's scope."""

import re

import pytest

from tests.orgs.factories import OrganizationFactory, UnionBranchFactory


def search_url(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>', html).group(0)
    return re.search(r'data-search-url="([^"]+)"', select).group(1)


@pytest.mark.parametrize("count", [5, 200])
def test_the_member_form_sends_no_list_of_every_organization(staff_client, django_assert_max_num_queries, count):
    OrganizationFactory.create_batch(count, name=f"合成协会{count}")
    with django_assert_max_num_queries(10):
        response = staff_client.get("/orgs/members/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"合成协会{count}" not in html
    assert search_url(html, "organization") and search_url(html, "branch")


def test_a_search_suggests_matches_in_scope_only(staff_client):
    OrganizationFactory(name="旺苍县茶叶协会")
    OrganizationFactory(name="旺苍县电商协会")
    OrganizationFactory(name="青川县茶叶协会", division_id="510822")
    url = search_url(staff_client.get("/orgs/members/new/").content.decode(), "organization")
    found = staff_client.get(url, {"q": "茶叶"}).json()["results"]
    assert [row["text"] for row in found] == ["旺苍县茶叶协会"]
    assert len(staff_client.get(url).json()["results"]) == 2


def test_the_chosen_value_is_shown_and_saved(staff_client):
    from orgs.models import Member
    from tests.orgs.factories import make_id_number

    organization = OrganizationFactory(name="旺苍县茶叶协会")
    branch = UnionBranchFactory(organization=organization, name="旺苍县茶叶协会工会")
    html = staff_client.get(f"/orgs/members/new/?organization={organization.pk}").content.decode()
    assert f'<option value="{organization.pk}" selected>旺苍县茶叶协会</option>' in html
    response = staff_client.post(
        "/orgs/members/new/",
        {
            "name": "张三",
            "id_number": make_id_number(42),
            "gender": "male",
            "organization": organization.pk,
            "branch": branch.pk,
            "join_path": Member.JoinPath.OWN,
            "joined_on": "2022-05-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Member.objects.get(name="张三").branch == branch


def test_an_unknown_token_and_an_anonymous_user_find_nothing(staff_client):
    url = search_url(staff_client.get("/orgs/members/new/").content.decode(), "organization")
    assert staff_client.get("/search/choices/0123456789abcdef0123456789abcdef/").status_code == 404
    staff_client.logout()
    assert staff_client.get(url).status_code == 404


def test_the_registry_filter_searches_the_towns_of_a_province_and_lists_a_countys(client, staff_client, make_user):
    from orgs.models import Town
    from wangcang.models import Division

    Town.objects.bulk_create(
        Town(division=Division.objects.get(code=code), name=f"{name}镇{index}")
        for code, name in (("510821", "旺苍"), ("510822", "青川"))
        for index in range(30)
    )
    county_html = staff_client.get("/orgs/").content.decode()
    county_select = re.search(r'<select name="town"[^>]*>.*?</select>', county_html, re.S).group(0)
    assert "data-search-url" not in county_select and county_select.count("<option") == 31
    client.force_login(make_user("province-staff", division="510000"))
    html = client.get("/orgs/").content.decode()
    assert "旺苍镇" not in html and "青川镇" not in html
    url = search_url(html, "town")
    found = client.get(url, {"q": "青川镇1"}).json()["results"]
    assert {row["text"] for row in found} == {"青川镇1", *(f"青川镇{index}" for index in range(10, 20))}
    town = Town.objects.get(name="青川镇7")
    chosen = client.get("/orgs/", {"town": town.pk}).content.decode()
    assert f'<option value="{town.pk}" selected>青川镇7</option>' in chosen
