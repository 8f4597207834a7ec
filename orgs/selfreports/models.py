"""Self-reporting: rounds opened by staff, one self-report per organization and round."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from wangcang.models import MoneyField, PrivateFile
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin

__all__ = [
    "ReportingRound",
    "RoundQuestion",
    "SelfReport",
    "SelfReportAnswer",
    "SelfReportAttachment",
    "SelfReportProblem",
    "SelfReportVersion",
]


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportingRoundQuerySet:
        if getattr(user, "is_org_user", False):
            from wangcang.scoping import user_organization_ids

            return self.filter(self_reports__organization__in=user_organization_ids(user)).distinct()
        return scope(self, user, division="division")


class ReportingRound(PlausibleValuesMixin, models.Model):
    """A call for self-reports over one period (a year or a quarter) with a due date."""

    date_order = (("period_start", "period_end"), ("period_start", "due_on"))

    title = models.CharField(_("title"), max_length=100)
    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    period_key = models.CharField(_("period"), max_length=30, help_text=_("2022, 2022-Q3 …"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    applies_to = models.CharField(
        _("applies to"), max_length=200, blank=True, help_text=_("Which organizations the round was opened for.")
    )
    closed_on = models.DateField(
        pgettext_lazy("reporting round", "closed on"),
        null=True,
        blank=True,
        help_text=_("Once closed, reports can no longer be filled in or submitted, and nobody is reminded."),
    )

    history = HistoricalRecords()
    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "period_key", "title"],
                name="round_unique_title_per_period",
                violation_error_message=_("A reporting round with this title already exists for this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="round_period_ordered",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("orgs:round-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def questions_locked(self) -> bool:
        """Questions can be changed until the first answer or submission: after that the
        organizations' answers would no longer match what they were asked."""
        return (
            self.is_closed
            or SelfReportAnswer.objects.filter(self_report__round=self).exists()
            or self.self_reports.exclude(status=SelfReport.Status.DRAFT).exists()
        )


class SelfReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> SelfReportQuerySet:
        return scope(self, user, division="organization__division", organization="organization")

    def accepted(self) -> SelfReportQuerySet:
        return self.filter(status=SelfReport.Status.ACCEPTED)

    def not_started(self) -> SelfReportQuerySet:
        """Drafts nobody has saved yet."""
        return self.filter(status=SelfReport.Status.DRAFT, saved_at__isnull=True)

    def open_for_organization(self) -> SelfReportQuerySet:
        """Reports the organization still has to fill in or fix (in rounds not yet closed)."""
        return self.filter(status__in=SelfReport.EDITABLE_STATUSES, round__closed_on__isnull=True)

    def overdue(self, today) -> SelfReportQuerySet:
        return self.open_for_organization().filter(round__due_on__lt=today)


