import pytest

from tests.e2e.clicks import click_and_load
from tests.orgs.factories import OrganizationFactory
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_staff_types_into_the_search_box_and_follows_a_result(page, login, make_user):
    tea = OrganizationFactory(name="旺苍县茶叶协会")
    OrganizationFactory(name="青川县茶叶协会", division_id="510822")
    make_user("e2e-search", User.Role.STAFF)
    login("e2e-search")
    box = page.locator("[data-testid=navbar-search-input]")
    box.click()
    box.type("茶叶", delay=50)
    results = page.locator("[data-testid=navbar-search-results]")
    hit = results.locator("[data-testid=search-group-organizations] [data-testid=search-hit]")
    hit.first.wait_for()
    assert results.is_visible()
    assert hit.count() == 1  # the other county's organization is not found
    assert "1" in page.inner_text("[data-testid=search-count-organizations]")
    hit.first.click()
    page.wait_for_url(f"**{tea.get_absolute_url()}")
    assert "旺苍县茶叶协会" in page.inner_text("[data-testid=page-title]")
    # Enter opens the full search page.
    box = page.locator("[data-testid=navbar-search-input]")
    box.fill("茶叶协会")
    box.press("Enter")
    page.wait_for_selector("[data-testid=search-summary]")
    assert page.locator("[data-testid=search-page-input]").input_value() == "茶叶协会"


@pytest.mark.django_db(transaction=True)
def test_staff_saves_the_filters_of_a_list_and_opens_them_from_a_tab(page, login, make_user):
    OrganizationFactory(name="旺苍县茶叶协会")
    OrganizationFactory(name="旺苍县摄影家协会")
    make_user("e2e-tabs", User.Role.STAFF)
    login("e2e-tabs")
    page.goto("/orgs/?q=茶叶")
    page.fill("[data-testid=saved-filter-name]", "茶叶类")
    page.click("[data-testid=saved-filter-save]")
    page.wait_for_selector("[data-testid=saved-filter-tab]")
    page.click("[data-testid=saved-filter-all]")
    page.wait_for_selector("text=旺苍县摄影家协会")
    page.click("[data-testid=saved-filter-tab]")
    page.wait_for_selector("[data-testid=saved-filter-delete]")
    assert "旺苍县摄影家协会" not in page.content()
    click_and_load(page, "[data-testid=saved-filter-delete]")
    page.wait_for_selector("[data-testid=saved-filter-all]")
    assert page.locator("[data-testid=saved-filter-tab]").count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_official_picks_a_town_on_the_dashboard(page, login, make_user):
    from tests.orgs.factories import TownFactory

    donghe = TownFactory(name="东河镇")
    TownFactory(name="嘉川镇")
    OrganizationFactory(name="东河甲协会", town=donghe)
    OrganizationFactory(name="东河乙协会", town=donghe)
    make_user("e2e-official", User.Role.OFFICIAL)
    login("e2e-official")
    page.goto("/reports/?division=510821&period=all")
    page.wait_for_selector("[data-testid=town-table]")
    assert page.locator("[data-testid=chart-towns\\.breakdown][data-rendered=true]").count() == 1
    page.select_option("[data-testid=town-select]", label="东河镇")
    page.wait_for_url("**town=*")
    assert "东河镇" in page.inner_text("[data-testid=dashboard-title]")
    assert "2" in page.inner_text("[data-testid=figure-orgs\\.total]")
    assert page.locator("[data-testid=town-table]").count() == 0
