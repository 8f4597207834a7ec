"""Indicator families (see wangcang.catalogue); the other parts declare theirs in their own modules.

Only confirmed deliveries and confirmed legal-aid cases count.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import (
    FLOW,
    STOCK,
    UNIT_CASES,
    UNIT_CONTRACTS,
    UNIT_PERSON_TIMES,
    UNIT_PERSONS,
    UNIT_SESSIONS,
    UNIT_TIMES,
    UNIT_YUAN,
    Grouping,
    Indicator,
    Scope,
    grouped_chart,
    grouped_family,
    records,
    rows,
    rows_by,
)

from .models import AdviserPosting, Contract, DeliverableKind, Delivery, LegalAidCase

ARM = "arm"
ZERO = Decimal("0.00")


def _yuan(value) -> Decimal:
    """Two places on every database (SQLite's sums come back without them)."""
    return Decimal(value or 0).quantize(ZERO)


@grouped_family(
    Indicator("services.contracts", _("Purchased-service contracts in force"), UNIT_CONTRACTS, STOCK, ARM),
    Indicator("services.contract_amount", _("Amount of those contracts"), UNIT_YUAN, STOCK, ARM),
)
def contract_figures(target: Scope | Grouping) -> dict:
    day = target.stock_date
    in_force = Q(starts_on__lte=day, ends_on__gte=day)
    found = rows(
        target,
        Contract.objects.filter(target.organization_q("provider")),
        "division",
        contracts=Count("pk", filter=in_force),
        amount=Coalesce(Sum("amount", filter=in_force), ZERO),
    )
    return {
        key: {"services.contracts": row["contracts"], "services.contract_amount": _yuan(row["amount"])}
        for key, row in found.items()
    }


@grouped_family(
    Indicator("services.legal_advisers", _("Lawyers posted as union legal advisers"), UNIT_PERSONS, STOCK, ARM),
)
def adviser_figures(target: Scope | Grouping) -> dict:
    day = target.stock_date
    posted = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    found = rows(
        target,
        AdviserPosting.objects.filter(target.organization_q("contract__provider")),
        "contract__division",
        advisers=Count("lawyer", filter=posted, distinct=True),
    )
    return {key: {"services.legal_advisers": row["advisers"]} for key, row in found.items()}


def _kind_sum(code: str, extra: Q | None = None) -> Coalesce:
    condition = Q(kind__code=code)
    if extra is not None:
        condition &= extra
    return Coalesce(Sum("quantity", filter=condition), 0)


@grouped_family(
    Indicator(
        "services.legal_trainings", _("Legal trainings given by the contracted law firm"), UNIT_SESSIONS, FLOW, ARM
    ),
    Indicator("services.consultations", _("Consultations given"), UNIT_PERSON_TIMES, FLOW, ARM),
    Indicator("services.trainings", _("Trainings and lectures given by providers"), UNIT_SESSIONS, FLOW, ARM),
    Indicator("services.surgeries", _("Free surgeries performed"), UNIT_TIMES, FLOW, ARM),
    Indicator(
        "services.counselling_sessions", _("Mental-health lectures and group sessions"), UNIT_SESSIONS, FLOW, ARM
    ),
    Indicator("services.contests", _("Contests and competitions held"), UNIT_TIMES, FLOW, ARM),
    Indicator("services.beneficiaries", _("Persons served by purchased services"), UNIT_PERSON_TIMES, FLOW, ARM),
)
def delivery_figures(target: Scope | Grouping) -> dict:
    found = rows(
        target,
        Delivery.objects.filter(
            target.organization_q("contract__provider"),
            target.flow_q("delivered_on"),
            status=Delivery.Status.CONFIRMED,
        ),
        "contract__division",
        legal_trainings=_kind_sum(DeliverableKind.TRAINING, Q(contract__category=Contract.Category.LEGAL)),
        consultations=_kind_sum(DeliverableKind.CONSULTATION),
        trainings=_kind_sum(DeliverableKind.TRAINING),
        surgeries=_kind_sum(DeliverableKind.SURGERY),
        counselling=_kind_sum(DeliverableKind.COUNSELLING),
        contests=_kind_sum(DeliverableKind.CONTEST),
        beneficiaries=Coalesce(Sum("persons_served"), 0),
    )
    return {
        key: {
            "services.legal_trainings": row["legal_trainings"],
            "services.consultations": row["consultations"],
            "services.trainings": row["trainings"],
            "services.surgeries": row["surgeries"],
            "services.counselling_sessions": row["counselling"],
            "services.contests": row["contests"],
            "services.beneficiaries": row["beneficiaries"],
        }
        for key, row in found.items()
    }


@grouped_family(
    Indicator("services.legal_aid_cases", _("Legal-aid cases represented"), UNIT_CASES, FLOW, ARM),
    Indicator("services.recovered_amount", _("Amount recovered for workers"), UNIT_YUAN, FLOW, ARM),
)
def legal_aid_figures(target: Scope | Grouping) -> dict:
    # A case counts when it is accepted; money counts when the case closes with it.
    found = rows(
        target,
        LegalAidCase.objects.filter(target.organization_q("contract__provider"), status=LegalAidCase.Status.CONFIRMED),
        "contract__division",
        cases=Count("pk", filter=target.flow_q("accepted_on")),
        recovered=Coalesce(
            Sum("amount_recovered", filter=Q(closed_on__isnull=False) & target.flow_q("closed_on")), ZERO
        ),
    )
    return {
        key: {"services.legal_aid_cases": row["cases"], "services.recovered_amount": _yuan(row["recovered"])}
        for key, row in found.items()
    }


@grouped_chart(
    "services.contract_progress",
    _("Purchased services: delivered against targets per contract"),
    kind="bar",
    pillar=ARM,
)
def contract_progress_chart(target: Scope | Grouping) -> dict:
    """Per contract running at some time in the period (for ``all``: every contract begun
    by the stock date): % of its targets delivered (each kind capped at 100 %, averaged)
    against % of its term elapsed at the stock date. The contracts of every division are
    read at once and their progress computed once (``progress_for``)."""
    from .queries import progress_for

    day = target.stock_date
    running = (
        Contract.objects.filter(target.organization_q("provider"))
        .filter(starts_on__lte=day)
        .filter(Q(ends_on__gte=target.period.start) if target.period.start else Q())
        .order_by("starts_on", "pk")
    )
    found = records(target, running, "division")
    progress = progress_for([contract for contracts in found.values() for contract in contracts], day)
    return {key: _progress_data(contracts, progress) for key, contracts in found.items()}


def _progress_data(contracts: list[Contract], progress: dict) -> dict:
    done, elapsed = [], []
    for contract in contracts:
        items = progress[contract.pk]
        if items:
            done.append(round(sum(min(100, float(item.percent)) for item in items) / len(items), 1))
            elapsed.append(round(100 * items[0].elapsed_days / items[0].term_days, 1))
        else:
            done.append(0)
            elapsed.append(0)
    return {
        "categories": [contract.title for contract in contracts],
        "series": [
            {"name": _("Targets delivered, %"), "data": done},
            {"name": _("Term elapsed, %"), "data": elapsed},
        ],
    }


@grouped_chart(
    "services.deliveries_by_month", _("Purchased services: confirmed deliveries by month"), kind="line", pillar=ARM
)
def deliveries_by_month_chart(target: Scope | Grouping) -> dict:
    deliveries = Delivery.objects.filter(
        target.organization_q("contract__provider"),
        target.flow_q("delivered_on"),
        status=Delivery.Status.CONFIRMED,
    ).annotate(month=TruncMonth("delivered_on"))
    found = rows_by(
        target,
        deliveries,
        "contract__division",
        ("month",),
        records=Count("pk"),
        persons=Coalesce(Sum("persons_served"), 0),
    )
    return {
        key: {
            "categories": [f"{row['month']:%Y-%m}" for row in months],
            "series": [
                {"name": _("Deliveries"), "data": [row["records"] for row in months]},
                {"name": _("Persons served"), "data": [row["persons"] for row in months]},
            ],
        }
        for key, months in found.items()
    }


from .funds import indicators as funds_indicators  # noqa: E402, F401
