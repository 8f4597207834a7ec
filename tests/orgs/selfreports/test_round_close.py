"""A round that ended is closed: nothing more is filled in, returned or reminded, and no
report of it is overdue."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.models import SelfReport
from orgs.selfreports import actions, queries
from wangcang.models import Notification

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


def test_a_closed_round_takes_no_more_drafts_submissions_or_returns(organization, org_user, staff_user):
    report = SelfReportFactory(organization=organization)
    waiting = SelfReportFactory(round=report.round, status=SelfReport.Status.SUBMITTED)
    actions.round_close(user=staff_user, reporting_round=report.round, closed_on=date(2023, 3, 31))
    with pytest.raises(ValidationError, match="2023-03-31"):
        actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED)
    with pytest.raises(ValidationError):
        actions.self_report_submit(user=org_user, self_report=report)
    with pytest.raises(ValidationError):
        actions.self_report_return(user=staff_user, self_report=waiting, comment="请补充")
    assert actions.self_report_accept(user=staff_user, self_report=waiting).status == SelfReport.Status.ACCEPTED
    report.refresh_from_db()
    assert report.status == SelfReport.Status.DRAFT and report.saved_at is None


def test_closing_stops_reminders_and_the_overdue_list(organization, org_user, staff_user):
    today = date(2023, 2, 10)
    report = SelfReportFactory(organization=organization, round=ReportingRoundFactory(due_on=today - timedelta(days=3)))
    assert (
        queries.state_q("overdue", today) and SelfReport.objects.filter(queries.state_q("overdue", today)).count() == 1
    )
    actions.round_close(user=staff_user, reporting_round=report.round)
    assert SelfReport.objects.filter(queries.state_q("overdue", today)).count() == 0
    assert not SelfReport.objects.open_for_organization().exists()
    assert actions.self_reports_remind_due(today=today) == 0
    assert not Notification.objects.exists()


def test_closing_twice_keeps_the_first_date_and_only_staff_close(organization, org_user, staff_user):
    reporting_round = ReportingRoundFactory()
    with pytest.raises(PermissionDenied):
        actions.round_close(user=org_user, reporting_round=reporting_round)
    actions.round_close(user=staff_user, reporting_round=reporting_round, closed_on=date(2023, 3, 1))
    actions.round_close(user=staff_user, reporting_round=reporting_round, closed_on=date(2023, 4, 1))
    reporting_round.refresh_from_db()
    assert reporting_round.closed_on == date(2023, 3, 1)
    assert reporting_round.history.first().history_change_reason == "round closed"


def test_staff_close_a_round_from_its_overview(client, staff_user, official_user):
    reporting_round = ReportingRoundFactory()
    SelfReportFactory(round=reporting_round)
    client.force_login(official_user)
    assert client.post(f"/orgs/self-reports/rounds/{reporting_round.pk}/close/").status_code == 403
    client.force_login(staff_user)
    page = client.get(reporting_round.get_absolute_url()).content.decode()
    assert 'data-testid="round-close"' in page
    response = client.post(f"/orgs/self-reports/rounds/{reporting_round.pk}/close/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="round-closed"' in html and 'data-testid="round-close"' not in html
    other = ReportingRoundFactory(division_id="510822")
    assert client.post(f"/orgs/self-reports/rounds/{other.pk}/close/").status_code == 404
