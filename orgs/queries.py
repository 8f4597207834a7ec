"""Reads of the registry: the derived union status of organizations (点/线/面, party
organization, 党工共建), the gaps, the branch tree, and the figures the county report uses.

The union status is never stored: it is computed from the branches, their coverage and the
members each time, so it cannot drift from the records it summarises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import rows, rows_by
from wangcang.periods import parse_period

from .models import Member, Organization, UnionBranch
from .union_status import (  # noqa: F401 (the reads of orgs are asked for here)
    add_union_status,
    branch_in_force,
    union_paths,
    union_status_annotations,
    with_union_status,
)

Level = UnionBranch.Level
Coverage = UnionBranch.covered_organizations.through


def organizations_for(user) -> QuerySet:
    """The organizations ``user`` may see, with town and union status, for list pages and the API."""
    return with_union_status(organization_rows_for(user))


def organization_rows_for(user) -> QuerySet:
    """The organizations ``user`` may see, with town, without the union status: a list page
    reads the status of its page's rows only (:func:`add_union_status`)."""
    return Organization.objects.visible_to(user).select_related("town", "division")


def organization_for(user, pk: int) -> Organization:
    from wangcang.scoping import get_visible_or_404

    return get_visible_or_404(organizations_for(user), pk=pk)


def branches_of(organization: Organization) -> list[UnionBranch]:
    """The branches an organization's workers are in: its own union, the unions covering it,
    and community unions its workers joined individually."""
    # The branches are picked in a subquery so that the member count below counts all the
    # branch's members, not only the ones of this organization that the filter joins.
    picked = UnionBranch.objects.filter(
        Q(organization=organization)
        | Q(covered_organizations=organization)
        | Q(members__organization=organization, members__left_on__isnull=True)
    ).values("pk")
    return list(
        UnionBranch.objects.filter(pk__in=picked)
        .select_related("parent", "town")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))
        .order_by("level", "name")
    )


def members_of(organization: Organization) -> QuerySet:
    return organization.members.select_related("branch").order_by("left_on", "name", "pk")


def members_for(user) -> QuerySet:
    return Member.objects.visible_to(user).select_related("organization", "branch")


def branches_for(user) -> QuerySet:
    return (
        UnionBranch.objects.visible_to(user)
        .select_related("parent", "organization", "town")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            covered_count=Count("covered_organizations", distinct=True),
        )
    )


@dataclass
class BranchNode:
    """One branch of the tree page, with the figures of the branches below it."""

    branch: UnionBranch
    child_count: int = 0
    total_members: int = 0

    @property
    def members_below(self) -> bool:
        return self.child_count > 0


# A branch has at most three levels below it (county federation → industry or community union →
# organization union, with a town union possibly in between).
DEPTH = 4
BRANCH_PAGE = 100


def branch_tree_for(user, *, parent: UnionBranch | None = None, page: int = 1) -> tuple[list[BranchNode], bool]:
    """One level of the branch tree that ``user`` may see: the top branches (those whose
    parent is out of sight or missing), or the children of ``parent``; at most
    ``BRANCH_PAGE`` of them from ``page``, and whether more follow. Every figure is computed
    for the shown branches only, in a fixed number of queries whatever the province holds."""
    visible = UnionBranch.objects.visible_to(user)
    if parent is None:
        level = visible.filter(Q(parent__isnull=True) | ~Q(parent__in=visible))
    else:
        level = visible.filter(parent=parent)
    order = Case(
        When(level=Level.COUNTY_FEDERATION, then=Value(0)),
        When(level=Level.INDUSTRY, then=Value(1)),
        When(level=Level.COMMUNITY, then=Value(2)),
        default=Value(3),
    )
    offset = (max(page, 1) - 1) * BRANCH_PAGE
    branches = list(
        level.select_related("organization", "town")
        .prefetch_related(Prefetch("covered_organizations", queryset=Organization.objects.only("pk", "name")))
        .annotate(
            covered_count=Count("covered_organizations", distinct=True),
            child_count=Count("children", distinct=True),
            level_order=order,
        )
        .order_by("level_order", "name", "pk")[offset : offset + BRANCH_PAGE + 1]
    )
    more = len(branches) > BRANCH_PAGE
    branches = branches[:BRANCH_PAGE]
    ids = [branch.pk for branch in branches]
    own = dict(Member.objects.current().filter(branch__in=ids).values_list("branch").annotate(n=Count("pk")).order_by())
    below: dict[int, int] = {}
    path = "branch__parent"
    for _depth in range(1, DEPTH):
        rows = (
            Member.objects.current().filter(**{f"{path}__in": ids}).values_list(path).annotate(n=Count("pk")).order_by()
        )
        for branch_id, count in rows:
            below[branch_id] = below.get(branch_id, 0) + count
        path += "__parent"
    nodes = []
    for branch in branches:
        branch.member_count = own.get(branch.pk, 0)
        nodes.append(BranchNode(branch, branch.child_count, branch.member_count + below.get(branch.pk, 0)))
    return nodes, more


