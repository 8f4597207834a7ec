"""The registry: social organizations, their union branches and members (pillar 基)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Right
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangcang.models import Division
from wangcang.scoping import scope
from wangcang.validators import PlausibleValuesMixin, clean_id_number, clean_uscc, validate_id_number, validate_uscc


class TownQuerySet(models.QuerySet):
    def visible_to(self, user) -> TownQuerySet:
        return scope(self, user, division="division")


class Town(models.Model):
    """A town, township, community or village (镇/乡/社区/村) inside a county."""

    class Kind(models.TextChoices):
        TOWN = "town", _("Town")
        TOWNSHIP = "township", _("Township")
        STREET = "street", _("Subdistrict")
        COMMUNITY = "community", _("Community")
        VILLAGE = "village", _("Village")

    division = models.ForeignKey(Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="towns")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOWN)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = TownQuerySet.as_manager()

    class Meta:
        ordering = ["division", "name"]
        verbose_name = _("town or community")
        verbose_name_plural = _("towns and communities")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="town_unique_name_in_division",
                violation_error_message=_("This county already has a town or community with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        return scope(self, user, division="division", organization="pk")

    def active(self) -> OrganizationQuerySet:
        return self.filter(status=Organization.Status.ACTIVE)

    def social(self) -> OrganizationQuerySet:
        """Social organizations proper: social groups, service institutions, foundations."""
        return self.filter(kind__in=Organization.SOCIAL_KINDS)

    def in_division(self, code: str) -> OrganizationQuerySet:
        from wangcang.models import division_prefix

        return self.filter(division__code__startswith=division_prefix(code))


class Organization(PlausibleValuesMixin, models.Model):
    past_dates = ("established_on", "status_changed_on")
    date_order = (("established_on", "status_changed_on"),)
    phone_fields = ("contact_phone",)

    class Kind(models.TextChoices):
        SOCIAL_GROUP = "social_group", _("Social group")
        SERVICE_INSTITUTION = "service_institution", _("Social service institution")
        FOUNDATION = "foundation", _("Foundation")
        # Not a social organization, but kept in the registry because a union covers it or
        # the union buys services from it: cooperatives, law firms, enterprises.
        OTHER = "other", _("Other unit (cooperative, law firm …)")

    SOCIAL_KINDS = (Kind.SOCIAL_GROUP, Kind.SERVICE_INSTITUTION, Kind.FOUNDATION)

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        DEREGISTERED = "deregistered", _("Deregistered")

    class Industry(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and tea")
        COMMERCE = "commerce", _("Commerce and e-commerce")
        CHARITY = "charity", _("Charity and volunteering")
        EDUCATION = "education", _("Education and training")
        HEALTH = "health", _("Health and medicine")
        LEGAL = "legal", _("Legal services")
        CULTURE = "culture", _("Culture, arts and sports")
        SOCIAL_SERVICE = "social_service", _("Social services")
        SCIENCE = "science", _("Science and technology")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        error_messages={"unique": _("This unified social credit code is already registered.")},
        validators=[validate_uscc],
        help_text=_("18 characters, as on the registration certificate."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration_authority = models.CharField(
        _("registration authority"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the civil affairs bureau of the organization's division, e.g. 青川县民政局."),
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="organizations"
    )
    town = models.ForeignKey(
        Town,
        verbose_name=_("town or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    industry = models.CharField(_("industry or field"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), default=0)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField(
        _("status changed on"),
        null=True,
        blank=True,
        help_text=_("When the organization was suspended or deregistered."),
    )
    has_party_org = models.BooleanField(_("has a party organization"), default=False)
    party_org_name = models.CharField(_("party organization"), max_length=100, blank=True)
    party_secretary = models.CharField(_("party secretary"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")
        indexes = [models.Index(fields=["division", "status"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.fill_registration_authority()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orgs:organization-detail", args=[self.pk])

    def clean(self) -> None:
        if self.uscc:
            self.uscc = clean_uscc(self.uscc)
        self.fill_registration_authority()

    def fill_registration_authority(self) -> None:
        """Social organizations register with the civil affairs bureau of their own
        county: derived from the division when not given, never another county's."""
        if not self.registration_authority and self.division_id:
            self.registration_authority = default_registration_authority(self.division)


def default_registration_authority(division: Division) -> str:
    """``旺苍县`` → ``旺苍县民政局``."""
    return f"{division.name}民政局"


