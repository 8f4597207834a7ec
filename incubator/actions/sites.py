"""Writes on sites, spaces and occupancy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wangcang.actions import acting_division_code
from wangcang.models import User
from wangcang.permissions import require_staff

from ..models import (
    Occupancy,
    Residency,
    Site,
    Space,
)
from .base import _record_create


@transaction.atomic
def site_create(*, user: User, name: str, address: str = "") -> Site:
    """A new site of the base, in the acting staff member's division (an account without
    one is refused)."""
    require_staff(user)
    site = Site(division_id=acting_division_code(user), name=name, address=address)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def site_update(*, user: User, site: Site, name: str, address: str = "") -> Site:
    require_staff(user)
    site.name = name
    site.address = address
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def space_create(*, user: User, site: Site, **fields) -> Space:
    if not Site.objects.visible_to(user).filter(pk=site.pk).exists():
        raise ValidationError({"site": _("Choose a site of your own division.")})
    return _record_create(Space(site=site, **fields), user=user)


def space_peak_use(space: Space, starts_on: date, ends_on: date | None, exclude_pk: int | None = None) -> Decimal:
    """The most m² of ``space`` in use on any day of [starts_on, ends_on] by other occupancies.

    The sum of overlapping periods changes only where one begins, so its maximum over the
    window is reached on the window's first day or on a day another period begins."""
    overlapping = Occupancy.objects.filter(space=space).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    periods = list(overlapping.values_list("starts_on", "ends_on", "area_m2"))
    peak = Decimal(0)
    for day in {starts_on, *(start for start, _end, _area in periods if start > starts_on)}:
        used = sum((area for start, end, area in periods if start <= day and (end is None or end >= day)), Decimal(0))
        peak = max(peak, used)
    return peak


@transaction.atomic
def occupancy_add(
    *, user: User, residency: Residency, space: Space, area_m2: Decimal, starts_on: date, ends_on: date | None = None
) -> Occupancy:
    """Give a residency ``area_m2`` of a space; the space's area is never exceeded on any day."""
    require_staff(user)
    # Lock the space so that two concurrent assignments cannot both fit into the same m².
    space = Space.objects.select_for_update().get(pk=space.pk)
    occupancy = Occupancy(residency=residency, space=space, area_m2=area_m2, starts_on=starts_on, ends_on=ends_on)
    occupancy.full_clean()
    if starts_on < residency.started_on:
        raise ValidationError({"starts_on": _("The occupancy starts before the residency.")})
    used = space_peak_use(space, starts_on, ends_on)
    if used + Decimal(area_m2) > space.area_m2:
        raise ValidationError(
            {
                "area_m2": _(
                    "%(space)s has %(area)s m²; %(used)s m² are already in use in that period, so at most "
                    "%(free)s m² can be given."
                )
                % {"space": space, "area": space.area_m2, "used": used, "free": max(space.area_m2 - used, Decimal(0))}
            }
        )
    occupancy.save()
    return occupancy
