"""Statistics snapshots (the catalogue computed ahead of time) and the county reports
rendered as PDF and kept for officials."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangcang.models import Division
from wangcang.scoping import scope
from wangcang.uploads import PrivateUploadTo


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user) -> SnapshotQuerySet:
        return scope(self, user, division="division")


class Snapshot(models.Model):
    """One indicator's value for one division and period, as computed by the nightly job.

    Rows are rewritten in place (one per division, period and code), so running the job
    again leaves the same rows with the same values."""

    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.CASCADE, related_name="snapshots"
    )
    period_key = models.CharField(_("period"), max_length=30)
    code = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    # What the value was computed from: the division subtree's figures generation read
    # before computing, and the day stock figures were taken at. A read uses the row only
    # while both are still the current ones (reports/freshness.py).
    generation = models.BigIntegerField(_("generation"), null=True, blank=True)
    stock_date = models.DateField(_("stock date"), null=True, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["division", "period_key", "code"]
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "period_key", "code"],
                name="snapshot_one_value_per_code",
                violation_error_message=_("This figure is already stored for this division and period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.division_id} {self.period_key} {self.code} = {self.value}"


class ChartSnapshot(models.Model):
    """One dashboard chart's data for one division and period, kept under the same rule as
    :class:`Snapshot`: used only while its generation and stock date are current."""

    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.CASCADE, related_name="chart_snapshots"
    )
    period_key = models.CharField(_("period"), max_length=30)
    code = models.CharField(_("chart"), max_length=60)
    # Titles and categories are stored as words of one language.
    language = models.CharField(_("language"), max_length=10)
    data = models.JSONField(_("data"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    generation = models.BigIntegerField(_("generation"))
    stock_date = models.DateField(_("stock date"))

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["division", "period_key", "code"]
        verbose_name = _("chart snapshot")
        verbose_name_plural = _("chart snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "period_key", "language", "code"],
                name="chart_snapshot_one_per_code",
                violation_error_message=_("This chart is already stored for the division, period and language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.division_id} {self.period_key} {self.code}"


class ReportFileQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportFileQuerySet:
        # Organization users have no division: they see no county reports.
        return scope(self, user, division="division")


class ReportFile(models.Model):
    """A rendered county report (PDF), kept so that officials can download it again."""

    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="report_files"
    )
    period_key = models.CharField(_("period"), max_length=30)
    period_label = models.CharField(_("period label"), max_length=60, blank=True)
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("reports"))
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("reports:file-download", args=[self.pk])

    @property
    def filename(self) -> str:
        return f"{self.division.name}工会引领社会组织工作报告-{self.period_key}.pdf"
