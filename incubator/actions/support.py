"""Writes on the support ledger: budgets, entries, reversals, monthly waivers."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from orgs.models import Organization
from wangcang.freshness import mark_changed
from wangcang.models import User
from wangcang.permissions import require_staff

from ..models import (
    Budget,
    Residency,
    SupportEntry,
)
from .base import _record_create


@transaction.atomic
def budget_create(*, user: User, **fields) -> Budget:
    return _record_create(Budget(**fields), user=user)


WAIVER_FIELDS = ("venue_waiver", "utilities_waiver", "training_waiver", "services_waiver")


@transaction.atomic
def support_post(
    *,
    user: User,
    organization: Organization,
    kind: str,
    amount: Decimal,
    value_date: date,
    description: str = "",
    residency: Residency | None = None,
) -> SupportEntry:
    require_staff(user)
    if Decimal(amount) <= 0:
        raise ValidationError({"amount": _("A support entry is a positive amount; corrections are reversing entries.")})
    entry = SupportEntry(
        division=organization.division,
        organization=organization,
        residency=residency,
        kind=kind,
        amount=amount,
        value_date=value_date,
        description=description,
        posted_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def support_reverse(*, user: User, entry: SupportEntry, reason: str) -> SupportEntry:
    """Cancel a posted entry with a new one of the opposite amount."""
    require_staff(user)
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed; post a new entry instead."))
    if SupportEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    if not reason.strip():
        raise ValidationError({"description": _("Say why the entry is reversed.")})
    reversal = SupportEntry(
        division=entry.division,
        organization=entry.organization,
        residency=entry.residency,
        kind=entry.kind,
        amount=-entry.amount,
        value_date=entry.value_date,
        description=reason,
        reverses=entry,
        posted_by=user,
    )
    reversal.full_clean(validate_constraints=False)
    reversal.save()
    return reversal


def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def waivers_post_month(*, user: User | None, division_code: str, month: date) -> int:
    """Post one month's four waivers for every resident of that month; running it again for
    the same month posts nothing new. Returns the number of entries posted. ``user`` is
    ``None`` only for the scheduled monthly run."""
    if user is not None:
        require_staff(user)
    first = month_start(month)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    residencies = (
        Residency.objects.filter(organization__division__code__startswith=division_code, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("organization")
    )
    already = set(
        SupportEntry.objects.filter(
            value_date=first, kind__in=SupportEntry.WAIVERS, reverses__isnull=True, residency__in=residencies
        ).values_list("residency_id", "kind")
    )
    entries = []
    for residency in residencies:
        for kind, amount in residency.monthly_waivers.items():
            if amount > 0 and (residency.pk, kind) not in already:
                entries.append(
                    SupportEntry(
                        division_id=residency.organization.division_id,
                        organization=residency.organization,
                        residency=residency,
                        kind=kind,
                        amount=amount,
                        value_date=first,
                        description=_("%(month)s waiver") % {"month": first.strftime("%Y-%m")},
                        posted_by=user,
                    )
                )
    try:
        with transaction.atomic():
            SupportEntry.objects.bulk_create(entries)
            mark_changed({entry.division_id for entry in entries})
    except IntegrityError as exc:  # a concurrent run posted the same month first
        raise ValidationError(_("The month is being posted by someone else; try again.")) from exc
    return len(entries)


def budget_use(division_code: str, year: int) -> dict:
    """The year's budget, what was used (net of reversals) and the balance."""
    from ..models import Budget

    budget = Budget.objects.filter(division__code=division_code, year=year).first()
    used = SupportEntry.objects.filter(division__code__startswith=division_code, value_date__year=year).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0.00")
    amount = budget.amount if budget else Decimal("0.00")
    return {
        "year": year,
        "budget": amount,
        "used": used,
        "balance": amount - used,
        "percent": (used * 100 / amount).quantize(Decimal("0.1")) if amount else Decimal("0.0"),
    }
