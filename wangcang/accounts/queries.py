"""Reads: the accounts a county staff member manages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wangcang.models import User
from wangcang.scoping import user_division_prefix


def users_visible_to(user) -> QuerySet[User]:
    """The accounts ``user`` may see and manage: for county staff, the staff and officials of
    their division and below, and the organization users linked to an organization there;
    every account for a superuser; nothing for anyone else. Superuser accounts stay with the
    Django admin."""
    accounts = User.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return accounts.none()
    if user.is_superuser:
        return accounts
    prefix = user_division_prefix(user) if user.role == User.Role.STAFF else None
    if not prefix:
        return accounts.none()
    links = User.organizations.through.objects.filter(organization__division__code__startswith=prefix)
    return accounts.filter(is_superuser=False).filter(
        Q(role__in=[User.Role.STAFF, User.Role.OFFICIAL], division__code__startswith=prefix)
        | Q(role=User.Role.ORG, pk__in=links.values("user_id"))
    )


def account_list(user, *, role: str = "", active: str = "", search: str = "") -> QuerySet[User]:
    accounts = users_visible_to(user).select_related("division").order_by("username", "pk")
    if role:
        accounts = accounts.filter(role=role)
    if active in ("yes", "no"):
        accounts = accounts.filter(is_active=active == "yes")
    if search:
        accounts = accounts.filter(
            Q(username__icontains=search)
            | Q(last_name__icontains=search)
            | Q(first_name__icontains=search)
            | Q(email__icontains=search)
        )
    return accounts
