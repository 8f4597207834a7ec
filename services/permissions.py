"""Object rules of purchased services beyond scoping (which hides other records: 404)."""

from __future__ import annotations

from wangcang.permissions import has_role
from wangcang.scoping import user_organization_ids


def is_provider_user(user, contract) -> bool:
    return bool(getattr(user, "is_org_user", False) and contract.provider_id in user_organization_ids(user))


def can_edit_contract(user, contract=None) -> bool:
    return has_role(user, "staff")


def can_record_delivery(user, contract) -> bool:
    """Staff, or a user of the provider itself (self-reporting); officials only read."""
    return has_role(user, "staff") or is_provider_user(user, contract)


def can_add_evidence(user, delivery) -> bool:
    """Evidence may be added until the delivery is confirmed; staff may always add."""
    if has_role(user, "staff"):
        return True
    return not delivery.is_confirmed and is_provider_user(user, delivery.contract)


def can_confirm_delivery(user, delivery) -> bool:
    return has_role(user, "staff") and not delivery.is_confirmed


def delivery_needs_second_colleague(user, delivery) -> bool:
    """The staff member who recorded an unconfirmed delivery: another one confirms it, so the
    page shows a note instead of the button (separation of duties)."""
    return can_confirm_delivery(user, delivery) and delivery.recorded_by_id == user.pk


def can_confirm_delivery_now(user, delivery) -> bool:
    """Whether the page offers ``user`` the confirm button."""
    return can_confirm_delivery(user, delivery) and delivery.recorded_by_id != user.pk


def can_record_case(user, contract) -> bool:
    return can_record_delivery(user, contract)


def can_confirm_case(user, case) -> bool:
    return has_role(user, "staff") and case.status != case.Status.CONFIRMED


def can_manage_kinds(user) -> bool:
    return has_role(user, "staff")