def suggested_branch_annotation() -> dict:
    """The branch that should take an organization in: the industry union of its industry,
    else the community union of its town, else the union of the town that contains it."""
    industry = UnionBranch.objects.filter(
        level=Level.INDUSTRY, industry=OuterRef("industry"), division=OuterRef("division")
    ).order_by("pk")
    town = UnionBranch.objects.filter(level=Level.COMMUNITY, town=OuterRef("town")).order_by("pk")
    parent_town = UnionBranch.objects.filter(level=Level.COMMUNITY, town=OuterRef("town__parent")).order_by("pk")
    return {
        "suggested_branch_id": Coalesce(
            Subquery(industry.values("pk")[:1]),
            Subquery(town.values("pk")[:1]),
            Subquery(parent_town.values("pk")[:1]),
        )
    }


def gaps_for(user) -> dict[str, list[Organization]]:
    """Active organizations with a party organization but no union, and organizations in no
    union at all, each with ``suggested_branch`` (or ``None``)."""
    rows = list(
        organizations_for(user)
        .active()
        .filter(in_union=False)
        .annotate(**suggested_branch_annotation())
        .order_by("name")
    )
    branches = UnionBranch.objects.in_bulk({row.suggested_branch_id for row in rows if row.suggested_branch_id})
    for row in rows:
        row.suggested_branch = branches.get(row.suggested_branch_id)
    return {
        "party_without_union": [row for row in rows if row.has_party_org],
        "without_union": rows,
    }


def _stock_organizations(scope, *, social_only: bool = True, in_division: bool = True) -> QuerySet:
    """Organizations in existence at the scope's stock date: established on or before it and
    not suspended or deregistered on or before it; ``in_division=False``: in any division."""
    on = scope.stock_date
    division_q = scope.division_q("division") if in_division else Q()
    queryset = Organization.objects.filter(division_q, scope.organization_q("pk")).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=on),
        Q(status=Organization.Status.ACTIVE) | Q(status_changed_on__gt=on),
    )
    return queryset.social() if social_only else queryset


def industry_union_coverage(scope) -> list[dict]:
    """Each industry union of the scope: name, organizations covered, current members."""
    on = scope.stock_date
    rows = (
        UnionBranch.objects.filter(scope.division_q("division"), branch_in_force("", on), level=Level.INDUSTRY)
        .annotate(
            covered=Count(
                "covered_organizations",
                filter=Q(covered_organizations__in=_stock_organizations(scope, social_only=False).values("pk")),
                distinct=True,
            ),
        )
        .order_by("name")
        .values("pk", "name", "covered")
    )
    members = _member_counts(scope, level=Level.INDUSTRY)
    return [
        {"name": row["name"], "organizations": row["covered"], "members": members.get(row["pk"], 0)} for row in rows
    ]


def community_union_intake(scope) -> list[dict]:
    """Each town or community union with individual joins: name, organizations the people
    came from, persons."""
    rows = (
        Member.objects.current(scope.stock_date)
        .filter(
            scope.division_q("branch__division"),
            scope.organization_q("organization"),
            branch__level=Level.COMMUNITY,
            join_path=Member.JoinPath.INDIVIDUAL,
        )
        .values("branch__name")
        .annotate(organizations=Count("organization", distinct=True), persons=Count("pk"))
        .order_by("branch__name")
    )
    return [
        {"name": row["branch__name"], "organizations": row["organizations"], "persons": row["persons"]} for row in rows
    ]


