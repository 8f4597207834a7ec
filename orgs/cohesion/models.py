"""Cohesion: joint meetings with other departments and the organizations' problems they solve."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import PrivateFile
from wangcang.scoping import scope
from wangcang.uploads import EvidenceValidator, PrivateUploadTo
from wangcang.validators import PlausibleValuesMixin

__all__ = ["CommitteeSeat", "Department", "JointMeeting", "MeetingAttachment", "Secondment", "TrackedIssue"]


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> DepartmentQuerySet:
        return scope(self, user, division="division")


class Department(models.Model):
    """A partner department of the joint meeting system (民政, 团委, 妇联 …) of one county;
    editable by that county's staff."""

    division = models.ForeignKey(
        "wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=50)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="department_name_once_per_division",
                violation_error_message=_("A department with this name already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JointMeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> JointMeetingQuerySet:
        if getattr(user, "is_org_user", False):
            from wangcang.scoping import user_organization_ids

            return self.filter(issues__organization__in=user_organization_ids(user)).distinct()
        return scope(self, user, division="division")


class JointMeeting(PlausibleValuesMixin, models.Model):
    """A meeting of the social-organization joint meeting system (联席会议)."""

    past_dates = ("held_on",)

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    departments = models.ManyToManyField(Department, verbose_name=_("departments present"), blank=True)
    attendees = models.TextField(_("people present"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords(m2m_fields=[departments])
    objects = JointMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {_('joint meeting')}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:meeting-detail", args=[self.pk])


class MeetingAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingAttachmentQuerySet:
        return self.filter(meeting__in=JointMeeting.objects.visible_to(user))


class MeetingAttachment(PrivateFile):
    """A file of a joint meeting: minutes as signed, sign-in sheet, photos."""

    meeting = models.ForeignKey(
        JointMeeting, verbose_name=_("joint meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=PrivateUploadTo("meetings"), validators=[EvidenceValidator()])

    objects = MeetingAttachmentQuerySet.as_manager()

    class Meta(PrivateFile.Meta):
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def get_absolute_url(self) -> str:
        return reverse("orgs:meeting-attachment", args=[self.pk])


class TrackedIssueQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrackedIssueQuerySet:
        return scope(self, user, division="division", organization="organization")

    def unresolved(self) -> TrackedIssueQuerySet:
        return self.exclude(status=TrackedIssue.Status.RESOLVED)

    def overdue(self, today) -> TrackedIssueQuerySet:
        """Not resolved and past the date it was due to be."""
        return self.unresolved().filter(due_on__lt=today)


class TrackedIssue(PlausibleValuesMixin, models.Model):
    """A problem of an organization that the union follows until it is resolved: raised at a
    joint meeting or carried from a self-report."""

    past_dates = ("raised_on", "resolved_on")
    date_order = (("raised_on", "due_on"), ("raised_on", "resolved_on"))

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    division = models.ForeignKey("wangcang.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracked_issues",
    )
    description = models.TextField(_("description"))
    meeting = models.ForeignKey(
        JointMeeting,
        verbose_name=_("raised at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    self_report_problem = models.OneToOneField(
        "orgs.SelfReportProblem",
        verbose_name=_("from self-report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracked_issue",
    )
    raised_on = models.DateField(_("raised on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("owner department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = TrackedIssueQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("tracked issue")
        verbose_name_plural = _("tracked issues")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="resolved") | models.Q(resolved_on__isnull=False),
                name="resolved_issue_has_date",
                violation_error_message=_("A resolved issue needs the date it was resolved."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def get_absolute_url(self) -> str:
        return reverse("orgs:issue-detail", args=[self.pk])

    def clean(self):
        super().clean()
        # An issue raised at a meeting was raised on or after the day the meeting was held.
        if self.meeting_id and self.raised_on and self.raised_on < self.meeting.held_on:
            raise ValidationError(
                {
                    "raised_on": _("An issue raised at a meeting cannot be raised before the meeting (%(date)s).")
                    % {"date": self.meeting.held_on.isoformat()}
                }
            )


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope(self, user, division="organization__division", organization="organization")

    def current(self, on):
        """Appointments in force on day ``on``: started on or before it, not ended before it."""
        return self.filter(starts_on__lte=on).filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))


class CommitteeSeat(PlausibleValuesMixin, models.Model):
    """A social-organization representative on the county union committee (工会委员会委员).

    A seat is entered once its term has begun: its start is not in the future (the end of
    the term may be)."""

    past_dates = ("starts_on",)
    date_order = (("starts_on", "ends_on"),)

    person = models.CharField(_("representative"), max_length=50)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    term = models.CharField(_("committee term"), max_length=30, help_text=_("For example, the 12th."))
    elected_at = models.CharField(
        _("elected at"),
        max_length=100,
        help_text=_("The plenary session, for example the second plenary session of the 12th committee."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "person"]
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="committee_seat_dates_ordered",
                violation_error_message=_("The end of the term cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.organization}）"

    def get_absolute_url(self) -> str:
        return reverse("orgs:appointment-list")


class Secondment(PlausibleValuesMixin, models.Model):
    """A union cadre or social worker seconded to a social organization (选派).

    Entered once the secondment has begun: its start is not in the future (its end may be)."""

    past_dates = ("starts_on",)
    date_order = (("starts_on", "ends_on"),)

    class Kind(models.TextChoices):
        CADRE = "cadre", _("Union cadre")
        SOCIAL_WORKER = "social_worker", _("Social worker")

    person = models.CharField(_("person"), max_length=50)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.SOCIAL_WORKER)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="secondments"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    duties = models.TextField(_("duties"), blank=True)

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "person"]
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="secondment_dates_ordered",
                violation_error_message=_("The end of the secondment cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:appointment-list")
