"""The union status of organizations, derived from the records: their own union (点), an
industry union covering them (线), a community union covering them or joined by their
workers (面). As annotations for any queryset, or read for a page of rows."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value

from .models import Member, Organization, UnionBranch

Level = UnionBranch.Level
Coverage = UnionBranch.covered_organizations.through


def branch_in_force(prefix: str, on: date | None) -> Q:
    """Branches that exist on day ``on`` (all when ``None``)."""
    if on is None:
        return Q()
    return Q(**{f"{prefix}founded_on__isnull": True}) | Q(**{f"{prefix}founded_on__lte": on})


def _union_sources(on: date | None) -> dict[str, list[tuple[QuerySet, str]]]:
    """The records behind each union path, each with its field naming the organization."""
    members = Member.objects.current(on) if on is not None else Member.objects.current()
    return {
        "own_union": [
            (UnionBranch.objects.filter(branch_in_force("", on), level=Level.ORGANIZATION), "organization_id"),
        ],
        "industry_union": [
            (
                Coverage.objects.filter(branch_in_force("unionbranch__", on), unionbranch__level=Level.INDUSTRY),
                "organization_id",
            ),
        ],
        "area_union": [
            (
                Coverage.objects.filter(branch_in_force("unionbranch__", on), unionbranch__level=Level.COMMUNITY),
                "organization_id",
            ),
            (
                members.filter(join_path=Member.JoinPath.INDIVIDUAL, branch__level=Level.COMMUNITY),
                "organization_id",
            ),
        ],
    }


def union_status_annotations(on: date | None = None) -> dict:
    """The derived union status of an organization, as annotations (one Exists each).

    - ``own_union`` 点: it has an organization union;
    - ``industry_union`` 线: an industry union covers it;
    - ``area_union`` 面: a town or community union covers it, or some of its workers joined one
      individually;
    - ``in_union``: any of the three; ``co_construction`` 党工共建: a party organization and a union.
    """
    annotations = {}
    for name, sources in _union_sources(on).items():
        found = [Exists(queryset.filter(**{field: OuterRef("pk")})) for queryset, field in sources]
        annotations[name] = found[0] if len(found) == 1 else found[0] | found[1]
    return annotations


def with_union_status(queryset: QuerySet, on: date | None = None) -> QuerySet:
    """``queryset`` of organizations annotated with their derived union status."""
    queryset = queryset.annotate(**union_status_annotations(on))
    in_union = Q(own_union=True) | Q(industry_union=True) | Q(area_union=True)
    return queryset.annotate(
        in_union=ExpressionWrapper(in_union, output_field=BooleanField()),
        co_construction=ExpressionWrapper(Q(has_party_org=True) & in_union, output_field=BooleanField()),
    )


def add_union_status(organizations) -> list[Organization]:
    """``organizations`` (a page of rows) with the attributes of :func:`with_union_status`,
    read in one query for these rows only. In the list's own query the status made
    PostgreSQL hash every branch, coverage and member of the scope to show 25 rows."""
    organizations = list(organizations)
    if not organizations or hasattr(organizations[0], "in_union"):
        return organizations
    ids = [org.pk for org in organizations]
    parts = [
        queryset.filter(**{f"{field}__in": ids}).annotate(path=Value(name)).order_by().values_list(field, "path")
        for name, sources in _union_sources(None).items()
        for queryset, field in sources
    ]
    found: dict[int, set[str]] = {}
    for pk, path in parts[0].union(*parts[1:], all=True):
        found.setdefault(pk, set()).add(path)
    for org in organizations:
        paths = found.get(org.pk, set())
        for name in ("own_union", "industry_union", "area_union"):
            setattr(org, name, name in paths)
        org.in_union = bool(paths)
        org.co_construction = org.has_party_org and org.in_union
    return organizations


def union_paths(organization: Organization) -> list[str]:
    """The paths by which an annotated organization is in a union: ``own``, ``industry``, ``area``."""
    return [
        name
        for name, flag in (
            ("own", organization.own_union),
            ("industry", organization.industry_union),
            ("area", organization.area_union),
        )
        if flag
    ]
