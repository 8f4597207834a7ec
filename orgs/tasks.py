"""Celery tasks; the other parts' tasks are imported so that the worker finds them."""

from .cohesion import tasks as cohesion_tasks  # noqa: F401
from .selfreports import tasks as selfreports_tasks  # noqa: F401
