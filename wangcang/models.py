"""What every app shares: accounts and roles, divisions, notifications, background jobs,
the log of personal-data views, and the append-only base for financial records."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from simple_history.models import HistoricalRecords

from .validators import PlausibleValuesMixin


def MoneyField(verbose_name=None, **kwargs) -> models.DecimalField:  # noqa: N802
    """Decimal yuan with two places; never float."""
    kwargs.setdefault("max_digits", 14)
    kwargs.setdefault("decimal_places", 2)
    kwargs.setdefault("default", Decimal("0.00"))
    return models.DecimalField(verbose_name, **kwargs)


class DivisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DivisionQuerySet:
        """The user's own division and those below it (what they may file records under)."""
        from .scoping import user_division_prefix

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        prefix = user_division_prefix(user) if user.role in (User.Role.STAFF, User.Role.OFFICIAL) else None
        return self.filter(code__startswith=prefix) if prefix else self.none()


class Division(models.Model):
    """An administrative division (GB/T 2260), keyed by its six-digit code.

    The codes nest by prefix: province ``51``, city ``5108``, county ``510821``. A user of a
    division sees that division and everything below it, found by that prefix.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    union_name = models.CharField(
        _("union federation name"),
        max_length=60,
        blank=True,
        help_text=_(
            "The county (city, province) federation of trade unions, e.g. 青川县总工会; empty: the division's name followed by 总工会."
        ),
    )
    # Bumped in the transaction of every write to a record that feeds the indicator
    # catalogue (reports/freshness.py); a stored snapshot is used only while the sum over
    # the division's subtree is the one it was computed at.
    figures_generation = models.PositiveBigIntegerField(_("figures generation"), default=0, editable=False)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return division_prefix(self.code)

    @property
    def federation_name(self) -> str:
        """The union federation of the division: 旺苍县总工会, 广元市总工会."""
        return self.union_name or f"{self.name}总工会"

    def clean(self) -> None:
        if not (self.code.isdigit() and len(self.code) == 6):
            raise ValidationError({"code": _("A division code has six digits.")})


def division_prefix(code: str) -> str:
    """``510000`` → ``51``, ``510800`` → ``5108``, ``510821`` → ``510821``."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class User(PlausibleValuesMixin, AbstractUser):
    phone_fields = ("phone",)

    class Role(models.TextChoices):
        STAFF = "staff", _("County union staff")
        ORG = "org", _("Social organization user")
        OFFICIAL = "official", _("Official")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ORG)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Staff and officials see this division and everything below it."),
    )
    organizations = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("organizations"),
        blank=True,
        related_name="users",
        help_text=_("The organizations an organization user reports for."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Role, division and organization links change what a person may see: keep who changed
    # them and when. The password hash and the login time stay out of the history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[organizations])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._stored_credentials = (user.__dict__.get("password"), user.__dict__.get("is_active"))
        return user

    def save(self, *args, **kwargs):
        """A changed password or a disabled account revokes every API token of the user."""
        super().save(*args, **kwargs)
        stored = getattr(self, "_stored_credentials", None)
        if stored is not None and (stored[0] != self.password or (stored[1] and not self.is_active)):
            self.auth_token_set.all().delete()
        self._stored_credentials = (self.password, self.is_active)

    @property
    def is_union_staff(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.STAFF)

    @property
    def is_official(self) -> bool:
        return self.is_active and self.role == self.Role.OFFICIAL and not self.is_superuser

    @property
    def is_org_user(self) -> bool:
        return self.is_active and self.role == self.Role.ORG and not self.is_superuser

    def unread_notification_count(self) -> int:
        """Unread notifications, counted once per loaded user (one request): the navbar
        and the home page both show it."""
        if not hasattr(self, "_unread_notifications"):
            self._unread_notifications = self.notifications.in_portal().filter(read_at__isnull=True).count()
        return self._unread_notifications


class NotificationQuerySet(models.QuerySet):
    def in_portal(self) -> NotificationQuerySet:
        """The notifications the recipient chose to see in the portal."""
        return self.filter(in_portal=True)


class Notification(models.Model):
    """A message to one person, stored once per ``key``: the same reminder for the same
    stage is never stored or sent twice, across runs and retries. Its ``kind``
    (``wangcang.notifications``) and the recipient's preferences for that kind decide where
    it goes: the portal, a single e-mail, an SMS, or the next daily digest e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=50, default="general")
    in_portal = models.BooleanField(_("shown in the portal"), default=True)
    in_digest = models.BooleanField(_("in the daily digest"), default=False)
    digested_at = models.DateTimeField(_("digest sent at"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_key",
                violation_error_message=_("This notification was already sent to this person."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self):
        from .notifications import registry

        found = registry().get(self.kind)
        return found.label if found else ""


class NotificationPreference(models.Model):
    """How one person wants the notifications of one kind. No row: the kind's defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=50)
    in_portal = models.BooleanField(_("in the portal"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)
    digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_("One e-mail a day with these messages instead of a message each time."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notification_preference_once_per_kind",
                violation_error_message=_("This person already has a preference for this kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class CalendarFeed(models.Model):
    """A person's private calendar subscription. Only the SHA-256 of the secret in its URL
    is stored: the URL is shown once, and making a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(
        _("token hash"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("This calendar link is already in use; make a new one.")},
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class BackgroundJob(models.Model):
    """Long work (imports, PDF rendering, large exports) run by a Celery task.

    The page that started it polls the job and shows its progress, then the result. A job
    always ends: its failure is recorded with a message for the user, and a job whose
    worker vanished is failed by the sweep (``wangcang.jobs.sweep``) once past its limit.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The id of the one broker message that may run this job: a redelivery of that message
    # (its worker was lost) resumes the job, any other message for it is ignored.
    task_id = models.CharField(_("task id"), max_length=50, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retry_of = models.ForeignKey(
        "self",
        verbose_name=_("retry of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retries",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def can_retry(self) -> bool:
        from .jobs import can_retry

        return can_retry(self)


class PersonalDataAccess(models.Model):
    """One row each time a staff member asks to see an unmasked ID number or phone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=40)
    field = models.CharField(_("field"), max_length=50)
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.user} {self.model}#{self.object_id}.{self.field}"


class PrivateFile(models.Model):
    """What every private upload keeps besides its file: the name it was uploaded under (the
    stored name is random), who uploaded it and when. Subclasses declare ``file`` with their
    own folder (``PrivateUploadTo``) and the record the file belongs to."""

    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Each subclass gets its own history table: deleting an attachment leaves who and when.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AppendOnlyError(ValidationError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes bypass ``save()``; refuse them as well."""

    def update(self, **kwargs):
        raise AppendOnlyError(_("A posted entry cannot be changed; record a reversing entry instead."))

    def delete(self):
        raise AppendOnlyError(_("A posted entry cannot be deleted; record a reversing entry instead."))


class AppendOnlyModel(models.Model):
    """A posted financial record: never edited, never deleted. A correction is a new,
    reversing entry that points at the one it reverses. Subclasses that define their own
    QuerySet derive it from ``AppendOnlyQuerySet``."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(_("A posted entry cannot be changed; record a reversing entry instead."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("A posted entry cannot be deleted; record a reversing entry instead."))


class ApiToken(AbstractAuthToken):
    """A named API token. Only a hash of the token is stored (django-rest-knox); the token
    itself is shown once, when it is created."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class WriteOnce(models.Model):
    """A claimed one-time key: a form's token or an API ``Idempotency-Key``, per user. The key
    is claimed in the same transaction as the write it guards, so that a second submit of the
    same key finds the first result here instead of writing again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    key = models.CharField(_("key"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)

    class Meta:
        verbose_name = _("submitted write")
        verbose_name_plural = _("submitted writes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="write_once_user_key",
                violation_error_message=_("This form has already been submitted."),
            )
        ]

    def __str__(self) -> str:
        return self.key


class SavedFilter(models.Model):
    """A list page's filters saved under a name by one user, shown as a tab above the list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    list_key = models.CharField(_("list"), max_length=100, help_text=_("The list page's path."))
    name = models.CharField(_("name"), max_length=40)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["list_key", "pk"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_key", "name"],
                name="saved_filter_unique_name",
                violation_error_message=_("You already saved filters of this list under this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.list_key}?{self.query}" if self.query else self.list_key


def organization_model():
    """The organization model that users are linked to (``orgs.Organization``), reached
    through the User model's own relation: ``wangcang`` does not import the apps built on it."""
    return User._meta.get_field("organizations").related_model
