"""Reminders and exports of self-reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangcang.actions import job_start, notification_send
from wangcang.models import BackgroundJob, User
from wangcang.permissions import has_role

from .. import notifications as notification_kinds
from .. import permissions
from ..models import (
    ReportingRound,
    SelfReport,
)
from .rounds import TransitionError, _refuse_if_closed, _require


def _remind(self_reports: Iterable[SelfReport], *, stage: str, title: str, body: str) -> int:
    sent = 0
    for self_report in self_reports:
        recipients = [user for user in self_report.organization.users.all() if user.is_active]
        sent += len(
            notification_send(
                recipients=recipients,
                key=f"self-report:{self_report.pk}:{stage}",
                title=title % {"organization": self_report.organization.name, "round": self_report.round.title},
                body=body % {"due": self_report.round.due_on.isoformat()},
                url=self_report.get_absolute_url(),
                kind=notification_kinds.REMINDER,
            )
        )
    return sent


def _open_reports():
    return (
        SelfReport.objects.open_for_organization()
        .select_related("organization", "round")
        .prefetch_related("organization__users")
    )


@transaction.atomic
def self_reports_remind_due(*, today: date | None = None) -> int:
    """Remind organizations whose report is due in 7 days, due tomorrow, or overdue. Each
    stage is sent once per report and user (the notification key names the stage), so
    running the job twice, or retrying it, sends nothing twice. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = _remind(
        _open_reports().filter(round__due_on=today + timedelta(days=7)),
        stage="due-7",
        title=_("%(organization)s: the self-report for %(round)s is due in 7 days"),
        body=_("Please fill in and submit it by %(due)s."),
    )
    sent += _remind(
        _open_reports().filter(round__due_on=today + timedelta(days=1)),
        stage="due-1",
        title=_("%(organization)s: the self-report for %(round)s is due tomorrow"),
        body=_("Please fill in and submit it by %(due)s."),
    )
    sent += _remind(
        _open_reports().filter(round__due_on__lt=today),
        stage="overdue",
        title=_("%(organization)s: the self-report for %(round)s is overdue"),
        body=_("It was due on %(due)s; please submit it as soon as possible."),
    )
    return sent


@transaction.atomic
def round_remind(*, user: User, reporting_round: ReportingRound, today: date | None = None) -> int:
    """Staff remind, at once, every organization of the round that has not yet submitted
    (once a day at most)."""
    _require(permissions.can_remind(user), _("Only county union staff may send reminders."))
    today = today or timezone.localdate()
    return _remind(
        _open_reports().filter(round=reporting_round),
        stage=f"reminder-{today.isoformat()}",
        title=_("%(organization)s: please submit the self-report for %(round)s"),
        body=_("The county union reminds you that the report is due on %(due)s."),
    )


@transaction.atomic
def self_report_remind(*, user: User, self_report: SelfReport, today: date | None = None) -> int:
    """Staff remind one organization to fill in and submit its report (once a day at most,
    sharing the day's key with the round's reminder). Returns how many users were notified."""
    _require(permissions.can_remind(user), _("Only county union staff may send reminders."))
    today = today or timezone.localdate()
    self_report = _open_reports().filter(pk=self_report.pk).first() or self_report
    _refuse_if_closed(self_report)
    if not self_report.is_editable:
        raise TransitionError(
            _("The report is %(status)s: there is nothing to remind the organization of.")
            % {"status": self_report.get_status_display()}
        )
    if not any(account.is_active for account in self_report.organization.users.all()):
        raise ValidationError(_("The organization has no user account to remind."))
    sent = _remind(
        [self_report],
        stage=f"reminder-{today.isoformat()}",
        title=_("%(organization)s: please submit the self-report for %(round)s"),
        body=_("The county union reminds you that the report is due on %(due)s."),
    )
    if not sent:
        raise ValidationError(_("The organization was already reminded today."))
    return sent


@transaction.atomic
def self_reports_export_start(*, user: User) -> BackgroundJob:
    """Export every accepted report the user may see, of every round, as a background job."""
    _require(has_role(user, "staff", "official"), _("Only county union staff and officials may export."))
    return job_start(kind="selfreports.accepted_export", params={}, user=user)
