"""The incubation base (pillar 牌): spaces, admission, residencies, mentoring, trainings,
exchange visits, the support ledger and evaluations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import AppendOnlyModel, AppendOnlyQuerySet, MoneyField, PrivateFile
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin
from wangcang.wording import yuan

ORG_DIVISION = "organization__division"

# A resident whose latest evaluation averages at least this is a key cultivation target
# (重点培育对象): large social impact, good public service, high worker evaluation.
KEY_TARGET_THRESHOLD = Decimal("85")


class DivisionScopedQuerySet(models.QuerySet):
    division_path = "division"

    def visible_to(self, user):
        return scope(self, user, division=self.division_path)


class OrganizationScopedQuerySet(models.QuerySet):
    organization_path = "organization"

    def visible_to(self, user):
        return scope(self, user, division=f"{self.organization_path}__division", organization=self.organization_path)


# --- Spaces -----------------------------------------------------------------------------


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


# --- Admission ----------------------------------------------------------------------------


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


# --- Residencies ------------------------------------------------------------------------------


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


# --- Mentoring ---------------------------------------------------------------------------------


class Mentor(models.Model):
    """A mentor, invited expert or union liaison of the cultivation team."""

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=50)
    field = models.CharField(_("field"), max_length=100, blank=True)
    title = models.CharField(
        _("professional title"), max_length=50, blank=True, help_text=_("PhD, professor, senior social worker …")
    )
    affiliation = models.CharField(_("affiliation"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mentor or expert")
        verbose_name_plural = _("mentors and experts")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="incubator_mentor_unique_name",
                violation_error_message=_("A mentor or expert with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.title}".strip()


class TeamRole(models.Model):
    """A role of the "1+1+1" team (导师, 专家, 工会联络员); defined by staff."""

    name = models.CharField(
        _("name"),
        max_length=30,
        unique=True,
        error_messages={"unique": _("A team role with this name already exists.")},
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")

    def __str__(self) -> str:
        return self.name


class TeamMemberQuerySet(OrganizationScopedQuerySet):
    organization_path = "residency__organization"


class TeamMember(models.Model):
    residency = models.ForeignKey(Residency, verbose_name=_("residency"), on_delete=models.CASCADE, related_name="team")
    role = models.ForeignKey(TeamRole, verbose_name=_("role"), on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(Mentor, verbose_name=_("person"), on_delete=models.PROTECT, related_name="teams")

    history = HistoricalRecords()
    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["residency", "role__order"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["residency", "role"],
                name="incubator_one_person_per_role",
                violation_error_message=_("This residency's team already has someone in this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.mentor}"


class MentoringSessionQuerySet(OrganizationScopedQuerySet):
    organization_path = "residency__organization"


class MentoringSession(PlausibleValuesMixin, models.Model):
    past_dates = ("held_on",)

    class ServiceKind(models.TextChoices):
        CAPACITY = "capacity", _("Capacity building")
        MANAGEMENT = "management", _("Management services")
        PROJECT = "project", _("Project development")
        RESOURCES = "resources", _("Resource matching")
        PUBLIC_WELFARE = "public_welfare", _("Public-welfare practice")

    residency = models.ForeignKey(
        Residency, verbose_name=_("residency"), on_delete=models.CASCADE, related_name="mentoring_sessions"
    )
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("mentor"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    service_kind = models.CharField(_("one-stop service"), max_length=20, choices=ServiceKind.choices)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = MentoringSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


# --- Trainings and exchange visits ----------------------------------------------------------------


class TrainingQuerySet(DivisionScopedQuerySet):
    def visible_to(self, user):
        if getattr(user, "is_org_user", False):
            from wangcang.scoping import user_organization_ids

            return self.filter(attendances__organization__in=user_organization_ids(user)).distinct()
        return super().visible_to(user)


class Training(PlausibleValuesMixin, models.Model):
    class Kind(models.TextChoices):
        CAPACITY = "capacity", _("Capacity building")
        MANAGEMENT = "management", _("Management and finance")
        PROJECT = "project", _("Project design")
        PARTY_UNION = "party_union", _("Party and union work")
        SKILLS = "skills", _("Vocational skills")

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CAPACITY)

    history = HistoricalRecords()
    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incubator:training-detail", args=[self.pk])

    def clean(self):
        super().clean()
        # Planned ahead, a training may be dated in the future; once people signed in, it was held.
        if self.pk and self.held_on and self.held_on > timezone.localdate() and self.attendances.exists():
            raise ValidationError(
                {"held_on": _("People have signed in to this training: it cannot be dated in the future.")}
            )


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope(self, user, division="training__division", organization="organization")


class Attendance(PlausibleValuesMixin, models.Model):
    """One person signed in at one training (one 人次)."""

    phone_fields = ("phone",)

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="attendances"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubator_attendances",
    )
    person_name = models.CharField(_("person's name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["training", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "organization", "person_name"],
                name="incubator_sign_in_once",
                violation_error_message=_("This person has already signed in to this training for this organization."),
            )
        ]

    def __str__(self) -> str:
        return self.person_name

    @staticmethod
    def not_held_message(training) -> str:
        return _("The training of %(date)s has not been held yet: sign-ins are recorded on or after its day.") % {
            "date": training.held_on.isoformat()
        }

    def clean(self):
        super().clean()
        # A training may be planned ahead, but nobody has signed in to one not yet held.
        if self.training_id and self.training.held_on > timezone.localdate():
            raise ValidationError(self.not_held_message(self.training))


class ExchangeVisitQuerySet(DivisionScopedQuerySet):
    def visible_to(self, user):
        if getattr(user, "is_org_user", False):
            from wangcang.scoping import user_organization_ids

            return self.filter(organizations__in=user_organization_ids(user)).distinct()
        return super().visible_to(user)


class ExchangeVisit(PlausibleValuesMixin, models.Model):
    """An offshore-incubator study trip: organizations sent in rotation to learn elsewhere."""

    date_order = (("starts_on", "ends_on"),)

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    destination = models.CharField(_("destination"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    organizations = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("organizations sent"), related_name="incubator_visits"
    )
    learned = models.TextField(_("what was learned"), blank=True)

    history = HistoricalRecords(m2m_fields=[organizations])
    objects = ExchangeVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("exchange visit")
        verbose_name_plural = _("exchange visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="incubator_visit_dates_ordered",
                violation_error_message=_("The end of the visit cannot be before its start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.destination} {self.starts_on}"


# --- Support ledger ------------------------------------------------------------------------------


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


# --- Evaluations and brands --------------------------------------------------------------------------

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
