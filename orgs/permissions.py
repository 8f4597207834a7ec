"""Who may do what in the registry. Which records a user sees is decided by
``visible_to(user)``; these decide what the user may do with a visible record."""

from __future__ import annotations

from wangcang.permissions import has_role
from wangcang.personal import can_reveal_personal_data
from wangcang.scoping import user_organization_ids


def can_create_organization(user) -> bool:
    return has_role(user, "staff")


def can_edit_organization(user, organization) -> bool:
    """Staff edit any organization they see; an organization user edits its own profile."""
    if has_role(user, "staff"):
        return True
    return bool(getattr(user, "is_org_user", False) and organization.pk in user_organization_ids(user))


def can_manage_branches(user) -> bool:
    return has_role(user, "staff")


def can_manage_members(user) -> bool:
    return has_role(user, "staff")


def can_reveal_member(user, member) -> bool:
    return can_reveal_personal_data(user)


def can_import(user) -> bool:
    return has_role(user, "staff")
