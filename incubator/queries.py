"""Reads of the incubation base; each owns its joins so that list pages stay within a
fixed number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from wangcang.catalogue import rows, rows_by
from wangcang.scoping import user_division_prefix

from .models import (
    KEY_TARGET_THRESHOLD,
    Application,
    ApplicationAttachment,
    Attendance,
    Batch,
    Budget,
    Evaluation,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Review,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    Training,
)


def spaces_for(user):
    return Space.objects.visible_to(user).select_related("site")


def sites_for(user):
    return Site.objects.visible_to(user)


def sites_with_area_for(user):
    return sites_for(user).annotate(space_count=Count("spaces"), area=Sum("spaces__area_m2"))


def batches_for(user):
    return Batch.objects.visible_to(user).annotate(application_count=Count("applications"))


def open_batches():
    return Batch.objects.filter(status=Batch.Status.OPEN)


def applications_for(user):
    return (
        Application.objects.visible_to(user)
        .select_related("organization", "batch")
        .annotate(review_count=Count("reviews"))
    )


def application_for(user, pk: int):
    from wangcang.scoping import get_visible_or_404

    queryset = Application.objects.visible_to(user).select_related("organization", "batch", "decided_by")
    if getattr(user, "is_org_user", False):
        queryset = queryset.prefetch_related("attachments")
    else:
        queryset = queryset.prefetch_related(
            "attachments",
            Prefetch(
                "reviews", queryset=Review.objects.select_related("reviewer").prefetch_related("scores__criterion")
            ),
        )
    return get_visible_or_404(queryset, pk=pk)


def attachments_for(user):
    return ApplicationAttachment.objects.visible_to(user)


def assigned_reviews_for(user):
    return Review.objects.filter(reviewer=user).select_related("application__organization", "application__batch")


def residencies_for(user):
    return (
        Residency.objects.visible_to(user)
        .select_related("organization")
        .annotate(area_in_use=Sum("occupancies__area_m2", filter=Q(occupancies__ends_on__isnull=True)))
    )


def residency_for(user, pk: int):
    from wangcang.scoping import get_visible_or_404

    return get_visible_or_404(
        Residency.objects.visible_to(user)
        .select_related("organization", "application__batch")
        .prefetch_related(
            Prefetch("occupancies", queryset=Occupancy.objects.select_related("space__site")),
            Prefetch("team", queryset=TeamMember.objects.select_related("role", "mentor")),
            Prefetch("mentoring_sessions", queryset=MentoringSession.objects.select_related("mentor")),
            "evaluations",
        ),
        pk=pk,
    )


def support_for(user):
    return SupportEntry.objects.visible_to(user).select_related("organization", "reverses")


def support_by_year_and_kind_for(user, residency) -> list[dict]:
    """The support a residency received, summed per year and kind (net of reversals)."""
    kinds = dict(SupportEntry.Kind.choices)
    rows = (
        SupportEntry.objects.visible_to(user)
        .filter(residency=residency)
        .values("value_date__year", "kind")
        .annotate(total=Sum("amount"))
        .order_by("-value_date__year", "kind")
    )
    return [
        {"year": row["value_date__year"], "kind": kinds.get(row["kind"], row["kind"]), "total": row["total"]}
        for row in rows
    ]


def mentors_for(user):
    return Mentor.objects.visible_to(user).annotate(team_count=Count("teams", distinct=True))


def trainings_for(user):
    return Training.objects.visible_to(user).annotate(trainee_count=Count("attendances", distinct=True))


def attendances_for(user, training: Training):
    return Attendance.objects.visible_to(user).filter(training=training).select_related("organization")


def visits_for(user):
    return ExchangeVisit.objects.visible_to(user).prefetch_related("organizations")


def occupancy_for(user, day: date) -> list[dict]:
    """Each visible space with its occupied and free m² and its residents on ``day``: two queries."""
    spaces = (
        spaces_for(user)
        .filter(opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .annotate(
            occupied=Sum(
                "occupancies__area_m2",
                filter=Q(occupancies__starts_on__lte=day)
                & (Q(occupancies__ends_on__isnull=True) | Q(occupancies__ends_on__gte=day)),
            )
        )
        .order_by("site__name", "floor", "name")
        .prefetch_related(
            Prefetch(
                "occupancies",
                queryset=Occupancy.objects.visible_to(user)
                .on(day)
                .select_related("residency__organization")
                .order_by("pk"),
                to_attr="current_occupancies",
            )
        )
    )
    rows = []
    for space in spaces:
        occupied = space.occupied or Decimal("0.00")
        rows.append(
            {
                "space": space,
                "area": space.area_m2,
                "occupied": occupied,
                "free": space.area_m2 - occupied,
                "occupancies": space.current_occupancies,
            }
        )
    return rows


def key_cultivation_targets_for(user, threshold: Decimal = KEY_TARGET_THRESHOLD) -> list[Evaluation]:
    """Residents whose latest evaluation averages at least ``threshold`` (重点培育对象)."""
    latest: dict[int, Evaluation] = {}
    evaluations = (
        Evaluation.objects.visible_to(user)
        .select_related("residency__organization")
        .order_by("residency_id", "-evaluated_on", "-pk")
    )
    for evaluation in evaluations:
        latest.setdefault(evaluation.residency_id, evaluation)
    targets = [evaluation for evaluation in latest.values() if evaluation.average >= threshold]
    return sorted(targets, key=lambda evaluation: evaluation.average, reverse=True)


def budget_years_for(user) -> list[dict]:
    """Each budget year with the support used (net of reversals) and the balance: two queries."""
    budgets = list(Budget.objects.visible_to(user).order_by("-year"))
    used = dict(
        SupportEntry.objects.visible_to(user)
        .values_list("value_date__year")
        .annotate(total=Sum("amount"))
        .values_list("value_date__year", "total")
    )
    rows = []
    for budget in budgets:
        spent = used.get(budget.year) or Decimal("0.00")
        rows.append(
            {
                "year": budget.year,
                "budget": budget.amount,
                "used": spent,
                "balance": budget.amount - spent,
                "percent": (spent * 100 / budget.amount).quantize(Decimal("0.1")) if budget.amount else Decimal("0"),
            }
        )
    return rows


def _count_by_year(queryset, year_field: str) -> dict[int, int]:
    rows = queryset.order_by().values_list(year_field).annotate(count=Count("pk")).values_list(year_field, "count")
    return {year: count for year, count in rows if year is not None}


def dashboard_for(user) -> dict:
    today = timezone.localdate()
    area = spaces_for(user).filter(opened_on__lte=today).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
    area_figures = area.aggregate(
        total=Sum("area_m2"),
    )
    occupied = Occupancy.objects.filter(space__in=area).on(today).aggregate(total=Sum("area_m2"))["total"]
    years = budget_years_for(user)
    # Counted per year in one query each, so that the page opens on the latest year with
    # trainings or support used (not on an empty current year) without a query more.
    trainings_by_year = _count_by_year(Training.objects.visible_to(user), "held_on__year")
    trainees_by_year = _count_by_year(Attendance.objects.visible_to(user), "training__held_on__year")
    recorded = [y for y in trainings_by_year if y <= today.year]
    recorded += [row["year"] for row in years if row["used"] and row["year"] <= today.year]
    year = max(recorded, default=today.year)
    year_budget = next((row for row in years if row["year"] == year), None)
    trainings = {"this_year": trainings_by_year.get(year, 0), "total": sum(trainings_by_year.values())}
    trainees = {"this_year": trainees_by_year.get(year, 0), "total": sum(trainees_by_year.values())}
    return {
        "today": today,
        "year": year,
        "residents": Residency.objects.visible_to(user).resident_on(today).count(),
        "area_total": area_figures["total"] or Decimal("0"),
        "area_occupied": occupied or Decimal("0"),
        "pending": Application.objects.visible_to(user).pending().count(),
        "trainings_this_year": trainings["this_year"],
        "trainees_this_year": trainees["this_year"],
        "trainings_total": trainings["total"],
        "trainees_total": trainees["total"],
        "budget": year_budget,
        "budget_years": years,
        "division_prefix": user_division_prefix(user),
    }


# --- Indicator figures (one aggregate query per model family) --------------------------------------


def area_rows(target) -> dict[str, dict]:
    """The area figures of a scope or of every division of a grouping
    (wangcang.catalogue.rows), keyed by prefix; the ``*_figures`` below are one scope's."""
    day = target.stock_date
    spaces = Space.objects.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    found = rows(target, spaces, "site__division", total=Sum("area_m2"))
    return {key: {"area_m2": row["total"] or Decimal("0.00")} for key, row in found.items()}


