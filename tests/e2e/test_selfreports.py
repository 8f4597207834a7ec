"""The self-report round trip in a real browser: an organization fills in and submits,
the county union returns it with a comment, the organization fixes it, the union accepts."""

import pytest

from orgs.models import SelfReport
from tests.e2e.clicks import click_and_load
from tests.orgs.selfreports.factories import SelfReportFactory
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_fill_submit_return_fix_resubmit_accept(page, login, make_user, organization):
    report = SelfReportFactory(organization=organization)
    make_user("e2e-org", User.Role.ORG, organizations=[organization])
    make_user("e2e-staff", User.Role.STAFF)

    login("e2e-org")
    page.goto("/orgs/self-reports/")
    page.click(f"[data-testid=fill-in-{report.pk}]")
    page.fill("input[name=staff_count]", "12")
    page.fill("input[name=volunteer_count]", "40")
    page.fill("input[name=union_member_count]", "11")
    page.fill("input[name=activities_held]", "6")
    page.fill("input[name=activity_participants]", "120")
    page.fill("input[name=union_funds]", "5000.00")
    page.fill("input[name=trainings_attended]", "3")
    page.fill("textarea[name=problems]", "缺少活动场地")
    click_and_load(page, "[data-testid=submit-report]")
    errors = " ".join(page.locator(".invalid-feedback").all_inner_texts())
    assert "收缴会费" in errors and "提交前请填写" in errors
    page.fill("input[name=dues_collected]", "1320.00")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已提交" in page.inner_text("[data-testid=report-status]")
    report.refresh_from_db()
    assert report.status == SelfReport.Status.SUBMITTED

    page.context.clear_cookies()
    login("e2e-staff")
    page.goto(f"/orgs/self-reports/{report.pk}/")
    page.fill("textarea[name=return-comment]", "会费金额请与收据核对")
    page.fill("input[name=return-on_dues_collected]", "与收据不符")
    click_and_load(page, "[data-testid=return-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已退回" in page.inner_text("[data-testid=report-status]")

    page.context.clear_cookies()
    login("e2e-org")
    page.goto(f"/orgs/self-reports/{report.pk}/")
    assert "会费金额请与收据核对" in page.inner_text("[data-testid=return-comment]")
    click_and_load(page, "[data-testid=edit-report]")
    assert "与收据不符" in page.inner_text("[data-testid=return-comment]")
    page.fill("input[name=dues_collected]", "1280.00")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已重新提交" in page.inner_text("[data-testid=report-status]")

    page.context.clear_cookies()
    login("e2e-staff")
    page.goto(f"/orgs/self-reports/{report.pk}/")
    assert "1,320.00 → 1,280.00" in page.inner_text("[data-testid=diff-2]")
    click_and_load(page, "[data-testid=accept-report]")
    page.wait_for_selector("[data-testid=report-status]")
    assert "已通过" in page.inner_text("[data-testid=report-status]")
    # The return comments are answered: no longer shown as current, kept in the history.
    assert page.locator("[data-testid=return-comment]").count() == 0
    report.refresh_from_db()
    assert report.status == SelfReport.Status.ACCEPTED and str(report.dues_collected) == "1280.00"
