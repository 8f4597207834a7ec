"""Writes with rules that every app shares: notifications and background jobs."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from .models import BackgroundJob, Notification, User, WriteOnce


def notification_send(
    *, recipients: Iterable[User], key: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Notify each recipient once per ``key`` (in the app and by e-mail).

    Idempotent: a recipient who already has a notification with this key gets nothing
    new, so a reminder job that runs twice, or a retried task, sends nothing twice.
    """
    from .tasks import email_notification

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
        transaction.on_commit(lambda pk=notification.pk: email_notification.delay(pk))
    return created


def job_start(*, kind: str, params: dict | None = None, user: User | None = None) -> BackgroundJob:
    """Create a job and queue it once the transaction that created it commits (on the
    runner ``settings.BACKGROUND_JOB_RUNNER`` names: Celery, or threads in the web process)."""
    from . import jobrunner

    job = BackgroundJob.objects.create(kind=kind, params=params or {}, created_by=user)
    transaction.on_commit(lambda: jobrunner.queue(job.pk))
    return job


class AlreadySubmittedError(Exception):
    """The form's one-time token was used by an earlier submit; ``claim`` holds its result."""

    def __init__(self, claim: WriteOnce):
        super().__init__(claim.key)
        self.claim = claim


def claim_once(*, user, key: str) -> WriteOnce:
    """Claim ``key`` for ``user`` inside the caller's transaction, or raise ``AlreadySubmittedError``.

    On PostgreSQL a concurrent claim of the same key waits on the unique index until the
    first transaction ends: if it committed, this one fails and reads the first result; if it
    rolled back (the action refused), this one goes ahead."""
    try:
        with transaction.atomic():
            return WriteOnce.objects.create(user=user, key=key)
    except IntegrityError:
        pass
    claim = WriteOnce.objects.filter(user=user, key=key).first()
    if claim is None:  # the key could not be claimed for another reason: refuse rather than write
        raise PermissionDenied
    raise AlreadySubmittedError(claim)
