"""Background jobs: an action creates a :class:`BackgroundJob` row and queues
:func:`wangcang.tasks.run_background_job` on commit; the task finds the handler registered
for the job's kind and runs it. Handlers report progress through :class:`Progress`.

A job never hangs:

- queueing fails (the broker cannot be reached): the job is failed at once with a message
  that says so, and the page that started it answers normally;
- the handler raises: the exception goes to the log, the user reads a message in their
  language (:func:`user_message`), and the failure is written on a fresh database connection
  if the old one died;
- the worker is killed: the broker redelivers the message (``acks_late`` and
  ``reject_on_worker_lost``) and the job runs again from the start, at most
  ``MAX_ATTEMPTS`` times; if nothing redelivers it, :func:`sweep` fails it once it is past its
  time limit.

Handlers must therefore be safe to run twice: they overwrite their result, never add to it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import Error as DatabaseError  # also InterfaceError: a closed connection
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BackgroundJob

logger = logging.getLogger(__name__)

HANDLERS: dict[str, Callable[[BackgroundJob, Progress], None]] = {}
# Kinds that cannot simply run again, e.g. an import whose workbook is deleted when it ends.
NOT_RETRYABLE: set[str] = set()
# A job interrupted this many times (each time its worker died) is failed, not run again.
MAX_ATTEMPTS = 3


class JobFailedError(Exception):
    """Raised by a handler to end its job with a message meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def job_handler(kind: str, *, retryable: bool = True):
    def register(func):
        HANDLERS[kind] = func
        if not retryable:
            NOT_RETRYABLE.add(kind)
        return func

    return register


def load_handlers() -> None:
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():  # handlers live in each app's jobs module
        try:
            import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.jobs":
                raise
    import_module("wangcang.bulk")  # the bulk actions' one handler, for every list


def time_limit() -> timedelta:
    """How long a job may run before the worker kills it (Celery's hard time limit)."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


class Progress:
    """Writes progress at most every ``step`` items, so a 10,000-row import does not
    write 10,000 times."""

    def __init__(self, job: BackgroundJob, step: int = 200):
        self.job = job
        self.step = step

    def start(self, total: int, message: str = "") -> None:
        BackgroundJob.objects.filter(pk=self.job.pk).update(total=total, progress=0, message=message)
        self.job.total, self.job.progress = total, 0

    def advance(self, done: int, message: str | None = None) -> None:
        if done == self.job.total or done - self.job.progress >= self.step:
            changes = {"progress": done}
            if message is not None:
                changes["message"] = message
            BackgroundJob.objects.filter(pk=self.job.pk).update(**changes)
            self.job.progress = done


def user_message(exc: BaseException) -> str:
    """What the user reads about a failure; the exception itself goes to the log."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, JobFailedError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "；".join(str(message) for message in exc.messages)
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("The job ran longer than its time limit (%(minutes)d minutes) and was stopped.") % {
            "minutes": settings.CELERY_TASK_SOFT_TIME_LIMIT // 60
        }
    if isinstance(exc, IntegrityError):
        return _("The job collided with a change made at the same moment and was stopped; nothing was half-written.")
    if isinstance(exc, DatabaseError):
        return _("The connection to the database was lost while the job ran.")
    return _("The job failed because of an internal error. The error has been logged for the administrator.")


def _write(job_id: int, *, unfinished_only: bool = False, **changes) -> int:
    """Update the job; if the connection died (the database restarted), on a new one."""

    def update() -> int:
        queryset = BackgroundJob.objects.filter(pk=job_id)
        if unfinished_only:
            queryset = queryset.exclude(status__in=[BackgroundJob.Status.DONE, BackgroundJob.Status.FAILED])
        return queryset.update(**changes)

    try:
        return update()
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        logger.warning("Background job %s: the database connection failed, writing on a new one", job_id)
        connection.close()
        return update()


def fail(job_id: int, message: str) -> int:
    """End an unfinished job as failed with ``message`` for the user."""
    failed = _write(
        job_id,
        unfinished_only=True,
        status=BackgroundJob.Status.FAILED,
        message=message[:2000],
        finished_at=timezone.now(),
    )
    if failed:
        notify_finished(job_id)
    return failed


