"""Role checks for views. Records are scoped by ``visible_to(user)`` (see ``scoping``);
these decide which pages a role may open at all."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


def has_role(user, *roles: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return "staff" in roles or "official" in roles
    return user.role in roles


def can_edit(user) -> bool:
    """Officials read only; staff edit everything in their division."""
    return has_role(user, "staff")


class StaffOnlyError(ValidationError, PermissionDenied):
    """A refusal for want of the staff role: a permission error, shown like a rule's refusal
    where a form or the API reports it."""


def require_staff(user) -> None:
    """Actions that only county union staff may take refuse everyone else."""
    if not can_edit(user):
        raise StaffOnlyError(_("Only county union staff may do this."))


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
