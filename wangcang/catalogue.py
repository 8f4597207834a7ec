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

from django.db.models import F, Q
from django.db.models.functions import Substr
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


@dataclass(frozen=True)
class Grouping:
    """Every division of one level at once, for a period: the nightly job's unit of work.

    Divisions are keyed by their prefix (``division_prefix``): ``width`` is its length, 6
    for counties, 4 for cities, 2 for the province. ``keys`` are the prefixes wanted; a
    grouped family answers for each of them, with the empty figures where no record is.
    It reads like a :class:`Scope` without a division filter and without a restriction to
    some organizations, so that a family's filters apply to both."""

    width: int
    keys: frozenset[str]
    period: Period
    organization_ids = None

    def division_q(self, path: str = "division") -> Q:
        return Q()

    def organization_q(self, path: str = "organization") -> Q:
        return Q()

    def flow_q(self, date_field: str) -> Q:
        return self.period.date_q(date_field)

    @property
    def stock_date(self):
        return self.period.stock_date

    def key(self, path: str = "division"):
        """The expression of the group key of the division at ``path``."""
        if self.width == 6:
            return F(f"{path}_id")
        return Substr(f"{path}_id", 1, self.width)

    def keys_q(self, path: str = "division") -> Q:
        """The records of a division under one of the keys: the codes themselves, or a
        range of codes a key. Not a filter on :meth:`key`: the planner cannot tell how
        many rows a substring of the code keeps (it guesses 0.5 %, and on a province walks
        an index once a contract instead of scanning once), but it reads ranges from its
        statistics, and the foreign key's index serves them."""
        if self.width == 6:
            return Q(**{f"{path}__code__in": sorted(self.keys)})
        fill = 6 - self.width
        ranges = Q()
        for key in sorted(self.keys):
            ranges |= Q(**{f"{path}__code__gte": key + "0" * fill, f"{path}__code__lte": key + "9" * fill})
        return ranges


def rows(target: Scope | Grouping, queryset, path: str, *, same=(), **aggregates) -> dict[str, dict]:
    """``queryset.aggregate(**aggregates)`` over the records of the division at ``path``:
    for a :class:`Scope` its one row, keyed by its prefix; for a :class:`Grouping` one row
    per key in one grouped query, and for each key without records the row an aggregate
    over no records gives (counts 0, sums ``None`` or their default), computed without a
    query. ``same``: other paths to a division that must be in the same group (for a
    scope: under its prefix)."""
    if isinstance(target, Scope):
        queryset = queryset.filter(target.division_q(path))
        for other in same:
            queryset = queryset.filter(**{f"{other}__code__startswith": target.prefix})
        return {target.prefix: queryset.aggregate(**aggregates)}
    queryset = queryset.filter(target.keys_q(path)).annotate(_group=target.key(path))
    for number, other in enumerate(same):
        queryset = queryset.annotate(**{f"_group{number}": target.key(other)}).filter(
            **{f"_group{number}": F("_group")}
        )
    found = {row.pop("_group"): row for row in queryset.order_by().values("_group").annotate(**aggregates)}
    empty = queryset.none().aggregate(**aggregates)
    return {key: found.get(key, empty) for key in target.keys}


def rows_by(target: Scope | Grouping, queryset, path: str, by: tuple[str, ...], **aggregates) -> dict[str, list]:
    """``queryset.values(*by).annotate(**aggregates)`` ordered by ``by``, over the records
    of the division at ``path``: a chart's rows per category. For a :class:`Scope` its one
    list, keyed by its prefix; for a :class:`Grouping` one list per key (empty where no
    record is) from one query grouped by the key and ``by``, each in the order one
    division's own query gives."""
    if isinstance(target, Scope):
        queryset = queryset.filter(target.division_q(path))
        return {target.prefix: list(queryset.values(*by).annotate(**aggregates).order_by(*by))}
    found: dict[str, list] = {key: [] for key in target.keys}
    queryset = queryset.filter(target.keys_q(path)).annotate(_group=target.key(path))
    for row in queryset.values("_group", *by).annotate(**aggregates).order_by("_group", *by):
        found[row.pop("_group")].append(row)
    return found


def records(target: Scope | Grouping, queryset, path: str) -> dict[str, list]:
    """The records of ``queryset`` (in its order) of the division at ``path``: for a
    :class:`Scope` its one list, keyed by its prefix; for a :class:`Grouping` one list per
    key, from one query."""
    if isinstance(target, Scope):
        return {target.prefix: list(queryset.filter(target.division_q(path)))}
    found: dict[str, list] = {key: [] for key in target.keys}
    for record in queryset.filter(target.keys_q(path)).annotate(_group=target.key(path)):
        found[record._group].append(record)
    return found


