"""The "related records" panel of the organization page: the organization's records in the
other pillars, counted through each family's own scope, one query per family."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incubator.models import Application, Residency
from orgs import queries
from orgs.models import ReportingRound, SelfReport, TrackedIssue
from tests.incubator.factories import BatchFactory
from tests.orgs.cohesion.factories import JointMeetingFactory, TrackedIssueFactory
from tests.orgs.selfreports.factories import ReportingRoundFactory, SelfReportFactory
from tests.services.factories import ContractFactory
from tests.services.funds.factories import FundFactory, FundTransactionFactory

TODAY = datetime.date.today()


def build_records(organization, *, scale: int = 1) -> None:
    """Records of every family for ``organization``; ``scale`` multiplies their number."""
    rounds = ReportingRound.objects.bulk_create(ReportingRoundFactory.build() for _n in range(2 * scale))
    SelfReport.objects.bulk_create(
        SelfReportFactory.build(
            round=round_,
            organization=organization,
            status=SelfReport.Status.RETURNED if n == 0 else SelfReport.Status.DRAFT,
        )
        for n, round_ in enumerate(rounds)
    )
    meetings = [JointMeetingFactory(), JointMeetingFactory()]
    TrackedIssue.objects.bulk_create(
        TrackedIssueFactory.build(
            organization=organization,
            meeting=meetings[n % 2],
            status=TrackedIssue.Status.RESOLVED if n % 3 == 0 else TrackedIssue.Status.OPEN,
            resolution="已解决" if n % 3 == 0 else "",
            resolved_on=datetime.date(2022, 6, 1) if n % 3 == 0 else None,
        )
        for n in range(3 * scale)
    )
    for n in range(scale):
        application = Application.objects.create(
            batch=BatchFactory(),
            organization=organization,
            project_plan="项目",
            field="电子商务",
            status=Application.Status.ADMITTED,
            decided_on=datetime.date(2020, 3, 1),
        )
        Residency.objects.create(
            application=application,
            organization=organization,
            started_on=datetime.date(2020, 4, 1) + datetime.timedelta(n),
        )
    for n in range(2 * scale):
        in_force = n % 2 == 0
        ContractFactory(
            provider=organization,
            amount=Decimal("1000.00"),
            starts_on=TODAY - datetime.timedelta(days=30),
            ends_on=TODAY + datetime.timedelta(days=30) if in_force else TODAY - datetime.timedelta(days=1),
        )
    fund = FundFactory()
    for _n in range(scale):
        paid = FundTransactionFactory(
            fund=fund, beneficiary_organization=organization, direction="out", amount=Decimal("500.00")
        )
        wrong = FundTransactionFactory(
            fund=fund, beneficiary_organization=organization, direction="out", amount=Decimal("200.00")
        )
        FundTransactionFactory(
            fund=fund, beneficiary_organization=organization, direction="in", amount=Decimal("200.00"), reverses=wrong
        )
        assert paid.pk


def by_key(families):
    return {family.key: family for family in families}


@pytest.mark.django_db
def test_counts_statuses_and_amounts(staff_user, organization, other_organization):
    build_records(organization)
    build_records(other_organization)
    families = by_key(queries.related_records_for(staff_user, organization))

    assert families["self_reports"].count == 2
    assert [(value, count) for value, _label, count in families["self_reports"].breakdown] == [
        ("draft", 1),
        ("returned", 1),
    ]
    assert families["issues"].count == 3
    assert [(value, count) for value, _label, count in families["issues"].breakdown] == [
        ("open", 2),
        ("resolved", 1),
        ("", 2),  # raised at two joint meetings
    ]
    assert families["applications"].count == 1
    assert families["residencies"].count == 1
    assert families["residencies"].breakdown[0][0] == "active"
    assert families["contracts"].count == 2
    assert families["contracts"].breakdown[0][2] == 1  # one in force today
    assert families["contracts"].amount == Decimal("2000.00")
    assert families["fund_transactions"].count == 3
    # 500 paid, 200 paid and reversed: 500 net.
    assert families["fund_transactions"].amount == Decimal("500.00")
    assert families["contracts"].url == f"{reverse('services:contract-list')}?provider={organization.pk}"


@pytest.mark.django_db
def test_counts_follow_the_user_scope(make_user, organization):
    build_records(organization)
    elsewhere = make_user("official-elsewhere", "official", division="510802")
    families = by_key(queries.related_records_for(elsewhere, organization))
    assert {key: family.count for key, family in families.items()} == dict.fromkeys(families, 0)


@pytest.mark.django_db
def test_empty_organization_has_zero_everywhere(official_user, organization):
    families = queries.related_records_for(official_user, organization)
    assert {family.key for family in families} == {
        "self_reports",
        "issues",
        "applications",
        "residencies",
        "contracts",
        "fund_transactions",
    }
    assert all(family.count == 0 and family.amount is None for family in families)


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 40])
def test_one_query_per_family_whatever_the_number_of_records(staff_user, organization, scale):
    build_records(organization, scale=scale)
    with CaptureQueriesContext(connection) as captured:
        families = queries.related_records_for(staff_user, organization)
    assert len(captured.captured_queries) == len(families) == 6


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 40])
def test_detail_page_budget_is_flat(staff_client, organization, scale, django_assert_max_num_queries):
    build_records(organization, scale=scale)
    with django_assert_max_num_queries(24):
        response = staff_client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="related-records"' in response.content.decode()


@pytest.mark.django_db
def test_official_sees_panel_and_links_without_edit_buttons(official_client, organization):
    build_records(organization)
    response = official_client.get(organization.get_absolute_url())
    html = response.content.decode()
    assert 'data-testid="related-records"' in html
    assert 'data-testid="organization-edit"' not in html
    assert reverse("orgs:organization-update", args=[organization.pk]) not in html
    for family in response.context["related"]:
        assert official_client.get(family.url).status_code == 200, family.key


@pytest.mark.django_db
def test_org_user_does_not_get_the_panel(org_client, organization):
    build_records(organization)
    response = org_client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert response.context["related"] is None
    assert 'data-testid="related-records"' not in response.content.decode()


@pytest.mark.django_db
def test_self_report_and_its_tracked_issue_link_to_each_other_and_to_the_organization(staff_client, organization):
    from orgs.models import SelfReportProblem

    report = SelfReportFactory(organization=organization, status=SelfReport.Status.SUBMITTED)
    problem = SelfReportProblem.objects.create(self_report=report, text="缺少活动场地")
    issue = TrackedIssueFactory(organization=organization, meeting=None, self_report_problem=problem)

    report_page = staff_client.get(report.get_absolute_url()).content.decode()
    assert organization.get_absolute_url() in report_page and issue.get_absolute_url() in report_page
    issue_page = staff_client.get(issue.get_absolute_url()).content.decode()
    assert organization.get_absolute_url() in issue_page and report.get_absolute_url() in issue_page
