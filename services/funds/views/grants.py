"""Pages of matching grants and union dues."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from wangcang.formviews import RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Badge, Column
from wangcang.views import FilteredListView

from .. import actions, queries
from ..filters import MatchingGrantFilter
from ..forms import (
    CandidatesForm,
    DuesRecordForm,
    ProposeForm,
)
from ..models import (
    MatchingGrant,
)
from ..permissions import (
    can_decide_grant,
    can_post_transaction,
    can_see_balances,
    grant_needs_second_colleague,
)
from .base import FundsFormView, FundsTableMixin


class GrantListView(AnyRoleMixin, FundsTableMixin, FilteredListView):
    title = _("Matching grants on dues")
    template_name = "services/funds/grant_list.html"
    primary_action = False  # the action opens the dues records; proposing is on the page
    filterset_class = MatchingGrantFilter
    export_filename = "matching-grants.xlsx"
    default_sort = "-period_start"
    sort_fields = {"period_start": "period_start", "organization": "organization__name", "amount": "amount"}
    columns = [
        Column(_("organization"), "organization"),
        Column(_("period start"), "period_start"),
        Column(_("period end")),
        Column(_("dues collected (yuan)")),
        Column(_("dues taken from")),
        Column(_("matching ratio")),
        Column(_("grant (yuan)"), "amount"),
        Column(_("status")),
    ]

    def get_base_queryset(self):
        return queries.matching_grants_for(self.request.user)

    def empty_text(self):
        if getattr(self.request.user, "is_org_user", False):
            return _(
                "No matching grant for your organization yet: once your self-report with the dues collected "
                "is accepted, the county union proposes and approves the grant."
            )
        return _("No matching grants match the filter.")

    def get_page_actions(self):
        if can_post_transaction(self.request.user):
            return [(_("Dues records"), reverse("services:dues-list"))]
        return []

    def cells(self, obj):
        return [
            obj.organization.name,
            obj.period_start,
            obj.period_end,
            obj.dues_amount,
            obj.get_source_display(),
            f"1:{obj.ratio.normalize():f}",
            obj.amount,
            Badge("accepted" if obj.status == "approved" else obj.status, obj.get_status_display()),
        ]

    def row_url(self, obj):
        return obj.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_post_transaction(self.request.user):
            form = CandidatesForm(self.request.GET if "fund" in self.request.GET else None, user=self.request.user)
            context["propose_form"] = form
            if form.is_bound and form.is_valid():
                context["candidates"] = queries.matching_candidates_for(
                    self.request.user,
                    fund=form.cleaned_data["fund"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                )
        return context


class GrantProposeView(StaffRequiredMixin, RecordActionView):
    """Propose a matching grant from a row of the candidates table (one click, written once)."""

    form_class = ProposeForm
    success_message = _("Matching grant proposed.")

    def get_object(self):
        return None

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def perform(self, record):
        return actions.matching_grant_propose(user=self.request.user, **self.form.cleaned_data)

    def success_url_for(self, record, result) -> str:
        return result.get_absolute_url()

    def failure_url_for(self, record) -> str:
        return reverse("services:grant-list")


class GrantDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        grant = get_visible_or_404(queries.matching_grants_for(request.user), pk=pk)
        return render(
            request,
            "services/funds/grant_detail.html",
            {
                "grant": grant,
                "object": grant,
                "can_decide": can_decide_grant(request.user, grant),
                "needs_second_colleague": grant_needs_second_colleague(request.user, grant),
                "perms_books": can_see_balances(request.user),
            },
        )


class GrantDecideView(StaffRequiredMixin, RecordActionView):
    decision = "approve"

    def get_object(self):
        return get_visible_or_404(MatchingGrant.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        action = actions.matching_grant_approve if self.decision == "approve" else actions.matching_grant_reject
        return action(user=self.request.user, grant=record)

    def get_success_message(self, record, result) -> str:
        return _("Grant approved and paid.") if self.decision == "approve" else _("Grant rejected.")


class DuesListView(StaffOrOfficialMixin, FundsTableMixin, FilteredListView):
    title = _("Dues records")
    sort_fields = {"period_start": "period_start", "organization": "organization__name"}
    default_sort = "-period_start"
    columns = [
        Column(_("organization"), "organization"),
        Column(_("period start"), "period_start"),
        Column(_("period end")),
        Column(_("dues collected (yuan)")),
        Column(_("note")),
    ]

    def get_base_queryset(self):
        return queries.dues_records_for(self.request.user)

    def links(self, obj):
        return {0: obj.organization.get_absolute_url()}

    def get_page_actions(self):
        if can_post_transaction(self.request.user):
            return [(_("Record dues"), reverse("services:dues-create"))]
        return []

    def cells(self, obj):
        return [obj.organization.name, obj.period_start, obj.period_end, obj.amount, obj.note]


class DuesCreateView(FundsFormView):
    form_class = DuesRecordForm
    title = _("Record dues")

    def save(self, form):
        return actions.dues_record_save(user=self.request.user, record=form.save(commit=False))

    def cancel_url(self):
        return reverse("services:dues-list")