@dataclass
class Family:
    indicators: tuple[Indicator, ...]
    compute: Callable[[Scope], dict[str, int | Decimal]]
    module: str = field(default="")
    #: ``grouped(grouping)`` → ``{key: {code: value}}`` for every key: the family for
    #: every division of a level in one query a model (None: one division at a time).
    grouped: Callable[[Grouping], dict[str, dict[str, int | Decimal]]] | None = None


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
    #: ``grouped(grouping)`` → ``{key: data}`` for every key: the chart for every division
    #: of a level with a fixed number of queries (None: one division at a time).
    grouped: Callable[[Grouping], dict[str, dict]] | None = None


CHARTS: list[Chart] = []


def chart(code: str, title: str, *, kind: str = "bar", pillar: str):
    def register(func):
        CHARTS.append(Chart(code=code, title=title, kind=kind, pillar=pillar, compute=func))
        return func

    return register


def grouped_chart(code: str, title: str, *, kind: str = "bar", pillar: str):
    """A chart written once for both a :class:`Scope` and a :class:`Grouping`, as
    :func:`grouped_family`: the function takes either and returns ``{key: data}`` (with
    :func:`rows`, :func:`rows_by` or :func:`records`); one division's chart is its
    prefix's entry."""

    def register(func):
        def compute(scope: Scope) -> dict:
            return func(scope)[scope.prefix]

        CHARTS.append(Chart(code=code, title=title, kind=kind, pillar=pillar, compute=compute, grouped=func))
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


def grouped_family(*indicators: Indicator):
    """A family written once for both a :class:`Scope` and a :class:`Grouping`: the
    function takes either and returns ``{key: {code: value}}`` (with :func:`rows`); one
    division's figures are its prefix's entry."""

    def register(func):
        def compute(scope: Scope) -> dict[str, int | Decimal]:
            return func(scope)[scope.prefix]

        FAMILIES.append(Family(indicators=indicators, compute=compute, module=func.__module__, grouped=func))
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


def compute_grouped(divisions, period: Period) -> dict[str, dict[str, int | Decimal]]:
    """Every indicator's value for each of ``divisions`` in ``period``, keyed by division
    code, each in catalogue order: what :func:`compute` gives for each division's scope
    (without a restriction to some organizations), but a grouped family runs once a level
    (counties, cities, the province), not once a division."""
    _load()
    divisions = list(divisions)
    values: dict[str, dict[str, int | Decimal]] = {division.code: {} for division in divisions}
    for fam, division, result in _each_division(FAMILIES, divisions, period):
        for item in fam.indicators:
            values[division.code][item.code] = normalize(item, result.get(item.code, 0))
    return values


def compute_charts_grouped(divisions, period: Period) -> dict[str, list[tuple[Chart, dict]]]:
    """Every chart's data for each of ``divisions`` in ``period``, keyed by division code,
    each a list of (chart, data) in registration order, labels still lazy: what each
    chart's ``compute`` gives for each division's scope (without a restriction to some
    organizations), but a grouped chart runs once a level, not once a division."""
    _load()
    divisions = list(divisions)
    values: dict[str, list[tuple[Chart, dict]]] = {division.code: [] for division in divisions}
    for item, division, data in _each_division(CHARTS, divisions, period):
        values[division.code].append((item, data))
    return values


def _each_division(entries, divisions: list, period: Period):
    """``(entry, division, result)`` for each family or chart of ``entries`` and each division:
    a grouped entry computed once a level (:func:`_groupings`), another once a division."""
    groupings = _groupings(divisions, period)
    for entry in entries:
        results = (
            {width: entry.grouped(grouping) for width, grouping in groupings.items()}
            if entry.grouped is not None
            else None
        )
        for division in divisions:
            if results is not None:
                prefix = division_prefix(division.code)
                yield entry, division, results[len(prefix)][prefix]
            else:
                yield entry, division, entry.compute(Scope(division=division, period=period))


def _groupings(divisions, period: Period) -> dict[int, Grouping]:
    """The divisions by level: a :class:`Grouping` of their prefixes for each width."""
    keys: dict[int, set[str]] = {}
    for division in divisions:
        prefix = division_prefix(division.code)
        keys.setdefault(len(prefix), set()).add(prefix)
    return {width: Grouping(width=width, keys=frozenset(found), period=period) for width, found in keys.items()}


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
