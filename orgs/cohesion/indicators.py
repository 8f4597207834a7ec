"""Indicator families of the cohesion part (see wangcang.catalogue)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import FLOW, STOCK, UNIT_ISSUES, UNIT_MEETINGS, UNIT_PERSONS, Indicator, Scope, family

from .models import CommitteeSeat, JointMeeting, Secondment, TrackedIssue


@family(Indicator("cohesion.joint_meetings", _("Joint meetings held"), UNIT_MEETINGS, FLOW, "cohesion"))
def meeting_figures(scope: Scope) -> dict[str, int]:
    meetings = JointMeeting.objects.filter(scope.division_q("division") & scope.flow_q("held_on"))
    if scope.organization_ids is not None:
        meetings = meetings.filter(issues__organization__in=scope.organization_ids).distinct()
    return {"cohesion.joint_meetings": meetings.count()}


@family(
    Indicator("cohesion.issues_raised", _("Organization problems raised"), UNIT_ISSUES, FLOW, "cohesion"),
    Indicator("cohesion.issues_resolved", _("Organization problems resolved"), UNIT_ISSUES, FLOW, "cohesion"),
)
def issue_figures(scope: Scope) -> dict[str, int]:
    """Raised counts by the day raised, resolved by the day resolved: each is a flow of its own."""
    row = TrackedIssue.objects.filter(scope.division_q("division") & scope.organization_q("organization")).aggregate(
        raised=Count("pk", filter=scope.flow_q("raised_on")),
        resolved=Count("pk", filter=Q(status=TrackedIssue.Status.RESOLVED) & scope.flow_q("resolved_on")),
    )
    return {"cohesion.issues_raised": row["raised"], "cohesion.issues_resolved": row["resolved"]}


def _in_force_q(on) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


@family(
    Indicator(
        "cohesion.committee_seats",
        _("Social-organization representatives on the union committee"),
        UNIT_PERSONS,
        STOCK,
        "cohesion",
    )
)
def committee_figures(scope: Scope) -> dict[str, int]:
    count = CommitteeSeat.objects.filter(
        scope.division_q("organization__division")
        & scope.organization_q("organization")
        & _in_force_q(scope.stock_date)
    ).count()
    return {"cohesion.committee_seats": count}


@family(
    Indicator("cohesion.secondments", _("Union cadres and social workers seconded"), UNIT_PERSONS, STOCK, "cohesion")
)
def secondment_figures(scope: Scope) -> dict[str, int]:
    count = Secondment.objects.filter(
        scope.division_q("organization__division")
        & scope.organization_q("organization")
        & _in_force_q(scope.stock_date)
    ).count()
    return {"cohesion.secondments": count}
