"""Pages of the support ledger and budgets."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wangcang.permissions import AnyRoleMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.views import FilteredListView
from wangcang.wording import yuan
from wangcang.xlsx import Sheet

from .. import actions, forms, queries
from ..filters import SupportEntryFilter
from ..models import SupportEntry
from .base import IncubatorFormView


class SupportListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/support_list.html"
    filterset_class = SupportEntryFilter
    sort_fields = {"date": "value_date", "organization": "organization__name", "amount": "amount"}
    default_sort = "-date"
    export_filename = "incubator-support.xlsx"

    def get_base_queryset(self):
        return queries.support_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Support ledger")),
            headers=[_("Date"), _("Organization"), _("Kind"), _("Amount (yuan)"), _("Description")],
            rows=((e.value_date, e.organization.name, e.get_kind_display(), e.amount, e.description) for e in queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budget_years"] = queries.budget_years_for(self.request.user)
        context["is_staff"] = has_role(self.request.user, "staff")
        context["filtered_total"] = self.object_list.aggregate(total=Sum("amount"))["total"]
        return context


class SupportPostView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SupportEntryForm
    title = _("Post a support entry")

    def perform(self, form):
        return actions.support_post(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class SupportPostMonthView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.PostMonthForm
    title = _("Post a month of the four waivers")

    def perform(self, form):
        count = actions.waivers_post_month(
            user=self.request.user,
            division_code=self.request.user.division_id or "51",
            month=form.cleaned_data["month"],
        )
        messages.info(self.request, _("%(count)d waiver entries posted.") % {"count": count})
        return None

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class SupportReverseView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.ReverseForm
    title = _("Reverse a support entry")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_visible_or_404(SupportEntry.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        parts = [
            date_format(entry.value_date),
            entry.organization.name,
            entry.get_kind_display(),
            f"{yuan(entry.amount)} {_('yuan')}",
        ]
        context["intro"] = " · ".join(parts + ([entry.description] if entry.description else []))
        return context

    def perform(self, form):
        return actions.support_reverse(user=self.request.user, entry=self.entry, reason=form.cleaned_data["reason"])

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class BudgetCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.BudgetForm
    title = _("Yearly budget")

    def perform(self, form):
        return actions.budget_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")
