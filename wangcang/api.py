"""What every API module shares: pagination, the error shape, scoped viewsets, and the
router that each app's ``api.py`` registers its resources on (``register(router)``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Errors as ``{"detail": ...}`` or field → messages; Django's own validation and
    permission errors are turned into their API form instead of a 500."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such record, or it is not yours to see."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class IsUnionStaff(permissions.BasePermission):
    message = _("Only county union staff may do this.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_union_staff)


class SchemaAccess(permissions.BasePermission):
    """The OpenAPI schema and Swagger UI need a login unless ``API_SCHEMA_PUBLIC`` opens them."""

    def has_permission(self, request, view) -> bool:
        if settings.API_SCHEMA_PUBLIC:
            return True
        return bool(request.user and request.user.is_authenticated)


class ReadOnlyForOfficials(permissions.BasePermission):
    """Officials read; everyone else as the viewset allows."""

    message = _("Officials have read-only access.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not getattr(request.user, "is_official", False)


class ScopedViewSetMixin:
    """``get_queryset`` goes through the model's ``visible_to(user)``: a record outside the
    user's scope is simply not found (404)."""

    permission_classes = [permissions.IsAuthenticated, ReadOnlyForOfficials]

    def get_base_queryset(self):
        return self.queryset.model.objects.all()

    def get_queryset(self):
        return self.get_base_queryset().visible_to(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
