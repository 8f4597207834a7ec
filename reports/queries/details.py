"""The records the county report's sentences quote (names, kinds, ratios)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q

from wangcang.catalogue import Scope


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


def industry_coverage_kinds(scope: Scope) -> dict[str, list[tuple[str, str, str]]]:
    """Per industry union name, the (kind, industry, name) of each organization it covers,
    so that the report can say what kind of units a union covers (one query)."""
    from orgs.models import Organization, UnionBranch

    through = UnionBranch.covered_organizations.through
    rows = (
        through.objects.filter(
            scope.division_q("unionbranch__division"),
            scope.organization_q("organization"),
            unionbranch__level=UnionBranch.Level.INDUSTRY,
            organization__status=Organization.Status.ACTIVE,
        )
        .order_by("unionbranch__name", "organization__name")
        .values_list("unionbranch__name", "organization__kind", "organization__industry", "organization__name")
    )
    result: dict[str, list[tuple[str, str, str]]] = {}
    for branch, kind, industry, name in rows:
        result.setdefault(branch, []).append((kind, industry, name))
    return result


def community_join_organizations(scope: Scope, limit: int = 2) -> list[str]:
    """Names of the organizations most of the individual joins came from (one query)."""
    from orgs.models import Member, UnionBranch

    on = scope.stock_date
    rows = (
        Member.objects.filter(
            scope.division_q("branch__division"),
            scope.organization_q("organization"),
            branch__level=UnionBranch.Level.COMMUNITY,
            join_path=Member.JoinPath.INDIVIDUAL,
            organization__isnull=False,
        )
        .filter(Q(joined_on__lte=on) | Q(joined_on__isnull=True), Q(left_on__isnull=True) | Q(left_on__gt=on))
        .values("organization__name")
        .annotate(persons=Count("pk"))
        .order_by("-persons", "organization__name")
        .values_list("organization__name", flat=True)[:limit]
    )
    return list(rows)


def graduated_organizations(scope: Scope, limit: int = 2) -> list[str]:
    """Names of organizations that graduated from the incubation base in the period (one query)."""
    from incubator.models import Residency

    rows = (
        Residency.objects.filter(
            scope.division_q("organization__division"),
            scope.organization_q("organization"),
            scope.flow_q("ended_on"),
            status=Residency.Status.GRADUATED,
        )
        .order_by("ended_on", "organization__name")
        .values_list("organization__name", flat=True)[:limit]
    )
    return list(rows)


def exchange_destinations(scope: Scope, limit: int = 2) -> list[str]:
    """Where the exchange visits of the period went, most visited first (one query)."""
    from incubator.models import ExchangeVisit

    visits = ExchangeVisit.objects.filter(scope.division_q("division"), scope.flow_q("starts_on"))
    if scope.organization_ids is not None:
        visits = visits.filter(organizations__in=scope.organization_ids)
    rows = (
        visits.values("destination")
        .annotate(times=Count("pk", distinct=True))
        .order_by("-times", "destination")
        .values_list("destination", flat=True)[:limit]
    )
    return list(rows)


def secondment_organizations(scope: Scope, limit: int = 2) -> list[str]:
    """Organizations with union cadres or social workers seconded at the stock date (one query)."""
    from orgs.cohesion.models import Secondment

    on = scope.stock_date
    rows = (
        Secondment.objects.filter(
            scope.division_q("organization__division"),
            scope.organization_q("organization"),
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        )
        .values("organization__name")
        .annotate(persons=Count("pk"))
        .order_by("-persons", "organization__name")
        .values_list("organization__name", flat=True)[:limit]
    )
    return list(rows)


def fund_beneficiaries(scope: Scope, kind: str, limit: int = 2) -> list[str]:
    """Organizations that received most from one kind of fund in the period (one query)."""
    from django.db.models import Sum

    from services.funds.models import FundTransaction

    rows = (
        FundTransaction.objects.filter(
            scope.division_q("fund__division"),
            scope.organization_q("beneficiary_organization"),
            scope.flow_q("occurred_on"),
            fund__kind=kind,
            direction=FundTransaction.Direction.OUT,
            reverses__isnull=True,
            reversal__isnull=True,
            beneficiary_organization__isnull=False,
        )
        .values("beneficiary_organization__name")
        .annotate(total=Sum("amount"))
        .order_by("-total", "beneficiary_organization__name")
        .values_list("beneficiary_organization__name", flat=True)[:limit]
    )
    return list(rows)


def mutual_aid_fund_organizations(scope: Scope, limit: int = 2) -> list[str]:
    """Organizations that run a love (mutual-aid) fund in the scope (one query)."""
    from services.funds.models import Fund

    rows = (
        Fund.objects.filter(
            scope.division_q("division"),
            scope.organization_q("organization"),
            kind=Fund.Kind.MUTUAL_AID,
            organization__isnull=False,
        )
        .order_by("organization__name")
        .values_list("organization__name", flat=True)
        .distinct()[:limit]
    )
    return list(rows)


def providers_delivering(scope: Scope) -> dict[str, list[str]]:
    """Per deliverable kind code, the providers with confirmed deliveries of it in the
    period, largest quantity first; legal contracts under ``"legal"`` (one query)."""
    from django.db.models import Sum

    from services.models import Contract, Delivery

    rows = (
        Delivery.objects.filter(
            scope.division_q("contract__division"),
            scope.organization_q("contract__provider"),
            scope.flow_q("delivered_on"),
            status=Delivery.Status.CONFIRMED,
        )
        .values("kind__code", "contract__category", "contract__provider__name")
        .annotate(quantity=Sum("quantity"))
        .order_by("-quantity", "contract__provider__name")
    )
    result: dict[str, list[str]] = {}
    for row in rows:
        keys = [row["kind__code"]]
        if row["contract__category"] == Contract.Category.LEGAL:
            keys.append("legal")
        for key in keys:
            names = result.setdefault(key, [])
            if row["contract__provider__name"] not in names:
                names.append(row["contract__provider__name"])
    return result


def matching_ratios(scope: Scope) -> list[Decimal]:
    """The matching ratios (yuan granted per yuan of dues) of the matching funds that paid
    out in the period, largest amount first (one query)."""
    from django.db.models import Sum

    from services.funds.indicators import standing_payments
    from services.funds.models import Fund, FundTransaction

    rows = (
        FundTransaction.objects.filter(
            scope.division_q("fund__division"),
            scope.organization_q("beneficiary_organization"),
            scope.flow_q("occurred_on"),
            fund__kind=Fund.Kind.MATCHING,
            **standing_payments(),
        )
        .values("fund__matching_ratio")
        .annotate(total=Sum("amount"))
        .order_by("-total", "fund__matching_ratio")
        .values_list("fund__matching_ratio", flat=True)
    )
    return [ratio for ratio in rows if ratio]


def delivering_contracts(scope: Scope, kind_code: str, limit: int = 2) -> list[dict]:
    """The contracts with confirmed deliveries of one kind in the period, largest quantity
    first: their provider and their own subject (title), as the report names them (one query)."""
    from django.db.models import Sum

    from services.models import Delivery

    rows = (
        Delivery.objects.filter(
            scope.division_q("contract__division"),
            scope.organization_q("contract__provider"),
            scope.flow_q("delivered_on"),
            status=Delivery.Status.CONFIRMED,
            kind__code=kind_code,
        )
        .values("contract__title", "contract__provider__name")
        .annotate(quantity=Sum("quantity"))
        .order_by("-quantity", "contract__title")[:limit]
    )
    return [{"title": row["contract__title"], "provider": row["contract__provider__name"]} for row in rows]


def secondments_by_kind(scope: Scope) -> dict[str, int]:
    """Persons seconded at the stock date per kind (union cadre, social worker) (one query)."""
    from orgs.cohesion.models import Secondment

    on = scope.stock_date
    rows = (
        Secondment.objects.filter(
            scope.division_q("organization__division"),
            scope.organization_q("organization"),
            Q(starts_on__lte=on),
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        )
        .values("kind")
        .annotate(persons=Count("pk"))
        .values_list("kind", "persons")
    )
    return dict(rows)
