"""The indicator catalogue: the one list of figures that the county report, the
dashboards, the XLSX export and the API all read.

Each pillar declares its indicators next to its models, in ``<app>/indicators.py``, as
*families*: one function computing several indicators with one aggregate query over one
model family (conditional aggregation), never a query per organization::

    @family(
        Indicator("orgs.total", _("Active social organizations"), UNIT_ORGS, STOCK, "foundation"),
        ...
    )
    def organization_figures(scope: Scope) -> dict[str, int | Decimal]:
        ...

:func:`compute` runs every family for a division and period and returns the figures in
catalogue order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wangcang.models import Division, division_prefix
from wangcang.periods import Period

STOCK = "stock"
FLOW = "flow"

PILLARS = {
    "foundation": _("Foundation: every social organization has a union"),
    "brand": _("Brand: the incubation base"),
    "cohesion": _("Cohesion: working together"),
    "arm": _("Arm: purchased services"),
}

UNIT_ORGS = pgettext_lazy("unit", "organizations")
UNIT_BRANCHES = _("branches")
UNIT_PERSONS = _("persons")
UNIT_PERSON_TIMES = _("person-times")
UNIT_TIMES = _("times")
UNIT_SESSIONS = _("sessions")
UNIT_CASES = _("cases")
UNIT_YUAN = _("yuan")
UNIT_PERCENT = "%"
UNIT_M2 = "m²"
UNIT_HOUSEHOLDS = _("households")
UNIT_CONTRACTS = _("contracts")
UNIT_ISSUES = _("issues")
UNIT_MEETINGS = _("meetings")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    kind: str  # STOCK or FLOW
    pillar: str


@dataclass(frozen=True)
class Scope:
    """Which records a computation reads: a division (with everything below it), a
    period, and optionally only some organizations (an organization user's own)."""

    division: Division
    period: Period
    organization_ids: tuple[int, ...] | None = None

    @property
    def prefix(self) -> str:
        return division_prefix(self.division.code)

    def division_q(self, path: str = "division") -> Q:
        # Codes are six digits, so "starts with the prefix" is a range of codes. A county
        # is one code and a city a narrow range, both served by the foreign key's index
        # (SQLite cannot use an index for LIKE 'prefix%'); a province covers most rows,
        # where a plain scan is faster than walking the index.
        prefix = self.prefix
        if len(prefix) == 6:
            return Q(**{f"{path}__code": prefix})
        if len(prefix) == 4:
            return Q(**{f"{path}__code__gte": f"{prefix}00", f"{path}__code__lte": f"{prefix}99"})
        return Q(**{f"{path}__code__startswith": prefix})

    def organization_q(self, path: str = "organization") -> Q:
        if self.organization_ids is None:
            return Q()
        return Q(**{f"{path}__in": self.organization_ids})

    def flow_q(self, date_field: str) -> Q:
        return self.period.date_q(date_field)

    @property
    def stock_date(self):
        return self.period.stock_date


@dataclass
class Family:
    indicators: tuple[Indicator, ...]
    compute: Callable[[Scope], dict[str, int | Decimal]]
    module: str = field(default="")


FAMILIES: list[Family] = []


@dataclass
class Chart:
    """A dashboard chart declared by a pillar. ``compute(scope)`` returns ECharts-ready
    plain data: ``{"categories": [...], "series": [{"name": str, "data": [numbers]}]}``
    (for a pie: one series whose data are the slice values in category order)."""

    code: str
    title: str
    kind: str  # "bar", "line", "pie", "stacked-bar"
    pillar: str
    compute: Callable[[Scope], dict]


CHARTS: list[Chart] = []


def chart(code: str, title: str, *, kind: str = "bar", pillar: str):
    def register(func):
        CHARTS.append(Chart(code=code, title=title, kind=kind, pillar=pillar, compute=func))
        return func

    return register


def charts() -> list[Chart]:
    _load()
    return list(CHARTS)


@dataclass
class Listing:
    """An underlying list of records behind a pillar's figures, for the XLSX download.
    ``compute(scope)`` yields rows (sequences of plain values) matching ``headers``."""

    code: str
    title: str
    pillar: str
    headers: tuple
    compute: Callable[[Scope], object]


LISTINGS: list[Listing] = []


def listing(code: str, title: str, *, pillar: str, headers: tuple):
    def register(func):
        LISTINGS.append(Listing(code=code, title=title, pillar=pillar, headers=tuple(headers), compute=func))
        return func

    return register


def listings() -> list[Listing]:
    _load()
    return list(LISTINGS)


# Apps whose ``indicators`` modules declare families, in the order of the report.
INDICATOR_APPS = ("orgs", "incubator", "services", "reports")


def family(*indicators: Indicator):
    def register(func):
        FAMILIES.append(Family(indicators=indicators, compute=func, module=func.__module__))
        return func

    return register


def _load() -> None:
    for app in INDICATOR_APPS:
        try:
            import_module(f"{app}.indicators")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.indicators":
                raise


def catalogue() -> list[Indicator]:
    _load()
    return [indicator for fam in FAMILIES for indicator in fam.indicators]


def indicator(code: str) -> Indicator:
    for item in catalogue():
        if item.code == code:
            return item
    raise KeyError(code)


def compute(scope: Scope) -> dict[str, int | Decimal]:
    """Every indicator's value for ``scope``, keyed by code, in catalogue order."""
    _load()
    values: dict[str, int | Decimal] = {}
    for fam in FAMILIES:
        result = fam.compute(scope)
        for item in fam.indicators:
            values[item.code] = normalize(item, result.get(item.code, 0))
    return values


def normalize(item: Indicator, value) -> int | Decimal:
    """A value in its catalogue form: yuan as Decimal with two places, percentages with
    one, everything else a whole number."""
    if value is None:
        value = 0
    if item.unit == UNIT_YUAN:
        return Decimal(value).quantize(Decimal("0.01"))
    if item.unit == UNIT_PERCENT:
        return Decimal(value).quantize(Decimal("0.1"))
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return value
    return int(value)


def rate(part: int, whole: int) -> Decimal:
    """100 × part / whole, to one decimal place; 0 when there is no whole."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))
