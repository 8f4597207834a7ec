"""Writes with rules that every app shares: notifications and background jobs."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import BackgroundJob, Notification, User


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


def acting_division_code(user: User, given: str | None = None) -> str:
    """The division a new record written by ``user`` belongs to: the one given, else the
    user's own. An account with no division (a superuser) must say which: the portal never
    guesses a county, so a record never lands in another county's figures."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if given:
        return given
    if user.division_id:
        return user.division_id
    raise ValidationError(
        {
            "division": _(
                "Your account belongs to no division, so the record's division cannot be chosen for it: "
                "give your account a division (or sign in with a county staff account) and try again."
            )
        }
    )
