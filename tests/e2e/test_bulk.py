"""Bulk actions in a real browser: tick rows (or every row on the page), pick an action,
confirm, and read what was done and what was refused and why."""

import datetime

import pytest

from orgs.models import SelfReport
from services.models import Delivery
from tests.orgs.factories import OrganizationFactory
from tests.orgs.selfreports.factories import FILLED, SelfReportFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang import bulk
from wangcang.models import BackgroundJob, User


@pytest.mark.django_db(transaction=True)
def test_staff_tick_two_reports_accept_them_and_read_the_refusal(page, login, make_user):
    waiting = SelfReportFactory(
        organization=OrganizationFactory(name="春蕾爱心协会"), status=SelfReport.Status.SUBMITTED, **FILLED
    )
    draft = SelfReportFactory(organization=OrganizationFactory(name="典艺培训"))
    untouched = SelfReportFactory(
        organization=OrganizationFactory(name="阳光健身俱乐部"), status=SelfReport.Status.SUBMITTED, **FILLED
    )
    make_user("e2e-bulk", User.Role.STAFF)
    login("e2e-bulk")
    page.goto("/orgs/self-reports/")
    assert page.inner_text("[data-testid=bulk-count]") == "0"
    assert page.is_disabled("[data-testid=bulk-continue]")
    page.check(f"[data-testid=bulk-check-{waiting.pk}]")
    page.check(f"[data-testid=bulk-check-{draft.pk}]")
    assert page.inner_text("[data-testid=bulk-count]") == "2"
    page.select_option("[data-testid=bulk-action]", "accept")
    page.click("[data-testid=bulk-continue]")
    page.wait_for_selector("[data-testid=bulk-confirm-form]")
    assert page.get_attribute("[data-testid=bulk-count]", "data-count") == "2"
    page.dblclick("[data-testid=bulk-apply]")  # a double click is one run
    page.wait_for_selector("[data-testid=bulk-summary]")
    assert BackgroundJob.objects.filter(kind=bulk.JOB_KIND).count() == 1
    assert "完成：1。拒绝：1。" in page.inner_text("[data-testid=bulk-summary]")
    assert "春蕾爱心协会" in page.inner_text("[data-testid=bulk-done]")
    refused = page.inner_text("[data-testid=bulk-refused]")
    assert "典艺培训" in refused and "只有已提交的自报可以审核通过" in refused
    statuses = dict(SelfReport.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: "accepted", draft.pk: "draft", untouched.pk: "submitted"}


@pytest.mark.django_db(transaction=True)
def test_select_all_on_the_page_confirms_deliveries_in_a_background_job(
    page, login, make_user, organization, settings, monkeypatch
):
    settings.BACKGROUND_JOB_RUNNER = "thread"
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 2)
    staff = make_user("e2e-confirmer", User.Role.STAFF)
    provider = make_user("e2e-provider", User.Role.ORG, organizations=[organization])
    contract = ContractFactory(provider=organization, title="职工法律服务项目", ends_on=datetime.date(2099, 12, 31))
    by_provider = [
        DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, recorded_by=provider, confirmed_at=None)
        for _ in range(2)
    ]
    by_me = DeliveryFactory(contract=contract, status=Delivery.Status.UNCONFIRMED, recorded_by=staff, confirmed_at=None)
    login("e2e-confirmer")
    page.goto("/services/deliveries/?status=unconfirmed")
    page.check("[data-testid=bulk-check-all]")
    assert page.inner_text("[data-testid=bulk-count]") == "3"
    page.click("[data-testid=bulk-continue]")
    page.wait_for_selector("[data-testid=bulk-in-background]")
    page.click("[data-testid=bulk-apply]")
    page.wait_for_selector("[data-testid=job-progress]")
    page.click("[data-testid=job-result]", timeout=60000)
    page.wait_for_selector("[data-testid=bulk-summary]")
    assert "完成：2。拒绝：1。" in page.inner_text("[data-testid=bulk-summary]")
    assert "另一名工作人员确认" in page.inner_text("[data-testid=bulk-refused]")
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in by_provider] == ["confirmed", "confirmed"]
    assert statuses[by_me.pk] == "unconfirmed"


@pytest.mark.django_db(transaction=True)
def test_every_issue_the_filter_matches_gets_a_due_date(page, login, make_user):
    from orgs.models import TrackedIssue
    from tests.orgs.cohesion.factories import TrackedIssueFactory

    matching = [TrackedIssueFactory(organization=OrganizationFactory(name=f"茶叶协会{n}")) for n in range(3)]
    early = TrackedIssueFactory(
        organization=OrganizationFactory(name="茶叶协会晚"), raised_on=datetime.date(2022, 9, 1)
    )
    other = TrackedIssueFactory(organization=OrganizationFactory(name="摄影家协会"))
    make_user("e2e-issues", User.Role.STAFF)
    login("e2e-issues")
    page.goto("/orgs/issues/?organization=茶叶")
    page.check("[data-testid=bulk-scope-all]")
    assert "4" in page.inner_text("label[for=bulk-scope-all]")
    page.select_option("[data-testid=bulk-action]", "due")
    page.click("[data-testid=bulk-continue]")
    page.wait_for_selector("[data-testid=bulk-confirm-form]")
    assert page.get_attribute("[data-testid=bulk-count]", "data-count") == "4"
    page.fill("input[name=due_on]", "2022-08-01")
    page.click("[data-testid=bulk-apply]")
    page.wait_for_selector("[data-testid=bulk-summary]")
    assert "完成：3。拒绝：1。" in page.inner_text("[data-testid=bulk-summary]")
    assert "2022-09-01" in page.inner_text("[data-testid=bulk-refused]")
    due = dict(TrackedIssue.objects.values_list("pk", "due_on"))
    assert all(due[issue.pk] == datetime.date(2022, 8, 1) for issue in matching)
    assert due[early.pk] is None and due[other.pk] is None
