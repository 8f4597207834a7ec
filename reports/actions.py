"""Writes of the reports app: statistics snapshots, and the background jobs that refresh
them and render the county report as PDF."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wangcang import catalogue, freshness
from wangcang.actions import job_start
from wangcang.catalogue import Scope
from wangcang.models import BackgroundJob, Division, User
from wangcang.periods import Period

from .models import ChartSnapshot, ReportFile, Snapshot
from .permissions import can_download_reports, can_refresh_snapshots
from .queries import period_params

SNAPSHOT_JOB = "reports.snapshots"
PDF_JOB = "reports.pdf"


@transaction.atomic
def snapshot_store(
    *,
    division: Division,
    period: Period,
    values: dict[str, int | Decimal],
    generation: int | None = None,
    stock_date: date | None = None,
) -> int:
    """Write one division's values for one period: one row per code, upserted.

    ``generation`` is the subtree's figures generation read *before* the values were
    computed, ``stock_date`` the day their stocks were taken at; without them the rows are
    never read (reports/freshness.py). Running it twice with the same values leaves the same
    rows (same ids, same values), and two runs at the same moment both succeed: the insert
    updates the row the other one wrote (``INSERT … ON CONFLICT DO UPDATE``) instead of
    failing on the unique constraint. Codes no longer in the catalogue are removed."""
    return _snapshots_write(
        division=division, period=period, values=values, generation=generation, stock_date=stock_date
    )


def _snapshots_write(
    *, division: Division, period: Period, values: dict[str, int | Decimal], generation: int | None, stock_date
) -> int:
    now = timezone.now()
    rows = [
        Snapshot(
            division=division,
            period_key=period.key,
            code=code,
            value=Decimal(value).quantize(Decimal("0.01")),
            computed_at=now,
            generation=generation,
            stock_date=stock_date,
        )
        for code, value in values.items()
    ]
    Snapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["division", "period_key", "code"],
        update_fields=["value", "computed_at", "generation", "stock_date"],
    )
    Snapshot.objects.filter(division=division, period_key=period.key).exclude(code__in=list(values)).delete()
    return len(values)


@transaction.atomic
def chart_snapshot_store(
    *, division: Division, period: Period, language: str, charts: list[dict], generation: int, stock_date: date
) -> int:
    """Write one division's charts for one period and language, in place (as
    :func:`snapshot_store`: one upsert for them all); charts no longer registered are
    removed."""
    _charts_write(
        division=division, period=period, charts={language: charts}, generation=generation, stock_date=stock_date
    )
    return len(charts)


def _charts_write(
    *, division: Division, period: Period, charts: dict[str, list[dict]], generation: int, stock_date: date
) -> None:
    """The charts of one division and period in each language of ``charts``: one upsert
    for them all, and one delete of the charts no longer registered."""
    now = timezone.now()
    rows = [
        ChartSnapshot(
            division=division,
            period_key=period.key,
            language=language,
            code=data["code"],
            data=data,
            computed_at=now,
            generation=generation,
            stock_date=stock_date,
        )
        for language, texts in charts.items()
        for data in texts
    ]
    ChartSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["division", "period_key", "language", "code"],
        update_fields=["data", "computed_at", "generation", "stock_date"],
    )
    stale = Q()
    for language, texts in charts.items():
        stale |= Q(language=language) & ~Q(code__in=[data["code"] for data in texts])
    ChartSnapshot.objects.filter(stale, division=division, period_key=period.key).delete()


def snapshots_compute(*, divisions: Iterable[Division], periods: Iterable[Period], progress=None) -> int:
    """Compute and store the catalogue and the charts (in every language) for every
    division and period; returns the number of (division, period) pairs written.

    The catalogue and the charts of a period are computed for all the divisions at once
    (:func:`wangcang.catalogue.compute_grouped` and
    :func:`~wangcang.catalogue.compute_charts_grouped`: each family and each chart once a
    level, not once a division); the charts are written out in every language from that
    one computation. Each pair is written in one transaction of its own (its figures, and
    its charts in every language in one upsert), so a long run does not hold one lock for
    its whole length."""
    from . import queries

    divisions = list(divisions)
    periods = list(periods)
    if progress is not None:
        progress.start(len(divisions) * len(periods), _("Computing the figures"))
    done = 0
    for period in periods:
        # Read before computing: a write committed meanwhile makes the stamps old, never
        # the values.
        generations = freshness.subtree_generations(divisions)
        stock_date = period.stock_date
        computed = catalogue.compute_grouped(divisions, period)
        charted = catalogue.compute_charts_grouped(divisions, period)
        for division in divisions:
            generation = generations[division.code]
            # Computed once, written out in every language.
            charts = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    charts[language] = queries.chart_texts(charted[division.code])
            with transaction.atomic():
                _snapshots_write(
                    division=division,
                    period=period,
                    values=computed[division.code],
                    generation=generation,
                    stock_date=stock_date,
                )
                _charts_write(
                    division=division, period=period, charts=charts, generation=generation, stock_date=stock_date
                )
            done += 1
            if progress is not None:
                progress.advance(done)
    return done


@transaction.atomic
def snapshot_refresh_start(*, user: User, division: Division, periods: list[Period]) -> BackgroundJob:
    """Staff ask for the figures of a division (and everything below it) to be computed now."""
    if not can_refresh_snapshots(user, division):
        raise PermissionDenied(_("Only county union staff of this division may refresh the figures."))
    return job_start(
        kind=SNAPSHOT_JOB,
        params={"division": division.code, "periods": [period_params(period) for period in periods]},
        user=user,
    )


@transaction.atomic
def report_pdf_start(*, user: User, scope: Scope) -> BackgroundJob:
    """Queue the rendering of the county report as PDF for ``scope``."""
    if not can_download_reports(user, scope.division):
        raise PermissionDenied(_("You may not download reports of this division."))
    return job_start(
        kind=PDF_JOB,
        params={"division": scope.division.code, **period_params(scope.period)},
        user=user,
    )


@transaction.atomic
def report_file_create(*, user: User | None, scope: Scope, content: bytes) -> ReportFile:
    """Keep a rendered report so that it can be listed and downloaded again."""
    report = ReportFile(
        division=scope.division,
        period_key=scope.period.key,
        period_label=str(scope.period.label)[:60],
        size=len(content),
        created_by=user,
    )
    report.file.save(f"{scope.division.code}-{scope.period.key}.pdf", ContentFile(content), save=False)
    report.full_clean()
    report.save()
    return report


def report_files_prune(*, before) -> int:
    """Delete rendered reports created before ``before``, except the newest file of each
    report (division and period), which stays downloadable however old."""
    from django.db.models import OuterRef, Subquery

    newest = ReportFile.objects.filter(division=OuterRef("division"), period_key=OuterRef("period_key")).order_by(
        "-created_at", "-id"
    )
    old = ReportFile.objects.filter(created_at__lt=before).exclude(pk=Subquery(newest.values("pk")[:1]))
    pruned = 0
    for report in old:
        report.file.delete(save=False)
        report.delete()
        pruned += 1
    return pruned
