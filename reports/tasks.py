"""Celery tasks of the reports app: thin, idempotent."""

from __future__ import annotations

from celery import shared_task

from wangcang.periods import ALL, current_periods


@shared_task(acks_late=True)
def compute_snapshots() -> int:
    """Nightly: the catalogue for every division, for the current year, quarter and
    month and for all time. Rows are rewritten in place, so a rerun changes nothing."""
    from wangcang.dbrouter import replica_reads

    from . import actions, queries

    with replica_reads():
        return actions.snapshots_compute(
            divisions=list(queries.snapshot_divisions()), periods=[*current_periods(), ALL]
        )
