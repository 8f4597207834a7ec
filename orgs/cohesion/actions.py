"""Writes with rules for the joint meetings, their issues and cross-appointments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangcang.actions import acting_division_code
from wangcang.models import User
from wangcang.permissions import require_staff
from wangcang.uploads import validate_upload

from . import notifications as notification_kinds
from .models import CommitteeSeat, Department, JointMeeting, MeetingAttachment, Secondment, TrackedIssue


@transaction.atomic
def department_save(*, user: User, department: Department) -> Department:
    require_staff(user)
    if department.division_id is None:
        department.division_id = acting_division_code(user)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def joint_meeting_save(
    *, user: User, meeting: JointMeeting, departments: Iterable[Department] | None = None
) -> JointMeeting:
    """Record a new joint meeting or change one; its departments present are set when given."""
    require_staff(user)
    if meeting.division_id is None:
        meeting.division_id = acting_division_code(user)
    meeting.full_clean()
    meeting.save()
    if departments is not None:
        meeting.departments.set(departments)
    return meeting


@transaction.atomic
def meeting_attachment_add(*, user: User, meeting: JointMeeting, upload) -> MeetingAttachment:
    require_staff(user)
    validate_upload(upload)
    attachment = MeetingAttachment(meeting=meeting, file=upload, original_name=upload.name[:200], uploaded_by=user)
    attachment.full_clean()
    attachment.save()
    return attachment


def _check_resolution(issue: TrackedIssue) -> None:
    if issue.status == TrackedIssue.Status.RESOLVED:
        if not issue.resolution.strip():
            raise ValidationError({"resolution": _("Say how the issue was resolved.")})
        if issue.resolved_on is None:
            issue.resolved_on = timezone.localdate()
    else:
        issue.resolved_on = None


@transaction.atomic
def tracked_issue_save(*, user: User, issue: TrackedIssue) -> TrackedIssue:
    """Raise an issue (at a meeting or on its own) or change one. A resolved issue needs its
    resolution and a date; one reopened loses the date."""
    require_staff(user)
    if issue.division_id is None:
        if issue.meeting_id:
            issue.division_id = issue.meeting.division_id
        elif issue.organization_id:
            issue.division_id = issue.organization.division_id
        else:
            issue.division_id = acting_division_code(user)
    if issue.meeting_id and issue.raised_on is None:
        issue.raised_on = issue.meeting.held_on
    if issue.raised_on is None:
        issue.raised_on = timezone.localdate()
    _check_resolution(issue)
    if issue.resolved_on and issue.resolved_on < issue.raised_on:
        raise ValidationError({"resolved_on": _("An issue cannot be resolved before it was raised.")})
    owner_before = (
        TrackedIssue.objects.filter(pk=issue.pk).values_list("owner_id", flat=True).first() if issue.pk else None
    )
    issue.full_clean()
    issue.save()
    if issue.owner_id != owner_before:
        notify_issue_owner(issue, assigned_by=user)
    return issue


def notify_issue_owner(issue: TrackedIssue, *, assigned_by: User) -> None:
    """Tell the issue's owner it is now theirs (not when they took it themselves)."""
    from wangcang.actions import notification_send

    if issue.owner_id is None or issue.owner_id == assigned_by.pk or issue.status == TrackedIssue.Status.RESOLVED:
        return
    body = _("Assigned to you by %(name)s.") % {"name": assigned_by.get_full_name() or assigned_by.get_username()}
    if issue.due_on:
        body += " " + _("Due on %(due)s.") % {"due": issue.due_on.isoformat()}
    notification_send(
        recipients=[issue.owner],
        key=f"tracked-issue:{issue.pk}:assigned:{issue.owner_id}:{issue.history.count()}",
        title=_("An issue was assigned to you: %(issue)s") % {"issue": issue},
        body=body,
        url=issue.get_absolute_url(),
        kind=notification_kinds.ISSUE_ASSIGNED,
    )


@transaction.atomic
def tracked_issue_resolve(
    *, user: User, issue: TrackedIssue, resolution: str, resolved_on: date | None = None
) -> TrackedIssue:
    require_staff(user)
    issue = TrackedIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == TrackedIssue.Status.RESOLVED:
        raise ValidationError(_("The issue is already resolved."))
    issue.status = TrackedIssue.Status.RESOLVED
    issue.resolution = resolution
    issue.resolved_on = resolved_on or timezone.localdate()
    return tracked_issue_save(user=user, issue=issue)


def _unresolved_for_change(issue: TrackedIssue) -> TrackedIssue:
    issue = TrackedIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == TrackedIssue.Status.RESOLVED:
        raise ValidationError(_("The issue is already resolved."))
    return issue


@transaction.atomic
def tracked_issue_assign(
    *, user: User, issue: TrackedIssue, owner: User | None = None, owner_department: Department | None = None
) -> TrackedIssue:
    """Give an unresolved issue the staff member and/or the department that follow it up."""
    require_staff(user)
    if owner is None and owner_department is None:
        raise ValidationError(_("Choose the staff member or the department that follows the issue up."))
    issue = _unresolved_for_change(issue)
    if owner is not None:
        if not owner.is_union_staff:
            raise ValidationError({"owner": _("An issue is followed up by county union staff.")})
        issue.owner = owner
    if owner_department is not None:
        issue.owner_department = owner_department
    issue._change_reason = "assigned"
    return tracked_issue_save(user=user, issue=issue)


@transaction.atomic
def tracked_issue_set_due(*, user: User, issue: TrackedIssue, due_on: date) -> TrackedIssue:
    """Set the day an unresolved issue is due to be resolved by."""
    require_staff(user)
    issue = _unresolved_for_change(issue)
    if due_on < issue.raised_on:
        raise ValidationError(
            {
                "due_on": _("The due date cannot be before the day the issue was raised (%(raised)s).")
                % {"raised": issue.raised_on.isoformat()}
            }
        )
    issue.due_on = due_on
    issue._change_reason = "due date set"
    return tracked_issue_save(user=user, issue=issue)


@transaction.atomic
def tracked_issue_remind_overdue(*, today: date | None = None) -> int:
    """Notify the owner of each unresolved issue past its due date, once per issue and due date."""
    from wangcang.actions import notification_send

    today = today or timezone.localdate()
    sent = 0
    overdue = TrackedIssue.objects.unresolved().filter(due_on__lt=today, owner__isnull=False).select_related("owner")
    for issue in overdue:
        sent += len(
            notification_send(
                recipients=[issue.owner],
                key=f"tracked-issue:{issue.pk}:overdue:{issue.due_on:%Y%m%d}",
                title=_("Issue overdue: %(issue)s") % {"issue": issue},
                body=_("The issue was due on %(due)s and is not resolved.") % {"due": issue.due_on},
                url=issue.get_absolute_url(),
                kind=notification_kinds.ISSUE_OVERDUE,
            )
        )
    return sent


@transaction.atomic
def committee_seat_save(*, user: User, seat: CommitteeSeat) -> CommitteeSeat:
    require_staff(user)
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def secondment_save(*, user: User, secondment: Secondment) -> Secondment:
    require_staff(user)
    secondment.full_clean()
    secondment.save()
    return secondment
