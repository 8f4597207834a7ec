"""Pages of residencies: start, occupancy, graduation, exit, evaluations, targets."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet

from .. import actions, forms, queries
from ..filters import ResidencyFilter
from ..models import Residency
from .admissions import ApplicationObjectMixin
from .base import IncubatorFormView


class ResidencyStartView(StaffRequiredMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.ResidencyForm
    title = _("Start the residency")
    success_message = _("The residency has started.")

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return actions.residency_start(user=self.request.user, application=self.application, **data)

    def success_url_for(self, result) -> str:
        return result.get_absolute_url()


class ResidencyListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/residency_list.html"
    filterset_class = ResidencyFilter
    sort_fields = {"organization": "organization__name", "started": "started_on", "ended": "ended_on"}
    default_sort = "-started"
    export_filename = "incubator-residencies.xlsx"

    def get_base_queryset(self):
        return queries.residencies_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Residencies")),
            headers=[_("Organization"), _("Status"), _("Started on"), _("Ended on"), _("Area in use (m²)")],
            rows=(
                (r.organization.name, r.get_status_display(), r.started_on, r.ended_on, r.area_in_use) for r in queryset
            ),
        )


class ResidencyDetailView(AnyRoleMixin, TemplateView):
    template_name = "incubator/residency_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        residency = queries.residency_for(self.request.user, kwargs["pk"])
        context["residency"] = residency
        context["is_staff"] = has_role(self.request.user, "staff")
        context["support"] = queries.support_by_year_and_kind_for(self.request.user, residency)
        context["support_total"] = sum((row["total"] for row in context["support"]), 0)
        return context


class ResidencyObjectMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.residency = get_visible_or_404(
                Residency.objects.visible_to(request.user).select_related("organization"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Say whose residency the form changes, and return to it on cancel.
        context["title"] = f"{self.title} · {self.residency.organization.name}"
        context["back_url"] = self.residency.get_absolute_url()
        return context

    def success_url_for(self, result) -> str:
        return self.residency.get_absolute_url()


class OccupancyAddView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.OccupancyForm
    title = _("Assign a space")

    def perform(self, form):
        return actions.occupancy_add(user=self.request.user, residency=self.residency, **form.cleaned_data)


class GraduateView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.EndResidencyForm
    title = _("Graduation")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["text"].label = _("What it became")
        return form

    def perform(self, form):
        data = form.cleaned_data
        return actions.residency_graduate(
            user=self.request.user, residency=self.residency, on=data["on"], summary=data["text"]
        )


class ExitView(GraduateView):
    title = _("Exit")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["text"].label = _("Reason for leaving")
        return form

    def perform(self, form):
        data = form.cleaned_data
        return actions.residency_exit(
            user=self.request.user, residency=self.residency, on=data["on"], reason=data["text"]
        )


class EvaluationView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.EvaluationForm
    title = _("Record an evaluation")

    def perform(self, form):
        return actions.evaluation_record(user=self.request.user, residency=self.residency, **form.cleaned_data)


class TargetListView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/targets.html"

    def get_context_data(self, **kwargs):
        from ..models import KEY_TARGET_THRESHOLD, Brand

        context = super().get_context_data(**kwargs)
        context["targets"] = queries.key_cultivation_targets_for(self.request.user)
        context["threshold"] = KEY_TARGET_THRESHOLD
        context["brands"] = Brand.objects.visible_to(self.request.user).select_related("organization")
        return context
