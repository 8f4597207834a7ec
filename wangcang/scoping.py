"""The one way to pick records a user may see.

Every model family exposes ``Model.objects.visible_to(user)``, built on :func:`scope`
below; views, API viewsets, exports and reports pick records only through it. A record
outside the user's scope answers 404 (:func:`get_visible_or_404`), never 403-with-data.

- superuser: everything;
- staff and officials: their division and everything below it (by code prefix);
- organization users: the records of the organizations they are linked to;
- anyone else: nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


def user_division_prefix(user) -> str | None:
    division_id = getattr(user, "division_id", None)
    if not division_id:
        return None
    from .models import division_prefix

    return division_prefix(division_id)


def user_organization_ids(user) -> list[int]:
    """The organizations an organization user is linked to; cached on the user object."""
    cached = getattr(user, "_organization_ids", None)
    if cached is None:
        cached = list(user.organizations.values_list("pk", flat=True))
        user._organization_ids = cached
    return cached


def scope_q(user, *, division: str | None = None, organization: str | None = None) -> Q | None:
    """The filter for ``user``: ``None`` means everything, ``Q(pk__in=[])`` nothing.

    ``division`` is the lookup path from the model to its ``Division`` (for example
    ``"division"`` or ``"organization__division"``); ``organization`` the path to the
    ``Organization`` the record belongs to. A model without an organization path is
    invisible to organization users; one without a division path is visible to all
    staff and officials.
    """
    nothing = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return nothing
    if user.is_superuser:
        return None
    if user.role in (user.Role.STAFF, user.Role.OFFICIAL):
        if division is None:
            return None
        prefix = user_division_prefix(user)
        if prefix is None:
            return nothing
        return Q(**{f"{division}__code__startswith": prefix})
    if user.role == user.Role.ORG:
        if organization is None:
            return nothing
        return Q(**{f"{organization}__in": user_organization_ids(user)})
    return nothing


def scope(queryset: QuerySet, user, *, division: str | None = None, organization: str | None = None) -> QuerySet:
    q = scope_q(user, division=division, organization=organization)
    if q is None:
        return queryset
    return queryset.filter(q)


def get_visible_or_404(queryset: QuerySet, **lookup):
    """Fetch one record from an already scoped queryset, or answer 404."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("No such record, or it is not yours to see.")) from exc
