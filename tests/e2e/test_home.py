"""The home page as people use it: staff click a count of waiting work and land on the list
of exactly those rows; an organization user sees its report to fill in and its deadline."""

import datetime

import pytest
from django.utils import timezone

from incubator.models import Application
from tests.incubator.factories import BatchFactory
from tests.orgs.factories import OrganizationFactory
from tests.orgs.selfreports.factories import ReportingRoundFactory, SelfReportFactory
from wangcang.models import User


@pytest.mark.django_db(transaction=True)
def test_staff_click_applications_to_review_and_see_exactly_those(page, login, make_user):
    batch = BatchFactory(name="第三批入驻")
    for organization in OrganizationFactory.create_batch(2):
        Application.objects.create(batch=batch, organization=organization, project_plan="p", status="submitted")
    Application.objects.create(
        batch=batch,
        organization=OrganizationFactory(name="已决定的协会"),
        project_plan="p",
        status="rejected",
        decided_on=timezone.localdate(),
    )
    make_user("e2e-home-staff", User.Role.STAFF)
    login("e2e-home-staff")
    card = page.locator("[data-testid=work-applications-to-review]")
    assert card.locator("[data-testid=count]").inner_text() == "2"
    card.click()
    page.wait_for_selector("[data-testid=application-list]")
    rows = page.locator("[data-testid=application-list] tbody tr")
    assert rows.count() == 2
    assert "已决定的协会" not in page.inner_text("[data-testid=application-list]")


@pytest.mark.django_db(transaction=True)
def test_an_organization_user_sees_the_report_to_fill_in_and_its_deadline(page, login, make_user, organization):
    due = timezone.localdate() + datetime.timedelta(days=20)
    report = SelfReportFactory(round=ReportingRoundFactory(title="本年度自报", due_on=due), organization=organization)
    make_user("e2e-home-org", User.Role.ORG, organizations=[organization])
    login("e2e-home-org")
    panel = page.inner_text("[data-testid=panel-self-reports]")
    assert "本年度自报" in panel and due.isoformat() in panel
    page.click("[data-testid=open-report] a")
    page.wait_for_url(f"**{report.get_absolute_url()}")
