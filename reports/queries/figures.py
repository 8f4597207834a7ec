"""Reads of the figures: scopes, stored snapshots and charts, periods, report files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division, division_prefix
from wangcang.periods import ALL, Period, parse_period
from wangcang.scoping import user_organization_ids

from ..models import ChartSnapshot, ReportFile, Snapshot

# The figures shown first on the dashboard, per pillar; codes missing from the
# catalogue are replaced by the pillar's first indicators.
HEADLINES = {
    "foundation": ["orgs.total", "orgs.co_construction_rate", "unions.members", "unions.industry_covered_orgs"],
    "brand": ["incubator.residents", "incubator.graduated", "incubator.trainings", "incubator.trainees"],
    "cohesion": [
        "cohesion.joint_meetings",
        "cohesion.issues_resolved",
        "funds.student_aid_amount",
        "funds.assistance_households",
    ],
    "arm": ["services.contracts", "services.consultations", "services.legal_aid_cases", "services.surgeries"],
}


HEADLINES_PER_PILLAR = 4


def divisions_for(user):
    """The divisions a user may choose: their own and everything below it."""
    divisions = Division.objects.all()
    if user.is_superuser:
        return divisions
    if user.is_org_user:
        return divisions.filter(organizations__in=user_organization_ids(user)).distinct()
    if user.division_id is None:
        return divisions.none()
    return divisions.filter(code__startswith=division_prefix(user.division_id))


def default_division_code_for(user) -> str | None:
    if user.is_org_user:
        first = divisions_for(user).first()
        return first.code if first else None
    if user.division_id:
        return user.division_id
    county = Division.objects.filter(level=Division.Level.COUNTY).first()
    return county.code if county else None


def scope_for(user, *, division: str | None, period: Period, organization: str | int | None = None) -> Scope:
    """The :class:`Scope` a user may compute, or 404 when the division or organization
    is outside what they may see. Organization users only ever get their own
    organizations' figures."""
    from orgs.models import Organization
    from wangcang import freshness

    code = (division or "").strip() or default_division_code_for(user)
    if not code:
        raise Http404(_("No such division, or it is not yours to see."))
    # One query for the division, its subtree's figures generation (the stored figures are
    # read at it) and the user's own division, which the page's chrome names.
    own = None if user.is_org_user else getattr(user, "division_id", None)
    found = {
        row.code: row
        for row in freshness.with_subtree_generation(divisions_for(user).filter(code__in={code, own} - {None}), code)
    }
    division_obj = found.get(code)
    if division_obj is None:
        raise Http404(_("No such division, or it is not yours to see."))
    if own in found:
        from wangcang.models import User

        User.division.field.set_cached_value(user, found[own])
    organization_ids: tuple[int, ...] | None = None
    if organization not in (None, ""):
        try:
            pk = int(organization)
        except (TypeError, ValueError) as exc:
            raise Http404(_("No such organization, or it is not yours to see.")) from exc
        visible = Organization.objects.visible_to(user).filter(pk=pk, division__code__startswith=division_obj.prefix)
        if not visible.exists():
            raise Http404(_("No such organization, or it is not yours to see."))
        organization_ids = (pk,)
    elif user.is_org_user:
        organization_ids = tuple(sorted(user_organization_ids(user)))
    return Scope(division=division_obj, period=period, organization_ids=organization_ids)


def organization_names(scope: Scope) -> list[str]:
    """The organizations a scope is restricted to (an organization user's own), by name."""
    from orgs.models import Organization

    if scope.organization_ids is None:
        return []
    return list(
        Organization.objects.filter(pk__in=scope.organization_ids).order_by("name").values_list("name", flat=True)
    )


