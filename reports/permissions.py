"""Who may do what with figures and reports."""

from __future__ import annotations

from wangcang.models import Division, division_prefix
from wangcang.permissions import has_role


def _in_division(user, division: Division) -> bool:
    if user.is_superuser:
        return True
    return bool(user.division_id) and division.code.startswith(division_prefix(user.division_id))


def can_view_reports(user, division: Division) -> bool:
    """Staff and officials: the county report of their division and below."""
    return has_role(user, "staff", "official") and _in_division(user, division)


def can_download_reports(user, division: Division) -> bool:
    return can_view_reports(user, division)


def can_refresh_snapshots(user, division: Division) -> bool:
    """Only staff recompute the figures; officials read them."""
    return has_role(user, "staff") and _in_division(user, division)
