"""What every API module shares: pagination, the error shape, scoped viewsets, and the
router that each app's ``api.py`` registers its resources on (``register(router)``)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from .permissions import has_role


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
        return has_role(request.user, "staff")


class StaffWritesMixin:
    """Everyone in scope reads; only union staff write."""

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions


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


def _relation_of(field):
    """The related field behind ``field`` (the child of a many-to-many), if it writes one."""
    related = getattr(field, "child_relation", field)
    if isinstance(related, serializers.RelatedField) and not field.read_only:
        return related
    return None


class ScopedRelationsMixin:
    """Every writable related field accepts only records the caller may see.

    Each related field's queryset is narrowed with ``visible_to(request.user)``, so another
    division's fund, branch or organization answers 400 naming the field (DRF's "object
    does not exist"), before any action runs and nothing is written. Related models without
    ``visible_to`` are shared reference data (departments, deliverable kinds); a serializer
    that must offer records beyond the caller's scope lists them in ``unscoped_relations``
    with the reason, and the action checks them."""

    unscoped_relations: dict[str, str] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, field in fields.items():
            related = _relation_of(field)
            if related is None or name in self.unscoped_relations:
                continue
            queryset = related.queryset
            if queryset is not None and hasattr(queryset, "visible_to"):
                related.queryset = queryset.visible_to(user)
        return fields


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


ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error that concerns the whole request.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": (
            "Field name → list of messages (a list field's items by position); "
            "`detail` or `non_field_errors` for errors of the whole request."
        ),
        "additionalProperties": {},
    },
}
ERROR_RESPONSES = {
    "400": ("ValidationErrors", "Invalid input: the messages name the fields."),
    "401": ("ErrorDetail", "Not signed in: send `Authorization: Token <token>`."),
    "403": ("ErrorDetail", "Signed in, but this role or record may not do this."),
    "404": ("ErrorDetail", "No such record, or it is outside the caller's scope."),
}


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing: every operation documents its error answers."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, (schema, description) in ERROR_RESPONSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                    },
                )
    return result


def answer_once(request, produce):
    """Run ``produce()`` (which writes and answers) once per ``Idempotency-Key``: the key is
    claimed in the same transaction as the write, and a repeated request with the same key
    (at the same instant or later) answers the first response again, marked
    ``Idempotent-Replayed: true``. Without the header, ``produce()`` simply runs."""
    from django.db import transaction
    from rest_framework.response import Response
    from rest_framework.utils.encoders import JSONEncoder

    from .actions import AlreadySubmittedError, claim_once

    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or getattr(request, "_answered_once", False):
        # No key, or the viewset already claimed it for this request (an ``@idempotent``
        # action of a viewset on ``IdempotentCreateMixin``).
        return produce()
    if len(key) > 200:
        raise exceptions.ValidationError({"detail": [_("The Idempotency-Key header is too long.")]})
    request._answered_once = True
    try:
        with transaction.atomic():
            claim = claim_once(user=request.user, key=f"api:{request.path}:{key}")
            response = produce()
            if response.status_code >= 400:
                # A refused request leaves the key free for the corrected one.
                transaction.set_rollback(True)
                return response
            claim.response_status = response.status_code
            claim.response_body = json.loads(json.dumps(response.data, cls=JSONEncoder))
            claim.result_url = response.get("Location", "")
            claim.save(update_fields=["response_status", "response_body", "result_url"])
    except AlreadySubmittedError as done:
        replay = Response(done.claim.response_body, status=done.claim.response_status or 200)
        replay["Idempotent-Replayed"] = "true"
        return replay
    return response


def idempotent(method):
    """An action that writes (``POST …/{id}/criteria/``) honours ``Idempotency-Key`` as
    ``POST`` to a list does (:func:`answer_once`)."""
    from functools import wraps

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        return answer_once(request, lambda: method(self, request, *args, **kwargs))

    return wrapper


class IdempotentCreateMixin:
    """Every ``POST`` of the viewset (a create, or an action on a record such as ``approve``)
    with an ``Idempotency-Key`` header writes once (:func:`answer_once`). Every viewset that
    writes stands on it (``tests/wangcang/test_api_write_guards.py`` walks the router)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The handler is looked up after ``initial`` (the user is known now): wrap it.
        if request.method == "POST" and request.headers.get("Idempotency-Key", "").strip():
            handler = self.post
            self.post = lambda request, *a, **kw: answer_once(request, lambda: handler(request, *a, **kw))


def etag_of(data) -> str:
    """A strong validator of a record's representation, as sent in ``ETag``."""
    from rest_framework.utils.encoders import JSONEncoder

    text = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


class VersionedUpdateMixin:
    """``GET`` of one record sends its ``ETag``; ``PUT``/``PATCH`` with ``If-Match`` apply only
    to the version the client loaded, else answer 412 with the record as it is now."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(response.data)
        return response

    def update(self, request, *args, **kwargs):
        from django.db import transaction
        from rest_framework import status
        from rest_framework.response import Response

        expected = request.headers.get("If-Match", "").strip()
        if not expected:
            response = super().update(request, *args, **kwargs)
        else:
            with transaction.atomic():
                instance = self.get_object()
                model = type(instance)
                # Hold the row so that two updates of the same version cannot both pass.
                list(model._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
                current = etag_of(self.get_serializer(self.get_object()).data)
                if expected != "*" and current not in [tag.strip() for tag in expected.split(",")]:
                    response = Response(
                        {
                            "detail": _("The record was changed by someone else since you loaded it."),
                            "current": self.get_serializer(self.get_object()).data,
                        },
                        status=status.HTTP_412_PRECONDITION_FAILED,
                    )
                    response["ETag"] = current
                    return response
                response = super().update(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag_of(response.data)
        return response
