"""Pages of the funds."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from wangcang.actions import acting_division_code
from wangcang.permissions import StaffOrOfficialMixin
from wangcang.scoping import get_visible_or_404
from wangcang.tables import Column
from wangcang.views import FilteredListView

from .. import actions, queries
from ..forms import (
    FundForm,
)
from ..models import (
    Fund,
    money,
)
from ..permissions import (
    can_post_transaction,
)
from .base import FundsFormView, FundsTableMixin


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
