"""Indicator families (see reports.catalogue); the other parts declare theirs in their own modules."""

from .funds import indicators as funds_indicators  # noqa: F401