@dataclass
class Figures:
    scope: Scope
    values: dict[str, int | Decimal]
    computed_at: datetime | None = None  # None: computed just now, not from a snapshot
    previous: dict[str, int | Decimal] | None = None
    indicators: list[catalogue.Indicator] = field(default_factory=list)
    #: The subtree's figures generation these values were read at (None: not kept), so that
    #: what is derived from them (charts, the report's named details) is kept under it too.
    generation: int | None = None

    @property
    def from_snapshot(self) -> bool:
        return self.computed_at is not None

    def value(self, code: str) -> int | Decimal:
        return self.values.get(code, 0)

    def rows(self, pillar: str | None = None) -> list[dict]:
        """Indicator, value, previous value and change, for tables and the API."""
        result = []
        for item in self.indicators:
            if pillar is not None and item.pillar != pillar:
                continue
            value = self.values.get(item.code, 0)
            previous = None if self.previous is None else self.previous.get(item.code, 0)
            result.append(
                {
                    "indicator": item,
                    "code": item.code,
                    "label": item.label,
                    "unit": item.unit,
                    "kind": item.kind,
                    "pillar": item.pillar,
                    "value": value,
                    "previous": previous,
                    "change": change(value, previous),
                }
            )
        return result

    def headlines(self) -> dict[str, list[dict]]:
        rows = {row["code"]: row for row in self.rows()}
        result = {}
        for pillar in catalogue.PILLARS:
            chosen = [rows[code] for code in HEADLINES.get(pillar, []) if code in rows]
            for row in rows.values():
                if len(chosen) >= HEADLINES_PER_PILLAR:
                    break
                if row["pillar"] == pillar and row not in chosen:
                    chosen.append(row)
            result[pillar] = chosen
        return result


def change(value, previous) -> Decimal | None:
    """Percentage change from ``previous`` to ``value``; None when there is no base."""
    if previous is None or not previous:
        return None
    return (Decimal(100) * (Decimal(value) - Decimal(previous)) / Decimal(previous)).quantize(Decimal("0.1"))


def snapshot_values(scope: Scope, generation: int) -> tuple[dict[str, int | Decimal], datetime] | None:
    """The stored values for a whole-division scope, when every catalogue code has one
    computed at ``generation`` (the subtree's current one) and at the period's stock date."""
    if scope.organization_ids is not None:
        return None
    indicators = catalogue.catalogue()
    rows = list(
        Snapshot.objects.filter(
            division=scope.division,
            period_key=scope.period.key,
            generation=generation,
            stock_date=scope.period.stock_date,
        ).values_list("code", "value", "computed_at")
    )
    stored = {code: (value, computed_at) for code, value, computed_at in rows}
    if not indicators or any(item.code not in stored for item in indicators):
        return None
    values = {item.code: catalogue.normalize(item, stored[item.code][0]) for item in indicators}
    return values, min(stored[item.code][1] for item in indicators)


def _stored(scope: Scope) -> bool:
    # Whole divisions only: an organization user's figures are computed each time.
    return scope.organization_ids is None


def _kept(scope: Scope) -> bool:
    # A read keeps what it computed for named periods; a free date range is stored only
    # when staff ask for it (刷新统计数据), so that arbitrary ranges do not pile up.
    return _stored(scope) and scope.period.kind != "range"


def _fill(store, **kwargs) -> None:
    """Keep what a read computed as the snapshot, stamped with the generation read
    before computing. A concurrent writer of the same rows wins; the read still answers.
    One savepoint: the store's own ``atomic`` would add a second one for nothing."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            getattr(store, "__wrapped__", store)(**kwargs)
    except DatabaseError:
        pass


def figures(scope: Scope, *, with_previous: bool = False, live: bool = False, generation: int | None = None) -> Figures:
    """The catalogue for ``scope``: from the snapshots while they are current (same
    figures generation, same stock date), otherwise computed now and kept as the new
    snapshot. ``with_previous`` adds the same period one year earlier; ``generation`` is
    the subtree's generation when the caller has just read it."""
    from wangcang import freshness

    from .. import actions

    stored = None
    if live or not _stored(scope):
        generation = None
    else:
        if generation is None:
            generation = freshness.read_generation(scope.division)
        stored = snapshot_values(scope, generation)
    if stored is not None:
        values, computed_at = stored
    else:
        values, computed_at = catalogue.compute(scope), None
        if generation is not None and _kept(scope):
            _fill(
                actions.snapshot_store,
                division=scope.division,
                period=scope.period,
                values=values,
                generation=generation,
                stock_date=scope.period.stock_date,
            )
    result = Figures(
        scope=scope,
        values=values,
        computed_at=computed_at,
        indicators=catalogue.catalogue(),
        generation=generation if _kept(scope) else None,
    )
    if with_previous and (previous_period := scope.period.previous()) is not None:
        previous_scope = Scope(division=scope.division, period=previous_period, organization_ids=scope.organization_ids)
        result.previous = figures(previous_scope, live=live, generation=generation).values
    return result


