"""Indicator families of the funds (see wangcang.catalogue): flows, net of reversals."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import (
    FLOW,
    UNIT_HOUSEHOLDS,
    UNIT_PERSONS,
    UNIT_YUAN,
    Grouping,
    Indicator,
    Scope,
    grouped_chart,
    grouped_family,
    rows,
)

from . import queries
from .models import Fund, FundTransaction, HouseholdAssistance, StudentAid, money

ZERO = Decimal("0.00")

AMOUNT_CODES = {
    "funds.matching_amount": Fund.Kind.MATCHING,
    "funds.mutual_aid_amount": Fund.Kind.MUTUAL_AID,
    "funds.student_aid_amount": Fund.Kind.STUDENT_AID,
    "funds.subsidy_amount": Fund.Kind.SUBSIDY,
}


@grouped_family(
    Indicator("funds.matching_amount", _("Yuan of matching grants on dues"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.mutual_aid_amount", _("Yuan of mutual aid paid"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.student_aid_amount", _("Yuan of golden-autumn student aid"), UNIT_YUAN, FLOW, "cohesion"),
    Indicator("funds.subsidy_amount", _("Yuan of subsidies to organization unions"), UNIT_YUAN, FLOW, "cohesion"),
)
def fund_amounts(target: Scope | Grouping) -> dict[str, dict]:
    """Money paid out of each kind of fund in the period: the entries out that stand. A
    reversed entry counts in no period, nor does its reversal, whatever their dates: the
    figure says what was given, the ledger keeps both rows (docs/decisions.md, "A reversal
    cancels its entry where the entry was"). Amounts and the counts of students and
    households below therefore agree, and no period shows a negative amount."""
    aggregates = {code: Sum("amount", filter=Q(fund__kind=kind), default=ZERO) for code, kind in AMOUNT_CODES.items()}
    payments = FundTransaction.objects.filter(
        target.organization_q("beneficiary_organization") & target.flow_q("occurred_on"), **standing_payments()
    )
    found = rows(target, payments, "fund__division", **aggregates)
    # SQLite sums lose the scale; the figures are yuan with two places on every database.
    return {key: {code: money(row[code]) for code in AMOUNT_CODES} for key, row in found.items()}


def standing_payments(prefix: str = "") -> dict:
    """Lookups of the payments that stand: out, not a reversal, not reversed."""
    return {
        f"{prefix}direction": FundTransaction.Direction.OUT,
        f"{prefix}reverses__isnull": True,
        f"{prefix}reversal__isnull": True,
    }


@grouped_family(Indicator("funds.student_aid_students", _("Students aided"), UNIT_PERSONS, FLOW, "cohesion"))
def student_figures(target: Scope | Grouping) -> dict[str, dict]:
    aids = StudentAid.objects.not_reversed().filter(
        target.organization_q("transaction__beneficiary_organization") & target.flow_q("transaction__occurred_on")
    )
    found = rows(target, aids, "transaction__fund__division", students=Count("pk"))
    return {key: {"funds.student_aid_students": row["students"]} for key, row in found.items()}


@grouped_family(
    Indicator("funds.assistance_households", _("Households in hardship helped"), UNIT_HOUSEHOLDS, FLOW, "cohesion"),
    Indicator("funds.assistance_persons", _("Persons in the households helped"), UNIT_PERSONS, FLOW, "cohesion"),
)
def household_figures(target: Scope | Grouping) -> dict[str, dict]:
    assistances = HouseholdAssistance.objects.not_reversed().filter(
        target.organization_q("transaction__beneficiary_organization") & target.flow_q("transaction__occurred_on")
    )
    found = rows(
        target, assistances, "transaction__fund__division", households=Count("pk"), persons=Sum("persons", default=0)
    )
    return {
        key: {"funds.assistance_households": row["households"], "funds.assistance_persons": row["persons"]}
        for key, row in found.items()
    }


@grouped_chart("funds.flows_by_month", _("Fund payments by month"), kind="stacked-bar", pillar="cohesion")
def fund_flows_chart(target: Scope | Grouping) -> dict:
    return {key: _flows_data(rows) for key, rows in queries.fund_flows_by_month(target).items()}


def _flows_data(rows: list[dict]) -> dict:
    months = sorted({row["month"] for row in rows})
    funds = sorted({row["fund"] for row in rows})
    amounts = {(row["month"], row["fund"]): row["amount"] for row in rows}
    return {
        "categories": [f"{month:%Y-%m}" for month in months],
        "series": [
            {"name": fund, "data": [float(amounts.get((month, fund), ZERO)) for month in months]} for fund in funds
        ],
    }
