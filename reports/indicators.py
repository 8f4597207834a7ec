"""Report-level declarations: the underlying lists the XLSX download puts under each
pillar's figures, over the records of the registry and of cohesion."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import Scope, listing


@listing(
    "orgs.list",
    _("Social organizations"),
    pillar="foundation",
    headers=(
        _("Name"),
        _("Unified social credit code"),
        _("Kind"),
        _("Town or community"),
        _("Party organization"),
        _("Status"),
    ),
)
def organization_rows(scope: Scope):
    from orgs.models import Organization

    rows = (
        Organization.objects.filter(scope.division_q("division"), scope.organization_q("pk"))
        .select_related("town")
        .order_by("name")
    )
    for org in rows.iterator(chunk_size=2000):
        yield (
            org.name,
            org.uscc,
            org.get_kind_display(),
            org.town.name if org.town else "",
            _("Yes") if org.has_party_org else _("No"),
            org.get_status_display(),
        )


@listing(
    "unions.list",
    _("Union branches"),
    pillar="foundation",
    headers=(_("Name"), _("Level"), _("Organization"), _("Chair"), _("Founded on")),
)
def union_branch_rows(scope: Scope):
    from orgs.models import UnionBranch

    rows = (
        UnionBranch.objects.filter(scope.division_q("division"))
        .select_related("organization")
        .order_by("level", "name")
    )
    if scope.organization_ids is not None:
        rows = rows.filter(
            Q(organization__in=scope.organization_ids) | Q(covered_organizations__in=scope.organization_ids)
        ).distinct()
    for branch in rows.iterator(chunk_size=2000):
        yield (
            branch.name,
            branch.get_level_display(),
            branch.organization.name if branch.organization else "",
            branch.chair,
            branch.founded_on,
        )


@listing(
    "cohesion.meeting_list",
    _("Joint meetings"),
    pillar="cohesion",
    headers=(_("Held on"), _("Place"), _("Chaired by")),
)
def joint_meeting_rows(scope: Scope):
    from orgs.models import JointMeeting

    if scope.organization_ids is not None:
        return
    rows = JointMeeting.objects.filter(scope.division_q("division"), scope.flow_q("held_on")).order_by("held_on")
    for meeting in rows:
        yield (meeting.held_on, meeting.place, meeting.chair)


@listing(
    "cohesion.issue_list",
    _("Problems raised"),
    pillar="cohesion",
    headers=(_("Raised on"), _("Organization"), _("Description"), _("Status"), _("Resolved on")),
)
def tracked_issue_rows(scope: Scope):
    from orgs.models import TrackedIssue

    rows = (
        TrackedIssue.objects.filter(
            scope.division_q("division"), scope.organization_q("organization"), scope.flow_q("raised_on")
        )
        .select_related("organization")
        .order_by("raised_on", "pk")
    )
    for issue in rows.iterator(chunk_size=2000):
        yield (
            issue.raised_on,
            issue.organization.name if issue.organization else "",
            issue.description,
            issue.get_status_display(),
            issue.resolved_on,
        )