def _member_counts(scope, *, level: str) -> dict[int, int]:
    return dict(
        Member.objects.current(scope.stock_date)
        .filter(scope.division_q("branch__division"), scope.organization_q("organization"), branch__level=level)
        .values("branch")
        .annotate(count=Count("pk"))
        .values_list("branch", "count")
    )


def organization_rows(target) -> dict[str, dict[str, int]]:
    """:func:`organization_figures` of a scope or a grouping, by prefix (catalogue.rows)."""
    on = target.stock_date
    queryset = with_union_status(_stock_organizations(target, in_division=False), on=on)
    # The aggregates' names differ from the annotations': an aggregate named like the
    # annotation it filters on would shadow it in the SQL.
    found = rows(
        target,
        queryset,
        "division",
        n_total=Count("pk"),
        n_with_party=Count("pk", filter=Q(has_party_org=True)),
        n_with_union=Count("pk", filter=Q(in_union=True)),
        n_co_construction=Count("pk", filter=Q(co_construction=True)),
    )
    return {key: {name.removeprefix("n_"): value for name, value in row.items()} for key, row in found.items()}


def organization_figures(scope) -> dict[str, int]:
    """Totals of social organizations at the stock date, in one query."""
    return organization_rows(scope)[scope.prefix]


def union_rows(target) -> dict[str, dict[str, int]]:
    """:func:`union_figures` of a scope or a grouping, by prefix (catalogue.rows): three queries."""
    on, individual = target.stock_date, Q(join_path=Member.JoinPath.INDIVIDUAL)
    branches = UnionBranch.objects.filter(branch_in_force("", on))
    if target.organization_ids is not None:
        branches = branches.filter(
            Q(organization__in=target.organization_ids) | Q(covered_organizations__in=target.organization_ids)
        )
    branch_rows = rows(target, branches, "division", branches=Count("pk", distinct=target.organization_ids is not None))
    members = Member.objects.current(on).filter(target.organization_q())
    member_rows = rows(
        target, members, "branch__division", members=Count("pk"), individual_joins=Count("pk", filter=individual)
    )
    # An organization counts under a division when both it and the industry union are in it.
    coverage = Coverage.objects.filter(
        branch_in_force("unionbranch__", on),
        unionbranch__level=Level.INDUSTRY,
        organization__in=_stock_organizations(target, social_only=False).values("pk"),
    )
    covered = Count("organization", distinct=True)
    covered_rows = rows(target, coverage, "organization__division", same=("unionbranch__division",), covered=covered)
    return {
        key: {**row, **member_rows[key], "industry_covered_orgs": covered_rows[key]["covered"]}
        for key, row in branch_rows.items()
    }


def union_figures(scope) -> dict[str, int]:
    """Branches, members, individual joins and industry-covered organizations at the stock date."""
    return union_rows(scope)[scope.prefix]


def organizations_by(target, field_name: str) -> dict[str, list[tuple[str, int]]]:
    """(value, count) of social organizations at the stock date by ``field_name``, by prefix."""
    found = rows_by(target, _stock_organizations(target, in_division=False), "division", (field_name,), n=Count("pk"))
    return {key: [(row[field_name], row["n"]) for row in values] for key, values in found.items()}


def coverage_by_path(target) -> dict[str, dict[str, int]]:
    """Social organizations by the first path that puts them in a union (点, 线, 面), by prefix."""
    queryset = with_union_status(_stock_organizations(target, in_division=False), on=target.stock_date)
    return rows(
        target,
        queryset,
        "division",
        own=Count("pk", filter=Q(own_union=True)),
        industry=Count("pk", filter=Q(own_union=False, industry_union=True)),
        area=Count("pk", filter=Q(own_union=False, industry_union=False, area_union=True)),
        none=Count("pk", filter=Q(in_union=False)),
    )


