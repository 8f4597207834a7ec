"""Object rules for funds beyond scoping."""

from __future__ import annotations

from wangcang.permissions import can_edit, has_role
from wangcang.personal import can_reveal_personal_data

from .models import FundTransaction, MatchingGrant


def can_post_transaction(user) -> bool:
    return can_edit(user)


def can_reverse_transaction(user, entry: FundTransaction) -> bool:
    return can_edit(user) and entry.reverses_id is None and not entry.is_reversed


def can_decide_grant(user, grant: MatchingGrant) -> bool:
    return can_edit(user) and grant.status == MatchingGrant.Status.PROPOSED


def grant_needs_second_colleague(user, grant: MatchingGrant) -> bool:
    """The one who proposed a grant may withdraw (reject) it but not approve it: the page shows
    a note instead of the approve button (separation of duties)."""
    return can_edit(user) and grant.status == MatchingGrant.Status.PROPOSED and grant.proposed_by_id == user.pk


def can_see_balances(user) -> bool:
    """Fund balances are the union's books: staff and officials, not organizations."""
    return has_role(user, "staff", "official")


def can_reveal_beneficiary(user) -> bool:
    return can_reveal_personal_data(user)
