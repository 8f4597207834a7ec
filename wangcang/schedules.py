"""Periodic jobs live in django-celery-beat. Each app declares its own in ``schedules.py``
(``SCHEDULES``); after every migrate they are written to the beat tables, so a new
deployment needs no hand-made schedule. Staff may change times in the admin: an existing
entry keeps its schedule and is only re-enabled and re-pointed at its task."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str = "0"
    hour: str = "2"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    kwargs: dict = field(default_factory=dict)


def declared() -> list[Schedule]:
    from django.apps import apps

    result: list[Schedule] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.schedules":
                raise
            continue
        result.extend(getattr(module, "SCHEDULES", ()))
    return result


def sync() -> int:
    import json

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    created = 0
    for item in declared():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=item.minute,
            hour=item.hour,
            day_of_week=item.day_of_week,
            day_of_month=item.day_of_month,
            month_of_year=item.month_of_year,
            timezone="Asia/Shanghai",
        )
        _, was_created = PeriodicTask.objects.get_or_create(
            name=item.name,
            defaults={"task": item.task, "crontab": crontab, "kwargs": json.dumps(item.kwargs)},
        )
        created += was_created
    return created


def sync_after_migrate(sender, **kwargs) -> None:
    from django.db import connection

    if "django_celery_beat_periodictask" in connection.introspection.table_names():
        sync()


SCHEDULES: list[Schedule] = [
    Schedule(name="Fail stuck background jobs", task="wangcang.tasks.sweep_stuck_jobs", minute="*/5", hour="*"),
    Schedule(
        name="Daily digest of notifications", task="wangcang.tasks.send_notification_digests", minute="0", hour="18"
    ),
    Schedule(name="Prune old generated files", task="wangcang.tasks.prune_generated_files", minute="15", hour="3"),
]
