"""Celery tasks; the other parts' tasks are imported so that the worker finds them."""

from .funds import tasks as funds_tasks  # noqa: F401
