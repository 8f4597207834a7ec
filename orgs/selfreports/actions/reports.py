"""Writes on self-reports: draft, submit, return, accept, attachments, problems."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.cohesion.actions import notify_issue_owner
from orgs.models import TrackedIssue
from wangcang.actions import notification_send
from wangcang.models import User
from wangcang.permissions import has_role

from .. import notifications as notification_kinds
from .. import permissions
from ..models import (
    RoundQuestion,
    SelfReport,
    SelfReportAnswer,
    SelfReportAttachment,
    SelfReportProblem,
    SelfReportVersion,
)
from .rounds import TransitionError, _field_label, _refuse_if_closed, _require, _set_problems


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
    _require(has_role(user, "staff"), _("Only county union staff may return a self-report."))
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
    _require(has_role(user, "staff"), _("Only county union staff may accept a self-report."))
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
