"""Background jobs: an action creates a :class:`BackgroundJob` row and queues
:func:`wangcang.tasks.run_background_job` on commit; the task finds the handler registered
for the job's kind and runs it. Handlers report progress through :class:`Progress`."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from .models import BackgroundJob

HANDLERS: dict[str, Callable[[BackgroundJob, Progress], None]] = {}


def job_handler(kind: str):
    def register(func):
        HANDLERS[kind] = func
        return func

    return register


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


def run(job_id: int) -> None:
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():  # handlers live in each app's jobs module
        try:
            import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.jobs":
                raise
    job = BackgroundJob.objects.get(pk=job_id)
    if job.is_finished:
        return  # a retry of a job that already ended
    handler = HANDLERS[job.kind]
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    try:
        handler(job, Progress(job))
    except Exception as exc:
        BackgroundJob.objects.filter(pk=job.pk).update(
            status=BackgroundJob.Status.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db(fields=["result", "result_file", "message"])
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=BackgroundJob.Status.DONE, progress=job.total, finished_at=timezone.now()
    )
