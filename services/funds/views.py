from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from wangcang.actions import acting_division_code
from wangcang.clientip import client_ip
from wangcang.formviews import RecordActionView, StaffFormView
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.personal import mask_id_number, mask_name, reveal
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Badge, Column, TableMixin
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView

from . import actions, queries
from .filters import BeneficiaryFilter, LedgerFilter, MatchingGrantFilter
from .forms import (
    CandidatesForm,
    ContributionForm,
    DuesRecordForm,
    FundForm,
    HouseholdForm,
    PayoutForm,
    ProposeForm,
    ReverseForm,
    StudentAidForm,
    TransactionForm,
)
from .models import (
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    MutualAidPayout,
    PayoutRequest,
    StudentAid,
    money,
)
from .permissions import (
    can_decide_grant,
    can_post_transaction,
    can_reverse_transaction,
    can_see_balances,
    grant_needs_second_colleague,
)


def _beneficiary(entry: FundTransaction) -> str:
    """Organizations by name; persons masked on every page and export."""
    if entry.beneficiary_organization_id:
        return entry.beneficiary_organization.name
    return mask_name(entry.beneficiary_person)


class FundsTableMixin(TableMixin):
    """Funds' list pages: amounts grouped by thousands and right-aligned, dates as 2023-03-15,
    related records linked (the export keeps plain numbers and dates)."""

    template_name = "services/funds/table_list.html"
    primary_action = True  # the last page action is the one that writes
    intro = ""

    def links(self, obj) -> dict[int, str]:
        """Cells (by index) that link to a related page, besides the first."""
        return {}

    def empty_text(self) -> str:
        """What an empty list means, for the reader who sees it."""
        return _("No records.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row, obj in zip(context["rows"], context["object_list"], strict=True):
            row["links"] = self.links(obj)
        first = context["rows"][0]["cells"] if context["rows"] else []
        context["numeric_labels"] = [
            column.label
            for column, value in zip(self.columns, first, strict=False)
            if isinstance(value, int | Decimal) and not isinstance(value, bool)
        ]
        context["primary_action"] = self.primary_action and can_post_transaction(self.request.user)
        context["intro"] = self.intro
        context["empty_text"] = self.empty_text()
        return context


class FundsFormView(StaffFormView):
    def cancel_url(self):
        return reverse("services:fund-list")


# Funds ----------------------------------------------------------------------------------


class FundListView(StaffOrOfficialMixin, FundsTableMixin, FilteredListView):
    title = _("Funds and balances")
    sort_fields = {"name": "name", "kind": "kind", "balance": "balance"}
    default_sort = "kind"
    columns = [
        Column(_("name"), "name"),
        Column(_("kind"), "kind"),
        Column(_("rules")),
        Column(_("money in (yuan)")),
        Column(_("money out (yuan)")),
        Column(_("balance (yuan)"), "balance"),
    ]
    export_filename = "funds.xlsx"

    def get_base_queryset(self):
        return queries.funds_with_balances_for(self.request.user)

    def get_page_actions(self):
        result = [
            (_("Ledger"), reverse("services:transaction-list")),
            (_("Matching grants on dues"), reverse("services:grant-list")),
            (_("Golden-autumn student aid"), reverse("services:student-list")),
            (_("Households in hardship helped"), reverse("services:household-list")),
            (_("Mutual-aid payouts"), reverse("services:mutual-aid-list")),
            (_("Dues records"), reverse("services:dues-list")),
            (_("Payouts awaiting approval"), reverse("services:payout-request-list")),
        ]
        if can_post_transaction(self.request.user):
            result.append((_("New fund"), reverse("services:fund-create")))
        return result

    def cells(self, obj):
        rules = ""
        if obj.kind == Fund.Kind.MATCHING:
            rules = _("1:%(ratio)s on dues") % {"ratio": f"{obj.matching_ratio.normalize():f}"}
        elif obj.kind == Fund.Kind.MUTUAL_AID:
            rules = _("up to %(multiple)s× contributions") % {"multiple": f"{obj.mutual_aid_multiple.normalize():f}"}
        return [obj.name, obj.get_kind_display(), rules, money(obj.total_in), money(obj.total_out), money(obj.balance)]

    def row_url(self, obj):
        return obj.get_absolute_url()


class FundFormView(FundsFormView):
    form_class = FundForm
    title = _("Fund")

    def get_object(self):
        pk = self.kwargs.get("pk")
        return get_visible_or_404(Fund.objects.visible_to(self.request.user), pk=pk) if pk else None

    def save(self, form):
        fund = form.save(commit=False)
        if fund.division_id is None:
            fund.division_id = acting_division_code(self.request.user)
        return actions.fund_save(user=self.request.user, fund=fund)


class FundDetailView(StaffOrOfficialMixin, View):
    def get(self, request, pk: int):
        fund = get_visible_or_404(queries.funds_with_balances_for(request.user), pk=pk)
        entries = queries.ledger_for(request.user).filter(fund=fund)[:20]
        return render(
            request,
            "services/funds/fund_detail.html",
            {"fund": fund, "object": fund, "entries": entries, "can_edit": can_post_transaction(request.user)},
        )


# Ledger ---------------------------------------------------------------------------------


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


# Matching grants ------------------------------------------------------------------------


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


# Dues -----------------------------------------------------------------------------------


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


# Beneficiaries --------------------------------------------------------------------------


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


REVEALABLE = {
    "student": (StudentAid, ("student_name", "household")),
    "household": (HouseholdAssistance, ("head_of_household",)),
    "payout": (MutualAidPayout, ("member_name", "id_number")),
    "contribution": (MutualAidContribution, ("member_name", "id_number")),
}


class RevealView(StaffRequiredMixin, View):
    """Show a beneficiary's personal data unmasked, once, and log that it was seen."""

    def post(self, request, kind: str, pk: int):
        if kind not in REVEALABLE:
            raise Http404
        model, fields = REVEALABLE[kind]
        record = get_visible_or_404(model.objects.visible_to(request.user), pk=pk)
        values = [
            (
                model._meta.get_field(field).verbose_name,
                reveal(user=request.user, instance=record, field=field, ip_address=client_ip(request)),
            )
            for field in fields
        ]
        return render(request, "services/funds/partials/revealed.html", {"values": values, "record": record})
