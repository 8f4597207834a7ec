"""An organization's user on a 390 px phone: every page of its work — self-report,
incubator application, delivery entry, notifications — fits the screen without sideways
scrolling, and the self-report can be filled in and submitted there. The portal can be
added to the home screen (a manifest with icons) and keeps no page offline (no service
worker)."""

import datetime

import pytest

from incubator.models import Application
from orgs.models import RoundQuestion, SelfReport
from tests.e2e.clicks import click_and_load
from tests.incubator.factories import BatchFactory
from tests.orgs.selfreports.factories import SelfReportFactory
from tests.services.factories import ContractFactory, ContractTargetFactory
from wangcang.actions import notification_send
from wangcang.models import User

PHONE = {"width": 390, "height": 844}
WIDTH = "() => document.documentElement.scrollWidth"
# The elements sticking out on the right, for the failure message.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > 391)
  .filter(el => !el.closest('.table-responsive'))
  .slice(0, 4).map(el => el.tagName + '.' + String(el.className).slice(0, 50))"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def fits(page, label: str) -> None:
    # Measured once the page has settled (charts and htmx parts drawn), as a person sees it.
    page.wait_for_load_state("networkidle")
    width = page.evaluate(WIDTH)
    assert width <= PHONE["width"], f"{label} ({page.url}) is {width}px wide: {page.evaluate(WIDEST)}"


@pytest.mark.django_db(transaction=True)
def test_an_organization_works_on_a_phone_without_sideways_scrolling(phone, make_user, organization, tmp_path):
    from tests.conftest import PASSWORD

    report = SelfReportFactory(organization=organization)
    # Questions of the round in the same form: a long choice list and a file.
    RoundQuestion.objects.create(
        round=report.round,
        position=1,
        label="本年度开展的主要活动类型（可在下拉框中选择一项）",
        kind="choice",
        choices="文体活动\n技能培训\n困难职工帮扶与慰问（包括金秋助学、医疗互助等）",
    )
    RoundQuestion.objects.create(round=report.round, position=2, label="活动照片或签到表", kind="file")
    BatchFactory(name="2026年第一批入驻")
    contract = ContractFactory(provider=organization, title="职工法律服务项目", ends_on=datetime.date(2099, 12, 31))
    ContractTargetFactory(contract=contract, quantity=20)
    user = make_user("e2e-phone", User.Role.ORG, organizations=[organization])
    notification_send(
        recipients=[user],
        key="phone-test",
        title="您的自报已退回，请按县总工会的意见修改后再次提交（这是一条较长的通知标题）",
        body="会费金额请与收据核对。",
        url=report.get_absolute_url(),
    )
    page = phone
    page.goto("/accounts/login/")
    fits(page, "login")
    page.fill("input[name=username]", "e2e-phone")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")
    fits(page, "home")

    # Self-report: the list, the form filled in and submitted, the result.
    page.goto("/orgs/self-reports/")
    fits(page, "self-report list")
    click_and_load(page, f"[data-testid=fill-in-{report.pk}]")
    fits(page, "self-report form")
    for name, value in {
        "staff_count": "12",
        "volunteer_count": "40",
        "union_member_count": "11",
        "activities_held": "6",
        "activity_participants": "120",
        "dues_collected": "1320.00",
        "union_funds": "5000.00",
        "trainings_attended": "3",
    }.items():
        page.fill(f"input[name={name}]", value)
    page.fill("textarea[name=problems]", "缺少活动场地")
    page.select_option("select[name^=q_]", index=3)
    fits(page, "self-report form with a long choice")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已提交" in page.inner_text("[data-testid=report-status]")
    fits(page, "self-report detail")
    report.refresh_from_db()
    assert report.status == SelfReport.Status.SUBMITTED

    # Incubator: the application form and the list.
    page.goto("/incubator/applications/new/")
    fits(page, "application form")
    page.goto("/incubator/applications/")
    fits(page, "application list")

    # Delivery entry: the contract, the form, the list.
    page.goto(contract.get_absolute_url())
    fits(page, "contract")
    click_and_load(page, "[data-testid=record-delivery]")
    fits(page, "delivery form")
    page.goto("/services/deliveries/")
    fits(page, "delivery list")

    # Notifications.
    page.goto("/notifications/")
    assert "会费金额请与收据核对" in page.inner_text("main") or "较长的通知标题" in page.inner_text("main")
    fits(page, "notifications")
    assert Application.objects.count() == 0  # only looked at


@pytest.mark.django_db(transaction=True)
def test_the_portal_can_be_added_to_the_home_screen_and_keeps_nothing_offline(phone, make_user, organization):
    from tests.conftest import PASSWORD

    make_user("e2e-phone", User.Role.ORG, organizations=[organization])
    page = phone
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "e2e-phone")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=home-title]")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = page.request.get(href)
    assert manifest.ok
    body = manifest.json()
    assert body["name"] == "旺苍县工会社会组织服务平台" and body["display"] == "standalone"
    sizes = set()
    for icon in body["icons"]:
        url = page.evaluate("([src, base]) => new URL(src, new URL(base, location.href)).href", [icon["src"], href])
        response = page.request.get(url)
        assert response.ok and response.headers["content-type"] == "image/png", url
        assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    # No service worker: nothing private is kept on the phone.
    assert (
        page.evaluate(
            "() => navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then(r => r.length) : 0"
        )
        == 0
    )
