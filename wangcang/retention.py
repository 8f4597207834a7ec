"""Retention of files the portal generates or receives for a moment: export and error-report
workbooks of background jobs are deleted once older than
``GENERATED_FILES_RETENTION_DAYS``; uploaded import workbooks (they hold ID numbers) are
deleted when their import ends (``wangcang.imports``), and any left behind by a killed worker
are removed here a day later. Each app prunes its own files (``reports`` its PDFs).

Claimed one-time keys (``WriteOnce``: form tokens and API ``Idempotency-Key`` values) are kept
``WRITE_ONCE_RETENTION_DAYS``: long enough for any double click, retry or reloaded tab to find
the first result, and no longer, so that the table does not grow with every write."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .imports import IMPORTS_FOLDER
from .models import BackgroundJob, WriteOnce

JOB_FILES_FOLDER = "jobs/"


def cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.GENERATED_FILES_RETENTION_DAYS)


def prune_job_files(now: datetime | None = None) -> int:
    """Delete the files of jobs that ended before the cutoff; the job rows stay."""
    pruned = 0
    old = BackgroundJob.objects.filter(finished_at__lt=cutoff(now), result_file__startswith=JOB_FILES_FOLDER)
    for job in old.only("pk", "result_file"):
        job.result_file.delete(save=False)
        BackgroundJob.objects.filter(pk=job.pk).update(result_file="")
        pruned += 1
    return pruned


def prune_import_uploads(now: datetime | None = None) -> int:
    """Import workbooks older than a day: their import ended long ago (the hard time limit is
    far shorter), but its worker was killed before it could delete them."""
    limit = (now or timezone.now()) - timedelta(days=1)
    try:
        _folders, names = default_storage.listdir(IMPORTS_FOLDER)
    except FileNotFoundError:
        return 0
    pruned = 0
    for name in names:
        path = f"{IMPORTS_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            pruned += 1
    return pruned


def prune_write_once(now: datetime | None = None) -> int:
    """Delete the one-time keys claimed before ``WRITE_ONCE_RETENTION_DAYS``."""
    limit = (now or timezone.now()) - timedelta(days=settings.WRITE_ONCE_RETENTION_DAYS)
    deleted, _by_model = WriteOnce.objects.filter(created_at__lt=limit).delete()
    return deleted
