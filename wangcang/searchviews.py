"""The search page of the navigation's search box, and the saved filters of list pages."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import actions, search
from .formviews import RecordActionView
from .permissions import AnyRoleMixin
from .scoping import get_visible_or_404


class SearchView(AnyRoleMixin, View):
    """``/search/?q=…``: the records the user may see, grouped by kind. Asked by htmx, only
    the groups (the dropdown under the search box)."""

    def get(self, request):
        words = search.normalize(request.GET.get("q", ""))
        groups = search.search(request.user, words)
        context = {
            "words": words,
            "groups": groups,
            "too_short": 0 < len(words) < search.MIN_LENGTH,
            "min_length": search.MIN_LENGTH,
            "total": sum(group.count for group in groups),
        }
        if request.headers.get("HX-Request"):
            return render(request, "wangcang/partials/search_results.html", context)
        return render(request, "wangcang/search.html", context)


class SavedFilterSaveView(AnyRoleMixin, RecordActionView):
    """Save the current filters of a list (``list`` is its path, ``query`` its query string)."""

    def get_object(self):
        return None

    def perform(self, record):
        data = self.request.POST
        return actions.saved_filter_save(
            user=self.request.user,
            list_key=data.get("list", ""),
            name=data.get("name", ""),
            query=data.get("query", ""),
        )

    def get_success_message(self, record, result) -> str:
        return _("Filters saved as “%(name)s”.") % {"name": result.name}

    def success_url_for(self, record, result) -> str:
        return result.get_absolute_url()

    def failure_url_for(self, record) -> str:
        """Back to the list the filters came from (a path of this site), else home."""
        list_key, query = self.request.POST.get("list", ""), self.request.POST.get("query", "")
        if list_key.startswith("/") and not list_key.startswith("//"):
            return f"{list_key}?{query}" if query else list_key
        return reverse("home")


class SavedFilterDeleteView(AnyRoleMixin, RecordActionView):
    def get_object(self):
        return get_visible_or_404(self.request.user.saved_filters.all(), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.saved_filter_delete(user=self.request.user, saved_filter=record)

    def get_success_message(self, record, result) -> str:
        return _("Saved filters “%(name)s” deleted.") % {"name": record.name}

    def success_url_for(self, record, result) -> str:
        return record.list_key
