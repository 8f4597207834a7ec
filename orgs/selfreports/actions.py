"""Writes of self-reporting: opening rounds, filling in, submitting, returning, accepting,
attachments, problems carried to tracked issues, and reminders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from orgs.cohesion.actions import notify_issue_owner
from orgs.models import Organization, TrackedIssue
from wangcang.actions import job_start, notification_send
from wangcang.freshness import mark_changed, mark_instances_changed
from wangcang.models import BackgroundJob, Division, User
from wangcang.periods import PeriodError, parse_period
from wangcang.permissions import has_role

from . import notifications as notification_kinds
from . import permissions
from .models import (
    ReportingRound,
    RoundQuestion,
    SelfReport,
    SelfReportAnswer,
    SelfReportAttachment,
    SelfReportProblem,
    SelfReportVersion,
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


@transaction.atomic
def self_report_save_draft(
    *,
    user: User,
    self_report: SelfReport,
    figures: dict,
    problems: Iterable[str] | None = None,
    answers: dict | None = None,
) -> SelfReport:
    """Save what the organization has filled in so far; empty figures and answers are
    allowed, but an answer given must keep to its question's limits. ``answers`` maps a
    question (or its id) to the value; a file question's value is an upload (None keeps
    the stored file)."""
    self_report = SelfReport.objects.select_for_update().get(pk=self_report.pk)
    _refuse_if_closed(self_report)
    if not self_report.is_editable:
        raise TransitionError(
            _("The report is %(status)s and waits for the county union; it can be changed only when returned.")
            % {"status": self_report.get_status_display()}
        )
    _require(
        permissions.can_edit_self_report(user, self_report),
        _("Only a user of the organization may fill in its self-report."),
    )
    for name in SelfReport.FIGURE_FIELDS:
        if name in figures:
            setattr(self_report, name, figures[name])
    self_report.saved_at = timezone.now()
    self_report.full_clean()
    self_report._change_reason = "draft saved"
    self_report.save()
    if problems is not None:
        _set_problems(self_report, problems)
    if answers:
        _set_answers(user, self_report, answers)
    return self_report


def _set_answers(user: User, self_report: SelfReport, answers: dict) -> None:
    questions = {question.pk: question for question in self_report.round.questions.all()}
    stored = {answer.question_id: answer for answer in self_report.answers.all()}
    errors: dict[str, list[str]] = {}
    changed = []
    for key, value in answers.items():
        question = questions.get(key.pk if isinstance(key, RoundQuestion) else int(key))
        if question is None:
            raise ValidationError(_("This question does not belong to the report's round."))
        answer = stored.get(question.pk) or SelfReportAnswer(self_report=self_report, question=question)
        try:
            _fill_answer(answer, question, value)
        except ValidationError as error:
            errors[question.field_name] = error.messages
            continue
        changed.append(answer)
    if errors:
        raise ValidationError(errors)
    for answer in changed:
        answer._change_reason = "draft saved"
        answer.save()


def _fill_answer(answer: SelfReportAnswer, question: RoundQuestion, value) -> None:
    """Put ``value`` into the answer, checked against the question's limits (in Chinese
    through the messages' translations)."""
    Kind = RoundQuestion.Kind
    empty = value is None or (isinstance(value, str) and not value.strip())
    if question.kind == Kind.FILE:
        if value is None:
            return  # nothing uploaded: the stored file stays
        from wangcang.uploads import validate_upload

        max_bytes = question.max_file_mb * 1048576 if question.max_file_mb else None
        validate_upload(value, question.allowed_files(), max_bytes=max_bytes)
        if answer.file:
            # The replaced file goes once the new one is committed (a rollback keeps it).
            storage, old_name = answer.file.storage, answer.file.name
            transaction.on_commit(lambda: storage.delete(old_name))
        answer.file = value
        answer.original_name = value.name[:200]
        return
    if question.kind == Kind.NUMBER:
        if empty:
            answer.number = None
            return
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValidationError(_("Enter a number.")) from exc
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if question.whole_number and number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number."))
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("At most two decimal places."))
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(_("At least %(limit)s.") % {"limit": format(question.min_value.normalize(), "f")})
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(_("At most %(limit)s.") % {"limit": format(question.max_value.normalize(), "f")})
        answer.number = number.quantize(Decimal("0.01"))
        return
    if question.kind == Kind.DATE:
        if empty:
            answer.date = None
            return
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError as exc:
                raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from exc
        answer.date = value
        return
    text = "" if empty else str(value).strip()
    if question.kind == Kind.CHOICE and text and text not in question.choice_list():
        raise ValidationError(
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": text, "choices": "、".join(question.choice_list())}
        )
    if question.max_length is not None and len(text) > question.max_length:
        raise ValidationError(
            _("At most %(limit)d characters (this one has %(count)d).")
            % {"limit": question.max_length, "count": len(text)}
        )
    answer.text = text


