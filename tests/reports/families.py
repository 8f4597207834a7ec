"""Indicator families and a chart used only by these tests, over the models that exist in
the registry, self-reporting and cohesion. They follow the catalogue's rules: one
aggregate query per model family, stock at ``scope.stock_date``, flow inside the period."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Sum

from wangcang.catalogue import (
    FLOW,
    STOCK,
    UNIT_ISSUES,
    UNIT_MEETINGS,
    UNIT_ORGS,
    UNIT_PERCENT,
    UNIT_PERSONS,
    UNIT_YUAN,
    Indicator,
    Scope,
    rate,
)


def organization_figures(scope: Scope) -> dict:
    from orgs.models import Organization, UnionBranch

    on = scope.stock_date
    own_union = UnionBranch.objects.filter(organization=OuterRef("pk"), level=UnionBranch.Level.ORGANIZATION)
    covered = UnionBranch.objects.filter(covered_organizations=OuterRef("pk"))
    active = (Q(status=Organization.Status.ACTIVE) | Q(status_changed_on__gt=on)) & (
        Q(established_on__lte=on) | Q(established_on__isnull=True)
    )
    rows = (
        Organization.objects.filter(scope.division_q("division"), scope.organization_q("pk"), active)
        .filter(kind__in=Organization.SOCIAL_KINDS)
        .annotate(own=Exists(own_union), covered=Exists(covered))
        .aggregate(
            total=Count("pk"),
            with_party=Count("pk", filter=Q(has_party_org=True)),
            with_union=Count("pk", filter=Q(own=True) | Q(covered=True)),
            co=Count("pk", filter=Q(has_party_org=True) & (Q(own=True) | Q(covered=True))),
        )
    )
    return {
        "orgs.total": rows["total"],
        "orgs.with_party": rows["with_party"],
        "orgs.with_union": rows["with_union"],
        "orgs.co_construction": rows["co"],
        "orgs.co_construction_rate": rate(rows["co"], rows["total"]),
    }


def member_figures(scope: Scope) -> dict:
    from orgs.models import Member

    on = scope.stock_date
    current = (Q(joined_on__lte=on) | Q(joined_on__isnull=True)) & (Q(left_on__isnull=True) | Q(left_on__gt=on))
    rows = Member.objects.filter(
        scope.division_q("branch__division"), scope.organization_q("organization"), current
    ).aggregate(
        members=Count("pk"),
        individual=Count("pk", filter=Q(join_path=Member.JoinPath.INDIVIDUAL)),
    )
    return {"unions.members": rows["members"], "unions.individual_joins": rows["individual"]}


def meeting_figures(scope: Scope) -> dict:
    from orgs.models import JointMeeting

    if scope.organization_ids is not None:
        return {"cohesion.joint_meetings": 0}
    count = JointMeeting.objects.filter(scope.division_q("division"), scope.flow_q("held_on")).count()
    return {"cohesion.joint_meetings": count}


def issue_figures(scope: Scope) -> dict:
    from orgs.models import TrackedIssue

    rows = TrackedIssue.objects.filter(scope.division_q("division"), scope.organization_q("organization")).aggregate(
        raised=Count("pk", filter=scope.flow_q("raised_on")),
        resolved=Count("pk", filter=scope.flow_q("resolved_on") & Q(resolved_on__isnull=False)),
    )
    return {"cohesion.issues_raised": rows["raised"], "cohesion.issues_resolved": rows["resolved"]}


def dues_figures(scope: Scope) -> dict:
    from orgs.models import SelfReport

    total = SelfReport.objects.filter(
        scope.division_q("organization__division"),
        scope.organization_q("organization"),
        scope.flow_q("round__period_end"),
    ).aggregate(total=Sum("dues_collected"))["total"]
    return {"selfreports.dues_reported": total or 0}


def organizations_by_kind(scope: Scope) -> dict:
    from orgs.models import Organization

    rows = (
        Organization.objects.filter(scope.division_q("division"), scope.organization_q("pk"))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    labels = dict(Organization.Kind.choices)
    rows = list(rows)
    return {
        "categories": [labels[row["kind"]] for row in rows],
        "series": [{"name": "organizations", "data": [row["n"] for row in rows]}],
    }


FAMILY_SPECS = [
    (
        organization_figures,
        (
            Indicator("orgs.total", "Active social organizations", UNIT_ORGS, STOCK, "foundation"),
            Indicator("orgs.with_party", "With a party organization", UNIT_ORGS, STOCK, "foundation"),
            Indicator("orgs.with_union", "In a union", UNIT_ORGS, STOCK, "foundation"),
            Indicator("orgs.co_construction", "Party and union", UNIT_ORGS, STOCK, "foundation"),
            Indicator("orgs.co_construction_rate", "Party-union rate", UNIT_PERCENT, STOCK, "foundation"),
        ),
    ),
    (
        member_figures,
        (
            Indicator("unions.members", "Union members", UNIT_PERSONS, STOCK, "foundation"),
            Indicator("unions.individual_joins", "Individual joins", UNIT_PERSONS, STOCK, "foundation"),
        ),
    ),
    (meeting_figures, (Indicator("cohesion.joint_meetings", "Joint meetings", UNIT_MEETINGS, FLOW, "cohesion"),)),
    (
        issue_figures,
        (
            Indicator("cohesion.issues_raised", "Problems raised", UNIT_ISSUES, FLOW, "cohesion"),
            Indicator("cohesion.issues_resolved", "Problems resolved", UNIT_ISSUES, FLOW, "cohesion"),
        ),
    ),
    (dues_figures, (Indicator("selfreports.dues_reported", "Dues reported", UNIT_YUAN, FLOW, "cohesion"),)),
]
