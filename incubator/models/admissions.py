"""Admission: batches, criteria, applications, their attachments and reviews."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import PrivateFile
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin

from .base import DivisionScopedQuerySet, OrganizationScopedQuerySet


class Batch(PlausibleValuesMixin, models.Model):
    """An admission round (批次); staff publish its weighted criteria before it opens."""

    year_fields = ("year",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    closes_on = models.DateField(_("applications close on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("admission batch")
        verbose_name_plural = _("admission batches")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="incubator_batch_unique_name",
                violation_error_message=_("A batch with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubator:batch-detail", args=[self.pk])


class CriterionQuerySet(DivisionScopedQuerySet):
    division_path = "batch__division"


class Criterion(models.Model):
    """One admission criterion with its weight; each is scored from 0 to ``max_score``."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_score = models.PositiveIntegerField(_("highest score"), default=100, validators=[MinValueValidator(1)])
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "order", "pk"]
        verbose_name = _("admission criterion")
        verbose_name_plural = _("admission criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "name"],
                name="incubator_criterion_unique_name",
                violation_error_message=_("This batch already has a criterion with this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="incubator_criterion_weight_positive",
                violation_error_message=_("The weight must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ×{self.weight}"


class ApplicationQuerySet(OrganizationScopedQuerySet):
    def pending(self):
        return self.filter(status__in=Application.PENDING)

    def assigned_to(self, user):
        """What a reviewer may open: only the applications assigned to them."""
        return self.filter(reviews__reviewer=user)


class Application(PlausibleValuesMixin, models.Model):
    """An organization's application to the base: draft → submitted → (more information
    → resubmitted) → admitted or rejected."""

    past_dates = ("submitted_on", "decided_on")
    date_order = (("submitted_on", "decided_on"),)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        MORE_INFO = "more_info", _("More information asked")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        ADMITTED = "admitted", _("Admitted")
        REJECTED = "rejected", _("Rejected")

    PENDING = (Status.SUBMITTED, Status.MORE_INFO, Status.RESUBMITTED)

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="incubator_applications",
    )
    project_plan = models.TextField(_("project plan"))
    field = models.CharField(_("field of work"), max_length=100)
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    help_wanted = models.TextField(_("help wanted"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    decision_reason = models.TextField(
        _("reason given to the organization"), blank=True, help_text=_("Shown to the organization.")
    )
    org_response = models.TextField(_("answer of the organization"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "organization"],
                name="incubator_one_application_per_batch",
                violation_error_message=_("This organization has already applied in this batch."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["admitted", "rejected"]) | Q(decided_on__isnull=False),
                name="incubator_decision_dated",
                violation_error_message=_("An admission or a rejection needs the date of the decision."),
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.batch}"

    def get_absolute_url(self) -> str:
        return reverse("incubator:application-detail", args=[self.pk])


class AttachmentQuerySet(OrganizationScopedQuerySet):
    organization_path = "application__organization"


class ApplicationAttachment(PrivateFile):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("incubator"), validators=[EvidenceValidator()])

    objects = AttachmentQuerySet.as_manager()

    class Meta(PrivateFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("incubator:attachment", args=[self.pk])


class ReviewQuerySet(OrganizationScopedQuerySet):
    organization_path = "application__organization"

    def visible_to(self, user):
        # Organizations never see reviewers' scores; staff see those of their division.
        if getattr(user, "is_org_user", False):
            return self.none()
        return super().visible_to(user)


class Review(models.Model):
    """A reviewer assigned by staff to one application, with their scores and comment."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="incubator_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(_("weighted score"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="incubator_one_review_per_reviewer",
                violation_error_message=_("This reviewer has already reviewed this application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.reviewer}"

    def get_absolute_url(self) -> str:
        return reverse("incubator:review", args=[self.pk])


class Score(models.Model):
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+")
    value = models.PositiveIntegerField(_("score"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="incubator_one_score_per_criterion",
                violation_error_message=_("This review already has a score for this criterion."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"
