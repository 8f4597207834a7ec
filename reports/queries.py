"""Reads of the reports app: which division and organizations a user may compute
figures for, the figures themselves (from snapshots, else computed live), year-over-year
change, charts, and the named details the county report quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils.translation import gettext as _

from wangcang.models import Division, division_prefix
from wangcang.periods import ALL, Period, parse_period
from wangcang.scoping import user_organization_ids

from . import catalogue
from .catalogue import Scope
from .models import ReportFile, Snapshot

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


def visible_divisions(user):
    """The divisions a user may choose: their own and everything below it."""
    divisions = Division.objects.all()
    if user.is_superuser:
        return divisions
    if user.is_org_user:
        return divisions.filter(organizations__in=user_organization_ids(user)).distinct()
    if user.division_id is None:
        return divisions.none()
    return divisions.filter(code__startswith=division_prefix(user.division_id))


def default_division_code(user) -> str | None:
    if user.is_org_user:
        first = visible_divisions(user).first()
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

    code = (division or "").strip() or default_division_code(user)
    if not code:
        raise Http404(_("No such division, or it is not yours to see."))
    division_obj = visible_divisions(user).filter(code=code).first()
    if division_obj is None:
        raise Http404(_("No such division, or it is not yours to see."))
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


@dataclass
class Figures:
    scope: Scope
    values: dict[str, int | Decimal]
    computed_at: datetime | None = None  # None: computed just now, not from a snapshot
    previous: dict[str, int | Decimal] | None = None
    indicators: list[catalogue.Indicator] = field(default_factory=list)

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


def snapshot_values(scope: Scope) -> tuple[dict[str, int | Decimal], datetime] | None:
    """The stored values for a whole-division scope, when every catalogue code has one."""
    if scope.organization_ids is not None:
        return None
    indicators = catalogue.catalogue()
    rows = list(
        Snapshot.objects.filter(division=scope.division, period_key=scope.period.key).values_list(
            "code", "value", "computed_at"
        )
    )
    stored = {code: (value, computed_at) for code, value, computed_at in rows}
    if not indicators or any(item.code not in stored for item in indicators):
        return None
    values = {item.code: catalogue.normalize(item, stored[item.code][0]) for item in indicators}
    return values, min(stored[item.code][1] for item in indicators)


def figures(scope: Scope, *, with_previous: bool = False, live: bool = False) -> Figures:
    """The catalogue for ``scope``: from the snapshots when they are complete, otherwise
    computed now. ``with_previous`` adds the same period one year earlier."""
    stored = None if live else snapshot_values(scope)
    if stored is not None:
        values, computed_at = stored
    else:
        values, computed_at = catalogue.compute(scope), None
    result = Figures(scope=scope, values=values, computed_at=computed_at, indicators=catalogue.catalogue())
    if with_previous and (previous_period := scope.period.previous()) is not None:
        previous_scope = Scope(division=scope.division, period=previous_period, organization_ids=scope.organization_ids)
        result.previous = figures(previous_scope, live=live).values
    return result


def chart_data(scope: Scope) -> list[dict]:
    """Every registered chart computed for ``scope``, ready for ``json_script``."""
    result = []
    for item in catalogue.charts():
        data = item.compute(scope)
        result.append(
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
        )
    return result


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_value(value) -> int | float:
    """A catalogue value as a JSON number."""
    return _number(value) if isinstance(value, Decimal) else int(value)


def last_computed(division: Division) -> datetime | None:
    return Snapshot.objects.filter(division=division).aggregate(last=Max("computed_at"))["last"]


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
    """The inverse of :func:`period_params` (raises ``PeriodError`` on bad input)."""
    return parse_period(params.get("period"), start=params.get("start") or "", end=params.get("end") or "")


def period_choices(today=None) -> list[tuple[str, str]]:
    """Suggestions for the period selector: all time, recent years and quarters."""
    from django.utils import timezone

    today = today or timezone.localdate()
    choices = [(ALL.key, ALL.label)]
    for year in range(today.year, today.year - 7, -1):
        choices.append((str(year), parse_period(str(year)).label))
    for year in range(today.year, today.year - 2, -1):
        for quarter in range(4, 0, -1):
            key = f"{year}-Q{quarter}"
            choices.append((key, parse_period(key).label))
    return choices


# Named details the county report quotes ------------------------------------------------


def industry_union_coverage(scope: Scope) -> list[dict]:
    """Industry unions in the scope with the organizations they cover and their current
    members, largest first (one query)."""
    try:
        from orgs.queries import industry_union_coverage as registry_coverage
    except ImportError:
        registry_coverage = None
    if registry_coverage is not None:
        try:
            rows = list(registry_coverage(scope))
        except TypeError:
            rows = None
        # Only a list of {"name", "organizations", ...} rows is quoted as it is.
        if rows is not None and all(isinstance(row, dict) and {"name", "organizations"} <= set(row) for row in rows):
            return rows
    return _union_details(scope, "industry", "covered_organizations")


def community_individual_joins(scope: Scope) -> list[dict]:
    """Town and community unions that took in members individually: organizations and
    persons (one query)."""
    from orgs.models import Member, UnionBranch

    on = scope.stock_date
    current = (Q(members__joined_on__lte=on) | Q(members__joined_on__isnull=True)) & (
        Q(members__left_on__isnull=True) | Q(members__left_on__gt=on)
    )
    individual = current & Q(members__join_path=Member.JoinPath.INDIVIDUAL)
    if scope.organization_ids is not None:
        individual &= Q(members__organization__in=scope.organization_ids)
    rows = (
        UnionBranch.objects.filter(scope.division_q("division"), level=UnionBranch.Level.COMMUNITY)
        .annotate(
            person_count=Count("members", filter=individual, distinct=True),
            org_count=Count("members__organization", filter=individual, distinct=True),
        )
        .filter(person_count__gt=0)
        .order_by("-person_count", "name")
        .values_list("name", "person_count", "org_count")
    )
    return [{"name": name, "persons": persons, "organizations": orgs} for name, persons, orgs in rows]


def _union_details(scope: Scope, level: str, through: str) -> list[dict]:
    from orgs.models import Organization, UnionBranch

    on = scope.stock_date
    covered = Q(**{f"{through}__status": Organization.Status.ACTIVE})
    if scope.organization_ids is not None:
        covered &= Q(**{f"{through}__in": scope.organization_ids})
    current = (Q(members__joined_on__lte=on) | Q(members__joined_on__isnull=True)) & (
        Q(members__left_on__isnull=True) | Q(members__left_on__gt=on)
    )
    rows = (
        UnionBranch.objects.filter(scope.division_q("division"), level=level)
        .annotate(
            org_count=Count(through, filter=covered, distinct=True),
            member_count=Count("members", filter=current, distinct=True),
        )
        .filter(org_count__gt=0)
        .order_by("-org_count", "name")
        .values_list("name", "org_count", "member_count")
    )
    return [{"name": name, "organizations": orgs, "members": members} for name, orgs, members in rows]


def largest_organization_unions(scope: Scope, limit: int = 3) -> list[str]:
    """Names of the organization unions with most current members (one query)."""
    from orgs.models import UnionBranch

    on = scope.stock_date
    current = (Q(members__joined_on__lte=on) | Q(members__joined_on__isnull=True)) & (
        Q(members__left_on__isnull=True) | Q(members__left_on__gt=on)
    )
    branches = UnionBranch.objects.filter(
        scope.division_q("division"), scope.organization_q("organization"), level=UnionBranch.Level.ORGANIZATION
    )
    rows = (
        branches.annotate(size=Count("members", filter=current))
        .filter(size__gt=0)
        .order_by("-size", "name")
        .values_list("name", flat=True)[:limit]
    )
    return list(rows)
