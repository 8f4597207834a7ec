"""Saved filters: a list's current filters kept under a name, per user, shown as tabs."""

import pytest

from tests.orgs.factories import OrganizationFactory
from wangcang import actions
from wangcang.models import SavedFilter, User


def test_saving_keeps_the_filters_without_page_or_export(staff_user):
    saved = actions.saved_filter_save(
        user=staff_user, list_key="/orgs/", name=" 茶叶  协会 ", query="q=茶叶&kind=&page=3&export=xlsx&status=active"
    )
    assert saved.name == "茶叶 协会"
    assert saved.query == "q=%E8%8C%B6%E5%8F%B6&status=active"
    assert saved.get_absolute_url() == "/orgs/?q=%E8%8C%B6%E5%8F%B6&status=active"
    # The same name again overwrites: saving twice is saving once.
    again = actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="茶叶 协会", query="status=suspended")
    assert again.pk == saved.pk and SavedFilter.objects.count() == 1
    assert SavedFilter.objects.get().query == "status=suspended"


@pytest.mark.parametrize(
    "list_key", ["https://example.com/", "//example.com/", "/no/such/page/", "orgs:organization-list"]
)
def test_only_a_page_of_the_portal_keeps_filters(staff_user, list_key):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.saved_filter_save(user=staff_user, list_key=list_key, name="x", query="q=1")


def test_a_name_is_needed_and_a_list_keeps_twenty(staff_user, monkeypatch):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="  ", query="q=1")
    monkeypatch.setattr(actions, "SAVED_FILTERS_PER_LIST", 2)
    actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="a", query="q=1")
    actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="b", query="q=2")
    with pytest.raises(ValidationError):
        actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="c", query="q=3")
    actions.saved_filter_save(user=staff_user, list_key="/orgs/members/", name="c", query="q=3")


def test_save_from_the_list_then_the_tab_shows_and_opens_it(staff_client, staff_user, django_assert_max_num_queries):
    OrganizationFactory(name="旺苍县茶叶协会")
    OrganizationFactory(name="旺苍县摄影家协会")
    response = staff_client.get("/orgs/", {"q": "茶叶"})
    html = response.content.decode()
    assert 'data-testid="saved-filter-form"' in html and 'name="query" value="q=%E8%8C%B6%E5%8F%B6"' in html
    response = staff_client.post(
        "/filters/save/", {"list": "/orgs/", "query": "q=%E8%8C%B6%E5%8F%B6", "name": "茶叶类"}
    )
    assert response.status_code == 302 and response["Location"] == "/orgs/?q=%E8%8C%B6%E5%8F%B6"
    with django_assert_max_num_queries(12):
        response = staff_client.get("/orgs/")
    html = response.content.decode()
    assert 'data-testid="saved-filter-tab"' in html and "茶叶类" in html
    response = staff_client.get("/orgs/?q=%E8%8C%B6%E5%8F%B6")
    html = response.content.decode()
    assert "旺苍县茶叶协会" in html and "旺苍县摄影家协会" not in html
    assert 'data-testid="saved-filter-delete"' in html  # the open tab can be deleted
    assert 'data-testid="saved-filter-form"' not in html  # already saved
    # Tabs belong to their list: the member list has none.
    assert "茶叶类" not in staff_client.get("/orgs/members/").content.decode()


def test_tabs_are_per_user_and_only_the_owner_deletes(staff_client, staff_user, make_user, client):
    other = make_user("staff2", User.Role.STAFF)
    theirs = actions.saved_filter_save(user=other, list_key="/orgs/", name="别人的", query="q=x")
    mine = actions.saved_filter_save(user=staff_user, list_key="/orgs/", name="我的", query="q=y")
    html = staff_client.get("/orgs/").content.decode()
    assert "我的" in html and "别人的" not in html
    assert staff_client.post(f"/filters/{theirs.pk}/delete/").status_code == 404
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()
    response = staff_client.post(f"/filters/{mine.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert not SavedFilter.objects.filter(pk=mine.pk).exists()
    assert staff_client.get(f"/filters/{mine.pk}/delete/").status_code == 405


def test_a_refused_save_says_why_on_the_list(staff_client):
    response = staff_client.post("/filters/save/", {"list": "/orgs/", "query": "q=1", "name": ""}, follow=True)
    assert response.redirect_chain[-1][0] == "/orgs/?q=1"
    assert "Give the filters a name." in response.content.decode() or "名称" in response.content.decode()


def test_an_organization_user_saves_filters_of_its_contract_list(org_client, org_user):
    response = org_client.post("/filters/save/", {"list": "/services/contracts/", "query": "q=法律", "name": "法律"})
    assert response.status_code == 302
    assert org_user.saved_filters.get().list_key == "/services/contracts/"
    assert 'data-testid="saved-filter-tab"' in org_client.get("/services/contracts/").content.decode()
