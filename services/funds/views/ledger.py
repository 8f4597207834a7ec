"""Pages of the ledger: entries, reversals, evidence, revealing masked data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from wangcang.clientip import client_ip
from wangcang.formviews import RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffRequiredMixin
from wangcang.personal import reveal
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Badge, Column
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView

from .. import actions, queries
from ..filters import LedgerFilter
from ..forms import (
    ReverseForm,
    TransactionForm,
)
from ..models import (
    FundTransaction,
    HouseholdAssistance,
    MutualAidContribution,
    MutualAidPayout,
    PayoutRequest,
    StudentAid,
    money,
)
from ..permissions import (
    can_post_transaction,
    can_reverse_transaction,
    can_see_balances,
)
from .base import FundsFormView, FundsTableMixin, _beneficiary


class TransactionListView(AnyRoleMixin, FundsTableMixin, FilteredListView):
    title = _("Fund ledger")
    filterset_class = LedgerFilter
    export_filename = "fund-ledger.xlsx"
    default_sort = "-occurred_on"
    sort_fields = {"occurred_on": "occurred_on", "amount": "amount", "fund": "fund__name"}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.columns = [
            Column(_("number")),
            Column(_("date"), "occurred_on"),
            Column(_("fund"), "fund"),
            Column(_("direction")),
            Column(_("amount (yuan)"), "amount"),
            Column(_("payer")),
            Column(_("beneficiary")),
            Column(_("purpose")),
        ]
        self.show_balance = can_see_balances(request.user)
        if self.show_balance:
            self.columns.append(Column(_("fund balance")))

    def get_base_queryset(self):
        return queries.ledger_for(self.request.user)

    def empty_text(self):
        if getattr(self.request.user, "is_org_user", False):
            return _(
                "No ledger entry concerns your organization yet: matching grants and subsidies paid to it "
                "will be listed here."
            )
        return _("No ledger entries match the filter.")

    def links(self, obj):
        result = {}
        if self.show_balance:  # fund pages are the union's books
            result[2] = obj.fund.get_absolute_url()
        if obj.beneficiary_organization_id:
            result[6] = obj.beneficiary_organization.get_absolute_url()
        return result

    def get_page_actions(self):
        if can_post_transaction(self.request.user):
            return [(_("Post an entry"), reverse("services:transaction-create"))]
        return []

    def cells(self, obj):
        direction = Badge("accepted" if obj.direction == "in" else "returned", obj.get_direction_display())
        purpose = obj.purpose
        if obj.is_reversed:
            purpose = f"{purpose} [{_('reversed')}]"
        row = [
            f"#{obj.pk}",
            obj.occurred_on,
            obj.fund.name,
            direction,
            obj.amount,
            obj.payer,
            _beneficiary(obj),
            purpose,
        ]
        if self.show_balance:
            row.append(money(obj.running_balance))
        return row

    def row_url(self, obj):
        return obj.get_absolute_url()


class TransactionCreateView(FundsFormView):
    form_class = TransactionForm
    title = _("Post a ledger entry")

    success_message = _("Entry posted.")

    def get_success_message(self, result) -> str:
        if isinstance(result, PayoutRequest):
            return _("Recorded: the payout is posted once another staff member approves it.")
        return self.success_message

    def save(self, form):
        data = form.cleaned_data
        if data["direction"] == FundTransaction.Direction.OUT and actions.needs_countersign(money(data["amount"])):
            if data["evidence"]:
                raise ValidationError(
                    {"evidence": _("Attach the evidence to the ledger entry once the payout is approved.")}
                )
            return actions.payout_request_create(
                user=self.request.user,
                fund=data["fund"],
                occurred_on=data["occurred_on"],
                amount=data["amount"],
                purpose=data["purpose"],
                payer=data["payer"],
                beneficiary_organization=data["beneficiary_organization"],
                beneficiary_person=data["beneficiary_person"],
            )
        return actions.fund_transaction_record(
            user=self.request.user,
            fund=data["fund"],
            occurred_on=data["occurred_on"],
            amount=data["amount"],
            direction=data["direction"],
            purpose=data["purpose"],
            payer=data["payer"],
            beneficiary_organization=data["beneficiary_organization"],
            beneficiary_person=data["beneficiary_person"],
            evidence=data["evidence"],
        )

    def cancel_url(self):
        return reverse("services:transaction-list")


class TransactionDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int, reverse_form=None):
        entry = get_visible_or_404(queries.transactions_with_details_for(request.user), pk=pk)
        context = {
            "entry": entry,
            "beneficiary": _beneficiary(entry),
            "perms_books": can_see_balances(request.user),
            "reverse_form": reverse_form or (ReverseForm() if can_reverse_transaction(request.user, entry) else None),
        }
        return render(request, "services/funds/transaction_detail.html", context)


class TransactionReverseView(StaffRequiredMixin, RecordActionView):
    form_class = ReverseForm
    success_message = _("Reversing entry posted.")

    def get_object(self):
        return get_visible_or_404(FundTransaction.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.fund_transaction_reverse(
            user=self.request.user, entry=record, reason=self.form.cleaned_data["reason"]
        )

    def success_url_for(self, record, result) -> str:
        return result.get_absolute_url()

    def refuse(self, record, error):
        view = TransactionDetailView()
        view.request = self.request
        return view.get(self.request, record.pk, reverse_form=self.form)


class TransactionEvidenceView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        entry = get_visible_or_404(FundTransaction.objects.visible_to(request.user), pk=pk)
        return serve_private_file(entry.evidence, entry.evidence_name or None)


REVEALABLE = {
    "student": (StudentAid, ("student_name", "household")),
    "household": (HouseholdAssistance, ("head_of_household",)),
    "payout": (MutualAidPayout, ("member_name", "id_number")),
    "contribution": (MutualAidContribution, ("member_name", "id_number")),
}


class RevealView(StaffRequiredMixin, RecordActionView):
    """Show a beneficiary's personal data unmasked, once, and log that it was seen."""

    def get_object(self):
        if self.kwargs["kind"] not in REVEALABLE:
            raise Http404
        model, _fields = REVEALABLE[self.kwargs["kind"]]
        return get_visible_or_404(model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        model, fields = REVEALABLE[self.kwargs["kind"]]
        return [
            (
                model._meta.get_field(field).verbose_name,
                reveal(user=self.request.user, instance=record, field=field, ip_address=client_ip(self.request)),
            )
            for field in fields
        ]

    def respond(self, record, result):
        return render(self.request, "services/funds/partials/revealed.html", {"values": result, "record": record})
