"""Shared parts of the funds' pages."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangcang.formviews import StaffFormView
from wangcang.personal import mask_name
from wangcang.tables import TableMixin

from ..models import (
    FundTransaction,
)
from ..permissions import (
    can_post_transaction,
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
