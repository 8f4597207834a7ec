"""Indicator families of the funds (see wangcang.catalogue): flows, net of reversals."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import FLOW, UNIT_HOUSEHOLDS, UNIT_PERSONS, UNIT_YUAN, Indicator, Scope, chart, family

from . import queries
from .models import Fund, FundTransaction, HouseholdAssistance, StudentAid, money

ZERO = Decimal("0.00")

AMOUNT_CODES = {
    "funds.matching_amount": Fund.Kind.MATCHING,
    "funds.mutual_aid_amount": Fund.Kind.MUTUAL_AID,
    "funds.student_aid_amount": Fund.Kind.STUDENT_AID,
    "funds.subsidy_amount": Fund.Kind.SUBSIDY,
}


def _ledger_scope_q(scope: Scope) -> Q:
    return scope.division_q("fund__division") & scope.organization_q("beneficiary_organization")


@family(
    Indicator("funds.matching_amount", _("Yuan of matching grants on dues"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.mutual_aid_amount", _("Yuan of mutual aid paid"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.student_aid_amount", _("Yuan of golden-autumn student aid"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.subsidy_amount", _("Yuan of subsidies to organization unions"), UNIT_YUAN, FLOW, "cohesion"),
)
def fund_amounts(scope: Scope) -> dict[str, Decimal]:
    """Money paid out of each kind of fund in the period: the entries out that stand. A
    reversed entry counts in no period, nor does its reversal, whatever their dates: the
    figure says what was given, the ledger keeps both rows (docs/decisions.md, "A reversal
    cancels its entry where the entry was"). Amounts and the counts of students and
    households below therefore agree, and no period shows a negative amount."""
    aggregates = {code: Sum("amount", filter=Q(fund__kind=kind), default=ZERO) for code, kind in AMOUNT_CODES.items()}
    row = FundTransaction.objects.filter(
        _ledger_scope_q(scope) & scope.flow_q("occurred_on"), **standing_payments()
    ).aggregate(**aggregates)
    # SQLite sums lose the scale; the figures are yuan with two places on every database.
    return {code: money(row[code]) for code in AMOUNT_CODES}


def standing_payments(prefix: str = "") -> dict:
    """Lookups of the payments that stand: out, not a reversal, not reversed."""
    return {
        f"{prefix}direction": FundTransaction.Direction.OUT,
        f"{prefix}reverses__isnull": True,
        f"{prefix}reversal__isnull": True,
    }


@family(Indicator("funds.student_aid_students", _("Students aided"), UNIT_PERSONS, FLOW, "cohesion"))
def student_figures(scope: Scope) -> dict[str, int]:
    row = (
        StudentAid.objects.not_reversed()
        .filter(
            scope.division_q("transaction__fund__division")
            & scope.organization_q("transaction__beneficiary_organization")
            & scope.flow_q("transaction__occurred_on")
        )
        .aggregate(students=Count("pk"))
    )
    return {"funds.student_aid_students": row["students"]}


@family(
    Indicator("funds.assistance_households", _("Households in hardship helped"), UNIT_HOUSEHOLDS, FLOW, "cohesion"),
    Indicator("funds.assistance_persons", _("Persons in the households helped"), UNIT_PERSONS, FLOW, "cohesion"),
)
def household_figures(scope: Scope) -> dict[str, int]:
    row = (
        HouseholdAssistance.objects.not_reversed()
        .filter(
            scope.division_q("transaction__fund__division")
            & scope.organization_q("transaction__beneficiary_organization")
            & scope.flow_q("transaction__occurred_on")
        )
        .aggregate(households=Count("pk"), persons=Sum("persons", default=0))
    )
    return {"funds.assistance_households": row["households"], "funds.assistance_persons": row["persons"]}


@chart("funds.flows_by_month", _("Fund payments by month"), kind="stacked-bar", pillar="cohesion")
def fund_flows_chart(scope: Scope) -> dict:
    rows = queries.fund_flows_by_month(division_q=_ledger_scope_q(scope), flow_q=scope.flow_q("occurred_on"))
    months = sorted({row["month"] for row in rows})
    funds = sorted({row["fund"] for row in rows})
    amounts = {(row["month"], row["fund"]): row["amount"] for row in rows}
    return {
        "categories": [f"{month:%Y-%m}" for month in months],
        "series": [
            {"name": fund, "data": [float(amounts.get((month, fund), ZERO)) for month in months]} for fund in funds
        ],
    }
