"""Reporting periods: ``YYYY``, ``YYYY-Qn``, ``YYYY-MM``, ``all``, or from/to dates.

Flow figures count the events dated inside the period (both ends included); stock
figures are taken at the period's last day (for ``all``, today).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _


class PeriodError(ValueError):
    """Bad period input; ``str()`` is a message for the user in the active language."""


@dataclass(frozen=True)
class Period:
    kind: str  # "all", "year", "quarter", "month", "range"
    key: str  # the canonical text: "2022", "2022-Q3", "2022-05", "all", "2022-01-01~2022-06-30"
    start: date | None  # None: from the beginning
    end: date | None  # None: up to today

    @property
    def stock_date(self) -> date:
        """The day stock figures are taken at."""
        today = timezone.localdate()
        return self.end if self.end is not None and self.end < today else today

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def date_q(self, field: str):
        """A filter for events whose ``field`` date falls in the period."""
        from django.db.models import Q

        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lte": self.end})
        return q

    def previous(self) -> Period | None:
        """The same period one year earlier (for year-over-year change)."""
        if self.kind == "all" or self.start is None:
            return None
        if self.kind == "year":
            return parse_period(str(self.start.year - 1))
        if self.kind == "quarter":
            return parse_period(f"{self.start.year - 1}-Q{(self.start.month - 1) // 3 + 1}")
        if self.kind == "month":
            return parse_period(f"{self.start.year - 1}-{self.start.month:02d}")
        return period_between(_shift_year(self.start, -1), _shift_year(self.end, -1) if self.end else None)

    @property
    def label(self) -> str:
        if self.kind == "all":
            return _("All time")
        if self.kind == "year":
            return _("Year %(year)d") % {"year": self.start.year}
        if self.kind == "quarter":
            return _("Q%(quarter)d %(year)d") % {"year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        if self.kind == "month":
            return _("%(month)d/%(year)d") % {"year": self.start.year, "month": self.start.month}
        return _("%(start)s to %(end)s") % {
            "start": self.start.isoformat() if self.start else "…",
            "end": self.end.isoformat() if self.end else "…",
        }

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "stock_date": self.stock_date.isoformat(),
            "label": self.label,
        }


ALL = Period(kind="all", key="all", start=None, end=None)

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_QUARTER_ANY = re.compile(r"^(\d{4})-?Q(\d+)$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(.+?)\s*(?:~|/|\.\.)\s*(.+)$")


def _check_year(year: int) -> int:
    if not 1949 <= year <= 2100:
        raise PeriodError(_("The year %(year)d is out of range (1949–2100).") % {"year": year})
    return year


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise PeriodError(
            _("The %(what)s date “%(text)s” is not a date; write it as YYYY-MM-DD.") % {"what": what, "text": text}
        ) from exc


def period_between(start: date | None, end: date | None) -> Period:
    if start and end and start > end:
        raise PeriodError(
            _("The start date %(start)s is after the end date %(end)s.")
            % {"start": start.isoformat(), "end": end.isoformat()}
        )
    if start is None and end is None:
        return ALL
    key = f"{start.isoformat() if start else ''}~{end.isoformat() if end else ''}"
    return Period(kind="range", key=key, start=start, end=end)


def parse_period(value: str | None = None, *, start: str | date | None = None, end: str | date | None = None) -> Period:
    """Parse user input into a :class:`Period`, or raise :class:`PeriodError`.

    ``value`` wins when given; otherwise ``start``/``end`` (either may be missing).
    Empty input means ``all``.
    """
    text = (value or "").strip()
    if not text:
        if start or end:
            start_day = (
                start
                if isinstance(start, date) or start is None
                else (_parse_date(start, _("start")) if start.strip() else None)
            )
            end_day = (
                end if isinstance(end, date) or end is None else (_parse_date(end, _("end")) if end.strip() else None)
            )
            return period_between(start_day, end_day)
        return ALL
    if text.lower() == "all":
        return ALL
    if m := _YEAR.match(text):
        year = _check_year(int(m.group(1)))
        return Period("year", f"{year}", date(year, 1, 1), date(year, 12, 31))
    if m := _QUARTER.match(text):
        year, quarter = _check_year(int(m.group(1))), int(m.group(2))
        first = 3 * (quarter - 1) + 1
        last_day = calendar.monthrange(year, first + 2)[1]
        return Period("quarter", f"{year}-Q{quarter}", date(year, first, 1), date(year, first + 2, last_day))
    if m := _QUARTER_ANY.match(text):
        raise PeriodError(_("A quarter is Q1 to Q4, not Q%(quarter)s.") % {"quarter": m.group(2)})
    if m := _MONTH.match(text):
        year, month = _check_year(int(m.group(1))), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(_("A month is 01 to 12, not %(month)s.") % {"month": m.group(2)})
        return Period(
            "month", f"{year}-{month:02d}", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        )
    if m := _RANGE.match(text):
        return period_between(_parse_date(m.group(1), _("start")), _parse_date(m.group(2), _("end")))
    raise PeriodError(
        _(
            "“%(text)s” is not a period. Use a year (2022), a quarter (2022-Q3), a month (2022-05), "
            "“all”, or two dates (2022-01-01~2022-06-30)."
        )
        % {"text": text}
    )


def current_periods(today: date | None = None) -> list[Period]:
    """The current year, quarter and month: what the nightly statistics job computes."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return [
        parse_period(str(today.year)),
        parse_period(f"{today.year}-Q{quarter}"),
        parse_period(f"{today.year}-{today.month:02d}"),
    ]


def latest_year_with_records(*dated, today: date | None = None) -> int:
    """The latest year, not after this one, with a record in any of ``dated``: pairs of a
    QuerySet and the name of its date field. This year when none has a record.

    Pages that open on a default year open on this one, so a county whose records stop
    (the demo's end in 2023) does not open on the zeros of an empty current year. One
    aggregate query per pair."""
    from django.db.models import Max

    today = today or timezone.localdate()
    latest = None
    for queryset, field in dated:
        day = queryset.filter(**{f"{field}__lte": today}).aggregate(latest=Max(field))["latest"]
        if day is not None and (latest is None or day > latest):
            latest = day
    return latest.year if latest is not None else today.year
