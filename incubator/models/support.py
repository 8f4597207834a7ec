"""The support ledger: budgets and append-only support entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import AppendOnlyModel, AppendOnlyQuerySet, MoneyField
from wangcang.scoping import scope
from wangcang.validators import PlausibleValuesMixin
from wangcang.wording import yuan

from .base import DivisionScopedQuerySet
from .residencies import Residency


class Budget(PlausibleValuesMixin, models.Model):
    """The union's yearly money for the base (1,000,000 yuan a year in Wangcang)."""

    year_fields = ("year",)

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    amount = MoneyField(_("budget (yuan)"))

    history = HistoricalRecords()
    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year"],
                name="incubator_one_budget_per_year",
                violation_error_message=_("This year's budget is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="incubator_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {yuan(self.amount)}"


class SupportEntryQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user):
        return scope(self, user, division="division", organization="organization")


class SupportEntry(PlausibleValuesMixin, AppendOnlyModel):
    """A posted piece of support: a month of one waiver, a grant, a subsidy or a policy
    benefit (贷免扶补). Never edited; a correction is a reversing entry."""

    past_dates = ("value_date",)

    class Kind(models.TextChoices):
        VENUE = "venue", _("Venue waiver")
        UTILITIES = "utilities", _("Water and power waiver")
        TRAINING = "training", _("Training waiver")
        SERVICES = "services", _("Services waiver")
        GRANT = "grant", _("Grant")
        SUBSIDY = "subsidy", _("Subsidy")
        POLICY = "policy", _("Loan and subsidy policy benefit")

    WAIVERS = (Kind.VENUE, Kind.UTILITIES, Kind.TRAINING, Kind.SERVICES)

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="incubator_support"
    )
    residency = models.ForeignKey(
        Residency, verbose_name=_("residency"), null=True, blank=True, on_delete=models.PROTECT, related_name="support"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value_date = models.DateField(_("date"), help_text=_("For a waiver, the first day of the month it covers."))
    amount = MoneyField(_("amount (yuan)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    objects = SupportEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-value_date", "-pk"]
        verbose_name = _("support entry")
        verbose_name_plural = _("support entries")
        constraints = [
            # One posting of each waiver per residency and month, so the monthly run is idempotent.
            models.UniqueConstraint(
                fields=["residency", "kind", "value_date"],
                condition=Q(reverses__isnull=True, kind__in=["venue", "utilities", "training", "services"]),
                name="incubator_waiver_once_per_month",
                violation_error_message=_("This waiver is already recorded for this residency and month."),
            ),
        ]
        indexes = [models.Index(fields=["division", "value_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} {yuan(self.amount)}"
