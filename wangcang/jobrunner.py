"""Where a queued background job runs.

``settings.BACKGROUND_JOB_RUNNER`` chooses:

- ``"celery"``: the job's task goes to Celery (``run_background_job.delay``). With a broker,
  Celery workers run it; with ``task_always_eager`` (the test settings) it runs at once in
  the caller, so a test reads the job's result right after the action's transaction commits.
- ``"thread"``: the embedded single-process default (no broker). The job runs in a small
  thread pool inside the web process, so the request that started it answers at once and
  the job page polls the progress the thread writes, as it does with Celery workers.

The thread runs the same Celery task through ``apply()``, so whatever the task adds around
:func:`wangcang.jobs.run` (retries, failure recording) applies here too. Each thread opens
its own database connection on first use and closes it when the job ends.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

RUNNERS = ("celery", "thread")

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def runner() -> str:
    name = getattr(settings, "BACKGROUND_JOB_RUNNER", "celery")
    if name not in RUNNERS:
        raise ValueError(f"BACKGROUND_JOB_RUNNER must be one of {RUNNERS}, not {name!r}")
    return name


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=getattr(settings, "BACKGROUND_JOB_THREADS", 2), thread_name_prefix="wangcang-job"
            )
        return _executor


def _run_in_thread(job_id: int) -> None:
    from .tasks import run_background_job

    close_old_connections()
    try:
        result = run_background_job.apply(args=[job_id], throw=False)
        if result.failed():
            logger.error("background job %s failed: %r", job_id, result.result)
    finally:
        # This thread's connections only: Django keeps one per thread.
        connections.close_all()


def queue(job_id: int) -> Future | None:
    """Run the job ``job_id`` with the configured runner; call it once the job's row is
    committed (``transaction.on_commit``). Returns the thread's future with the thread
    runner, so a caller (a test) may wait for it."""
    if runner() == "thread":
        return _pool().submit(_run_in_thread, job_id)
    from .tasks import run_background_job

    run_background_job.delay(job_id)
    return None
