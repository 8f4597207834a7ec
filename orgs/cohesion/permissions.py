"""Object rules of the cohesion part beyond scoping: staff edit, officials and organization
users read what their scope shows them."""

from __future__ import annotations

from wangcang.permissions import can_edit

from .models import JointMeeting, TrackedIssue


def can_edit_meeting(user, meeting: JointMeeting | None = None) -> bool:
    return can_edit(user)


def can_edit_issue(user, issue: TrackedIssue | None = None) -> bool:
    return can_edit(user)


def can_resolve_issue(user, issue: TrackedIssue) -> bool:
    return can_edit(user) and issue.status != TrackedIssue.Status.RESOLVED


def can_edit_appointments(user) -> bool:
    return can_edit(user)