def notify_finished(job_id: int) -> None:
    """Tell the person who started the job that it ended (once per job), where they
    chose for the kind ``jobs.finished`` (the portal only, unless they chose more)."""
    from .actions import notification_send

    job = BackgroundJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.created_by is None:
        return
    try:
        if job.status == BackgroundJob.Status.DONE:
            title = _("Background job #%(id)d is done") % {"id": job.pk}
        else:
            title = _("Background job #%(id)d failed") % {"id": job.pk}
        notification_send(
            recipients=[job.created_by],
            key=f"job:{job.pk}:finished",
            title=title,
            body=job.message if job.status == BackgroundJob.Status.FAILED else "",
            url=job.get_absolute_url(),
            kind="jobs.finished",
        )
    except DatabaseError:
        # The job's outcome is recorded; a lost notice must not turn it into a failure.
        logger.exception("Background job %s: the notice of its end could not be stored", job_id)


def new_task_id() -> str:
    return str(uuid.uuid4())


def dispatch(job_id: int, task_id: str = "") -> None:
    """Send the job to the broker. Called on commit of the transaction that created it; if
    the broker cannot be reached the job is failed with a message, never left waiting."""
    from .tasks import run_background_job

    try:
        run_background_job.apply_async((job_id,), task_id=task_id or None)
    except Exception:
        logger.exception("Background job %s could not be queued", job_id)
        fail(
            job_id,
            _(
                "The background service (Redis) could not be reached, so the job was not started. "
                "Try again in a few minutes; if it keeps failing, tell the system administrator."
            ),
        )


def claim(job_id: int, task_id: str = "") -> BackgroundJob | None:
    """Mark the job running for this delivery, or return ``None`` when it must not run:
    it ended already, another message owns it, or it was interrupted too often."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None  # a late or repeated delivery of a job that already ended
        if task_id and job.task_id and task_id != job.task_id:
            return None  # not this job's message
        if job.status == BackgroundJob.Status.RUNNING and not (task_id and task_id == job.task_id):
            return None  # running elsewhere
        if job.attempts >= MAX_ATTEMPTS:
            job.status = BackgroundJob.Status.FAILED
            job.message = _("The job was interrupted %(count)d times (its worker stopped) and was given up.") % {
                "count": job.attempts
            }
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            logger.error("Background job %s (%s) given up after %s attempts", job.pk, job.kind, job.attempts)
            return None
        job.status = BackgroundJob.Status.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.progress = 0
        job.save(update_fields=["status", "attempts", "started_at", "progress"])
    return job


def run(job_id: int, task_id: str = "") -> None:
    load_handlers()
    job = claim(job_id, task_id)
    if job is None:
        return
    if job.attempts > 1:
        logger.warning("Background job %s (%s): attempt %s after an interruption", job.pk, job.kind, job.attempts)
    handler = HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for background job kind {job.kind!r}")
        handler(job, Progress(job))
    except Exception as exc:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        fail(job.pk, user_message(exc))
        return
    _write(job.pk, status=BackgroundJob.Status.DONE, progress=job.total, finished_at=timezone.now())
    notify_finished(job.pk)


def can_retry(job: BackgroundJob) -> bool:
    load_handlers()
    return job.status == BackgroundJob.Status.FAILED and job.kind in HANDLERS and job.kind not in NOT_RETRYABLE


def stuck(now: datetime | None = None):
    """Jobs past their limit: running longer than the hard time limit (plus a minute for
    the worker to record its own failure), or still waiting that long after they were
    queued (no worker took them)."""
    now = now or timezone.now()
    cutoff = now - time_limit() - timedelta(minutes=1)
    running = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, started_at__lt=cutoff)
    waiting = BackgroundJob.objects.filter(status=BackgroundJob.Status.PENDING, created_at__lt=cutoff)
    return running | waiting


def sweep(now: datetime | None = None) -> int:
    """Fail every stuck job with a reason the user can act on; returns how many."""
    failed = 0
    minutes = int(time_limit().total_seconds() // 60)
    for job in stuck(now):
        if job.status == BackgroundJob.Status.RUNNING:
            message = _(
                "The job did not finish within %(minutes)d minutes: the background worker probably stopped. "
                "You can retry it."
            ) % {"minutes": minutes}
        else:
            message = _(
                "The job was not started within %(minutes)d minutes: no background worker is running. "
                "You can retry it once the administrator has started one."
            ) % {"minutes": minutes}
        failed += fail(job.pk, message)
        logger.error("Background job %s (%s) failed by the sweep: %s", job.pk, job.kind, job.status)
    return failed
