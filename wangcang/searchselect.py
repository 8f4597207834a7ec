"""Choice fields over tables that grow to a province (organizations, union branches, members,
contracts) render only their chosen options and search the rest as the user types.

A ``<select>`` of every record took seconds to render and megabytes to send. The widget
writes the selected options only, plus the address of a search endpoint; the form field's
own queryset (already narrowed to the user's scope and the form's rule) is kept on the server
under a token, so the endpoint suggests exactly what the field would accept, intersected once
more with ``visible_to(request.user)``. Validation is unchanged: the field checks the posted
value against its queryset as before."""

from __future__ import annotations

import hashlib
import pickle

from django import forms
from django.apps import apps
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

# model label → the fields a search matches (the first is also the sort)
SEARCH_FIELDS = {
    "orgs.organization": ("name", "uscc"),
    "orgs.unionbranch": ("name",),
    "orgs.member": ("name",),
    "services.contract": ("title",),
    "orgs.town": ("name",),
}
# Searched only where a form asks for it (a county's towns make a short list; a province's
# do not): ``use_search_widget(field, force=True)``.
ON_REQUEST = {"orgs.town"}
RESULTS = 20
TOKEN_SECONDS = 24 * 60 * 60
KEY = "search-select:{}"


def searchable(field: forms.Field, force: bool = False) -> bool:
    queryset = getattr(field, "queryset", None)
    if queryset is None or queryset.model._meta.label_lower not in SEARCH_FIELDS:
        return False
    return force or queryset.model._meta.label_lower not in ON_REQUEST


def queryset_token(queryset) -> str:
    query = pickle.dumps(queryset.query)
    token = hashlib.sha256(queryset.model._meta.label_lower.encode() + query).hexdigest()[:32]
    cache.set(KEY.format(token), (queryset.model._meta.label_lower, query), TOKEN_SECONDS)
    return token


class SearchSelectMixin:
    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        chosen = [v for v in value if v not in ("", None)]
        options = []
        if not self.allow_multiple_selected and iterator.field.empty_label is not None:
            options.append(("", iterator.field.empty_label))
        if chosen:
            options += [(obj.pk, str(obj)) for obj in iterator.queryset.filter(pk__in=chosen)]
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs["data-search-url"] = reverse("search-choices", args=[queryset_token(self.choices.queryset)])
        attrs["data-search-placeholder"] = _("Type to search…")
        attrs["data-search-empty"] = _("Nothing found")
        return super().get_context(name, value, attrs)


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


def use_search_widget(field: forms.Field, force: bool = False) -> None:
    """Turn a plain select over a large table into a search field, in place; ``force`` for
    the tables searched only on request (:data:`ON_REQUEST`)."""
    widget = field.widget
    if type(widget) is forms.Select and searchable(field, force):
        widget.__class__ = SearchSelect
    elif type(widget) is forms.SelectMultiple and searchable(field, force):
        widget.__class__ = SearchSelectMultiple


def search_choices(request, token: str) -> JsonResponse:
    """Up to 20 records of the field's queryset matching ``?q=``, as ``{"results": [{"id", "text"}]}``."""
    if not request.user.is_authenticated:
        raise Http404
    stored = cache.get(KEY.format(token))
    if stored is None:
        raise Http404
    label, query = stored
    model = apps.get_model(label)
    queryset = model.objects.all()
    queryset.query = pickle.loads(query)
    queryset = queryset.filter(pk__in=model.objects.visible_to(request.user).values("pk"))
    term = request.GET.get("q", "").strip()
    fields = SEARCH_FIELDS[label]
    if term:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(condition)
    rows = queryset.order_by(fields[0], "pk")[:RESULTS]
    return JsonResponse({"results": [{"id": obj.pk, "text": str(obj)} for obj in rows]})
