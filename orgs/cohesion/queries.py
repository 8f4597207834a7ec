"""Reads for the joint meetings, the issues board and cross-appointments."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .models import CommitteeSeat, JointMeeting, MeetingAttachment, Secondment, TrackedIssue


def meetings_for(user) -> QuerySet[JointMeeting]:
    return (
        JointMeeting.objects.visible_to(user)
        .prefetch_related("departments")
        .annotate(
            issue_count=Count("issues", distinct=True),
            resolved_count=Count("issues", filter=Q(issues__status=TrackedIssue.Status.RESOLVED), distinct=True),
        )
    )


def meetings_with_details_for(user) -> QuerySet[JointMeeting]:
    return JointMeeting.objects.visible_to(user).prefetch_related(
        "departments",
        Prefetch("attachments", queryset=MeetingAttachment.objects.select_related("uploaded_by")),
    )


def issues_for(user) -> QuerySet[TrackedIssue]:
    return TrackedIssue.objects.visible_to(user).select_related(
        "organization", "meeting", "owner", "owner_department", "self_report_problem__self_report"
    )


def meeting_issues_for(user, meeting: JointMeeting) -> QuerySet[TrackedIssue]:
    return issues_for(user).filter(meeting=meeting)


def open_issues_board_for(user, today: date | None = None) -> QuerySet[TrackedIssue]:
    """Unresolved issues, the overdue ones first (earliest due first), then the rest by due date."""
    today = today or timezone.localdate()
    return (
        issues_for(user)
        .unresolved()
        .annotate(
            is_overdue=Case(When(due_on__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("-is_overdue", F("due_on").asc(nulls_last=True), "raised_on", "pk")
    )


def committee_seats_for(user, on: date | None = None) -> QuerySet[CommitteeSeat]:
    queryset = CommitteeSeat.objects.visible_to(user).select_related("organization")
    return queryset.current(on) if on else queryset


def secondments_for(user, on: date | None = None) -> QuerySet[Secondment]:
    queryset = Secondment.objects.visible_to(user).select_related("organization")
    return queryset.current(on) if on else queryset


def appointment_stock_for(user, on: date) -> dict[str, int]:
    return {
        "committee_seats": CommitteeSeat.objects.visible_to(user).current(on).count(),
        "secondments": Secondment.objects.visible_to(user).current(on).count(),
    }
