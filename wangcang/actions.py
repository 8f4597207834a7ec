"""Writes with rules that every app shares: notifications and background jobs."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import BackgroundJob, Notification, User

logger = logging.getLogger(__name__)


def notification_send(
    *, recipients: Iterable[User], key: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Notify each recipient once per ``key`` (in the app and by e-mail).

    Idempotent: a recipient who already has a notification with this key gets nothing
    new, so a reminder job that runs twice, or a retried task, sends nothing twice.
    """
    created: list[Notification] = []
    for recipient in recipients:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient, key=key, title=title, body=body, url=url
                )
        except IntegrityError:
            continue
        created.append(notification)
        transaction.on_commit(lambda pk=notification.pk: _queue_email(pk))
    return created


def _queue_email(notification_id: int) -> None:
    """Queue the e-mail; with the broker down the notification is still in the app (and its
    ``emailed_at`` stays empty), and the page that caused it answers normally."""
    from .tasks import email_notification

    try:
        email_notification.delay(notification_id)
    except Exception:
        logger.exception("The e-mail of notification %s could not be queued", notification_id)


def job_start(*, kind: str, params: dict | None = None, user: User | None = None) -> BackgroundJob:
    """Create a job and queue it once the transaction that created it commits (on the
    runner ``settings.BACKGROUND_JOB_RUNNER`` names: Celery, or threads in the web process).
    If the broker cannot be reached then, the job is failed with a message (``jobs.dispatch``)."""
    from . import jobrunner, jobs

    job = BackgroundJob.objects.create(kind=kind, params=params or {}, created_by=user, task_id=jobs.new_task_id())
    transaction.on_commit(lambda: jobrunner.queue(job.pk, task_id=job.task_id))
    return job


@transaction.atomic
def job_retry(*, job: BackgroundJob, user: User) -> BackgroundJob:
    """Start a failed job again, as a new job with the same kind and parameters."""
    from . import jobs

    if not (user.is_superuser or job.created_by_id == user.pk):
        raise PermissionDenied(_("Only the person who started this job may retry it."))
    if not jobs.can_retry(job):
        raise ValidationError(_("This job cannot be retried; start it again from its page."))
    retry = job_start(kind=job.kind, params=job.params, user=job.created_by or user)
    retry.retry_of = job
    retry.save(update_fields=["retry_of"])
    return retry
