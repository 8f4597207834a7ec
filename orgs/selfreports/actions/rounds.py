"""Writes on reporting rounds and their questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from orgs.models import Organization
from wangcang.actions import notification_send
from wangcang.freshness import mark_changed, mark_instances_changed
from wangcang.models import Division, User
from wangcang.periods import PeriodError, parse_period
from wangcang.permissions import has_role

from .. import notifications as notification_kinds
from .. import permissions
from ..models import (
    ReportingRound,
    RoundQuestion,
    SelfReport,
    SelfReportProblem,
)


class TransitionError(ValidationError):
    """A state change the report's current state does not allow."""


def _field_label(name: str) -> str:
    return str(SelfReport._meta.get_field(name).verbose_name)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def round_open(
    *,
    user: User,
    division: Division | None,
    title: str,
    period: str,
    due_on: date,
    towns: Sequence[int] = (),
    industries: Sequence[str] = (),
    kinds: Sequence[str] = (),
    applies_to: str = "",
) -> ReportingRound:
    """Open a round and create one empty draft per organization it applies to: the active
    social organizations of the division, narrowed by town, industry or kind if given."""
    _require(permissions.can_open_round(user), _("Only county union staff may open a reporting round."))
    if division is None:
        raise ValidationError(_("Your account has no division; ask an administrator to set it."))
    try:
        parsed = parse_period(period)
    except PeriodError as exc:
        raise ValidationError({"period_key": str(exc)}) from exc
    if parsed.kind not in ("year", "quarter"):
        raise ValidationError({"period_key": _("A reporting round covers a year (2022) or a quarter (2022-Q3).")})
    if due_on < parsed.start:
        raise ValidationError({"due_on": _("The due date cannot be before the period starts.")})
    reporting_round = ReportingRound(
        title=title,
        division=division,
        period_key=parsed.key,
        period_start=parsed.start,
        period_end=parsed.end,
        due_on=due_on,
        opened_by=user,
        applies_to=applies_to,
    )
    reporting_round.full_clean()
    reporting_round.save()
    organizations = Organization.objects.active().social().in_division(division.code)
    if towns:
        organizations = organizations.filter(town__in=towns)
    if industries:
        organizations = organizations.filter(industry__in=industries)
    if kinds:
        organizations = organizations.filter(kind__in=kinds)
    organization_ids = list(organizations.values_list("pk", flat=True))
    if not organization_ids:
        raise ValidationError(_("No active social organization matches; the round would be empty."))
    bulk_create_with_history(
        [SelfReport(round=reporting_round, organization_id=pk) for pk in organization_ids],
        SelfReport,
        batch_size=500,
        default_user=user,
    )
    # bulk_create sends no signals: the round's figures (self-reports due) changed.
    mark_changed([reporting_round.division_id])
    notification_send(
        recipients=User.objects.filter(is_active=True, organizations__in=organization_ids).distinct(),
        key=f"round:{reporting_round.pk}:opened",
        title=_("A self-report round was opened: %(round)s") % {"round": reporting_round.title},
        body=_("Please fill in and submit your self-report for %(period)s by %(due)s.")
        % {"period": reporting_round.period_key, "due": reporting_round.due_on.isoformat()},
        url=reverse("orgs:self-report-list"),
        kind=notification_kinds.ROUND_OPENED,
    )
    return reporting_round


def _set_problems(self_report: SelfReport, problems: Iterable[str]) -> None:
    texts = [text.strip() for text in problems if text and text.strip()]
    current = [problem.text for problem in self_report.problems.all()]
    if current == texts:
        return
    # Problems already carried to a tracked issue stay; the others are replaced.
    kept = set(self_report.problems.filter(tracked_issue__isnull=False).values_list("text", flat=True))
    self_report.problems.filter(tracked_issue__isnull=True).delete()
    SelfReportProblem.objects.bulk_create(
        [SelfReportProblem(self_report=self_report, text=text) for text in texts if text not in kept]
    )
    mark_instances_changed([self_report])


def _refuse_if_closed(self_report: SelfReport) -> None:
    closed_on = ReportingRound.objects.filter(pk=self_report.round_id).values_list("closed_on", flat=True).get()
    if closed_on is not None:
        raise TransitionError(
            _("The round was closed on %(date)s: its reports can no longer be filled in or submitted.")
            % {"date": closed_on.isoformat()}
        )


@transaction.atomic
def round_close(*, user: User, reporting_round: ReportingRound, closed_on: date | None = None) -> ReportingRound:
    """Close a round: what was not submitted by then stays unsubmitted, nobody is reminded
    any more, and no report of it counts as overdue. Closing twice keeps the first date."""
    _require(permissions.can_remind(user), _("Only county union staff may close a round."))
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if reporting_round.closed_on is not None:
        return reporting_round
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate() or closed_on < reporting_round.period_start:
        raise ValidationError({"closed_on": _("A round closes between the start of its period and today.")})
    reporting_round.closed_on = closed_on
    reporting_round._change_reason = "round closed"
    reporting_round.save()
    mark_instances_changed([reporting_round])
    return reporting_round


def _require_shapeable(user: User, reporting_round: ReportingRound) -> None:
    _require(has_role(user, "staff"), _("Only county union staff may change a round's questions."))
    if reporting_round.questions_locked:
        raise ValidationError(
            _("Organizations have already answered or submitted in this round: its questions can no longer be changed.")
        )


@transaction.atomic
def round_question_save(*, user: User, question: RoundQuestion) -> RoundQuestion:
    """Add a question to a round or change one, while nobody has answered in the round."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=question.round_id)
    _require_shapeable(user, reporting_round)
    if question.pk is None and not question.position:
        question.position = reporting_round.questions.count() + 1
    if question.kind != RoundQuestion.Kind.NUMBER:
        question.show_as_figure = False
    question.full_clean()
    question.save()
    mark_changed([reporting_round.division_id])
    return question


@transaction.atomic
def round_question_delete(*, user: User, question: RoundQuestion) -> None:
    reporting_round = ReportingRound.objects.select_for_update().get(pk=question.round_id)
    _require_shapeable(user, reporting_round)
    question.delete()
    mark_changed([reporting_round.division_id])
