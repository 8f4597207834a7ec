"""Mentoring and training: mentors, 1+1+1 teams, sessions, trainings, exchange visits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.scoping import scope
from wangcang.validators import PlausibleValuesMixin

from .base import DivisionScopedQuerySet, OrganizationScopedQuerySet
from .residencies import Residency


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
