"""Pages of payout requests awaiting a second colleague."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from wangcang.formviews import RecordActionView
from wangcang.permissions import StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.personal import mask_id_number, mask_name
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Column
from wangcang.views import FilteredListView

from .. import actions
from ..models import (
    HouseholdAssistance,
    MutualAidPayout,
    PayoutRequest,
    StudentAid,
)
from ..permissions import (
    can_post_transaction,
)
from .base import FundsTableMixin


class PayoutRequestListView(StaffOrOfficialMixin, FundsTableMixin, FilteredListView):
    title = _("Payouts awaiting approval")
    primary_action = False
    sort_fields = {"requested_at": "requested_at", "amount": "amount"}
    default_sort = "-requested_at"
    columns = [
        Column(_("fund"), "fund"),
        Column(_("date")),
        Column(_("amount (yuan)"), "amount"),
        Column(_("purpose")),
        Column(_("recorded by")),
        Column(_("status")),
    ]

    def get_base_queryset(self):
        return PayoutRequest.objects.visible_to(self.request.user).select_related("fund", "requested_by")

    def cells(self, obj):
        recorder = obj.requested_by.get_full_name() or obj.requested_by.get_username() if obj.requested_by else ""
        return [obj.fund.name, obj.occurred_on, obj.amount, obj.purpose, recorder, obj.get_status_display()]

    def row_url(self, obj):
        return obj.get_absolute_url()


class PayoutRequestDetailView(StaffOrOfficialMixin, View):
    def get(self, request, pk: int):
        payout = get_visible_or_404(
            PayoutRequest.objects.visible_to(request.user).select_related("fund", "requested_by", "decided_by"), pk=pk
        )
        pending = payout.status == PayoutRequest.Status.PENDING and can_post_transaction(request.user)
        can_decide = pending and payout.requested_by_id != request.user.pk
        return render(
            request,
            "services/funds/payout_request_detail.html",
            {
                "payout": payout,
                "object": payout,
                "can_decide": can_decide,
                "needs_second_colleague": pending and not can_decide,
                "beneficiary": mask_name(payout.beneficiary_person),
                "details": _payout_details(payout),
            },
        )


_DETAIL_MODELS = {
    PayoutRequest.Kind.STUDENT_AID: StudentAid,
    PayoutRequest.Kind.ASSISTANCE: HouseholdAssistance,
    PayoutRequest.Kind.MUTUAL_AID: MutualAidPayout,
}


_MASKED_DETAILS = {"student_name", "household", "head_of_household", "member_name"}


def _payout_details(payout: PayoutRequest) -> list[tuple[str, str]]:
    """The beneficiary record a payout will write, labelled, personal data masked."""
    model = _DETAIL_MODELS.get(payout.kind)
    if model is None:
        return []
    rows = []
    for name, value in payout.details.items():
        if name == "id_number":
            value = mask_id_number(value)
        elif name in _MASKED_DETAILS:
            value = mask_name(value)
        rows.append((model._meta.get_field(name).verbose_name, value))
    return rows


class PayoutRequestDecideView(StaffRequiredMixin, RecordActionView):
    decision = "approve"

    def get_object(self):
        return get_visible_or_404(PayoutRequest.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        action = actions.payout_request_approve if self.decision == "approve" else actions.payout_request_reject
        return action(user=self.request.user, payout=record)

    def get_success_message(self, record, result) -> str:
        return _("Payout approved and posted.") if self.decision == "approve" else _("Payout rejected.")
