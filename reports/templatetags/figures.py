"""Figures as tables show them: exact, with thousands separators (``2,064,000.00`` yuan,
``1,390`` persons, ``100.0`` %)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value) -> str:
    """A catalogue value with thousands separators, keeping its decimal places."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | int | float):
        return f"{value:,}"
    return str(value)


@register.filter
def change_text(value) -> str:
    """A year-over-year change in per cent: ``+12.5%``, ``-3.0%``, ``0.0%``."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{value}%"
