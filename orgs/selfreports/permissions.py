"""Object rules of self-reporting beyond scoping (scoping decides what a user sees at all)."""

from __future__ import annotations

from wangcang.permissions import has_role
from wangcang.scoping import user_organization_ids

from .models import SelfReport


def _is_own(user, self_report: SelfReport) -> bool:
    return has_role(user, "org") and self_report.organization_id in user_organization_ids(user)


def can_open_round(user) -> bool:
    return has_role(user, "staff")


def can_edit_self_report(user, self_report: SelfReport) -> bool:
    """The organization fills in its report while it is a draft or returned to it."""
    return _is_own(user, self_report) and self_report.is_editable


def can_submit_self_report(user, self_report: SelfReport) -> bool:
    return can_edit_self_report(user, self_report)


def can_review_self_report(user, self_report: SelfReport) -> bool:
    """Staff return or accept a report that waits for review."""
    return has_role(user, "staff") and self_report.is_waiting


def can_see_versions(user, self_report: SelfReport) -> bool:
    return has_role(user, "staff", "official")


def can_track_problem(user) -> bool:
    return has_role(user, "staff")


def can_remind(user) -> bool:
    return has_role(user, "staff")


def can_shape_questions(user, reporting_round) -> bool:
    """Staff change a round's questions until the first answer or submission."""
    return has_role(user, "staff") and not reporting_round.questions_locked