class SelfReport(models.Model):
    """What an organization reports about itself for one round. Accepted figures become the
    organization's reported figures for that period (members, activities, dues)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        ACCEPTED = "accepted", _("Accepted")

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.PROTECT, related_name="self_reports"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="self_reports"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    staff_count = models.PositiveIntegerField(_("staff at period end"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("volunteers at period end"), null=True, blank=True)
    union_member_count = models.PositiveIntegerField(_("union members at period end"), null=True, blank=True)
    activities_held = models.PositiveIntegerField(_("union activities held"), null=True, blank=True)
    activity_participants = models.PositiveIntegerField(
        _("participants in union activities (person-times)"), null=True, blank=True
    )
    dues_collected = MoneyField(_("membership dues collected (yuan)"), null=True, blank=True, default=None)
    union_funds = MoneyField(_("union funds (yuan)"), null=True, blank=True, default=None)
    trainings_attended = models.PositiveIntegerField(_("trainings attended"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    staff_comment = models.TextField(_("comment of the county union"), blank=True)
    field_comments = models.JSONField(_("comments per field"), default=dict, blank=True)

    history = HistoricalRecords()
    objects = SelfReportQuerySet.as_manager()

    # The figures an organization fills in; all are required to submit.
    FIGURE_FIELDS = (
        "staff_count",
        "volunteer_count",
        "union_member_count",
        "activities_held",
        "activity_participants",
        "dues_collected",
        "union_funds",
        "trainings_attended",
    )
    EDITABLE_STATUSES = ("draft", "returned")
    WAITING_STATUSES = ("submitted", "resubmitted")

    class Meta:
        ordering = ["round", "organization__name"]
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="one_self_report_per_round",
                violation_error_message=_("This organization already has a self-report in this round."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_at__isnull=False),
                name="accepted_self_report_has_date",
                violation_error_message=_("An accepted self-report needs the time it was accepted."),
            ),
            models.CheckConstraint(
                condition=models.Q(dues_collected__isnull=True) | models.Q(dues_collected__gte=0),
                name="self_report_dues_not_negative",
                violation_error_message=_("Membership dues collected cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(union_funds__isnull=True) | models.Q(union_funds__gte=0),
                name="self_report_funds_not_negative",
                violation_error_message=_("Union funds cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:self-report-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING_STATUSES

    @property
    def is_not_started(self) -> bool:
        return self.status == self.Status.DRAFT and self.saved_at is None

    def is_overdue(self, today) -> bool:
        return self.is_editable and self.round.due_on < today and self.round.closed_on is None

    def missing_fields(self) -> list[str]:
        """The figure fields still empty (what stops a submission)."""
        return [name for name in self.FIGURE_FIELDS if getattr(self, name) is None]

    def figures(self) -> dict:
        """The figures as JSON-ready values (money as text, to keep the cents exact)."""
        result = {}
        for name in self.FIGURE_FIELDS:
            value = getattr(self, name)
            result[name] = str(value) if value is not None and name in ("dues_collected", "union_funds") else value
        return result


class SelfReportProblem(models.Model):
    """One problem or need an organization raised in a self-report; staff may turn it into a
    tracked issue (``orgs.TrackedIssue``)."""

    self_report = models.ForeignKey(
        SelfReport, verbose_name=_("self-report"), on_delete=models.CASCADE, related_name="problems"
    )
    text = models.TextField(_("problem or need"))

    class Meta:
        ordering = ["self_report", "pk"]
        verbose_name = _("problem or need")
        verbose_name_plural = _("problems and needs")

    def __str__(self) -> str:
        return self.text[:40]


class SelfReportVersion(models.Model):
    """What was submitted, kept as it was: the figures and problems at each submission, so
    that staff see what changed between a returned report and its resubmission."""

    self_report = models.ForeignKey(
        SelfReport, verbose_name=_("self-report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    figures = models.JSONField(_("figures"), default=dict)
    problems = models.JSONField(_("problems and needs"), default=list)
    # The answers to the round's own questions, keyed by question id, as shown.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["self_report", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(
                fields=["self_report", "number"],
                name="self_report_version_unique_number",
                violation_error_message=_("This version of the self-report is already stored."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.self_report} v{self.number}"


class SelfReportAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> SelfReportAttachmentQuerySet:
        return scope(
            self, user, division="self_report__organization__division", organization="self_report__organization"
        )


class SelfReportAttachment(PrivateFile):
    """A sign-in sheet or certificate (PDF/JPG/PNG), stored privately and served only to
    those who may see the report."""

    self_report = models.ForeignKey(
        SelfReport, verbose_name=_("self-report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=PrivateUploadTo("selfreports"), validators=[EvidenceValidator()], max_length=200
    )

    objects = SelfReportAttachmentQuerySet.as_manager()

    class Meta(PrivateFile.Meta):
        ordering = ["self_report", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("orgs:self-report-attachment", args=[self.pk])


# File types a file question may allow, by the name staff pick; the MIME types as
# ``wangcang.uploads`` checks them by content.
FILE_TYPES = {
    "pdf": {"application/pdf": {".pdf"}},
    "jpg": {"image/jpeg": {".jpg", ".jpeg"}},
    "png": {"image/png": {".png"}},
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
        "application/zip": {".xlsx"},
    },
}


class RoundQuestion(models.Model):
    """A question staff add to a round, asked of every organization in it besides the
    standard figures. It can be changed only while nobody has answered or submitted in
    the round (see ``ReportingRound.questions_locked``)."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        DATE = "date", _("Date")
        FILE = "file", _("File")

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.NUMBER)
    required = models.BooleanField(_("required to submit"), default=False)
    min_value = models.DecimalField(_("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("largest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    whole_number = models.BooleanField(_("whole numbers only"), default=True)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("Shown after numbers: persons, times, yuan …")
    )
    max_length = models.PositiveIntegerField(_("longest text (characters)"), null=True, blank=True)
    choices = models.TextField(_("allowed choices"), blank=True, help_text=_("One choice per line."))
    file_types = models.CharField(
        _("allowed file types"), max_length=40, blank=True, help_text=_("pdf, jpg, png, xlsx; empty: pdf, jpg, png")
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), null=True, blank=True)
    show_as_figure = models.BooleanField(
        _("show as figure"),
        default=False,
        help_text=_("Sum the accepted answers per division and period on the dashboard (numbers only)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("round question")
        verbose_name_plural = _("round questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(max_value__gte=models.F("min_value")),
                name="round_question_range_ordered",
                violation_error_message=_("The largest number cannot be smaller than the smallest."),
            ),
            models.CheckConstraint(
                condition=models.Q(show_as_figure=False) | models.Q(kind="number"),
                name="round_question_figure_is_number",
                violation_error_message=_("Only a number question can be shown as a figure."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def field_name(self) -> str:
        return f"q_{self.pk}"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def allowed_files(self) -> dict[str, set[str]]:
        names = [name.strip().lower().lstrip(".") for name in self.file_types.replace("，", ",").split(",")]
        names = [("jpg" if name == "jpeg" else name) for name in names if name]
        allowed: dict[str, set[str]] = {}
        for name in names or ["pdf", "jpg", "png"]:
            for mime, extensions in FILE_TYPES.get(name, {}).items():
                allowed.setdefault(mime, set()).update(extensions)
        return allowed

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind == self.Kind.CHOICE and len(self.choice_list()) < 2:
            errors["choices"] = _("A choice question needs at least two choices, one per line.")
        if self.kind == self.Kind.FILE and self.file_types:
            unknown = [
                name
                for name in self.file_types.replace("，", ",").split(",")
                if name.strip() and name.strip().lower().lstrip(".") not in (*FILE_TYPES, "jpeg")
            ]
            if unknown:
                errors["file_types"] = _("Unknown file type: %(names)s. Allowed: pdf, jpg, png, xlsx.") % {
                    "names": "、".join(name.strip() for name in unknown)
                }
        if self.max_file_mb is not None and self.max_file_mb * 1048576 > settings.UPLOAD_MAX_BYTES:
            errors["max_file_mb"] = _("At most %(limit)d MB.") % {"limit": settings.UPLOAD_MAX_BYTES // 1048576}
        if self.show_as_figure and self.kind != self.Kind.NUMBER:
            errors["show_as_figure"] = _("Only a number question can be shown as a figure.")
        if errors:
            raise ValidationError(errors)


class SelfReportAnswerQuerySet(models.QuerySet):
    def visible_to(self, user) -> SelfReportAnswerQuerySet:
        return scope(
            self, user, division="self_report__organization__division", organization="self_report__organization"
        )


class SelfReportAnswer(models.Model):
    """An organization's answer to one question of its round, part of its self-report: kept
    in each submitted version, returned and accepted with it."""

    self_report = models.ForeignKey(
        SelfReport, verbose_name=_("self-report"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RoundQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("selfreport-answers"), blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = SelfReportAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["self_report", "question__position", "question__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["self_report", "question"],
                name="one_answer_per_question",
                violation_error_message=_("This question is already answered in this self-report."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.shown()}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:self-report-answer-file", args=[self.pk])

    @property
    def value(self):
        kind = self.question.kind
        if kind == RoundQuestion.Kind.NUMBER:
            return self.number
        if kind == RoundQuestion.Kind.DATE:
            return self.date
        if kind == RoundQuestion.Kind.FILE:
            return self.original_name if self.file else ""
        return self.text

    @property
    def is_empty(self) -> bool:
        value = self.value
        return value is None or value == ""

    def shown(self) -> str:
        """The answer as text (numbers without trailing zeros, dates ISO), for versions and exports."""
        value = self.value
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)
