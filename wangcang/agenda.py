"""The calendar: dated records from every app, each picked through ``visible_to(user)``.

Each app declares its sources in ``calendar_events.py`` (``EVENT_SOURCES``): functions
``(user, first_day, last_day) -> iterable of CalendarEvent`` that return the events
touching those days, in one query each. The month page and the iCal feed read the same
sources, so they never disagree on what a person may see.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import import_module

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Kind → label and Bootstrap colour of its badge.
KINDS = {
    "training": (_("Training"), "primary"),
    "meeting": (_("Joint meeting"), "success"),
    "visit": (_("Exchange visit"), "info"),
    "deadline": (_("Self-report deadline"), "warning"),
    "contract_end": (_("Contract ends"), "danger"),
}


@dataclass(frozen=True)
class CalendarEvent:
    kind: str
    title: str
    starts_on: date
    ends_on: date  # inclusive
    url: str
    uid: str  # stable across feeds: the record's kind and id

    @property
    def kind_label(self) -> str | Promise:
        return KINDS[self.kind][0]

    @property
    def colour(self) -> str:
        return KINDS[self.kind][1]


@cache
def sources() -> tuple:
    from django.apps import apps

    found: list = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.calendar_events")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.calendar_events":
                raise
            continue
        found.extend(getattr(module, "EVENT_SOURCES", ()))
    return tuple(found)


def events_between(user, first_day: date, last_day: date) -> list[CalendarEvent]:
    """Every event the user may see that touches ``first_day``..``last_day``, by date."""
    events: list[CalendarEvent] = []
    for source in sources():
        events.extend(source(user, first_day, last_day))
    return sorted(events, key=lambda event: (event.starts_on, event.kind, event.title))


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str | None, today: date) -> Month:
        """``2026-11`` → that month; anything else (or a year out of range) → this month."""
        try:
            year, month = (int(part) for part in (value or "").split("-"))
            if 1900 <= year <= 2999 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        return cls(today.year, today.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, stdlib_calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> Month:
        day = self.first_day - timedelta(days=1)
        return Month(day.year, day.month)

    @property
    def next(self) -> Month:
        day = self.last_day + timedelta(days=1)
        return Month(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_grid(user, month: Month) -> dict:
    """The weeks of the month (Monday first), each day with its events, and the events of
    the month as a list (what a phone shows)."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    events = events_between(user, first, last)
    by_day: dict[date, list[CalendarEvent]] = defaultdict(list)
    for event in events:
        day = max(event.starts_on, first)
        while day <= min(event.ends_on, last):
            by_day[day].append(event)
            day += timedelta(days=1)
    return {
        "weeks": [[(day, day.month == month.month, by_day.get(day, [])) for day in week] for week in weeks],
        "agenda": [
            (day, by_day[day]) for day in sorted(by_day) if month.first_day <= day <= month.last_day and by_day[day]
        ],
        "count": len(
            {event.uid for event in events if event.ends_on >= month.first_day and event.starts_on <= month.last_day}
        ),
    }