def area_figures(scope) -> dict:
    return area_rows(scope)[scope.prefix]


def residency_rows(target) -> dict[str, dict]:
    day = target.stock_date
    resident = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return rows(
        target,
        Residency.objects.filter(target.organization_q("organization")),
        "organization__division",
        residents=Count("pk", filter=resident),
        graduated=Count("pk", filter=Q(status=Residency.Status.GRADUATED) & target.flow_q("ended_on")),
    )


def residency_figures(scope) -> dict:
    return residency_rows(scope)[scope.prefix]


def application_rows(target) -> dict[str, dict]:
    return rows(
        target,
        Application.objects.filter(target.organization_q("organization")),
        "organization__division",
        applied=Count("pk", filter=Q(submitted_on__isnull=False) & target.flow_q("submitted_on")),
        admitted=Count("pk", filter=Q(status=Application.Status.ADMITTED) & target.flow_q("decided_on")),
    )


def application_figures(scope) -> dict:
    return application_rows(scope)[scope.prefix]


def training_rows(target) -> dict[str, dict]:
    trainings = Training.objects.filter(target.flow_q("held_on"))
    if target.organization_ids is not None:
        # An organization's own figures: the sessions it attended and its own attendances.
        trainings = trainings.filter(attendances__organization__in=target.organization_ids)
    return rows(target, trainings, "division", trainings=Count("pk", distinct=True), trainees=Count("attendances"))