def missing_answers(self_report: SelfReport) -> list[RoundQuestion]:
    """The required questions of the round still without an answer."""
    answered = {answer.question_id for answer in self_report.answers.select_related("question") if not answer.is_empty}
    return [
        question for question in self_report.round.questions.all() if question.required and question.pk not in answered
    ]


def answers_snapshot(self_report: SelfReport) -> dict[str, dict]:
    """The answers as a version keeps them: question id → label and answer as text."""
    return {
        str(answer.question_id): {"label": answer.question.label, "value": answer.shown()}
        for answer in self_report.answers.select_related("question")
        if not answer.is_empty
    }


def _require_shapeable(user: User, reporting_round: ReportingRound) -> None:
    _require(has_staff_role(user), _("Only county union staff may change a round's questions."))
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


@transaction.atomic
def self_report_submit(*, user: User, self_report: SelfReport) -> SelfReport:
    """Check that everything is filled in, keep a version, and hand it to the county union."""
    self_report = SelfReport.objects.select_for_update().get(pk=self_report.pk)
    _refuse_if_closed(self_report)
    if not self_report.is_editable:
        raise TransitionError(
            _("Only a draft or a returned report can be submitted; this one is %(status)s.")
            % {"status": self_report.get_status_display()}
        )
    _require(
        permissions.can_submit_self_report(user, self_report),
        _("Only a user of the organization may submit its self-report."),
    )
    missing = self_report.missing_fields()
    unanswered = missing_answers(self_report)
    if missing or unanswered:
        errors = {name: _("Fill in %(field)s before submitting.") % {"field": _field_label(name)} for name in missing}
        for question in unanswered:
            errors[question.field_name] = _("Answer “%(question)s” before submitting.") % {"question": question.label}
        raise ValidationError(errors)
    self_report.full_clean()
    now = timezone.now()
    resubmission = self_report.status == SelfReport.Status.RETURNED
    self_report.status = SelfReport.Status.RESUBMITTED if resubmission else SelfReport.Status.SUBMITTED
    self_report.submitted_at = now
    self_report.save()
    number = self_report.versions.count() + 1
    SelfReportVersion.objects.create(
        self_report=self_report,
        number=number,
        figures=self_report.figures(),
        problems=[problem.text for problem in self_report.problems.all()],
        answers=answers_snapshot(self_report),
        submitted_by=user,
        submitted_at=now,
    )
    return self_report


@transaction.atomic
def self_report_return(
    *, user: User, self_report: SelfReport, comment: str, field_comments: dict[str, str] | None = None
) -> SelfReport:
    """Send a submitted report back to the organization with what to fix."""
    self_report = SelfReport.objects.select_for_update().get(pk=self_report.pk)
    _require(has_staff_role(user), _("Only county union staff may return a self-report."))
    _refuse_if_closed(self_report)  # it could never come back
    if not self_report.is_waiting:
        raise TransitionError(
            _("Only a submitted report can be returned; this one is %(status)s.")
            % {"status": self_report.get_status_display()}
        )
    commented = {*SelfReport.FIGURE_FIELDS, *(question.field_name for question in self_report.round.questions.all())}
    field_comments = {
        name: text.strip()
        for name, text in (field_comments or {}).items()
        if name in commented and text and text.strip()
    }
    if not comment.strip() and not field_comments:
        raise ValidationError({"staff_comment": _("Say what the organization should fix.")})
    self_report.status = SelfReport.Status.RETURNED
    self_report.staff_comment = comment.strip()
    self_report.field_comments = field_comments
    self_report.returned_at = timezone.now()
    self_report.full_clean()
    self_report.save()
    recipients = self_report.organization.users.filter(is_active=True)
    notification_send(
        recipients=recipients,
        key=f"self-report:{self_report.pk}:returned-{self_report.versions.count()}",
        title=_("Your self-report for %(round)s was returned") % {"round": self_report.round},
        body=comment.strip(),
        url=self_report.get_absolute_url(),
        kind=notification_kinds.RETURNED,
    )
    return self_report


