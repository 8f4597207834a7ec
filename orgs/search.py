"""What the navigation's search box finds in the registry (see wangcang.search)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.db.models.functions import Right
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangcang.personal import mask_id_number
from wangcang.search import Hit, search_kind, text_q

from .models import JointMeeting, Member, Organization, TrackedIssue, UnionBranch

# The last four characters of an ID number: three digits and a digit or the check letter X.
ID_LAST_FOUR = re.compile(r"^\d{3}[\dXx]$")


def _list_url(name: str, words: str) -> str:
    return f"{reverse(name)}?{urlencode({'q': words})}"


# What may be part of a unified social credit code (GB 32100-2015 uses digits and capitals).
USCC_PART = re.compile(r"^[0-9A-Za-z]+$")


def find_organizations(user, words: str):
    q = text_q(words, "name")
    if USCC_PART.match(words):
        q |= text_q(words.upper(), "uscc")
    return Organization.objects.visible_to(user).filter(q)


def organization_hit(organization: Organization) -> Hit:
    return Hit(title=organization.name, url=organization.get_absolute_url(), detail=organization.uscc)


def find_branches(user, words: str):
    return UnionBranch.objects.visible_to(user).filter(text_q(words, "name"))


def branch_hit(branch: UnionBranch) -> Hit:
    return Hit(title=branch.name, url=branch.get_absolute_url(), detail=str(branch.get_level_display()))


def members_matching(queryset, words: str):
    """Members whose name starts with ``words`` or, for four digits, whose ID number ends with
    them. Chinese names are searched from the family name, which a prefix index serves; the
    last four characters have their own index (``member_id_last_four_idx``), so the number
    itself is never matched in part nor shown."""
    words = words.strip()
    if ID_LAST_FOUR.match(words):
        return queryset.alias(id_last_four=Right("id_number", 4)).filter(id_last_four=words.upper())
    return queryset.filter(name__startswith=words)


def find_members(user, words: str):
    return members_matching(Member.objects.visible_to(user), words).select_related("organization", "branch")


def member_hit(member: Member) -> Hit:
    where = member.organization.name if member.organization_id else member.branch.name
    # Members have no page of their own: the member list, narrowed to this one.
    url = f"{reverse('orgs:member-list')}?{urlencode({'q': member.name, 'branch': member.branch_id})}"
    return Hit(title=member.name, url=url, detail=f"{mask_id_number(member.id_number)} · {where}")


def find_meetings(user, words: str):
    return JointMeeting.objects.visible_to(user).filter(text_q(words, "place", "chair", "minutes"))


def meeting_hit(meeting: JointMeeting) -> Hit:
    return Hit(title=str(meeting), url=meeting.get_absolute_url(), detail=meeting.place)


def find_issues(user, words: str):
    return (
        TrackedIssue.objects.visible_to(user)
        .filter(text_q(words, "description", "organization__name"))
        .select_related("organization")
    )


def issue_hit(issue: TrackedIssue) -> Hit:
    detail = f"{issue.organization.name} · " if issue.organization_id else ""
    return Hit(title=str(issue), url=issue.get_absolute_url(), detail=f"{detail}{issue.get_status_display()}")


SEARCH_KINDS = [
    search_kind(
        "organizations",
        _("Social organizations"),
        "staff",
        "official",
        "org",
        find=find_organizations,
        hit=organization_hit,
        list_url=lambda words: _list_url("orgs:organization-list", words),
        rank="name",
        order=10,
    ),
    search_kind(
        "branches",
        _("Union branches"),
        "staff",
        "official",
        "org",
        find=find_branches,
        hit=branch_hit,
        rank="name",
        order=20,
    ),
    search_kind(
        "members",
        _("Union members"),
        "staff",
        "official",
        find=find_members,
        hit=member_hit,
        list_url=lambda words: _list_url("orgs:member-list", words),
        rank="name",
        order=30,
    ),
    search_kind(
        "meetings",
        _("Joint meetings"),
        "staff",
        "official",
        "org",
        find=find_meetings,
        hit=meeting_hit,
        list_url=lambda words: _list_url("orgs:meeting-list", words),
        order=50,
    ),
    search_kind(
        "issues",
        _("Tracked issues"),
        "staff",
        "official",
        "org",
        find=find_issues,
        hit=issue_hit,
        list_url=lambda words: _list_url("orgs:issue-list", words),
        order=60,
    ),
]