def co_construction_rows(target, years: list[int]) -> dict[str, list[tuple[int, int, int]]]:
    """(year, organizations, of them 党工共建) at each year's stock date (its last day, or
    today for the current year), as :func:`organization_figures` counts them, by prefix:
    one query for all the years, each year's union status an annotation of its own."""
    days = {year: parse_period(str(year)).stock_date for year in years}
    queryset = Organization.objects.filter(target.organization_q("pk")).social()
    annotations, counts = {}, {}
    for year, on in days.items():
        status = union_status_annotations(on)
        annotations.update({f"{name}_{year}": expression for name, expression in status.items()})
        in_stock = Q(Q(established_on__isnull=True) | Q(established_on__lte=on)) & Q(
            Q(status=Organization.Status.ACTIVE) | Q(status_changed_on__gt=on)
        )
        in_union = Q(**{f"own_union_{year}": True}) | Q(**{f"industry_union_{year}": True})
        in_union |= Q(**{f"area_union_{year}": True})
        counts[f"n_total_{year}"] = Count("pk", filter=in_stock)
        counts[f"n_done_{year}"] = Count("pk", filter=in_stock & Q(has_party_org=True) & in_union)
    found = rows(target, queryset.annotate(**annotations), "division", **counts)
    return {
        key: [(year, row[f"n_total_{year}"], row[f"n_done_{year}"]) for year in years] for key, row in found.items()
    }


def co_construction_by_year(scope, years: list[int]) -> list[tuple[int, int, int]]:
    return co_construction_rows(scope, years)[scope.prefix]


# The organization's records in the other pillars ----------------------------------------


@dataclass
class RelatedFamily:
    """One family of an organization's records elsewhere in the portal: how many, a link to
    the filtered list, and a breakdown (status value, label, count) or a money total."""

    key: str
    label: str
    count: int
    url: str
    breakdown: list[tuple[str, str, int]] = field(default_factory=list)
    amount: Decimal | None = None
    amount_label: str = ""


def status_breakdown(queryset: QuerySet, choices) -> tuple[int, list[tuple[str, str, int]]]:
    """Counts per status in one aggregate query; statuses with no record are left out."""
    counts = queryset.order_by().aggregate(
        total=Count("pk"), **{f"s_{value}": Count("pk", filter=Q(status=value)) for value, _label in choices}
    )
    breakdown = [(value, str(label), counts[f"s_{value}"]) for value, label in choices if counts[f"s_{value}"]]
    return counts["total"], breakdown


def list_url(url_name: str, **params) -> str:
    return f"{reverse(url_name)}?{urlencode(params)}"


# The other pillars' records about an organization, each contributed by its own app
# (``@related_panel`` in ``<app>/queries.py``, loaded by the app's ``ready()``): the
# registry keeps ``orgs`` from importing the apps that build on it.
RELATED_PANELS: list[Callable[[object, Organization], list[RelatedFamily]]] = []


def related_panel(func: Callable[[object, Organization], list[RelatedFamily]]):
    """Register ``func(user, organization) -> [RelatedFamily]`` for the organization page."""
    RELATED_PANELS.append(func)
    return func


def related_records_for(user, organization: Organization) -> list[RelatedFamily]:
    """The organization's self-reports, tracked issues and — where those parts are installed —
    incubator applications and residencies, service contracts it provides and fund entries
    paid to it, each seen through the family's own ``visible_to(user)``: one aggregate query
    per family, whatever the number of records."""
    from .cohesion.models import TrackedIssue
    from .selfreports.models import SelfReport

    families: list[RelatedFamily] = []

    total, breakdown = status_breakdown(
        SelfReport.objects.visible_to(user).filter(organization=organization), SelfReport.Status.choices
    )
    families.append(
        RelatedFamily(
            "self_reports",
            _("Self-reports"),
            total,
            list_url("orgs:self-report-list", name=organization.name),
            breakdown,
        )
    )

    issues = TrackedIssue.objects.visible_to(user).filter(organization=organization).order_by()
    counts = issues.aggregate(
        total=Count("pk"),
        meetings=Count("meeting", distinct=True),
        **{f"s_{value}": Count("pk", filter=Q(status=value)) for value, _label in TrackedIssue.Status.choices},
    )
    breakdown = [
        (value, str(label), counts[f"s_{value}"])
        for value, label in TrackedIssue.Status.choices
        if counts[f"s_{value}"]
    ]
    if counts["meetings"]:
        breakdown.append(("", str(_("joint meetings")), counts["meetings"]))
    families.append(
        RelatedFamily(
            "issues",
            _("Tracked issues"),
            counts["total"],
            list_url("orgs:issue-list", organization=organization.name),
            breakdown,
        )
    )

    for panel in RELATED_PANELS:
        families.extend(panel(user, organization))
    return families


