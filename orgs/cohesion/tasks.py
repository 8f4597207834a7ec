"""Celery tasks of the cohesion part."""

from celery import shared_task


@shared_task(acks_late=True)
def remind_overdue_issues() -> int:
    """Notify the owners of issues past their due date; safe to run twice (one notice per
    issue and due date)."""
    from .actions import tracked_issue_remind_overdue

    return tracked_issue_remind_overdue()
