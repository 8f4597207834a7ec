from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from orgs.models import Organization, ReportingRound, SelfReport, Town, TrackedIssue
from orgs.selfreports import actions, queries
from tests.orgs.factories import OrganizationFactory
from wangcang.models import Division, Notification

from .factories import FILLED, ReportingRoundFactory, SelfReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(organization):
    return SelfReportFactory(organization=organization)


def submitted(report, org_user):
    actions.self_report_save_draft(user=org_user, self_report=report, figures=FILLED, problems=["缺少活动场地"])
    return actions.self_report_submit(user=org_user, self_report=report)


def test_opening_a_round_creates_one_empty_draft_per_active_social_organization(staff_user):
    town = Town.objects.create(division_id="510821", name="嘉川镇")
    OrganizationFactory.create_batch(3, town=town)
    OrganizationFactory(industry=Organization.Industry.CHARITY)
    OrganizationFactory(status=Organization.Status.SUSPENDED)
    OrganizationFactory(kind=Organization.Kind.OTHER)
    division = Division.objects.get(code="510821")
    whole = actions.round_open(
        user=staff_user, division=division, title="2022年度", period="2022", due_on=date(2023, 1, 31)
    )
    assert (whole.period_start, whole.period_end, whole.period_key) == (date(2022, 1, 1), date(2022, 12, 31), "2022")
    assert whole.self_reports.count() == 4
    assert set(whole.self_reports.values_list("status", flat=True)) == {"draft"}
    assert whole.self_reports.not_started().count() == 4
    assert whole.self_reports.first().history.count() == 1
    by_town = actions.round_open(
        user=staff_user, division=division, title="一季度", period="2023-Q1", due_on=date(2023, 4, 15), towns=[town.pk]
    )
    assert (by_town.period_start, by_town.period_end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert by_town.self_reports.count() == 3
    by_industry = actions.round_open(
        user=staff_user,
        division=division,
        title="公益",
        period="2023",
        due_on=date(2024, 1, 31),
        industries=[Organization.Industry.CHARITY],
    )
    assert by_industry.self_reports.count() == 1


def test_a_bad_period_is_refused_in_chinese(staff_user):
    division = Division.objects.get(code="510821")
    OrganizationFactory()
    with pytest.raises(ValidationError) as error:
        actions.round_open(user=staff_user, division=division, title="x", period="2022-Q5", due_on=date(2023, 1, 1))
    assert "Q1" in str(error.value.message_dict["period_key"])
    with pytest.raises(ValidationError) as error:
        actions.round_open(user=staff_user, division=division, title="x", period="明年", due_on=date(2023, 1, 1))
    assert (
        "不是" in error.value.message_dict["period_key"][0]
        or "not a period" in error.value.message_dict["period_key"][0]
    )
    assert not ReportingRound.objects.exists()


def test_an_org_user_cannot_open_a_round(org_user):
    with pytest.raises(PermissionDenied):
        actions.round_open(
            user=org_user,
            division=Division.objects.get(code="510821"),
            title="x",
            period="2022",
            due_on=date(2023, 1, 1),
        )


def test_draft_saves_without_validation_and_submit_names_what_is_missing(report, org_user):
    actions.self_report_save_draft(user=org_user, self_report=report, figures={"staff_count": 5})
    report.refresh_from_db()
    assert report.staff_count == 5 and report.saved_at is not None and report.status == "draft"
    with pytest.raises(ValidationError) as error:
        actions.self_report_submit(user=org_user, self_report=report)
    assert "dues_collected" in error.value.message_dict
    assert "staff_count" not in error.value.message_dict
    report.refresh_from_db()
    assert report.status == "draft" and not report.versions.exists()


def test_the_whole_way_submit_return_resubmit_accept(report, org_user, staff_user):
    report = submitted(report, org_user)
    assert report.status == SelfReport.Status.SUBMITTED and report.submitted_at
    assert report.versions.get().figures["dues_collected"] == "1320.00"
    assert report.versions.get().problems == ["缺少活动场地"]
    report = actions.self_report_return(
        user=staff_user, self_report=report, comment="会费数额请核对", field_comments={"dues_collected": "与收据不符"}
    )
    assert report.status == "returned" and report.field_comments == {"dues_collected": "与收据不符"}
    assert Notification.objects.filter(recipient=org_user, key__startswith=f"self-report:{report.pk}:returned").exists()
    actions.self_report_save_draft(
        user=org_user,
        self_report=report,
        figures={"dues_collected": Decimal("1280.00")},
        problems=["缺少活动场地", "缺少培训"],
    )
    report = actions.self_report_submit(user=org_user, self_report=report)
    assert report.status == SelfReport.Status.RESUBMITTED
    first, second = report.versions.all()
    diff = queries.version_diff(first, second)
    assert [(change.field, change.old, change.new) for change in diff["figures"]] == [
        ("dues_collected", "1320.00", "1280.00")
    ]
    assert diff["problems_added"] == ["缺少培训"] and diff["problems_removed"] == []
    report = actions.self_report_accept(user=staff_user, self_report=report)
    assert report.status == SelfReport.Status.ACCEPTED and report.accepted_by == staff_user
    assert SelfReport.objects.accepted().get() == report


def test_the_organization_cannot_edit_after_submit_until_returned(report, org_user, staff_user):
    report = submitted(report, org_user)
    with pytest.raises(actions.TransitionError):
        actions.self_report_save_draft(user=org_user, self_report=report, figures={"staff_count": 1})
    with pytest.raises(actions.TransitionError):
        actions.self_report_submit(user=org_user, self_report=report)
    report.refresh_from_db()
    assert report.staff_count == 12


def test_forbidden_transitions(report, org_user, staff_user):
    with pytest.raises(actions.TransitionError):
        actions.self_report_accept(user=staff_user, self_report=report)
    with pytest.raises(actions.TransitionError):
        actions.self_report_return(user=staff_user, self_report=report, comment="x")
    report = submitted(report, org_user)
    with pytest.raises(PermissionDenied):
        actions.self_report_accept(user=org_user, self_report=report)
    with pytest.raises(PermissionDenied):
        actions.self_report_return(user=org_user, self_report=report, comment="x")
    with pytest.raises(ValidationError):
        actions.self_report_return(user=staff_user, self_report=report, comment=" ")
    report = actions.self_report_accept(user=staff_user, self_report=report)
    with pytest.raises(actions.TransitionError):
        actions.self_report_return(user=staff_user, self_report=report, comment="晚了")
    with pytest.raises(actions.TransitionError):
        actions.self_report_accept(user=staff_user, self_report=report)
    with pytest.raises(actions.TransitionError):
        actions.self_report_save_draft(user=org_user, self_report=report, figures={})
    report.refresh_from_db()
    assert report.status == "accepted"


def test_staff_and_other_organizations_cannot_fill_in(report, staff_user, other_org_user):
    with pytest.raises(PermissionDenied):
        actions.self_report_save_draft(user=staff_user, self_report=report, figures={"staff_count": 1})
    with pytest.raises(PermissionDenied):
        actions.self_report_save_draft(user=other_org_user, self_report=report, figures={"staff_count": 1})


def test_a_problem_becomes_a_tracked_issue_once_and_can_be_resolved(report, org_user, staff_user):
    report = submitted(report, org_user)
    problem = report.problems.get()
    issue = actions.self_report_problem_track(user=staff_user, problem=problem)
    assert issue.status == TrackedIssue.Status.OPEN
    assert (issue.organization, issue.division_id, issue.owner, issue.description) == (
        report.organization,
        "510821",
        staff_user,
        "缺少活动场地",
    )
    with pytest.raises(ValidationError):
        actions.self_report_problem_track(user=staff_user, problem=problem)
    with pytest.raises(PermissionDenied):
        actions.self_report_problem_track(user=org_user, problem=problem)
    issue = actions.tracked_issue_resolve(user=staff_user, issue=issue, resolution="免费提供500平方米场地")
    assert issue.status == "resolved" and issue.resolved_on == timezone.localdate()


def test_reminders_go_once_per_stage_even_when_the_job_runs_twice(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    today = date(2023, 1, 24)
    stages = {}
    for days, stage in [(7, "due-7"), (1, "due-1"), (-3, "overdue"), (3, None)]:
        organization = OrganizationFactory()
        make_user(f"org-{stage}", "org", organizations=[organization], email=f"{stage}@example.com")
        reporting_round = ReportingRoundFactory(due_on=today + timedelta(days=days))
        stages[stage] = SelfReportFactory(round=reporting_round, organization=organization)
    done = SelfReportFactory(round=stages["overdue"].round, status="submitted")
    make_user("org-done", "org", organizations=[done.organization])
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.self_reports_remind_due(today=today) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.self_reports_remind_due(today=today) == 0
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"self-report:{stages[s].pk}:{s}" for s in ("due-7", "due-1", "overdue")}
    assert len(mailoutbox) == 3
    assert sorted(message.to[0] for message in mailoutbox) == [
        "due-1@example.com",
        "due-7@example.com",
        "overdue@example.com",
    ]
    # Two days later the due-tomorrow report is overdue and the one due in 3 days is due
    # tomorrow: new stages, each sent once.
    assert actions.self_reports_remind_due(today=today + timedelta(days=2)) == 2
    assert Notification.objects.filter(key=f"self-report:{stages['due-1'].pk}:overdue").exists()
    assert Notification.objects.filter(key=f"self-report:{stages[None].pk}:due-1").exists()
    assert actions.self_reports_remind_due(today=today + timedelta(days=2)) == 0


def test_bulk_reminder_from_the_overview_once_a_day(staff_user, make_user):
    reporting_round = ReportingRoundFactory()
    for index in range(3):
        report = SelfReportFactory(round=reporting_round)
        make_user(f"o{index}", "org", organizations=[report.organization])
    SelfReportFactory(round=reporting_round, status="accepted", accepted_at=timezone.now())
    assert actions.round_remind(user=staff_user, reporting_round=reporting_round) == 3
    assert actions.round_remind(user=staff_user, reporting_round=reporting_round) == 0


def test_accepted_figures_are_the_reported_figures_of_the_period(organization, org_user, staff_user):
    annual = SelfReportFactory(organization=organization)
    submitted(annual, org_user)
    actions.self_report_accept(user=staff_user, self_report=annual)
    quarter_round = ReportingRoundFactory(
        period_key="2022-Q4", period_start=date(2022, 10, 1), period_end=date(2022, 12, 31), due_on=date(2023, 1, 15)
    )
    quarter = SelfReportFactory(organization=organization, round=quarter_round)
    submitted(quarter, org_user)
    actions.self_report_accept(user=staff_user, self_report=quarter)
    draft = SelfReportFactory(
        organization=organization,
        round=ReportingRoundFactory(period_key="2021", period_start=date(2021, 1, 1), period_end=date(2021, 12, 31)),
        dues_collected=Decimal("999.00"),
    )
    assert draft.status == "draft"
    figures = queries.reported_figures(organization, "2022")
    assert figures["union_member_count"] == 11 and figures["dues_collected"] == Decimal("1320.00")
    assert queries.reported_figures(organization, "2021") is None
    assert queries.accepted_dues(organization=organization, start=date(2022, 1, 1), end=date(2022, 12, 31)) == Decimal(
        "1320.00"
    )
    assert queries.accepted_dues(organization=organization, start=date(2022, 10, 1), end=date(2022, 12, 31)) == Decimal(
        "1320.00"
    )
    assert queries.accepted_dues(organization=organization, start=date(2021, 1, 1), end=date(2021, 12, 31)) == Decimal(
        "0.00"
    )


def test_a_staff_account_without_division_cannot_open_a_round(make_user):
    user = make_user("staff-nowhere", "staff", division=None)
    with pytest.raises(ValidationError):
        actions.round_open(user=user, division=None, title="x", period="2022", due_on=date(2023, 1, 1))
