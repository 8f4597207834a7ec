"""The Celery app for the fault tests' worker subprocess: the portal's app plus one slow
job kind, so a test can kill the worker, or cut its database connection, mid-job.

Started as ``celery -A tests.wangcang.fault_worker worker`` with DATABASE_URL pointing at
the test database."""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangcang.settings.test")
django.setup()

from wangcang.celery import app  # noqa: E402
from wangcang.jobs import job_handler  # noqa: E402
from wangcang.models import BackgroundJob  # noqa: E402

__all__ = ["app"]


@job_handler("tests.slow")
def slow(job, progress):
    """``steps`` steps of ``pause`` seconds, writing progress after each; the worker
    process's id is recorded so that a test can kill it."""
    BackgroundJob.objects.filter(pk=job.pk).update(result={"pid": os.getpid(), "attempt": job.attempts})
    progress.step = 1
    progress.start(job.params["steps"])
    for done in range(1, job.params["steps"] + 1):
        time.sleep(job.params.get("pause", 0.2))
        progress.advance(done)
    job.result = {"pid": os.getpid(), "attempt": job.attempts, "finished": True}
    job.save(update_fields=["result"])
