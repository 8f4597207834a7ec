"""Pages of sites, spaces and occupancy."""

from __future__ import annotations

import json
from datetime import date

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wangcang.permissions import StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.scoping import get_visible_or_404
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet

from .. import actions, forms, queries
from ..filters import SpaceFilter
from ..models import Site
from .base import IncubatorFormView


class SpaceListView(StaffOrOfficialMixin, FilteredListView):
    template_name = "incubator/space_list.html"
    filterset_class = SpaceFilter
    sort_fields = {"name": "name", "area": "area_m2", "site": "site__name", "floor": "floor"}
    default_sort = "site"
    export_filename = "incubator-spaces.xlsx"

    def get_base_queryset(self):
        return queries.spaces_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Spaces")),
            headers=[_("Site"), _("Name"), _("Floor"), _("Kind"), _("Area (m²)")],
            rows=((s.site.name, s.name, s.floor, s.get_kind_display(), s.area_m2) for s in queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total_area"] = self.object_list.aggregate(total=Sum("area_m2"))["total"]
        return context


class SiteListView(StaffOrOfficialMixin, TemplateView):
    """The buildings of the base with their spaces and area; staff add and rename them here."""

    template_name = "incubator/site_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sites"] = queries.sites_with_area_for(self.request.user)
        context["total_area"] = sum((site.area or 0 for site in context["sites"]), 0)
        return context


class SiteDetailView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/site_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = get_visible_or_404(queries.sites_for(self.request.user).select_related("division"), pk=kwargs["pk"])
        context["site"] = site
        context["spaces"] = site.spaces.all()
        context["total_area"] = sum((space.area_m2 for space in context["spaces"]), 0)
        return context


class SiteCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SiteForm
    title = _("New site")
    success_message = _("The site has been saved.")

    def perform(self, form):
        return actions.site_create(user=self.request.user, **form.cleaned_data)


class SiteUpdateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SiteForm
    title = _("Edit the site")
    success_message = _("The site has been saved.")

    form_instance = False

    def get_object(self):
        return get_visible_or_404(Site.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def initial_from(self, record) -> dict:
        return {"name": record.name, "address": record.address}

    def perform(self, form):
        return actions.site_update(user=self.request.user, site=self.object, **form.cleaned_data)


class SpaceCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SpaceForm
    title = _("New space")

    def perform(self, form):
        return actions.space_create(user=self.request.user, **form.cleaned_data)

    def get_initial(self):
        return {"site": self.request.GET.get("site"), "opened_on": timezone.localdate()}

    def success_url_for(self, result) -> str:
        return result.get_absolute_url()


class OccupancyView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/occupancy.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["incubator/partials/occupancy.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            day = date.fromisoformat(self.request.GET.get("on", ""))
        except ValueError:
            day = timezone.localdate()
        rows = queries.occupancy_for(self.request.user, day)
        context["day"] = day
        context["rows"] = rows
        context["total_area"] = sum((row["area"] for row in rows), 0)
        context["total_occupied"] = sum((row["occupied"] for row in rows), 0)
        context["chart"] = json.dumps(
            {
                "categories": [row["space"].name for row in rows],
                "occupied": [float(row["occupied"]) for row in rows],
                "free": [float(row["free"]) for row in rows],
                "labels": {"occupied": str(_("Occupied m²")), "free": str(_("Free m²"))},
            },
            ensure_ascii=False,
        )
        return context