def compute_charts(scope: Scope) -> list[dict]:
    """Every registered chart computed now for ``scope``, in the active language."""
    return chart_texts(chart_values(scope))


def chart_values(scope: Scope) -> list[tuple]:
    """Every registered chart's data for ``scope``, its labels still lazy: computed once,
    written out in each language by :func:`chart_texts`."""
    return [(item, item.compute(scope)) for item in catalogue.charts()]


def chart_texts(values: list[tuple]) -> list[dict]:
    """The charts of :func:`chart_values` in the active language, ready to store."""
    return [
        {
            "code": item.code,
            "title": str(item.title),
            "kind": item.kind,
            "pillar": item.pillar,
            "categories": [str(c) for c in data.get("categories", [])],
            "series": [
                {"name": str(s.get("name", "")), "data": [_number(v) for v in s.get("data", [])]}
                for s in data.get("series", [])
            ],
        }
        for item, data in values
    ]


def chart_data(scope: Scope, *, live: bool = False, generation: int | None = None) -> list[dict]:
    """Every registered chart for ``scope``, ready for ``json_script``: stored under the
    same rule as the figures (current generation and stock date), else computed now and
    kept. ``generation``: the subtree's, when the caller has just read it."""
    from django.utils.translation import get_language

    from wangcang import freshness

    from .. import actions

    if live or not _stored(scope):
        return compute_charts(scope)
    language = get_language() or "zh-hans"
    if generation is None:
        generation = freshness.read_generation(scope.division)
    codes = [item.code for item in catalogue.charts()]
    stored = {
        row.code: row.data
        for row in ChartSnapshot.objects.filter(
            division=scope.division,
            period_key=scope.period.key,
            language=language,
            generation=generation,
            stock_date=scope.period.stock_date,
        ).only("code", "data")
    }
    if all(code in stored for code in codes):
        return [stored[code] for code in codes]
    charts = compute_charts(scope)
    if not _kept(scope):
        return charts
    _fill(
        actions.chart_snapshot_store,
        division=scope.division,
        period=scope.period,
        language=language,
        charts=charts,
        generation=generation,
        stock_date=scope.period.stock_date,
    )
    return charts


# The county report's named details (the unions, organizations and providers its sentences
# quote) are kept beside the charts, under the same rule: read while the generation and the
# stock date are current, else computed and kept. One row per division and period, in no
# language (the report is Chinese whatever the interface's language).
REPORT_DETAILS = "report.details"


REPORT_DETAILS_LANGUAGE = ""


def stored_report_details(figures: Figures) -> dict | None:
    if figures.generation is None:
        return None
    scope = figures.scope
    row = (
        ChartSnapshot.objects.filter(
            division=scope.division,
            period_key=scope.period.key,
            language=REPORT_DETAILS_LANGUAGE,
            code=REPORT_DETAILS,
            generation=figures.generation,
            stock_date=scope.period.stock_date,
        )
        .values_list("data", flat=True)
        .first()
    )
    if row is None:
        return None
    details = dict(row)
    details["ratios"] = [Decimal(ratio) for ratio in details.get("ratios", [])]
    details["industry_kinds"] = {
        name: [tuple(item) for item in items] for name, items in details.get("industry_kinds", {}).items()
    }
    return details


