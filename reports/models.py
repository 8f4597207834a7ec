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
