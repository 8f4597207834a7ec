"""Contracts and fund entries on an organization's page (the registry of ``orgs.queries``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.queries import RelatedFamily, list_url, related_panel

from .funds.models import FundTransaction
from .models import Contract


@related_panel
def services_related(user, organization) -> list[RelatedFamily]:
    families: list[RelatedFamily] = []
    today = timezone.localdate()
    counts = (
        Contract.objects.visible_to(user)
        .filter(provider=organization)
        .order_by()
        .aggregate(
            total=Count("pk"),
            in_force=Count("pk", filter=Q(starts_on__lte=today, ends_on__gte=today)),
            amount=Sum("amount", default=Decimal("0.00")),
        )
    )
    families.append(
        RelatedFamily(
            "contracts",
            _("Service contracts it provides"),
            counts["total"],
            list_url("services:contract-list", provider=organization.pk),
            [("active", str(_("in force")), counts["in_force"])] if counts["in_force"] else [],
            amount=counts["amount"] if counts["total"] else None,
            amount_label=_("contract amount (yuan)"),
        )
    )
    # Paid to it: original payouts, less the reversing entries that cancelled payouts.
    counts = (
        FundTransaction.objects.visible_to(user)
        .filter(beneficiary_organization=organization)
        .order_by()
        .aggregate(
            total=Count("pk"),
            paid=Sum("amount", filter=Q(direction="out", reverses__isnull=True), default=Decimal("0.00")),
            reversed=Sum("amount", filter=Q(direction="in", reverses__isnull=False), default=Decimal("0.00")),
        )
    )
    families.append(
        RelatedFamily(
            "fund_transactions",
            _("Fund entries paid to it"),
            counts["total"],
            list_url("services:transaction-list", organization=organization.name),
            amount=counts["paid"] - counts["reversed"] if counts["total"] else None,
            amount_label=_("net amount paid (yuan)"),
        )
    )
    return families
