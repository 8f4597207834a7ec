"""Notification settings and the calendar in a real browser."""

import datetime

import pytest
from django.db import transaction

from orgs.selfreports import actions as selfreport_actions
from tests.incubator.factories import TrainingFactory
from tests.orgs.selfreports.factories import FILLED, SelfReportFactory
from wangcang import sms
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_a_person_hides_a_kind_from_the_portal_and_gets_it_by_sms(page, login, make_user, organization):
    person = make_user("e2e-org", User.Role.ORG, organizations=[organization], phone="13800001234")
    staff = make_user("e2e-staff", User.Role.STAFF)
    report = SelfReportFactory(organization=organization)
    selfreport_actions.self_report_save_draft(user=person, self_report=report, figures=FILLED, problems=[])
    selfreport_actions.self_report_submit(user=person, self_report=report)

    login("e2e-org")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=notification-preferences-link]")
    accepted = page.locator('tr[data-kind="selfreports.accepted"]')
    assert "自报已通过" in accepted.inner_text()
    assert accepted.locator('[data-channel="in_portal"]').is_checked()
    accepted.locator('[data-channel="in_portal"]').uncheck()
    accepted.locator('[data-channel="sms"]').check()
    page.click("[data-testid=save-preferences]")
    page.wait_for_selector("text=通知设置已保存")
    assert not page.locator('tr[data-kind="selfreports.accepted"] [data-channel="in_portal"]').is_checked()
    assert page.locator('tr[data-kind="selfreports.accepted"] [data-channel="sms"]').is_checked()

    with transaction.atomic():
        selfreport_actions.self_report_return(user=staff, self_report=report, comment="请补充")
    selfreport_actions.self_report_submit(user=person, self_report=report)
    with transaction.atomic():
        selfreport_actions.self_report_accept(user=staff, self_report=report)

    page.goto("/notifications/")
    listed = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "自报已被退回" in listed  # a kind left as it was
    assert "自报已通过" not in listed  # the kind now kept out of the portal
    assert len(sms.outbox) == 1 and sms.outbox[0]["phone"] == "13800001234"
    assert "已通过" in sms.outbox[0]["text"]


@pytest.mark.django_db(transaction=True)
def test_the_calendar_moves_between_months_and_fits_a_phone(browser, live_server, login, page, make_user):
    make_user("e2e-staff", User.Role.STAFF)
    today = datetime.date.today()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=10)
    TrainingFactory(title="下月的电商培训", held_on=next_month)

    login("e2e-staff")
    page.goto("/calendar/")
    assert "下月的电商培训" not in page.inner_text("[data-testid=calendar-grid]")
    page.click("[data-testid=calendar-next]")
    page.wait_for_url(f"**month={next_month:%Y-%m}")
    assert "下月的电商培训" in page.inner_text("[data-testid=calendar-grid]")
    page.click("[data-testid=calendar-prev]")
    page.wait_for_url(f"**month={today:%Y-%m}")

    phone = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        storage_state=page.context.storage_state(),
    )
    try:
        small = phone.new_page()
        small.goto(f"/calendar/?month={next_month:%Y-%m}")
        assert "下月的电商培训" in small.inner_text("[data-testid=calendar-agenda]")
        assert not small.locator("[data-testid=calendar-grid]").is_visible()
        assert small.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()
