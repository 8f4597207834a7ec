"""Celery tasks; the other parts' tasks are imported so that the worker finds them."""

from celery import shared_task

from .funds import tasks as funds_tasks  # noqa: F401


@shared_task(acks_late=True)
def contracts_check_progress_task() -> dict:
    """Nightly: flag targets behind schedule and notify staff once per stage."""
    from dataclasses import asdict

    from .actions import contracts_check_progress

    return asdict(contracts_check_progress())