def training_figures(scope) -> dict:
    return training_rows(scope)[scope.prefix]


def visit_rows(target) -> dict[str, dict]:
    visits = ExchangeVisit.objects.filter(target.flow_q("starts_on"))
    if target.organization_ids is not None:
        visits = visits.filter(organizations__in=target.organization_ids)
    return rows(target, visits, "division", visits=Count("pk", distinct=True))


def visit_figures(scope) -> dict:
    return visit_rows(scope)[scope.prefix]


def support_rows(target) -> dict[str, dict]:
    # A reversed entry and its reversal count in no period (docs/decisions.md, "A
    # reversal cancels its entry where the entry was"): no period shows a negative amount.
    entries = SupportEntry.objects.filter(
        target.organization_q("organization"),
        target.flow_q("value_date"),
        reverses__isnull=True,
        reversed_by__isnull=True,
    )
    found = rows(target, entries, "division", total=Sum("amount"))
    return {key: {"amount": row["total"] or Decimal("0.00")} for key, row in found.items()}


def support_figures(scope) -> dict:
    return support_rows(scope)[scope.prefix]


def trainings_by_month(target) -> dict[str, list[tuple]]:
    """(month, sessions, attendances) in month order, by prefix (catalogue.rows_by)."""
    from django.db.models.functions import TruncMonth

    trainings = Training.objects.filter(target.flow_q("held_on"))
    if target.organization_ids is not None:
        # Filtering on attendances before annotating makes the counts below count only the
        # organization's own attendances, and only the sessions it attended.
        trainings = trainings.filter(attendances__organization__in=target.organization_ids)
    found = rows_by(
        target,
        trainings.annotate(month=TruncMonth("held_on")),
        "division",
        ("month",),
        trainings=Count("pk", distinct=True),
        trainees=Count("attendances"),
    )
    return {key: [(row["month"], row["trainings"], row["trainees"]) for row in months] for key, months in found.items()}
