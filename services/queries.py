"""Reads of purchased services: lists, a contract's progress against its targets, charts."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    AdviserPosting,
    Contract,
    ContractTarget,
    DeliverableKind,
    Delivery,
    DeliveryEvidence,
    LegalAidCase,
)

STAGES = 4  # a contract's term is watched by quarters of its length


def contracts_for(user) -> QuerySet[Contract]:
    return Contract.objects.visible_to(user).select_related("provider", "division")


def contract_detail_for(user) -> QuerySet[Contract]:
    return Contract.objects.visible_to(user).select_related("provider", "division", "created_by")


def deliveries_for(user) -> QuerySet[Delivery]:
    return Delivery.objects.visible_to(user).select_related(
        "contract__provider", "kind", "served_organization", "served_union", "recorded_by"
    )


def with_evidence_count(deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    """``evidence_count`` on every row: for short or streamed lists. A paged list counts
    for its page's rows only (:func:`attach_evidence_counts`): grouping a million deliveries
    to show 25 of them would sort the whole table."""
    return deliveries.annotate(evidence_count=Count("evidence"))


def attach_evidence_counts(deliveries: list[Delivery]) -> list[Delivery]:
    counts = dict(
        DeliveryEvidence.objects.filter(delivery__in=[delivery.pk for delivery in deliveries])
        .values_list("delivery")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for delivery in deliveries:
        delivery.evidence_count = counts.get(delivery.pk, 0)
    return deliveries


def delivery_detail_for(user) -> QuerySet[Delivery]:
    return (
        Delivery.objects.visible_to(user)
        .select_related("contract__provider", "kind", "served_organization", "served_union", "recorded_by")
        .prefetch_related(
            Prefetch("evidence", queryset=DeliveryEvidence.objects.select_related("uploaded_by")), "results"
        )
    )


def cases_for(user) -> QuerySet[LegalAidCase]:
    return LegalAidCase.objects.visible_to(user).select_related("contract__provider")


def advisers_for(user) -> QuerySet[AdviserPosting]:
    return AdviserPosting.objects.visible_to(user).select_related("contract__provider", "union")


def evidence_for(user) -> QuerySet[DeliveryEvidence]:
    return DeliveryEvidence.objects.filter(delivery__in=Delivery.objects.visible_to(user))


def confirmation_queue_for(user) -> tuple[QuerySet[Delivery], QuerySet[LegalAidCase]]:
    deliveries = with_evidence_count(deliveries_for(user).filter(status=Delivery.Status.UNCONFIRMED)).order_by(
        "delivered_on", "pk"
    )
    cases = cases_for(user).filter(status=LegalAidCase.Status.UNCONFIRMED).order_by("accepted_on", "pk")
    return deliveries, cases


# --- progress -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """One target of a contract on a day: what was delivered (confirmed only), what was
    expected by then if delivery were even over the term, and whether it is behind."""

    target_id: int
    kind: DeliverableKind
    target: int
    delivered: int
    unconfirmed: int
    elapsed_days: int
    term_days: int

    @property
    def percent(self) -> Decimal:
        return (Decimal(100) * self.delivered / self.target).quantize(Decimal("0.1"))

    @property
    def expected(self) -> Decimal:
        """target × elapsed fraction of the term, to one decimal place."""
        return (Decimal(self.target) * self.elapsed_days / self.term_days).quantize(Decimal("0.1"))

    @property
    def behind(self) -> bool:
        # Exact integer comparison: delivered < target × elapsed / term.
        return self.delivered * self.term_days < self.target * self.elapsed_days

    @property
    def stage(self) -> int:
        """Which quarter of the term the day falls in (1–4); 0 before the start."""
        if self.elapsed_days == 0:
            return 0
        return min(STAGES, math.ceil(STAGES * self.elapsed_days / self.term_days))


def elapsed(contract: Contract, today: date) -> tuple[int, int]:
    """(days of the term elapsed up to and including ``today``, days of the whole term)."""
    term = (contract.ends_on - contract.starts_on).days + 1
    if today < contract.starts_on:
        return 0, term
    return min(term, (today - contract.starts_on).days + 1), term


def delivered_counts(contract_ids: Iterable[int]) -> tuple[dict, dict]:
    """Confirmed and unconfirmed quantities per (contract id, kind id).

    Legal-aid cases and adviser postings are their own records; they count towards the
    targets of the kinds ``legal_aid_case`` and ``adviser_posting``.
    """
    ids = list(contract_ids)
    confirmed: dict[tuple[int, int], int] = defaultdict(int)
    unconfirmed: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        Delivery.objects.filter(contract_id__in=ids)
        .values("contract_id", "kind_id", "status")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    for row in rows:
        bucket = confirmed if row["status"] == Delivery.Status.CONFIRMED else unconfirmed
        bucket[(row["contract_id"], row["kind_id"])] += row["total"] or 0
    kinds = dict(
        DeliverableKind.objects.filter(
            code__in=[DeliverableKind.LEGAL_AID_CASE, DeliverableKind.ADVISER_POSTING]
        ).values_list("code", "pk")
    )
    if DeliverableKind.LEGAL_AID_CASE in kinds:
        kind_id = kinds[DeliverableKind.LEGAL_AID_CASE]
        for row in (
            LegalAidCase.objects.filter(contract_id__in=ids)
            .values("contract_id", "status")
            .annotate(total=Count("pk"))
            .order_by()
        ):
            bucket = confirmed if row["status"] == LegalAidCase.Status.CONFIRMED else unconfirmed
            bucket[(row["contract_id"], kind_id)] += row["total"]
    if DeliverableKind.ADVISER_POSTING in kinds:
        kind_id = kinds[DeliverableKind.ADVISER_POSTING]
        for row in (
            AdviserPosting.objects.filter(contract_id__in=ids)
            .values("contract_id")
            .annotate(total=Count("pk"))
            .order_by()
        ):
            confirmed[(row["contract_id"], kind_id)] += row["total"]
    return confirmed, unconfirmed


def progress_for(contracts: Iterable[Contract], today: date | None = None) -> dict[int, list[TargetProgress]]:
    """Progress of each contract's targets on ``today``, with a fixed number of queries."""
    today = today or timezone.localdate()
    contracts = list(contracts)
    by_id = {contract.pk: contract for contract in contracts}
    confirmed, unconfirmed = delivered_counts(by_id)
    result: dict[int, list[TargetProgress]] = {pk: [] for pk in by_id}
    targets = ContractTarget.objects.filter(contract_id__in=by_id).select_related("kind")
    for target in targets:
        contract = by_id[target.contract_id]
        elapsed_days, term_days = elapsed(contract, today)
        key = (target.contract_id, target.kind_id)
        result[target.contract_id].append(
            TargetProgress(
                target_id=target.pk,
                kind=target.kind,
                target=target.quantity,
                delivered=confirmed.get(key, 0),
                unconfirmed=unconfirmed.get(key, 0),
                elapsed_days=elapsed_days,
                term_days=term_days,
            )
        )
    return result


def contract_progress(contract: Contract, today: date | None = None) -> list[TargetProgress]:
    return progress_for([contract], today)[contract.pk]


def progress_chart(progress: list[TargetProgress]) -> dict:
    """ECharts data for a contract page, in % of each target so that kinds of very different
    sizes (2,000 consultations, 7 trainings) share one axis."""
    return {
        "categories": [str(item.kind) for item in progress],
        "delivered": [float(item.percent) for item in progress],
        "expected": [float((100 * item.expected / item.target).quantize(Decimal("0.1"))) for item in progress],
    }


# --- report aggregates --------------------------------------------------------------------


def deliveries_by_month(queryset: QuerySet[Delivery]) -> list[tuple[date, int]]:
    rows = (
        queryset.confirmed()
        .annotate(month=TruncMonth("delivered_on"))
        .values("month")
        .annotate(total=Sum("quantity"))
        .order_by("month")
    )
    return [(row["month"], row["total"]) for row in rows]
