"""Residencies: occupancy of spaces, evaluations and brands."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import MoneyField
from wangcang.validators import PlausibleValuesMixin

from .admissions import Application
from .base import OrganizationScopedQuerySet
from .sites import Space


class ResidencyQuerySet(OrganizationScopedQuerySet):
    def resident_on(self, day):
        return self.filter(Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)))


class Residency(PlausibleValuesMixin, models.Model):
    """An admitted organization's stay at the base (入驻), ending in graduation
    (孵化成功, 出壳) or an exit. The record stays after it ends."""

    past_dates = ("started_on", "ended_on")
    date_order = (("started_on", "ended_on"),)

    class Status(models.TextChoices):
        ACTIVE = "active", _("Resident")
        GRADUATED = "graduated", _("Graduated")
        EXITED = "exited", _("Exited")

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="residency"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="residencies"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The four waivers (四免), each valued in yuan per month of residency; zero means not granted.
    venue_waiver = MoneyField(_("venue waiver (yuan/month)"))
    utilities_waiver = MoneyField(_("water and power waiver (yuan/month)"))
    training_waiver = MoneyField(_("training waiver (yuan/month)"))
    services_waiver = MoneyField(_("services waiver (yuan/month)"))
    agreed_grants = models.TextField(_("agreed grants and policy benefits"), blank=True)
    graduation_summary = models.TextField(_("what it became"), blank=True)
    exit_reason = models.TextField(_("reason for leaving"), blank=True)

    history = HistoricalRecords()
    objects = ResidencyQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "organization__name"]
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="incubator_residency_dates_ordered",
                violation_error_message=_("The end of the residency cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="incubator_residency_end_matches_status",
                violation_error_message=_("A resident organization has no end date; a residency that ended needs one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.started_on:%Y-%m})"

    def get_absolute_url(self) -> str:
        return reverse("incubator:residency-detail", args=[self.pk])

    @property
    def monthly_waivers(self) -> dict[str, Decimal]:
        return {
            SupportEntry.Kind.VENUE: self.venue_waiver,
            SupportEntry.Kind.UTILITIES: self.utilities_waiver,
            SupportEntry.Kind.TRAINING: self.training_waiver,
            SupportEntry.Kind.SERVICES: self.services_waiver,
        }


class OccupancyQuerySet(OrganizationScopedQuerySet):
    organization_path = "residency__organization"

    def on(self, day):
        return self.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))


class Occupancy(PlausibleValuesMixin, models.Model):
    """Which residency uses how many m² of which space, from a date to a date (both
    included; no end means open). The sum on a space never exceeds its area on any day."""

    date_order = (("starts_on", "ends_on"),)

    residency = models.ForeignKey(
        Residency, verbose_name=_("residency"), on_delete=models.PROTECT, related_name="occupancies"
    )
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.PROTECT, related_name="occupancies")
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OccupancyQuerySet.as_manager()

    class Meta:
        ordering = ["space", "starts_on"]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__gt=0),
                name="incubator_occupancy_area_positive",
                violation_error_message=_("The area used must be more than 0 m²."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="incubator_occupancy_dates_ordered",
                violation_error_message=_("The end of the use cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space} {self.area_m2} m²"


SCORE_BOUNDS = [MinValueValidator(0), MaxValueValidator(100)]


class EvaluationQuerySet(OrganizationScopedQuerySet):
    organization_path = "residency__organization"


class Evaluation(PlausibleValuesMixin, models.Model):
    """A periodic scored evaluation of a resident (each score 0–100)."""

    past_dates = ("evaluated_on",)

    residency = models.ForeignKey(
        Residency, verbose_name=_("residency"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    social_impact = models.PositiveIntegerField(_("social impact"), validators=SCORE_BOUNDS)
    public_service = models.PositiveIntegerField(_("public service"), validators=SCORE_BOUNDS)
    worker_rating = models.PositiveIntegerField(_("worker rating"), validators=SCORE_BOUNDS)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["residency", "evaluated_on"],
                name="incubator_one_evaluation_per_day",
                violation_error_message=_("This residency already has an evaluation on this day."),
            ),
            models.CheckConstraint(
                condition=Q(social_impact__lte=100, public_service__lte=100, worker_rating__lte=100),
                name="incubator_evaluation_scores_bounded",
                violation_error_message=_("Scores are out of 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.residency.organization} {self.evaluated_on}"

    @property
    def average(self) -> Decimal:
        return (Decimal(self.social_impact + self.public_service + self.worker_rating) / 3).quantize(Decimal("0.01"))


class BrandQuerySet(OrganizationScopedQuerySet):
    pass


class Brand(PlausibleValuesMixin, models.Model):
    """An organization the base grew into a brand (春蕾爱心协会: 全市关爱服务困难群体的爱心品牌)."""

    past_dates = ("recognized_on",)

    organization = models.OneToOneField(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="incubator_brand"
    )
    title = models.CharField(_("brand title"), max_length=100)
    recognized_on = models.DateField(_("recognized on"))

    history = HistoricalRecords()
    objects = BrandQuerySet.as_manager()

    class Meta:
        ordering = ["-recognized_on"]
        verbose_name = _("brand organization")
        verbose_name_plural = _("brand organizations")

    def __str__(self) -> str:
        return f"{self.organization}: {self.title}"


# Used inside methods only; imported last, as those parts import this one.
from .support import SupportEntry  # noqa: E402
