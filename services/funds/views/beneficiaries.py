"""Pages of beneficiaries: student aid, household assistance, mutual aid."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangcang.permissions import StaffOrOfficialMixin
from wangcang.personal import mask_id_number, mask_name
from wangcang.tables import Column
from wangcang.views import FilteredListView

from .. import actions, queries
from ..filters import BeneficiaryFilter
from ..forms import (
    ContributionForm,
    HouseholdForm,
    PayoutForm,
    StudentAidForm,
)
from ..models import (
    PayoutRequest,
    money,
)
from ..permissions import (
    can_post_transaction,
)
from .base import FundsFormView, FundsTableMixin


class BeneficiaryListView(StaffOrOfficialMixin, FundsTableMixin, FilteredListView):
    """Names are masked on the page and in the export; staff reveal one with a logged action."""

    intro = _("Personal data is masked. Staff may show one record's data; each view is logged.")

    template_name = "services/funds/beneficiary_list.html"
    filterset_class = BeneficiaryFilter
    reveal_kind = ""
    create_url = ""
    create_label = _("Record")

    def get_page_actions(self):
        if can_post_transaction(self.request.user):
            return [(self.create_label, reverse(self.create_url))]
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reveal_kind"] = self.reveal_kind
        context["can_reveal"] = can_post_transaction(self.request.user)
        for row, obj in zip(context["rows"], context["object_list"], strict=True):
            row["pk"] = obj.pk
        return context

    def links(self, obj):
        # The date cell opens the ledger entry that paid the aid.
        date_index = next(i for i, column in enumerate(self.columns) if column.sort == "date")
        return {date_index: obj.transaction.get_absolute_url()}


def _status(obj) -> str:
    return _("reversed") if obj.transaction.is_reversed else ""


class StudentListView(BeneficiaryListView):
    title = _("Golden-autumn student aid")
    reveal_kind = "student"
    create_url = "services:student-create"
    create_label = _("Aid a student")
    export_filename = "student-aid.xlsx"
    sort_fields = {"school": "school", "amount": "amount", "date": "transaction__occurred_on"}
    columns = [
        Column(_("student")),
        Column(_("school"), "school"),
        Column(_("grade")),
        Column(_("household")),
        Column(_("amount (yuan)"), "amount"),
        Column(_("date"), "date"),
        Column(_("note")),
    ]

    def get_base_queryset(self):
        return queries.students_for(self.request.user)

    def cells(self, obj):
        return [
            mask_name(obj.student_name),
            obj.school,
            obj.grade,
            mask_name(obj.household),
            obj.amount,
            obj.transaction.occurred_on,
            _status(obj),
        ]


class HouseholdListView(BeneficiaryListView):
    title = _("Households in hardship helped")
    reveal_kind = "household"
    create_url = "services:household-create"
    create_label = _("Record help to a household")
    export_filename = "households.xlsx"
    sort_fields = {"persons": "persons", "amount": "amount", "date": "transaction__occurred_on"}
    columns = [
        Column(_("head of household")),
        Column(_("persons in the household"), "persons"),
        Column(_("kind of help")),
        Column(_("amount (yuan)"), "amount"),
        Column(_("date"), "date"),
        Column(_("note")),
    ]

    def get_base_queryset(self):
        return queries.households_for(self.request.user)

    def cells(self, obj):
        return [
            mask_name(obj.head_of_household),
            obj.persons,
            obj.kind_of_help,
            obj.amount,
            obj.transaction.occurred_on,
            _status(obj),
        ]


class MutualAidListView(BeneficiaryListView):
    title = _("Mutual-aid payouts")
    reveal_kind = "payout"
    create_url = "services:payout-create"
    export_filename = "mutual-aid.xlsx"
    sort_fields = {"date": "transaction__occurred_on"}
    columns = [
        Column(_("member")),
        Column(_("ID number")),
        Column(_("fund")),
        Column(_("hardship")),
        Column(_("amount (yuan)")),
        Column(_("date"), "date"),
        Column(_("note")),
    ]

    def get_base_queryset(self):
        return queries.payouts_for(self.request.user)

    def get_page_actions(self):
        if can_post_transaction(self.request.user):
            return [
                (_("Record a contribution"), reverse("services:contribution-create")),
                (_("Pay mutual aid"), reverse("services:payout-create")),
            ]
        return []

    def cells(self, obj):
        return [
            mask_name(obj.member_name),
            mask_id_number(obj.id_number),
            obj.transaction.fund.name,
            obj.reason,
            obj.transaction.amount,
            obj.transaction.occurred_on,
            _status(obj),
        ]


class PaidFormView(FundsFormView):
    """A beneficiary record and its ledger entry, through one action. A payout (``request_kind``)
    above the countersign threshold is kept as a payout awaiting another staff member's approval."""

    action = None
    success_name = ""
    request_kind = ""

    success_message = _("Recorded and posted to the ledger.")

    def save(self, form):
        data = form.cleaned_data
        if self.request_kind and actions.needs_countersign(money(data["amount"])):
            return actions.beneficiary_payout_request(user=self.request.user, kind=self.request_kind, **data)
        return type(self).action(user=self.request.user, **data)

    def get_success_message(self, result) -> str:
        if isinstance(result, PayoutRequest):
            return _("Recorded: the payout is posted once another staff member approves it.")
        return self.success_message

    def success_url(self, saved) -> str:
        if isinstance(saved, PayoutRequest):
            return saved.get_absolute_url()
        return reverse(self.success_name)

    def cancel_url(self):
        return reverse(self.success_name)


class StudentCreateView(PaidFormView):
    form_class = StudentAidForm
    title = _("Aid a student")
    action = actions.student_aid_grant
    success_name = "services:student-list"
    request_kind = PayoutRequest.Kind.STUDENT_AID


class HouseholdCreateView(PaidFormView):
    form_class = HouseholdForm
    title = _("Help a household in hardship")
    action = actions.household_assistance_grant
    success_name = "services:household-list"
    request_kind = PayoutRequest.Kind.ASSISTANCE


class ContributionCreateView(PaidFormView):
    form_class = ContributionForm
    title = _("Record a mutual-aid contribution")
    action = actions.mutual_aid_contribution_record
    success_name = "services:mutual-aid-list"


class PayoutCreateView(PaidFormView):
    form_class = PayoutForm
    title = _("Pay mutual aid")
    action = actions.mutual_aid_payout_record
    success_name = "services:mutual-aid-list"
    request_kind = PayoutRequest.Kind.MUTUAL_AID
