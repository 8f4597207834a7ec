"""Writes of mentoring and training: mentors, trainings, sign-ins, visits, teams, sessions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from orgs.models import Organization
from wangcang.freshness import mark_changed
from wangcang.models import User
from wangcang.permissions import require_staff

from ..models import (
    Attendance,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Residency,
    TeamMember,
    Training,
)
from .base import _record_create


@transaction.atomic
def mentor_create(*, user: User, **fields) -> Mentor:
    return _record_create(Mentor(**fields), user=user)


@transaction.atomic
def training_create(*, user: User, **fields) -> Training:
    return _record_create(Training(**fields), user=user)


@transaction.atomic
def exchange_visit_create(*, user: User, organizations, **fields) -> ExchangeVisit:
    visible = Organization.objects.visible_to(user)
    if any(not visible.filter(pk=org.pk).exists() for org in organizations):
        raise ValidationError({"organizations": _("Choose organizations of your own division.")})
    return _record_create(ExchangeVisit(**fields), user=user, m2m={"organizations": organizations})


@transaction.atomic
def team_member_set(*, user: User, residency: Residency, role, mentor) -> TeamMember:
    require_staff(user)
    member, _created = TeamMember.objects.update_or_create(residency=residency, role=role, defaults={"mentor": mentor})
    return member


@transaction.atomic
def mentoring_session_record(*, user: User, residency: Residency, **fields) -> MentoringSession:
    require_staff(user)
    session = MentoringSession(residency=residency, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_sign_in(
    *, user: User, training: Training, person_name: str, organization: Organization | None = None, phone: str = ""
) -> Attendance:
    require_staff(user)
    if training.held_on > timezone.localdate():
        raise ValidationError(Attendance.not_held_message(training))
    attendance = Attendance(training=training, organization=organization, person_name=person_name.strip(), phone=phone)
    try:
        attendance.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:
            raise ValidationError(_("%(name)s has already signed in.") % {"name": person_name}) from exc
        raise
    attendance.save()
    return attendance


@transaction.atomic
def attendance_import(*, user: User, training: Training, rows: list[dict]) -> int:
    """All or nothing: one bad row and nothing is saved; the errors name the rows."""
    require_staff(user)
    from ..sign_in import check_rows

    attendances, errors = check_rows(training, rows)
    if errors:
        raise ValidationError(errors)
    # With history rows: a bulk insert alone would leave no trace of who imported the sheet.
    bulk_create_with_history(attendances, Attendance, default_user=user)
    # a bulk insert sends no signals: the figures of the training's division are no longer current.
    mark_changed([training.division_id])
    return len(attendances)
