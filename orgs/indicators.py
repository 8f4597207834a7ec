"""Indicator families (see wangcang.catalogue); the other parts declare theirs in their own modules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import (
    STOCK,
    UNIT_BRANCHES,
    UNIT_ORGS,
    UNIT_PERCENT,
    UNIT_PERSONS,
    Grouping,
    Indicator,
    Scope,
    grouped_chart,
    grouped_family,
    rate,
)

from . import queries
from .models import Organization

FOUNDATION = "foundation"


@grouped_family(
    Indicator("orgs.total", _("Active social organizations"), UNIT_ORGS, STOCK, FOUNDATION),
    Indicator("orgs.with_party", _("Of them, with a party organization"), UNIT_ORGS, STOCK, FOUNDATION),
    Indicator("orgs.with_union", _("Of them, in a union (own, industry or community)"), UNIT_ORGS, STOCK, FOUNDATION),
    Indicator("orgs.co_construction", _("Of them, with party–union co-construction"), UNIT_ORGS, STOCK, FOUNDATION),
    Indicator("orgs.co_construction_rate", _("Party–union co-construction rate"), UNIT_PERCENT, STOCK, FOUNDATION),
)
def organization_figures(target: Scope | Grouping) -> dict:
    return {
        key: {
            "orgs.total": figures["total"],
            "orgs.with_party": figures["with_party"],
            "orgs.with_union": figures["with_union"],
            "orgs.co_construction": figures["co_construction"],
            # Per division, from its own counts: a rate does not add up.
            "orgs.co_construction_rate": rate(figures["co_construction"], figures["total"]),
        }
        for key, figures in queries.organization_rows(target).items()
    }


@grouped_family(
    Indicator("unions.branches", _("Union branches"), UNIT_BRANCHES, STOCK, FOUNDATION),
    Indicator("unions.members", _("Union members from social organizations"), UNIT_PERSONS, STOCK, FOUNDATION),
    Indicator(
        "unions.individual_joins",
        _("Members who joined a community union individually"),
        UNIT_PERSONS,
        STOCK,
        FOUNDATION,
    ),
    Indicator(
        "unions.industry_covered_orgs", _("Organizations covered by industry unions"), UNIT_ORGS, STOCK, FOUNDATION
    ),
)
def union_figures(target: Scope | Grouping) -> dict:
    return {
        key: {
            "unions.branches": figures["branches"],
            "unions.members": figures["members"],
            "unions.individual_joins": figures["individual_joins"],
            "unions.industry_covered_orgs": figures["industry_covered_orgs"],
        }
        for key, figures in queries.union_rows(target).items()
    }


@grouped_chart("orgs.by_kind", _("Social organizations by kind"), kind="pie", pillar=FOUNDATION)
def organizations_by_kind(target: Scope | Grouping) -> dict:
    found = queries.organizations_by(target, "kind")
    charts = {}
    for key, rows in found.items():
        counts = dict(rows)
        kinds = [kind for kind in Organization.SOCIAL_KINDS if counts.get(kind)]
        charts[key] = {
            "categories": [Organization.Kind(kind).label for kind in kinds],
            "series": [{"name": _("Organizations"), "data": [counts[kind] for kind in kinds]}],
        }
    return charts


@grouped_chart("orgs.by_town", _("Social organizations by town"), kind="bar", pillar=FOUNDATION)
def organizations_by_town(target: Scope | Grouping) -> dict:
    charts = {}
    for key, found in queries.organizations_by(target, "town__name").items():
        rows = sorted(found, key=lambda row: (-row[1], row[0] or ""))
        charts[key] = {
            "categories": [name or _("Not given") for name, _count in rows],
            "series": [{"name": _("Organizations"), "data": [count for _name, count in rows]}],
        }
    return charts


COVERAGE_PATHS = {
    "own": _("Own union (point)"),
    "industry": _("Industry union (line)"),
    "area": _("Community union (area)"),
    "none": _("In no union"),
}


@grouped_chart(
    "unions.coverage_by_path", _("Union coverage by path (point, line, area)"), kind="pie", pillar=FOUNDATION
)
def coverage_by_path(target: Scope | Grouping) -> dict:
    charts = {}
    for key, figures in queries.coverage_by_path(target).items():
        paths = [path for path in COVERAGE_PATHS if figures[path] or path != "none"]
        charts[key] = {
            "categories": [COVERAGE_PATHS[path] for path in paths],
            "series": [{"name": _("Organizations"), "data": [figures[path] for path in paths]}],
        }
    return charts


@grouped_chart("orgs.co_construction_trend", _("Party–union co-construction by year"), kind="line", pillar=FOUNDATION)
def co_construction_trend(target: Scope | Grouping) -> dict:
    return {
        key: {
            "categories": [str(year) for year, _total, _done in rows],
            "series": [
                {"name": _("Active social organizations"), "data": [total for _year, total, _done in rows]},
                {"name": _("Party–union co-construction"), "data": [done for _year, _total, done in rows]},
            ],
        }
        for key, rows in queries.co_construction_rows(target, _chart_years(target)).items()
    }


def _chart_years(target: Scope | Grouping) -> list[int]:
    """The five years up to the end of the period."""
    last = target.stock_date.year
    return list(range(last - 4, last + 1))


# The other parts' families come after the registry's, in the order of the report.
from .cohesion import indicators as cohesion_indicators  # noqa: E402, F401
from .selfreports import indicators as selfreports_indicators  # noqa: E402, F401