class UnionBranchQuerySet(models.QuerySet):
    def visible_to(self, user) -> UnionBranchQuerySet:
        # Organization users see the branch of their own organization and the branches
        # that cover it.
        if getattr(user, "is_org_user", False):
            from wangcang.scoping import user_organization_ids

            ids = user_organization_ids(user)
            return self.filter(
                Q(organization__in=ids) | Q(covered_organizations__in=ids) | Q(members__organization__in=ids)
            ).distinct()
        return scope(self, user, division="division", organization="organization")


class UnionBranch(PlausibleValuesMixin, models.Model):
    """A union organization (工会组织) at one of four levels."""

    past_dates = ("founded_on",)

    class Level(models.TextChoices):
        COUNTY_FEDERATION = "county", _("County federation of trade unions")
        INDUSTRY = "industry", _("Industry or joint union")
        COMMUNITY = "community", _("Town or community union")
        ORGANIZATION = "organization", _("Organization union")

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=15, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="union_branches"
    )
    town = models.ForeignKey(
        Town,
        verbose_name=_("town or community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="union_branches",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_unions",
        help_text=_("For an organization union: the organization it belongs to."),
    )
    covered_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("covered organizations"),
        blank=True,
        related_name="covering_unions",
        help_text=_("For an industry or community union: the organizations whose workers it takes in."),
    )
    industry = models.CharField(
        _("industry or field"),
        max_length=20,
        choices=Organization.Industry.choices,
        blank=True,
        help_text=_("For an industry union: the field whose organizations it takes in."),
    )
    chair = models.CharField(_("chair"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[covered_organizations])
    objects = UnionBranchQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("union branch")
        verbose_name_plural = _("union branches")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(level="organization"),
                name="one_union_per_organization",
                violation_error_message=_("This organization already has its own union."),
            ),
            models.CheckConstraint(
                condition=(Q(level="organization") & Q(organization__isnull=False))
                | (~Q(level="organization") & Q(organization__isnull=True)),
                name="organization_union_has_organization",
                violation_error_message=_(
                    "An organization's own union names its organization; a union of another level names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:branch-detail", args=[self.pk])


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> MemberQuerySet:
        return scope(self, user, division="branch__division", organization="organization")

    def current(self, on=None) -> MemberQuerySet:
        """Members on the books on day ``on`` (today when ``None``)."""
        if on is None:
            return self.filter(left_on__isnull=True)
        return self.filter(Q(joined_on__lte=on) | Q(joined_on__isnull=True)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on)
        )


class Member(PlausibleValuesMixin, models.Model):
    """A union member who works for a social organization."""

    past_dates = ("joined_on", "left_on")
    date_order = (("joined_on", "left_on"),)
    phone_fields = ("phone",)

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class JoinPath(models.TextChoices):
        OWN = "own", _("Own union (point)")
        INDUSTRY = "industry", _("Industry union (line)")
        INDIVIDUAL = "individual", _("Individual join at a community union (area)")

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        validators=[validate_id_number],
        help_text=_("Shown masked; only staff may see the full number, and each view is logged."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    branch = models.ForeignKey(
        UnionBranch, verbose_name=_("union branch"), on_delete=models.PROTECT, related_name="members"
    )
    join_path = models.CharField(_("join path"), max_length=12, choices=JoinPath.choices)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["id_number"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # A person is a member of one branch at a time.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(left_on__isnull=True),
                name="member_one_current_branch",
                violation_error_message=_("This person is already a member of a union branch."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
                violation_error_message=_("The date of leaving cannot be before the date of joining."),
            ),
        ]
        indexes = [
            # Covers the member counts of the indicators (bench/indicators.py).
            models.Index(fields=["branch", "left_on", "joined_on", "join_path"], name="member_figures_idx"),
            models.Index(fields=["organization", "left_on"]),
            # The union status of a page of organizations (orgs.queries.add_union_status):
            # their current members who joined a community union individually.
            models.Index(
                fields=["organization", "join_path"], condition=Q(left_on__isnull=True), name="member_current_path_idx"
            ),
            # The list's default sort, read from either end (wangcang.pagination.ListPaginator).
            models.Index(fields=["name", "id"], name="member_list_idx"),
            # The search by the last four characters of the ID number (orgs.search).
            models.Index(Right("id_number", 4), name="member_id_last_four_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.id_number:
            self.id_number = clean_id_number(self.id_number)


# The other parts of the app keep their models in their own packages.
from .cohesion.models import *  # noqa: E402, F403
from .selfreports.models import *  # noqa: E402, F403
