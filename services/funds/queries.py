"""Reads for funds: balances, the ledger with running balances, dues behind matching grants,
mutual-aid standing of a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from orgs.models import Organization, SelfReport

from .models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    MutualAidPayout,
    StudentAid,
    money,
)

ZERO = Decimal("0.00")


def funds_with_balances_for(user) -> QuerySet[Fund]:
    return Fund.objects.visible_to(user).select_related("division", "organization").with_balance()


def ledger_for(user) -> QuerySet[FundTransaction]:
    return (
        FundTransaction.objects.visible_to(user)
        .select_related("fund", "beneficiary_organization", "reverses", "reversal")
        .with_running_balance()
    )


def transactions_with_details_for(user) -> QuerySet[FundTransaction]:
    return FundTransaction.objects.visible_to(user).select_related(
        "fund", "beneficiary_organization", "reverses", "reversal", "recorded_by"
    )


def matching_grants_for(user) -> QuerySet[MatchingGrant]:
    return MatchingGrant.objects.visible_to(user).select_related("fund", "organization", "transaction")


def dues_records_for(user) -> QuerySet[DuesRecord]:
    return DuesRecord.objects.visible_to(user).select_related("organization")


def students_for(user) -> QuerySet[StudentAid]:
    return StudentAid.objects.visible_to(user).select_related("transaction__fund", "transaction__reversal")


def households_for(user) -> QuerySet[HouseholdAssistance]:
    return HouseholdAssistance.objects.visible_to(user).select_related("transaction__fund", "transaction__reversal")


def contributions_for(user) -> QuerySet[MutualAidContribution]:
    return MutualAidContribution.objects.visible_to(user).select_related("transaction__fund", "transaction__reversal")


def payouts_for(user) -> QuerySet[MutualAidPayout]:
    return MutualAidPayout.objects.visible_to(user).select_related("transaction__fund", "transaction__reversal")


def accepted_dues(*, period_start: date, period_end: date, organizations=None) -> dict[int, Decimal]:
    """Dues of accepted self-reports whose round lies inside the period, per organization."""
    reports = SelfReport.objects.accepted().filter(
        round__period_start__gte=period_start, round__period_end__lte=period_end, dues_collected__isnull=False
    )
    if organizations is not None:
        reports = reports.filter(organization__in=organizations)
    rows = reports.values("organization").annotate(total=Sum("dues_collected")).order_by()
    return {row["organization"]: row["total"] for row in rows}


def recorded_dues(*, period_start: date, period_end: date, organizations=None) -> dict[int, Decimal]:
    records = DuesRecord.objects.filter(period_start__gte=period_start, period_end__lte=period_end)
    if organizations is not None:
        records = records.filter(organization__in=organizations)
    rows = records.values("organization").annotate(total=Sum("amount")).order_by()
    return {row["organization"]: row["total"] for row in rows}


def dues_collected(*, organization: Organization, period_start: date, period_end: date) -> tuple[Decimal, str | None]:
    """The dues the organization collected in the period and where they come from: accepted
    self-reports when there are any (they are the organization's own accepted figures),
    otherwise the dues staff recorded. ``(0, None)`` when neither exists."""
    reported = accepted_dues(period_start=period_start, period_end=period_end, organizations=[organization.pk])
    if organization.pk in reported:
        return money(reported[organization.pk]), MatchingGrant.Source.SELF_REPORT
    recorded = recorded_dues(period_start=period_start, period_end=period_end, organizations=[organization.pk])
    if organization.pk in recorded:
        return money(recorded[organization.pk]), MatchingGrant.Source.DUES_RECORD
    return ZERO, None


def matching_candidates_for(user, *, fund: Fund, period_start: date, period_end: date) -> list[dict]:
    """Organizations with dues in the period and the grant each would get: two queries for
    all organizations, not one per organization."""
    visible = Organization.objects.visible_to(user)
    reported = accepted_dues(period_start=period_start, period_end=period_end, organizations=visible)
    recorded = recorded_dues(period_start=period_start, period_end=period_end, organizations=visible)
    already = set(
        MatchingGrant.objects.filter(fund=fund, period_start=period_start, period_end=period_end)
        .exclude(status=MatchingGrant.Status.REJECTED)
        .values_list("organization", flat=True)
    )
    ids = set(reported) | set(recorded)
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    result = []
    for pk in sorted(ids, key=lambda pk: names.get(pk, "")):
        dues = reported.get(pk, recorded.get(pk))
        result.append(
            {
                "organization_id": pk,
                "organization": names.get(pk, ""),
                "dues": money(dues),
                "source": MatchingGrant.Source.SELF_REPORT if pk in reported else MatchingGrant.Source.DUES_RECORD,
                "amount": money(fund.matching_ratio * dues),
                "proposed": pk in already,
            }
        )
    return result


@dataclass(frozen=True)
class MutualAidStanding:
    contributed: Decimal
    paid: Decimal
    limit: Decimal
    available: Decimal


def mutual_aid_standing(*, fund: Fund, id_number: str) -> MutualAidStanding:
    """What a member contributed to the fund and received from it, net of reversals."""
    contributed = (
        MutualAidContribution.objects.filter(transaction__fund=fund, id_number=id_number)
        .not_reversed()
        .aggregate(total=Sum("transaction__amount", default=ZERO))["total"]
    )
    paid = (
        MutualAidPayout.objects.filter(transaction__fund=fund, id_number=id_number)
        .not_reversed()
        .aggregate(total=Sum("transaction__amount", default=ZERO))["total"]
    )
    limit = money(fund.mutual_aid_multiple * contributed)
    return MutualAidStanding(
        contributed=money(contributed), paid=money(paid), limit=limit, available=max(ZERO, money(limit - paid))
    )


def fund_flows_by_month(target) -> dict[str, list[dict]]:
    """Money out per fund and month, the payments that stand: a reversed entry and its
    reversal count in no month (as the figures, services/funds/indicators.py); by prefix
    of the fund's division (catalogue.rows_by)."""
    from django.db.models.functions import TruncMonth

    from wangcang.catalogue import rows_by

    payments = FundTransaction.objects.filter(
        target.organization_q("beneficiary_organization") & target.flow_q("occurred_on"),
        direction="out",
        reverses__isnull=True,
        reversal__isnull=True,
    ).annotate(month=TruncMonth("occurred_on"))
    found = rows_by(target, payments, "fund__division", ("month", "fund__name"), amount=Sum("amount", default=ZERO))
    return {
        key: [{"month": row["month"], "fund": row["fund__name"], "amount": row["amount"]} for row in months]
        for key, months in found.items()
    }
