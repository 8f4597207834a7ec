"""The search page of the navigation's search box, and the saved filters of list pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import actions, search
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


class SavedFilterSaveView(AnyRoleMixin, View):
    """Save the current filters of a list (``list`` is its path, ``query`` its query string)."""

    def post(self, request):
        list_key = request.POST.get("list", "")
        query = request.POST.get("query", "")
        try:
            saved = actions.saved_filter_save(
                user=request.user, list_key=list_key, name=request.POST.get("name", ""), query=query
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if list_key.startswith("/") and not list_key.startswith("//"):
                return redirect(f"{list_key}?{query}" if query else list_key)
            return redirect("home")
        messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
        return redirect(saved.get_absolute_url())


class SavedFilterDeleteView(AnyRoleMixin, View):
    def post(self, request, pk: int):
        saved = get_visible_or_404(request.user.saved_filters.all(), pk=pk)
        actions.saved_filter_delete(user=request.user, saved_filter=saved)
        messages.success(request, _("Saved filters “%(name)s” deleted.") % {"name": saved.name})
        return redirect(saved.list_key)
