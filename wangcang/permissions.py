"""Role checks for views. Records are scoped by ``visible_to(user)`` (see ``scoping``);
these decide which pages a role may open at all."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


def has_role(user, *roles: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return "staff" in roles or "official" in roles
    return user.role in roles


def can_edit(user) -> bool:
    """Officials read only; staff edit everything in their division."""
    return has_role(user, "staff")


class RoleRequiredMixin(LoginRequiredMixin):
    """Allow the view to the listed roles; others get the 403 page (the page exists, the
    role may not use it). Records themselves are hidden by scoping, which answers 404."""

    allowed_roles: tuple[str, ...] = ("staff",)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(RoleRequiredMixin):
    allowed_roles = ("staff",)


class StaffOrOfficialMixin(RoleRequiredMixin):
    allowed_roles = ("staff", "official")


class AnyRoleMixin(RoleRequiredMixin):
    allowed_roles = ("staff", "official", "org")
