"""The home page, assembled from each app's ``home.py`` (``HOME_SECTIONS``), like the
navigation bar from each app's ``nav.py``.

A section is a callable ``(user, today) -> list[WorkCount | Panel]``; it decides by role
what it shows and picks its records through ``visible_to``. A :class:`WorkCount` is a
count of what waits for the user, linking to the list filtered to exactly those rows; a
:class:`Panel` is a block rendered by its own template. Sections keep to a fixed number of
queries, whatever the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WorkCount:
    """``count`` records wait for the user; ``url`` lists exactly them."""

    key: str
    label: str
    count: int
    url: str
    order: int = 100


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


Section = Callable[..., list]


def list_url(url_name: str, **params) -> str:
    """The URL of a list page filtered by ``params``."""
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


@cache
def all_sections() -> tuple[Section, ...]:
    sections: list[Section] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
            continue
        sections.extend(getattr(module, "HOME_SECTIONS", ()))
    return tuple(sections)


def home_for(user, today) -> dict:
    """What the home page shows ``user``: the counts of work waiting and the panels."""
    counts: list[WorkCount] = []
    panels: list[Panel] = []
    for section in all_sections():
        for item in section(user, today):
            (counts if isinstance(item, WorkCount) else panels).append(item)
    return {
        "work_counts": sorted(counts, key=lambda item: item.order),
        "panels": sorted(panels, key=lambda item: item.order),
    }


def _jobs_and_notifications(user, today) -> list:
    from .models import BackgroundJob

    items: list = []
    unread = user.unread_notification_count()
    if unread:
        items.append(
            WorkCount(
                "notifications-unread",
                _("Unread notifications"),
                unread,
                list_url("notification-list", unread="1"),
                order=90,
            )
        )
    if user.is_org_user or user.is_official:
        latest = list(user.notifications.in_portal().order_by("-created_at", "-pk")[:5])
        items.append(Panel("notifications", "wangcang/home/notifications.html", {"notifications": latest}, order=90))
    running = BackgroundJob.objects.filter(
        created_by=user, status__in=(BackgroundJob.Status.PENDING, BackgroundJob.Status.RUNNING)
    ).order_by("-created_at", "-pk")
    jobs = list(running[:6])
    if jobs:
        items.append(Panel("jobs", "wangcang/home/jobs.html", {"jobs": jobs[:5], "more": len(jobs) > 5}, order=95))
    return items


HOME_SECTIONS = [_jobs_and_notifications]
