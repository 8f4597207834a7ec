"""Figures broken down by the towns of a county."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from wangcang import catalogue
from wangcang.catalogue import Scope
from wangcang.models import Division


def shows_towns(scope: Scope) -> bool:
    """A county's figures are broken down by its towns; a city's or province's are not
    (hundreds of towns make no table to read)."""
    return scope.division.level == Division.Level.COUNTY and scope.organization_ids is None


def town_choices(user, scope: Scope) -> list:
    """The towns an official or staff member may pick on the dashboard."""
    from orgs.queries import towns_of

    if user.is_org_user or scope.division.level != Division.Level.COUNTY or scope.organization_ids is not None:
        return []
    return list(towns_of(scope.division).only("pk", "name"))


def scope_for_town(scope: Scope, town: str | None, towns: list) -> tuple[Scope, object | None]:
    """``scope`` narrowed to the organizations of one town of its county (with the town's
    communities and villages), or unchanged when no town is asked for. ``towns`` are the
    user's choices (:func:`town_choices`); any other town answers 404, as does a town asked
    for by an organization user (who has no choices)."""
    from dataclasses import replace

    from orgs.queries import town_organization_ids

    if town in (None, ""):
        return scope, None
    try:
        pk = int(town)
    except (TypeError, ValueError) as exc:
        raise Http404(_("No such town, or it is not yours to see.")) from exc
    chosen = next((item for item in towns if item.pk == pk), None)
    if chosen is None:
        raise Http404(_("No such town, or it is not yours to see."))
    return replace(scope, organization_ids=town_organization_ids(scope, chosen)), chosen


def town_figures(scope: Scope, towns=None) -> dict:
    """The breakdown by town for the dashboard and the county report: the columns (code,
    label, unit), the rows, the totals (the county's figures), and the chart. ``towns``: the
    county's towns (:func:`town_choices`) when the caller has them already."""
    from orgs.queries import TOWN_FIGURES, town_breakdown

    rows = town_breakdown(scope, towns)
    columns = [_town_column(code) for code, _key in TOWN_FIGURES]
    keys = [key for _code, key in TOWN_FIGURES]
    largest = max([row["total"] for row in rows] + [1])
    table = [
        {
            "town": row["town"],
            "name": row["name"],
            "values": [row[key] for key in keys],
            "total": row["total"],
            "members": row["members"],
            # The bar of the printed chart, as a share of the largest town's.
            "bar": round(100 * row["total"] / largest),
        }
        for row in rows
    ]
    totals = {key: sum(row[key] for row in rows) for key in keys if key != "co_construction_rate"}
    totals["co_construction_rate"] = catalogue.rate(totals["co_construction"], totals["total"])
    chart = {
        "code": "towns.breakdown",
        "title": _("Social organizations and union members by town"),
        "kind": "bar",
        "pillar": "foundation",
        "categories": [row["name"] for row in rows],
        "series": [
            {"name": str(columns[0].label), "data": [row["total"] for row in rows]},
            {"name": str(columns[5].label), "data": [row["members"] for row in rows]},
        ],
    }
    return {
        "columns": columns,
        "rows": table,
        "totals": [totals[key] for key in keys],
        "chart": chart,
    }


def _town_column(code: str) -> catalogue.Indicator:
    try:
        return catalogue.indicator(code)
    except KeyError:  # a catalogue without the registry's families (tests of the reports app)
        return catalogue.Indicator(code, code, "", catalogue.STOCK, "foundation")
