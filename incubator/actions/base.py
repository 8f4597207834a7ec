"""Shared rules of the incubation base's writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wangcang.actions import acting_division_code, notification_send
from wangcang.models import User
from wangcang.permissions import require_staff
from wangcang.validators import date_errors

from .. import notifications as notification_kinds
from ..models import (
    Application,
)

S = Application.Status


TWO_PLACES = Decimal("0.01")


def _real_date(day: date | None, field: str) -> date:
    """An event's real date, entered by staff for a past event: today when not given,
    never in the future."""
    if day is None:
        return timezone.localdate()
    # The shared date rules (wangcang/validators.py), with their wording.
    if errors := date_errors(day, past=True):
        raise ValidationError({field: errors})
    return day


def _transition(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise ValidationError(
            _("An application that is “%(status)s” cannot be %(action)s.")
            % {"status": application.get_status_display(), "action": action}
        )


def _record_create(record, *, user: User, m2m: dict | None = None):
    """Save a plain record a staff member created: in their division (an account without one
    is refused, never given a county), checked, with the acting user in its history."""
    require_staff(user)
    if hasattr(record, "division_id") and not record.division_id:
        record.division_id = acting_division_code(user)
    record._history_user = user
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    return record


def _notify_organization(application: Application) -> None:
    notification_send(
        recipients=application.organization.users.filter(is_active=True),
        key=f"incubator-application-{application.pk}-{application.status}-{application.history.count()}",
        title=_("Your application to the incubation base: %(status)s") % {"status": application.get_status_display()},
        body=application.decision_reason,
        url=application.get_absolute_url(),
        kind=notification_kinds.APPLICATION_DECIDED,
    )
