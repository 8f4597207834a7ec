"""Writes on residencies: start, graduation, exit, evaluations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wangcang.models import User
from wangcang.permissions import require_staff

from ..models import (
    Application,
    Evaluation,
    Residency,
    Space,
)
from .base import S, _real_date
from .sites import occupancy_add


@transaction.atomic
def residency_start(
    *,
    user: User,
    application: Application,
    started_on: date,
    space: Space | None = None,
    area_m2: Decimal | None = None,
    agreed_grants: str = "",
    **waivers: Decimal,
) -> Residency:
    require_staff(user)
    if application.status != S.ADMITTED:
        raise ValidationError(_("Only an admitted application gets a residency."))
    if Residency.objects.filter(application=application).exists():
        raise ValidationError(_("This application already has a residency."))
    unknown = set(waivers) - set(WAIVER_FIELDS)
    if unknown:
        raise TypeError(f"unknown waivers {unknown}")
    started_on = _real_date(started_on, "started_on")
    if application.decided_on and started_on < application.decided_on:
        raise ValidationError(
            {
                "started_on": _("A residency cannot start (%(start)s) before its admission (%(admitted)s).")
                % {"start": started_on.isoformat(), "admitted": application.decided_on.isoformat()}
            }
        )
    residency = Residency(
        application=application,
        organization=application.organization,
        started_on=started_on,
        agreed_grants=agreed_grants,
        **waivers,
    )
    residency.full_clean()
    residency.save()
    if space is not None:
        occupancy_add(
            user=user, residency=residency, space=space, area_m2=area_m2 or space.area_m2, starts_on=started_on
        )
    return residency


def _end_residency(residency: Residency, on: date) -> None:
    if residency.status != Residency.Status.ACTIVE:
        raise ValidationError(_("The residency has already ended."))
    if on < residency.started_on:
        raise ValidationError({"ended_on": _("The end date is before the start of the residency.")})
    _real_date(on, "ended_on")
    residency.ended_on = on
    for occupancy in residency.occupancies.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on)):
        occupancy.ends_on = max(on, occupancy.starts_on)
        occupancy.save()


@transaction.atomic
def residency_graduate(*, user: User, residency: Residency, on: date, summary: str) -> Residency:
    """孵化成功: the organization leaves the base grown up; its history stays."""
    require_staff(user)
    if not summary.strip():
        raise ValidationError({"graduation_summary": _("Say what the organization became.")})
    _end_residency(residency, on)
    residency.status = Residency.Status.GRADUATED
    residency.graduation_summary = summary
    residency.full_clean()
    residency.save()
    return residency


@transaction.atomic
def residency_exit(*, user: User, residency: Residency, on: date, reason: str) -> Residency:
    require_staff(user)
    if not reason.strip():
        raise ValidationError({"exit_reason": _("Give the reason for leaving.")})
    _end_residency(residency, on)
    residency.status = Residency.Status.EXITED
    residency.exit_reason = reason
    residency.full_clean()
    residency.save()
    return residency


@transaction.atomic
def evaluation_record(*, user: User, residency: Residency, **fields) -> Evaluation:
    require_staff(user)
    evaluation = Evaluation(residency=residency, **fields)
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# Used inside methods only; imported last, as those parts import this one.
from .support import WAIVER_FIELDS  # noqa: E402
