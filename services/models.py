"""Purchased services (pillar 臂); funds and their ledger live in ``services.funds``.

The union buys services from organizations (a law firm, a hospital, a training school, the
mental-health association, associations that run contests) under contracts with targets
per deliverable kind. Providers record what they delivered, with evidence; staff confirm
each delivery before it counts towards a target or a report figure.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import MoneyField, PrivateFile
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin, validate_id_number


class DeliverableKind(models.Model):
    """What a contract delivers (consultations, surgeries …): a list staff may extend.

    The seeded codes are fixed because figures read them; staff add kinds with new codes.
    """

    CONSULTATION = "consultation"
    TRAINING = "training"
    LEGAL_AID_CASE = "legal_aid_case"
    SURGERY = "surgery"
    COUNSELLING = "counselling"
    CONTEST = "contest"
    ADVISER_POSTING = "adviser_posting"
    OTHER = "other"

    SEEDED = (
        (CONSULTATION, _("Consultation"), 10),
        (TRAINING, _("Training or lecture"), 20),
        (LEGAL_AID_CASE, _("Legal-aid case"), 30),
        (SURGERY, _("Surgery"), 40),
        (COUNSELLING, _("Counselling session"), 50),
        (CONTEST, _("Contest"), 60),
        (ADVISER_POSTING, _("Adviser posting"), 70),
        (OTHER, _("Other"), 90),
    )

    code = models.SlugField(
        _("code"), max_length=30, unique=True, error_messages={"unique": _("A kind with this code already exists.")}
    )
    name = models.CharField(
        _("name"), max_length=50, unique=True, error_messages={"unique": _("A kind with this name already exists.")}
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("deliverable kind")
        verbose_name_plural = _("deliverable kinds")

    def __str__(self) -> str:
        # A seeded kind reads in the reader's language; a kind staff added keeps its name.
        label = SEEDED_LABELS.get(self.code)
        return str(label) if label is not None else self.name


SEEDED_LABELS = {code: label for code, label, _order in DeliverableKind.SEEDED}


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user) -> ContractQuerySet:
        return scope(self, user, division="division", organization="provider")

    def in_force(self, on) -> ContractQuerySet:
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class Contract(PlausibleValuesMixin, models.Model):
    """A purchased-service contract (政府购买服务 / 工会购买服务) with one provider."""

    past_dates = ("signed_on",)
    date_order = (("starts_on", "ends_on"),)

    class Category(models.TextChoices):
        LEGAL = "legal", _("Legal services")
        MEDICAL = "medical", _("Medical")
        TRAINING = "training", _("Training")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        CONTEST = "contest", _("Contest and culture")
        OTHER = "other", _("Other")

    division = models.ForeignKey(
        "wangcang.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division of the union that buys the service."),
    )
    provider = models.ForeignKey(
        "orgs.Organization", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="service_contracts"
    )
    title = models.CharField(_("title"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = MoneyField(_("amount (yuan)"), validators=[MinValueValidator(0)])
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    funding_source = models.CharField(
        _("funding source"),
        max_length=100,
        blank=True,
        help_text=_("For example, the Sichuan foundation for workers in hardship."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contract_ends_after_start",
                violation_error_message=_("The end of the contract cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="contract_amount_not_negative",
                violation_error_message=_("The contract amount cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:contract-detail", args=[self.pk])


class ContractTarget(models.Model):
    """How much of one deliverable kind a contract promises over its whole term."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="targets")
    kind = models.ForeignKey(DeliverableKind, verbose_name=_("deliverable kind"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])
    behind_since = models.DateField(
        _("behind schedule since"),
        null=True,
        blank=True,
        help_text=_("Set by the nightly progress check; cleared when deliveries catch up."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind__order", "kind__code"]
        verbose_name = _("contract target")
        verbose_name_plural = _("contract targets")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind"],
                name="one_target_per_contract_kind",
                violation_error_message=_("This contract already has a target of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="target_quantity_positive",
                violation_error_message=_("The target quantity must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.kind}: {self.quantity}"


class ContractDocument(PrivateFile):
    """The signed contract, its annexes, acceptance reports: private files."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(
        _("file"), upload_to=PrivateUploadTo("services/contracts"), validators=[EvidenceValidator()]
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta(PrivateFile.Meta):
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")

    def get_absolute_url(self) -> str:
        return reverse("services:document-file", args=[self.pk])


class DeliveryQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeliveryQuerySet:
        return scope(self, user, division="contract__division", organization="contract__provider")

    def confirmed(self) -> DeliveryQuerySet:
        return self.filter(status=Delivery.Status.CONFIRMED)


class Delivery(PlausibleValuesMixin, models.Model):
    """One service record: what a provider delivered on a day under a contract.

    Only confirmed deliveries count towards targets and figures; unconfirmed ones are
    shown, marked, until staff confirm them.
    """

    past_dates = ("delivered_on",)

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        CONFIRMED = "confirmed", _("Confirmed")

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="deliveries"
    )
    kind = models.ForeignKey(DeliverableKind, verbose_name=_("deliverable kind"), on_delete=models.PROTECT)
    delivered_on = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    persons_served = models.PositiveIntegerField(_("persons served (person-times)"), default=0)
    place = models.CharField(_("place"), max_length=100, blank=True)
    served_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services_received",
    )
    served_union = models.ForeignKey(
        "orgs.UnionBranch",
        verbose_name=_("union served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services_received",
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="delivery_quantity_positive",
                violation_error_message=_("The quantity delivered must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(status="unconfirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_delivery_has_time",
                violation_error_message=_("A confirmed delivery needs the time it was confirmed."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "delivered_on"]),
            # The list's default sort, read from either end (wangcang.pagination.ListPaginator).
            models.Index(fields=["delivered_on", "id"], name="delivery_list_idx"),
            # Covers the indicator aggregates: they read these columns only, so the index
            # answers them without visiting the table (bench/indicators.py).
            models.Index(
                fields=["contract", "status", "kind", "quantity", "persons_served"], name="delivery_figures_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} {self.kind} × {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("services:delivery-detail", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class DeliveryEvidence(PrivateFile):
    """A sign-in sheet, a photo or another proof of a delivery."""

    class Kind(models.TextChoices):
        SIGN_IN_SHEET = "sign_in_sheet", _("Sign-in sheet")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.SIGN_IN_SHEET)
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("services/evidence"), validators=[EvidenceValidator()])

    class Meta(PrivateFile.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def get_absolute_url(self) -> str:
        return reverse("services:evidence-file", args=[self.pk])

    @property
    def is_image(self) -> bool:
        """Shown as a thumbnail on the delivery page (the type was checked by content on upload)."""
        return self.file.name.lower().endswith((".png", ".jpg", ".jpeg"))


class ContestResult(models.Model):
    """A prize of a contest delivery (the 川茶 hand-made tea contest, the photography contest …)."""

    delivery = models.ForeignKey(Delivery, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="results")
    award = models.CharField(_("award"), max_length=50, help_text=_("For example, first prize."))
    winner = models.CharField(_("winner"), max_length=50)
    winner_organization = models.CharField(_("winner's unit"), max_length=100, blank=True)
    entry_title = models.CharField(_("work or entry"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["delivery", "pk"]
        verbose_name = _("contest result")
        verbose_name_plural = _("contest results")

    def __str__(self) -> str:
        return f"{self.award} {self.winner}"


class LegalAidCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> LegalAidCaseQuerySet:
        return scope(self, user, division="contract__division", organization="contract__provider")

    def confirmed(self) -> LegalAidCaseQuerySet:
        return self.filter(status=LegalAidCase.Status.CONFIRMED)


class LegalAidCase(PlausibleValuesMixin, models.Model):
    """A worker represented by the contracted law firm (法律援助案件)."""

    past_dates = ("accepted_on", "closed_on")
    date_order = (("accepted_on", "closed_on"),)

    class Kind(models.TextChoices):
        LITIGATION = "litigation", _("Litigation")
        ARBITRATION = "arbitration", _("Labour arbitration")
        MEDIATION = "mediation", _("Mediation")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        WON = "won", _("Won")
        SETTLED = "settled", _("Settled")
        LOST = "lost", _("Lost")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Status = Delivery.Status

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="legal_aid_cases"
    )
    worker_name = models.CharField(_("worker"), max_length=50)
    worker_id_number = models.CharField(
        _("worker's ID number"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
        help_text=_("Shown masked; only staff may see the full number, and each view is logged."),
    )
    employer = models.CharField(_("employer"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    accepted_on = models.DateField(_("accepted on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_notes = models.TextField(_("outcome details"), blank=True)
    amount_recovered = MoneyField(_("amount recovered (yuan)"), validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["worker_id_number"])
    objects = LegalAidCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-accepted_on", "-pk"]
        verbose_name = _("legal-aid case")
        verbose_name_plural = _("legal-aid cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_recovered__gte=0),
                name="case_recovered_not_negative",
                violation_error_message=_("The amount recovered cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("accepted_on")),
                name="case_closes_after_acceptance",
                violation_error_message=_("A case cannot be closed before it was accepted."),
            ),
        ]

    def __str__(self) -> str:
        from wangcang.personal import mask_name

        return f"{mask_name(self.worker_name)} / {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("services:case-detail", args=[self.pk])

    def clean(self) -> None:

        from wangcang.validators import clean_id_number

        if self.worker_id_number:
            self.worker_id_number = clean_id_number(self.worker_id_number)


class AdviserPostingQuerySet(models.QuerySet):
    def visible_to(self, user) -> AdviserPostingQuerySet:
        return scope(self, user, division="contract__division", organization="contract__provider")

    def posted_on(self, day) -> AdviserPostingQuerySet:
        return self.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))


class AdviserPosting(PlausibleValuesMixin, models.Model):
    """A lawyer of the contracted firm posted as legal adviser to an enterprise union."""

    date_order = (("starts_on", "ends_on"),)

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="advisers"
    )
    lawyer = models.CharField(_("lawyer"), max_length=50)
    union = models.ForeignKey(
        "orgs.UnionBranch",
        verbose_name=_("union branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_advisers",
    )
    union_name = models.CharField(
        _("enterprise union"), max_length=100, blank=True, help_text=_("When the union is not in the registry.")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while the lawyer stays posted."))

    history = HistoricalRecords()
    objects = AdviserPostingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("legal adviser posting")
        verbose_name_plural = _("legal adviser postings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="posting_ends_after_start",
                violation_error_message=_("The end of the posting cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(union__isnull=False) | ~Q(union_name=""),
                name="posting_names_a_union",
                violation_error_message=_("Choose a union branch or write the enterprise union's name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer} → {self.union_label}"

    @property
    def union_label(self) -> str:
        return str(self.union) if self.union_id else self.union_name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.union_id is None and not self.union_name:
            raise ValidationError({"union_name": _("Choose a union branch or write the enterprise union's name.")})


from .funds.models import *  # noqa: E402, F403
