"""The incubation base's form-view base, dashboard and an organization's own page."""

from __future__ import annotations

from django.db.models import Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wangcang.formviews import ActionFormView
from wangcang.permissions import AnyRoleMixin

from .. import queries
from ..models import SupportEntry


class IncubatorFormView(ActionFormView):
    """A form page of the incubation base: the base's layout, back to the dashboard."""

    template_name = "incubator/form.html"

    def default_back_url(self) -> str:
        user = self.request.user
        return reverse("incubator:mine" if getattr(user, "is_org_user", False) else "incubator:dashboard")


class DashboardView(AnyRoleMixin, TemplateView):
    template_name = "incubator/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_org_user:
            return redirect("incubator:mine")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queries.dashboard_for(self.request.user))
        return context


class MineView(AnyRoleMixin, TemplateView):
    """An organization user's page: its applications with status and reasons, its
    residency and the support it received."""

    template_name = "incubator/mine.html"

    def get(self, request, *args, **kwargs):
        # Staff and officials see every organization's applications on the base's own lists;
        # this page is an organization's own, and would list a province's.
        if not request.user.is_org_user:
            return redirect("incubator:dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["applications"] = queries.applications_for(user)[:100]
        context["residencies"] = queries.residencies_for(user)[:100]
        context["support_total"] = SupportEntry.objects.visible_to(user).aggregate(total=Sum("amount"))["total"]
        context["open_batches"] = queries.open_batches()
        return context