# Figures by town -----------------------------------------------------------------------------

# The columns of the breakdown by town, in order; every one but the rate is additive: the
# towns' values (with the row of records without a town) add up to the county figure.
TOWN_FIGURES = (
    ("orgs.total", "total"),
    ("orgs.with_party", "with_party"),
    ("orgs.with_union", "with_union"),
    ("orgs.co_construction", "co_construction"),
    ("orgs.co_construction_rate", "co_construction_rate"),
    ("unions.members", "members"),
    ("unions.individual_joins", "individual_joins"),
)
TOWN_ADDITIVE = tuple(code for code, key in TOWN_FIGURES if key != "co_construction_rate")


def _town_root(path: str = "town"):
    """The town a record belongs to: its own town, or the town its community or village is
    part of (towns nest at most three deep: town → community → group)."""
    return Coalesce(f"{path}__parent__parent_id", f"{path}__parent_id", f"{path}_id")


def towns_of(division, parent_only: bool = True) -> QuerySet:
    """The towns of a county (not their communities and villages), by name."""
    from .models import Town

    towns = Town.objects.filter(division__code__startswith=division.prefix)
    return towns.filter(parent__isnull=True) if parent_only else towns


def town_organization_ids(scope, town) -> tuple[int, ...]:
    """Every organization of ``scope`` in ``town`` or in one of its communities and villages."""
    organizations = Organization.objects.filter(scope.division_q("division"), scope.organization_q("pk")).filter(
        Q(town=town) | Q(town__parent=town) | Q(town__parent__parent=town)
    )
    return tuple(sorted(organizations.values_list("pk", flat=True)))


def town_breakdown(scope, towns=None) -> list[dict]:
    """The foundation's main figures per town of the scope at its stock date, in three
    queries: one row per town (communities and villages counted in their town), then a row
    for records without a town when there are any. Each row has ``town`` (None for the
    row without one), ``name`` and the keys of :data:`TOWN_FIGURES`."""
    from wangcang.catalogue import rate

    on = scope.stock_date
    organizations = (
        with_union_status(_stock_organizations(scope), on=on)
        .annotate(root=_town_root())
        .order_by()
        .values("root")
        .annotate(
            n_total=Count("pk"),
            n_with_party=Count("pk", filter=Q(has_party_org=True)),
            n_with_union=Count("pk", filter=Q(in_union=True)),
            n_co_construction=Count("pk", filter=Q(co_construction=True)),
        )
    )
    members = (
        Member.objects.current(on)
        .filter(scope.division_q("branch__division"), scope.organization_q())
        .annotate(root=_town_root("organization__town"))
        .order_by()
        .values("root")
        .annotate(n_members=Count("pk"), n_individual=Count("pk", filter=Q(join_path=Member.JoinPath.INDIVIDUAL)))
    )
    empty = {"total": 0, "with_party": 0, "with_union": 0, "co_construction": 0, "members": 0, "individual_joins": 0}
    values: dict[int | None, dict] = {}
    for row in organizations:
        entry = values.setdefault(row["root"], dict(empty))
        entry.update(
            total=row["n_total"],
            with_party=row["n_with_party"],
            with_union=row["n_with_union"],
            co_construction=row["n_co_construction"],
        )
    for row in members:
        entry = values.setdefault(row["root"], dict(empty))
        entry.update(members=row["n_members"], individual_joins=row["n_individual"])
    rows = []
    for town in towns_of(scope.division).only("pk", "name") if towns is None else towns:
        rows.append({"town": town.pk, "name": town.name, **values.pop(town.pk, dict(empty))})
    # Records without a town: their own row, so that the rows add up to the county.
    rest = dict(empty)
    for entry in values.values():
        for key in rest:
            rest[key] += entry[key]
    if any(rest.values()):
        rows.append({"town": None, "name": str(_("Town not given")), **rest})
    for row in rows:
        row["co_construction_rate"] = rate(row["co_construction"], row["total"])
    return rows
