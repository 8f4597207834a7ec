import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.cohesion import actions, queries
from orgs.models import JointMeeting, TrackedIssue
from wangcang.models import Notification

from .factories import (
    CommitteeSeatFactory,
    DepartmentFactory,
    SecondmentFactory,
    TrackedIssueFactory,
)

pytestmark = pytest.mark.django_db


def test_record_meeting_with_departments_and_issues_then_resolve_one(staff_user, organization):
    departments = [DepartmentFactory(name="民政局"), DepartmentFactory(name="团县委")]
    meeting = actions.joint_meeting_save(
        user=staff_user,
        meeting=JointMeeting(held_on=datetime.date(2022, 4, 1), place="县总工会", chair="主席"),
        departments=departments,
    )
    assert meeting.division_id == "510821" and set(meeting.departments.all()) == set(departments)
    first = actions.tracked_issue_save(
        user=staff_user, issue=TrackedIssue(meeting=meeting, organization=organization, description="缺少活动阵地")
    )
    assert first.raised_on == meeting.held_on and first.status == "open"
    resolved = actions.tracked_issue_resolve(
        user=staff_user, issue=first, resolution="提供一楼阵地", resolved_on=datetime.date(2022, 5, 1)
    )
    assert resolved.status == "resolved" and resolved.resolved_on == datetime.date(2022, 5, 1)
    assert resolved.history.count() == 2
    with pytest.raises(ValidationError):
        actions.tracked_issue_resolve(user=staff_user, issue=resolved, resolution="again")


def test_resolution_rules(staff_user):
    issue = TrackedIssueFactory()
    issue.status = TrackedIssue.Status.RESOLVED
    with pytest.raises(ValidationError) as info:
        actions.tracked_issue_save(user=staff_user, issue=issue)
    assert "resolution" in info.value.message_dict
    with pytest.raises(ValidationError):
        actions.tracked_issue_resolve(
            user=staff_user, issue=issue, resolution="ok", resolved_on=datetime.date(2022, 1, 1)
        )
    issue = actions.tracked_issue_resolve(user=staff_user, issue=TrackedIssue.objects.get(pk=issue.pk), resolution="ok")
    issue.status = TrackedIssue.Status.IN_PROGRESS
    issue = actions.tracked_issue_save(user=staff_user, issue=issue)
    assert issue.resolved_on is None


def test_only_staff_write(official_user, org_user):
    for user in (official_user, org_user):
        with pytest.raises(PermissionDenied):
            actions.joint_meeting_save(user=user, meeting=JointMeeting(held_on=datetime.date(2022, 1, 1)))


def test_open_issues_board_puts_overdue_first(staff_user):
    today = datetime.date(2022, 6, 1)
    later = TrackedIssueFactory(due_on=datetime.date(2022, 7, 1))
    no_due = TrackedIssueFactory(due_on=None)
    overdue_late = TrackedIssueFactory(due_on=datetime.date(2022, 5, 20))
    overdue_early = TrackedIssueFactory(due_on=datetime.date(2022, 5, 1))
    TrackedIssueFactory(status="resolved", resolution="done", resolved_on=today, due_on=datetime.date(2022, 1, 1))
    board = list(queries.open_issues_board_for(staff_user, today=today))
    assert board[:3] == [overdue_early, overdue_late, later]
    assert set(board) == {later, no_due, overdue_late, overdue_early}
    assert board[0].is_overdue and not board[2].is_overdue


def test_overdue_reminder_is_sent_once(staff_user):
    TrackedIssueFactory(due_on=datetime.date(2022, 5, 1), owner=staff_user)
    assert actions.tracked_issue_remind_overdue(today=datetime.date(2022, 6, 1)) == 1
    assert actions.tracked_issue_remind_overdue(today=datetime.date(2022, 6, 2)) == 0
    assert Notification.objects.filter(recipient=staff_user).count() == 1


def test_stock_of_cross_appointments_at_a_date(staff_user):
    CommitteeSeatFactory(starts_on=datetime.date(2022, 6, 1))
    CommitteeSeatFactory(starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2022, 5, 31))
    SecondmentFactory(starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2022, 12, 31))
    stock = queries.appointment_stock_for
    assert stock(staff_user, datetime.date(2022, 5, 31)) == {"committee_seats": 1, "secondments": 1}
    assert stock(staff_user, datetime.date(2022, 6, 1)) == {"committee_seats": 1, "secondments": 1}
    assert stock(staff_user, datetime.date(2021, 1, 1)) == {"committee_seats": 1, "secondments": 0}
    assert stock(staff_user, datetime.date(2023, 1, 1)) == {"committee_seats": 1, "secondments": 0}
    assert stock(staff_user, datetime.date(2022, 12, 31))["secondments"] == 1


def test_appointment_dates_must_be_ordered(staff_user):
    seat = CommitteeSeatFactory.build(starts_on=datetime.date(2022, 6, 1), ends_on=datetime.date(2022, 1, 1))
    seat.organization.save()
    with pytest.raises(ValidationError):
        actions.committee_seat_save(user=staff_user, seat=seat)


def test_daily_reminder_task_is_declared_and_runs(staff_user):
    from orgs.cohesion.tasks import remind_overdue_issues
    from wangcang.schedules import declared

    assert "orgs.cohesion.tasks.remind_overdue_issues" in {item.task for item in declared()}
    TrackedIssueFactory(due_on=datetime.date(2020, 1, 1), owner=staff_user)
    assert remind_overdue_issues.delay().get() == 1
    assert remind_overdue_issues.delay().get() == 0