@transaction.atomic
def self_report_accept(*, user: User, self_report: SelfReport) -> SelfReport:
    """Accept the figures: they become the organization's reported figures for the period."""
    self_report = SelfReport.objects.select_for_update().get(pk=self_report.pk)
    _require(has_staff_role(user), _("Only county union staff may accept a self-report."))
    if not self_report.is_waiting:
        raise TransitionError(
            _("Only a submitted report can be accepted; this one is %(status)s.")
            % {"status": self_report.get_status_display()}
        )
    self_report.status = SelfReport.Status.ACCEPTED
    self_report.accepted_at = timezone.now()
    self_report.accepted_by = user
    # The return comments were answered by the resubmission; the history keeps them.
    self_report.staff_comment = ""
    self_report.field_comments = {}
    self_report.full_clean()
    self_report.save()
    notification_send(
        recipients=self_report.organization.users.filter(is_active=True),
        key=f"self-report:{self_report.pk}:accepted",
        title=_("Your self-report for %(round)s was accepted") % {"round": self_report.round},
        url=self_report.get_absolute_url(),
        kind=notification_kinds.ACCEPTED,
    )
    return self_report


def has_staff_role(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_union_staff)


@transaction.atomic
def self_report_attachment_add(*, user: User, self_report: SelfReport, upload) -> SelfReportAttachment:
    """Attach a sign-in sheet or certificate; checked by content (an HTML file named .pdf is refused)."""
    if not self_report.is_editable:
        raise TransitionError(_("Attachments can be added only while the report is a draft or returned."))
    _require(
        permissions.can_edit_self_report(user, self_report),
        _("Only a user of the organization may add attachments."),
    )
    attachment = SelfReportAttachment(
        self_report=self_report, file=upload, original_name=upload.name[:200], uploaded_by=user
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def self_report_attachment_delete(*, user: User, attachment: SelfReportAttachment) -> None:
    if not attachment.self_report.is_editable:
        raise TransitionError(_("Attachments can be removed only while the report is a draft or returned."))
    _require(
        permissions.can_edit_self_report(user, attachment.self_report),
        _("Only a user of the organization may remove attachments."),
    )
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def self_report_problem_track(
    *, user: User, problem: SelfReportProblem, owner: User | None = None, due_on: date | None = None
) -> TrackedIssue:
    """Carry a problem raised in a self-report to a tracked issue the union follows."""
    _require(permissions.can_track_problem(user), _("Only county union staff may track a problem."))
    if TrackedIssue.objects.filter(self_report_problem=problem).exists():
        raise ValidationError(_("This problem is already tracked."))
    organization = problem.self_report.organization
    issue = TrackedIssue(
        division=organization.division,
        organization=organization,
        description=problem.text,
        self_report_problem=problem,
        raised_on=timezone.localdate(),
        owner=owner or user,
        due_on=due_on,
        status=TrackedIssue.Status.OPEN,
    )
    issue.full_clean()
    issue.save()
    notify_issue_owner(issue, assigned_by=user)
    return issue


@transaction.atomic
def tracked_issue_resolve(
    *, user: User, issue: TrackedIssue, resolution: str, resolved_on: date | None = None
) -> TrackedIssue:
    """Close a tracked issue with what was done about it."""
    _require(permissions.can_track_problem(user), _("Only county union staff may resolve an issue."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the issue was resolved.")})
    issue.status = TrackedIssue.Status.RESOLVED
    issue.resolution = resolution.strip()
    issue.resolved_on = resolved_on or timezone.localdate()
    issue.full_clean()
    issue.save()
    return issue


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
