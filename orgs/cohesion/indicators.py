"""Indicator families of the cohesion part (see wangcang.catalogue)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import (
    FLOW,
    STOCK,
    UNIT_ISSUES,
    UNIT_MEETINGS,
    UNIT_PERSONS,
    Grouping,
    Indicator,
    Scope,
    grouped_family,
    rows,
)

from .models import CommitteeSeat, JointMeeting, Secondment, TrackedIssue


@grouped_family(Indicator("cohesion.joint_meetings", _("Joint meetings held"), UNIT_MEETINGS, FLOW, "cohesion"))
def meeting_figures(target: Scope | Grouping) -> dict[str, dict]:
    meetings = JointMeeting.objects.filter(target.flow_q("held_on"))
    if target.organization_ids is not None:
        meetings = meetings.filter(issues__organization__in=target.organization_ids)
    # Distinct: a meeting on several of the organizations' issues counts once.
    found = rows(target, meetings, "division", meetings=Count("pk", distinct=True))
    return {key: {"cohesion.joint_meetings": row["meetings"]} for key, row in found.items()}


@grouped_family(
    Indicator("cohesion.issues_raised", _("Organization problems raised"), UNIT_ISSUES, FLOW, "cohesion"),
    Indicator("cohesion.issues_resolved", _("Organization problems resolved"), UNIT_ISSUES, FLOW, "cohesion"),
)
def issue_figures(target: Scope | Grouping) -> dict[str, dict]:
    """Raised counts by the day raised, resolved by the day resolved: each is a flow of its own."""
    found = rows(
        target,
        TrackedIssue.objects.filter(target.organization_q("organization")),
        "division",
        raised=Count("pk", filter=target.flow_q("raised_on")),
        resolved=Count("pk", filter=Q(status=TrackedIssue.Status.RESOLVED) & target.flow_q("resolved_on")),
    )
    return {
        key: {"cohesion.issues_raised": row["raised"], "cohesion.issues_resolved": row["resolved"]}
        for key, row in found.items()
    }


def _in_force_q(on) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


@grouped_family(
    Indicator(
        "cohesion.committee_seats",
        _("Social-organization representatives on the union committee"),
        UNIT_PERSONS,
        STOCK,
        "cohesion",
    )
)
def committee_figures(target: Scope | Grouping) -> dict[str, dict]:
    seats = CommitteeSeat.objects.filter(target.organization_q("organization") & _in_force_q(target.stock_date))
    found = rows(target, seats, "organization__division", seats=Count("pk"))
    return {key: {"cohesion.committee_seats": row["seats"]} for key, row in found.items()}


@grouped_family(
    Indicator("cohesion.secondments", _("Union cadres and social workers seconded"), UNIT_PERSONS, STOCK, "cohesion")
)
def secondment_figures(target: Scope | Grouping) -> dict[str, dict]:
    secondments = Secondment.objects.filter(target.organization_q("organization") & _in_force_q(target.stock_date))
    found = rows(target, secondments, "organization__division", secondments=Count("pk"))
    return {key: {"cohesion.secondments": row["secondments"]} for key, row in found.items()}