def keep_report_details(figures: Figures, details: dict) -> None:
    if figures.generation is None:
        return
    from .. import actions

    scope = figures.scope
    data = {**details, "code": REPORT_DETAILS, "ratios": [str(ratio) for ratio in details.get("ratios", [])]}
    _fill(
        actions.chart_snapshot_store,
        division=scope.division,
        period=scope.period,
        language=REPORT_DETAILS_LANGUAGE,
        charts=[data],
        generation=figures.generation,
        stock_date=scope.period.stock_date,
    )


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_value(value) -> int | float:
    """A catalogue value as a JSON number."""
    return _number(value) if isinstance(value, Decimal) else int(value)


def report_files_for(user, division: Division | None = None):
    files = ReportFile.objects.visible_to(user).select_related("division", "created_by")
    if division is not None:
        files = files.filter(division__code__startswith=division.prefix)
    return files


def snapshot_divisions():
    """The divisions the nightly job computes: every city and county, the province, and
    any other division that has organizations."""
    return Division.objects.filter(
        Q(level__in=[Division.Level.PROVINCE, Division.Level.CITY, Division.Level.COUNTY])
        | Q(organizations__isnull=False)
    ).distinct()


def period_params(period: Period) -> dict[str, str]:
    """The query-string form of a period: its key, or its dates for a range."""
    if period.kind == "range":
        return {
            "start": period.start.isoformat() if period.start else "",
            "end": period.end.isoformat() if period.end else "",
        }
    return {"period": period.key}


def period_from_params(params) -> Period:
    """The inverse of :func:`period_params` (raises ``PeriodError`` on bad input).

    The selector sends ``period`` twice, from the list of common periods and from the
    free-text field after it; the last one filled in wins."""
    values = params.getlist("period") if hasattr(params, "getlist") else [params.get("period")]
    filled = [value for value in values if value and value.strip()]
    return parse_period(filled[-1] if filled else None, start=params.get("start") or "", end=params.get("end") or "")


def period_choices(today=None, current: Period | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The period selector's list, in groups: the common ones (all time, this year, last
    year, this and last quarter), earlier years, and the quarters of this year and last
    year. A ``current`` period not in the list is added first so it stays selected."""
    from django.utils import timezone

    today = today or timezone.localdate()
    this_quarter = (today.month - 1) // 3 + 1
    last_quarter = (today.year, this_quarter - 1) if this_quarter > 1 else (today.year - 1, 4)
    common = [
        (ALL.key, ALL.label),
        (str(today.year), _("This year (%(year)d)") % {"year": today.year}),
        (str(today.year - 1), _("Last year (%(year)d)") % {"year": today.year - 1}),
        (
            f"{today.year}-Q{this_quarter}",
            _("This quarter (%(label)s)") % {"label": _quarter_label(today.year, this_quarter)},
        ),
        (
            f"{last_quarter[0]}-Q{last_quarter[1]}",
            _("Last quarter (%(label)s)") % {"label": _quarter_label(*last_quarter)},
        ),
    ]
    years = [(str(year), parse_period(str(year)).label) for year in range(today.year - 2, today.year - 8, -1)]
    quarters = []
    for year in (today.year, today.year - 1):
        for quarter in range(4 if year < today.year else this_quarter, 0, -1):
            quarters.append((f"{year}-Q{quarter}", _quarter_label(year, quarter)))
    groups = [(_("Common periods"), common), (_("Earlier years"), years), (_("Quarters"), quarters)]
    if current is not None and current.key not in {key for _group, items in groups for key, _label in items}:
        # A date range travels as start/end (hidden fields), so its entry sends no period.
        key = "" if current.kind == "range" else current.key
        groups.insert(0, (_("Chosen"), [(key, current.label)]))
    return groups


def _quarter_label(year: int, quarter: int) -> str:
    return parse_period(f"{year}-Q{quarter}").label


def question_figure_rows(charts: list[dict]) -> list[dict]:
    """The figures of self-report questions staff flagged, from the dashboard's chart data
    (computed and kept like every chart): one row of label and sum each."""
    for item in charts:
        if item["code"] == "selfreports.question_figures":
            values = item["series"][0]["data"] if item["series"] else []
            return [{"label": label, "value": value} for label, value in zip(item["categories"], values, strict=False)]
    return []
