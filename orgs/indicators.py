"""Indicator families (see reports.catalogue); the other parts declare theirs in their own modules."""

from .cohesion import indicators as cohesion_indicators  # noqa: F401
from .selfreports import indicators as selfreports_indicators  # noqa: F401
