"""Sites and spaces of the incubation base."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.validators import PlausibleValuesMixin

from .base import DivisionScopedQuerySet


class Site(models.Model):
    """A building or centre of the base (县总工会创新创业服务中心 …)."""

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="incubator_site_unique_name",
                violation_error_message=_("A site with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubator:site-detail", args=[self.pk])


class SpaceQuerySet(DivisionScopedQuerySet):
    division_path = "site__division"


class Space(PlausibleValuesMixin, models.Model):
    past_dates = ("opened_on",)
    date_order = (("opened_on", "closed_on"),)

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office")
        TRAINING_ROOM = "training_room", _("Training room")
        SHARED = "shared", _("Shared area")

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="spaces")
    name = models.CharField(_("name"), max_length=100)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    opened_on = models.DateField(_("in use since"))
    closed_on = models.DateField(_("out of use since"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "floor", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="incubator_space_unique_name",
                violation_error_message=_("This site already has a space with this name."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__gt=0),
                name="incubator_space_area_positive",
                violation_error_message=_("The area must be more than 0 m²."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("incubator:space-list") + f"?site={self.site_id}"
