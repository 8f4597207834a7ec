"""Self-reporting: rounds opened by staff, one self-report per organization and round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import MoneyField, PrivateFile
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin

__all__ = [
    "ReportingRound",
    "SelfReport",
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


class SelfReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> SelfReportQuerySet:
        return scope(self, user, division="organization__division", organization="organization")

    def accepted(self) -> SelfReportQuerySet:
        return self.filter(status=SelfReport.Status.ACCEPTED)

    def not_started(self) -> SelfReportQuerySet:
        """Drafts nobody has saved yet."""
        return self.filter(status=SelfReport.Status.DRAFT, saved_at__isnull=True)

    def open_for_organization(self) -> SelfReportQuerySet:
        """Reports the organization still has to fill in or fix."""
        return self.filter(status__in=SelfReport.EDITABLE_STATUSES)

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
        return self.is_editable and self.round.due_on < today

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
