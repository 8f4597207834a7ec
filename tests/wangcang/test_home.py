"""The home page shows each role its work: counts that link to the list of exactly those
rows, the key figures of the dashboard, an organization's open reports and applications."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from incubator.models import Application
from orgs.models import ReportingRound, SelfReport, TrackedIssue
from reports import queries as report_queries
from services.models import Delivery
from tests.incubator.factories import BatchFactory
from tests.orgs.cohesion.factories import TrackedIssueFactory
from tests.orgs.factories import OrganizationFactory
from tests.orgs.selfreports.factories import ReportingRoundFactory, SelfReportFactory
from tests.services.factories import ContractFactory, DeliveryFactory
from wangcang.actions import notification_send
from wangcang.models import BackgroundJob
from wangcang.periods import ALL

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=10)


def build(count: int, organization=None, foreign=None) -> None:
    """``count`` records of each kind that waits for the staff, plus one of each that does
    not wait (decided, accepted, resolved, confirmed) and, with ``foreign``, one of each in
    another county."""
    organizations = OrganizationFactory.create_batch(count)
    batch = BatchFactory()
    Application.objects.bulk_create(
        [
            *(
                Application(batch=batch, organization=o, project_plan="p", field="f", status="submitted")
                for o in organizations
            ),
            Application(
                batch=batch, organization=OrganizationFactory(), project_plan="p", status="rejected", decided_on=PAST
            ),
        ]
    )
    reporting_round = ReportingRoundFactory()
    SelfReport.objects.bulk_create(
        [
            *(SelfReport(round=reporting_round, organization=o, status="submitted") for o in organizations),
            SelfReport(
                round=reporting_round, organization=OrganizationFactory(), status="accepted", accepted_at=timezone.now()
            ),
        ]
    )
    for index in range(count):
        TrackedIssueFactory(organization=organizations[index % len(organizations)], due_on=PAST)
    TrackedIssueFactory(due_on=PAST, status=TrackedIssue.Status.RESOLVED, resolved_on=PAST)
    TrackedIssueFactory(due_on=TODAY + datetime.timedelta(days=3))
    contract = ContractFactory()
    DeliveryFactory.create_batch(count, contract=contract, status=Delivery.Status.UNCONFIRMED, confirmed_at=None)
    DeliveryFactory(contract=contract)
    if foreign is not None:
        Application.objects.create(batch=batch, organization=foreign, project_plan="p", status="submitted")
        SelfReportFactory(round=reporting_round, organization=foreign, status="submitted")
        TrackedIssueFactory(organization=foreign, division_id=foreign.division_id, due_on=PAST)


def work_counts(html: str) -> dict[str, tuple[int, str]]:
    found = re.findall(
        r'<a href="([^"]+)" class="card[^"]*" data-testid="work-([\w-]+)">\s*<div class="card-body py-2">\s*'
        r'<div class="[^"]*" data-testid="count">(\d+)</div>',
        html,
    )
    return {key: (int(count), url.replace("&amp;", "&")) for url, key, count in found}


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def test_staff_see_what_waits_for_them_and_each_count_lists_exactly_those_rows(staff_client):
    foreign = OrganizationFactory(division_id="510802")
    build(3, foreign=foreign)
    response = staff_client.get("/")
    assert response.status_code == 200
    counts = work_counts(response.content.decode())
    expected = {
        "applications-to-review": 3,
        "self-reports-to-check": 3,
        "issues-overdue": 3,
        "deliveries-to-confirm": 3,
    }
    assert {key: counts[key][0] for key in expected} == expected
    for key in expected:
        count, url = counts[key]
        assert list_count(staff_client, url) == count, (key, url)
    assert counts["issues-overdue"][1] == "/orgs/issues/?overdue=yes"


@pytest.mark.parametrize("count", [10, 200])
def test_the_home_page_reads_a_fixed_number_of_queries(staff_client, staff_user, django_assert_max_num_queries, count):
    build(count)
    BackgroundJob.objects.bulk_create(
        BackgroundJob(kind="orgs.import_members", status="running", created_by=staff_user) for _ in range(count // 10)
    )
    staff_client.get("/")  # the session's first renewal is written here, not on the measured page
    with django_assert_max_num_queries(36):
        response = staff_client.get("/")
    counts = work_counts(response.content.decode())
    assert counts["applications-to-review"][0] == count and counts["deliveries-to-confirm"][0] == count


def test_the_key_figures_are_the_dashboards(official_client, official_user, organization):
    response = official_client.get("/")
    html = response.content.decode()
    assert 'data-testid="panel-key-figures"' in html
    scope = report_queries.scope_for(official_user, division=None, period=ALL)
    figures = report_queries.figures(scope)
    dashboard = official_client.get(reverse("reports:dashboard"))
    assert dashboard.context["figures"].value("orgs.total") == figures.value("orgs.total") == 1
    assert re.search(r'data-testid="figure-orgs.total">.*?fw-bold">1 ', html, re.S)
    # Officials have nothing to do but read: no work counts, the link to the dashboard.
    assert 'data-testid="work-counts"' not in html and 'data-testid="open-dashboard"' in html


def test_running_jobs_are_listed_with_their_progress_page(staff_client, staff_user):
    running = BackgroundJob.objects.create(kind="orgs.import_members", status="running", created_by=staff_user)
    BackgroundJob.objects.create(kind="orgs.import_members", status="done", created_by=staff_user)
    html = staff_client.get("/").content.decode()
    assert html.count('data-testid="running-job"') == 1 and f'href="/jobs/{running.pk}/"' in html


def test_an_organization_user_sees_its_open_round_returned_reports_applications_and_notifications(
    client, org_user, organization, other_organization
):
    due = TODAY + datetime.timedelta(days=12)
    open_round = ReportingRoundFactory(title="2026年度自报", due_on=due)
    SelfReportFactory(round=open_round, organization=organization, status="draft")
    SelfReportFactory(round=ReportingRoundFactory(), organization=organization, status="returned")
    SelfReportFactory(
        round=ReportingRoundFactory(), organization=organization, status="accepted", accepted_at=timezone.now()
    )
    SelfReportFactory(round=open_round, organization=other_organization, status="returned")
    Application.objects.create(
        batch=BatchFactory(name="第九批入驻"), organization=organization, project_plan="p", status="more_info"
    )
    Application.objects.create(batch=BatchFactory(), organization=other_organization, project_plan="p")
    notification_send(recipients=[org_user], key="home-test", title="请补充材料", url="/incubator/")
    client.force_login(org_user)
    response = client.get("/")
    html = response.content.decode()
    counts = work_counts(html)
    assert counts["self-reports-returned"][0] == 1
    assert list_count(client, counts["self-reports-returned"][1]) == 1
    assert counts["notifications-unread"][0] == 1
    assert list_count(client, counts["notifications-unread"][1]) == 1
    assert html.count('data-testid="open-report"') == 2  # the draft and the returned one, not the foreign one
    assert f"{due:%Y-%m-%d}" in html and "2026年度自报" in html
    assert html.count('data-testid="application"') == 1 and "第九批入驻" in html
    assert "请补充材料" in html
    assert other_organization.name not in html
    # No staff work for an organization user.
    assert "applications-to-review" not in counts and "deliveries-to-confirm" not in counts


@pytest.mark.parametrize("count", [10, 200])
def test_an_organization_users_home_reads_a_fixed_number_of_queries(
    client, org_user, organization, django_assert_max_num_queries, count
):
    rounds = ReportingRound.objects.bulk_create(
        ReportingRound(
            title=f"第{n}轮",
            division_id="510821",
            period_key=str(2000 + n),
            period_start=datetime.date(2000 + n, 1, 1),
            period_end=datetime.date(2000 + n, 12, 31),
            due_on=TODAY + datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    SelfReport.objects.bulk_create(
        SelfReport(round=r, organization=organization, status="returned" if n % 2 else "draft")
        for n, r in enumerate(rounds)
    )
    batches = [BatchFactory() for _ in range(3)]
    for batch in batches:
        Application.objects.create(batch=batch, organization=organization, project_plan="p")
    for n in range(count):
        notification_send(recipients=[org_user], key=f"budget-{n}", title=f"消息{n}")
    client.force_login(org_user)
    client.get("/")  # the session's first renewal is written here, not on the measured page
    with django_assert_max_num_queries(14):
        response = client.get("/")
    html = response.content.decode()
    assert work_counts(html)["self-reports-returned"][0] == count // 2
    assert html.count('data-testid="open-report"') == 10 and html.count('data-testid="application"') == 3
