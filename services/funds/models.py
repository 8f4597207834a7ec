"""Funds and programmes of the union (matching grants on dues, the love / mutual-aid fund,
golden-autumn student aid, assistance to households in hardship, subsidies to organization
unions), their one append-only ledger, and the beneficiaries behind its entries."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import AppendOnlyModel, AppendOnlyQuerySet, MoneyField
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin, validate_id_number
from wangcang.wording import yuan

__all__ = [
    "DuesRecord",
    "Fund",
    "FundTransaction",
    "HouseholdAssistance",
    "MatchingGrant",
    "MutualAidContribution",
    "MutualAidPayout",
    "StudentAid",
]

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """Round yuan to the cent, halves away from zero (the accounting rule, not banker's)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def signed_amount(prefix: str = "") -> Case:
    """The entry's amount with its sign: money in positive, money out negative."""
    return Case(
        When(**{f"{prefix}direction": "in"}, then=F(f"{prefix}amount")),
        default=-F(f"{prefix}amount"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
    )


class FundQuerySet(models.QuerySet):
    def visible_to(self, user) -> FundQuerySet:
        return scope(self, user, division="division", organization="organization")

    def with_balance(self) -> FundQuerySet:
        return self.annotate(
            balance=Sum(signed_amount("transactions__"), default=Decimal("0.00")),
            total_in=Sum("transactions__amount", filter=Q(transactions__direction="in"), default=Decimal("0.00")),
            total_out=Sum("transactions__amount", filter=Q(transactions__direction="out"), default=Decimal("0.00")),
        )


class Fund(models.Model):
    """A fund or programme with its rules."""

    class Kind(models.TextChoices):
        MATCHING = "matching", _("Matching grants on dues")
        MUTUAL_AID = "mutual_aid", _("Love / mutual-aid fund")
        STUDENT_AID = "student_aid", _("Golden-autumn student aid")
        ASSISTANCE = "assistance", _("Assistance to households in hardship")
        SUBSIDY = "subsidy", _("Subsidies to organization unions")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("run by organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funds",
        help_text=_("For a fund an organization runs itself, such as a love fund."),
    )
    matching_ratio = models.DecimalField(
        _("matching ratio"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Yuan granted per yuan of dues collected: 2 means 1:2."),
    )
    mutual_aid_multiple = models.DecimalField(
        _("mutual-aid multiple"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A member may receive at most this multiple of what the member contributed."),
    )
    description = models.TextField(_("rules and description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="fund_unique_name_in_division",
                violation_error_message=_("A fund with this name already exists."),
            ),
            models.CheckConstraint(
                condition=Q(matching_ratio__gte=0),
                name="fund_ratio_not_negative",
                violation_error_message=_("The matching ratio cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(mutual_aid_multiple__gte=0),
                name="fund_multiple_not_negative",
                violation_error_message=_("The mutual-aid multiple cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:fund-detail", args=[self.pk])


class FundTransactionQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user) -> FundTransactionQuerySet:
        return scope(self, user, division="fund__division", organization="beneficiary_organization")

    def with_running_balance(self) -> FundTransactionQuerySet:
        """The fund's balance after each entry, in (date, number) order; a correlated
        subquery, so that it stays right when the list is filtered or paged."""
        earlier = (
            FundTransaction.objects.filter(fund=models.OuterRef("fund"))
            .filter(
                Q(occurred_on__lt=models.OuterRef("occurred_on"))
                | Q(occurred_on=models.OuterRef("occurred_on"), pk__lte=models.OuterRef("pk"))
            )
            .order_by()
            .values("fund")
            .annotate(total=Sum(signed_amount()))
            .values("total")
        )
        return self.annotate(
            running_balance=models.Subquery(earlier, output_field=models.DecimalField(max_digits=14, decimal_places=2))
        )

    def net_out_q(self) -> Q:
        return Q(direction="out", reverses__isnull=True)


class FundTransaction(PlausibleValuesMixin, AppendOnlyModel):
    """One posted entry of the ledger. Never edited or deleted: a correction is a reversing
    entry (same fund and amount, the other direction) that points at the entry it reverses."""

    past_dates = ("occurred_on",)

    class Direction(models.TextChoices):
        IN = "in", _("In")
        OUT = "out", _("Out")

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="transactions")
    occurred_on = models.DateField(_("date"))
    amount = MoneyField(_("amount (yuan)"), validators=[MinValueValidator(CENT)])
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    payer = models.CharField(_("payer"), max_length=100, blank=True)
    beneficiary_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("beneficiary organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_transactions",
    )
    beneficiary_person = models.CharField(
        _("beneficiary person"), max_length=50, blank=True, help_text=_("Shown masked outside the staff.")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    evidence = models.FileField(
        _("evidence"), upload_to=PrivateUploadTo("funds"), blank=True, validators=[EvidenceValidator()]
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FundTransactionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("fund transaction")
        verbose_name_plural = _("fund transactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fund_transaction_amount_positive",
                violation_error_message=_("The amount must be more than 0 yuan."),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["in", "out"]),
                name="fund_transaction_direction_valid",
                violation_error_message=_("The direction must be in or out."),
            ),
        ]
        indexes = [models.Index(fields=["fund", "occurred_on"]), models.Index(fields=["occurred_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.occurred_on} {self.get_direction_display()} {yuan(self.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("services:transaction-detail", args=[self.pk])

    @property
    def signed(self) -> Decimal:
        return self.amount if self.direction == self.Direction.IN else -self.amount

    @property
    def is_reversed(self) -> bool:
        try:
            return self.reversal is not None
        except FundTransaction.DoesNotExist:
            return False


class DuesRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> DuesRecordQuerySet:
        return scope(self, user, division="organization__division", organization="organization")


class DuesRecord(PlausibleValuesMixin, models.Model):
    """Membership dues (会费) an organization's union collected over a period, recorded by staff
    where no accepted self-report gives them."""

    date_order = (("period_start", "period_end"),)

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="dues_records"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = MoneyField(_("dues collected (yuan)"), validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = DuesRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "organization__name"]
        verbose_name = _("dues record")
        verbose_name_plural = _("dues records")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start", "period_end"],
                name="dues_record_once_per_period",
                violation_error_message=_("Dues of this organization for this period are already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="dues_period_ordered",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="dues_amount_not_negative",
                violation_error_message=_("Membership dues collected cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_start}~{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("services:dues-list")


class MatchingGrantQuerySet(models.QuerySet):
    def visible_to(self, user) -> MatchingGrantQuerySet:
        return scope(self, user, division="fund__division", organization="organization")


class MatchingGrant(PlausibleValuesMixin, models.Model):
    """A matching grant on dues (会费配套): proposed from the dues an organization collected,
    approved by staff, then paid through the ledger."""

    date_order = (("period_start", "period_end"),)

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        SELF_REPORT = "self_report", _("Accepted self-reports")
        DUES_RECORD = "dues_record", _("Recorded dues")

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="matching_grants")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="matching_grants"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    dues_amount = MoneyField(_("dues collected (yuan)"))
    source = models.CharField(_("dues taken from"), max_length=12, choices=Source.choices)
    ratio = models.DecimalField(_("matching ratio"), max_digits=6, decimal_places=2)
    amount = MoneyField(_("grant (yuan)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    transaction = models.OneToOneField(
        FundTransaction,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matching_grant",
    )

    history = HistoricalRecords()
    objects = MatchingGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "organization__name"]
        verbose_name = _("matching grant")
        verbose_name_plural = _("matching grants")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "organization", "period_start", "period_end"],
                condition=~Q(status="rejected"),
                name="matching_grant_once_per_period",
                violation_error_message=_("This organization already has a matching grant for this period."),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(transaction__isnull=False),
                name="approved_grant_is_paid",
                violation_error_message=_("An approved grant needs its payment entry."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_start:%Y}"

    def get_absolute_url(self) -> str:
        return reverse("services:grant-detail", args=[self.pk])


class LedgerDetailQuerySet(AppendOnlyQuerySet):
    """Beneficiary records are posted with their ledger entry and corrected the same way."""

    def visible_to(self, user) -> LedgerDetailQuerySet:
        return scope(
            self, user, division="transaction__fund__division", organization="transaction__beneficiary_organization"
        )

    def not_reversed(self) -> LedgerDetailQuerySet:
        return self.filter(transaction__reversal__isnull=True)


class StudentAid(AppendOnlyModel):
    """A student aided by golden-autumn student aid (金秋助学)."""

    transaction = models.OneToOneField(
        FundTransaction, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="student_aid"
    )
    student_name = models.CharField(_("student"), max_length=50)
    school = models.CharField(_("school"), max_length=100)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    household = models.CharField(
        _("household"), max_length=100, blank=True, help_text=_("Parent or guardian and the family's situation.")
    )
    amount = MoneyField(_("amount (yuan)"))

    objects = LedgerDetailQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("aided student")
        verbose_name_plural = _("aided students")

    def __str__(self) -> str:
        return f"{self.school} {self.grade}"

    def get_absolute_url(self) -> str:
        return reverse("services:student-list")


class HouseholdAssistance(AppendOnlyModel):
    """A household in hardship helped (困难职工帮扶)."""

    transaction = models.OneToOneField(
        FundTransaction, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="household_assistance"
    )
    head_of_household = models.CharField(_("head of household"), max_length=50)
    persons = models.PositiveIntegerField(_("persons in the household"), validators=[MinValueValidator(1)])
    kind_of_help = models.CharField(_("kind of help"), max_length=100)
    amount = MoneyField(_("amount (yuan)"))

    objects = LedgerDetailQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("household helped")
        verbose_name_plural = _("households helped")
        constraints = [
            models.CheckConstraint(
                condition=Q(persons__gte=1),
                name="household_has_persons",
                violation_error_message=_("A household has at least 1 person."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_of_help} ({self.persons})"

    def get_absolute_url(self) -> str:
        return reverse("services:household-list")


class MutualAidContribution(AppendOnlyModel):
    """What a member paid into a love / mutual-aid fund; the payout limit is a multiple of it."""

    transaction = models.OneToOneField(
        FundTransaction, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="contribution"
    )
    member_name = models.CharField(_("member"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])

    objects = LedgerDetailQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("mutual-aid contribution")
        verbose_name_plural = _("mutual-aid contributions")
        indexes = [models.Index(fields=["id_number"])]

    def __str__(self) -> str:
        return f"{self.transaction.fund} {yuan(self.transaction.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("services:mutual-aid-list")


class MutualAidPayout(AppendOnlyModel):
    """Mutual aid paid to a member in hardship, at most the fund's multiple of the member's
    contributions."""

    transaction = models.OneToOneField(
        FundTransaction, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="payout"
    )
    member_name = models.CharField(_("member"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    reason = models.CharField(_("hardship"), max_length=200)

    objects = LedgerDetailQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("mutual-aid payout")
        verbose_name_plural = _("mutual-aid payouts")
        indexes = [models.Index(fields=["id_number"])]

    def __str__(self) -> str:
        return f"{self.transaction.fund} {yuan(self.transaction.amount)}"

    def get_absolute_url(self) -> str:
        return reverse("services:mutual-aid-list")


class PayoutRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> PayoutRequestQuerySet:
        return scope(self, user, division="fund__division")


class PayoutRequest(models.Model):
    """A ledger payout above ``FUNDS_PAYOUT_COUNTERSIGN_ABOVE``: recorded by one staff member,
    posted to the ledger only when another staff member approves it (separation of duties)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        """What the approval posts: a plain ledger entry, or a beneficiary record with its entry."""

        LEDGER = "ledger", _("Ledger entry")
        STUDENT_AID = "student_aid", _("Student aid")
        ASSISTANCE = "assistance", _("Assistance to a household in hardship")
        MUTUAL_AID = "mutual_aid", _("Mutual-aid payout")

    kind = models.CharField(_("kind of payout"), max_length=20, choices=Kind.choices, default=Kind.LEDGER)
    #: The beneficiary record's own fields (student, school, household…), written when approved.
    details = models.JSONField(_("beneficiary details"), default=dict, blank=True)
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="payout_requests")
    occurred_on = models.DateField(_("date"))
    amount = MoneyField(_("amount (yuan)"))
    purpose = models.CharField(_("purpose"), max_length=200)
    payer = models.CharField(_("payer"), max_length=100, blank=True)
    beneficiary_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("beneficiary organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    beneficiary_person = models.CharField(_("beneficiary person"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    transaction = models.OneToOneField(
        FundTransaction,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_request",
    )

    history = HistoricalRecords()
    objects = PayoutRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("payout awaiting approval")
        verbose_name_plural = _("payouts awaiting approval")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(transaction__isnull=False),
                name="approved_payout_is_posted",
                violation_error_message=_("An approved payout must be posted to the ledger."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("services:payout-request-detail", args=[self.pk])
