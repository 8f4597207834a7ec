"""Celery tasks of self-reporting."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=3, default_retry_delay=300)
def remind_due_self_reports() -> int:
    """The daily reminder run; safe to repeat (each stage is sent once per report and user)."""
    from .actions import self_reports_remind_due

    return self_reports_remind_due()
