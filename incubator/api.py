"""Serializers and viewsets of /api/v1/ for the incubation base: the same queries and
actions as the pages."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    StaffWritesMixin,
    VersionedUpdateMixin,
    idempotent,
)

from . import actions, queries
from .models import (
    Application,
    Attendance,
    Batch,
    Criterion,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    TeamRole,
    Training,
)


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "division", "name", "address"]
        read_only_fields = ["division"]
        validators = []  # one name per division: checked by full_clean in the action, division filled in


class SiteViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Sites of the incubation base, in the staff member's division."""

    queryset = Site.objects.all()
    serializer_class = SiteSerializer

    def get_queryset(self):
        return Site.objects.visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer):
        serializer.instance = actions.site_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {"name": serializer.instance.name, "address": serializer.instance.address}
        data.update(serializer.validated_data)
        serializer.instance = actions.site_update(user=self.request.user, site=serializer.instance, **data)


class SpaceSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    site = serializers.CharField(source="site.name", read_only=True)
    division = serializers.CharField(source="site.division_id", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "division", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]


class SpaceWriteSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["site", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]
        validators = []  # one name per site: checked by full_clean in the action


class _SpaceCreate:
    def create(self, request, *args, **kwargs):
        payload = SpaceWriteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        space = actions.space_create(user=request.user, **payload.validated_data)
        fresh = self.get_queryset().get(pk=space.pk)
        return Response(SpaceSerializer(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=SpaceWriteSerializer, responses={201: SpaceSerializer}))
class SpaceViewSet(
    StaffWritesMixin, ScopedViewSetMixin, IdempotentCreateMixin, _SpaceCreate, viewsets.ReadOnlyModelViewSet
):
    """Spaces (rooms, desks) of the base's sites; staff add them (``POST``)."""

    serializer_class = SpaceSerializer
    queryset = Space.objects.all()
    filterset_fields = ["kind", "site"]

    def get_queryset(self):
        return queries.spaces_for(self.request.user).order_by("pk")


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "weight", "max_score", "order"]
        read_only_fields = ["order"]


class BatchSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Batch
        fields = ["id", "division", "name", "year", "status", "closes_on", "criteria"]
        read_only_fields = ["division", "status"]
        validators = []  # one name per division and year: checked by full_clean in the action


class BatchViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Admission batches with their weighted criteria. Staff create a draft batch, add
    criteria (``POST …/{id}/criteria/``) and open it (``POST …/{id}/publish/``)."""

    queryset = Batch.objects.all()
    serializer_class = BatchSerializer
    filterset_fields = ["status", "year"]

    def get_queryset(self):
        return Batch.objects.visible_to(self.request.user).prefetch_related("criteria").order_by("-year", "-pk")

    def perform_create(self, serializer):
        serializer.instance = actions.batch_create(user=self.request.user, **serializer.validated_data)

    def _answer(self, batch, code=status.HTTP_200_OK):
        return Response(BatchSerializer(self.get_queryset().get(pk=batch.pk)).data, status=code)

    @extend_schema(request=CriterionSerializer, responses={201: BatchSerializer})
    @action(detail=True, methods=["post"], serializer_class=CriterionSerializer)
    @idempotent
    def criteria(self, request, pk=None):
        """Add an admission criterion with its weight (not to a closed batch)."""
        batch = self.get_object()
        payload = CriterionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.criterion_add(user=request.user, batch=batch, **payload.validated_data)
        return self._answer(batch, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BatchSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Open a draft batch for applications; it needs at least one criterion."""
        return self._answer(actions.batch_publish(user=request.user, batch=self.get_object()))


class ApplicationSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    unscoped_relations = {"batch": "Open batches are published to every organization; the action checks the area."}

    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    batch = serializers.PrimaryKeyRelatedField(queryset=Batch.objects.filter(status=Batch.Status.OPEN))
    submit = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Application
        fields = [
            "id",
            "batch",
            "organization",
            "organization_name",
            "project_plan",
            "field",
            "staff_count",
            "help_wanted",
            "status",
            "decision_reason",
            "org_response",
            "submitted_on",
            "decided_on",
            "submit",
        ]
        read_only_fields = ["status", "decision_reason", "org_response", "decided_on"]
        extra_kwargs = {
            "submitted_on": {
                "help_text": "Staff applying on behalf of an organization of their scope (or recording an "
                "application made earlier on paper): the day it was submitted, today if omitted; it is "
                "submitted at once. Organizations leave it out: their submission is dated today."
            }
        }


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["admitted", "rejected", "more_info"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationViewSet(
    ScopedViewSetMixin, IdempotentCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Organizations create (and submit) their applications; staff apply on behalf of an
    organization of their scope (submitted at once) and decide with ``decide``."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.all()
    filterset_fields = ["status", "batch"]

    def get_queryset(self):
        return queries.applications_for(self.request.user).order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("submitted_on") is None and getattr(self.request.user, "is_union_staff", False):
            # Staff apply on behalf of an organization of their scope: submitted at once, today.
            data["submitted_on"] = timezone.localdate()
        serializer.instance = actions.application_create(user=self.request.user, **data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = actions.application_submit(user=request.user, application=self.get_object())
        return Response(self.get_serializer(application).data)

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], serializer_class=DecisionSerializer)
    def decide(self, request, pk=None):
        application = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.application_decide(user=request.user, application=application, **serializer.validated_data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_200_OK)


class OccupancySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    space = serializers.CharField(source="space.name", read_only=True)

    class Meta:
        model = Occupancy
        fields = ["space", "area_m2", "starts_on", "ends_on"]


class TeamPlaceSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="role.name", read_only=True)
    mentor_name = serializers.CharField(source="mentor.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["role", "role_name", "mentor", "mentor_name"]
        read_only_fields = fields


class ResidencySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    occupancies = OccupancySerializer(many=True, read_only=True)
    team = TeamPlaceSerializer(many=True, read_only=True, help_text='The "1+1+1" team.')

    class Meta:
        model = Residency
        fields = [
            "id",
            "organization",
            "organization_name",
            "started_on",
            "ended_on",
            "status",
            "venue_waiver",
            "utilities_waiver",
            "training_waiver",
            "services_waiver",
            "graduation_summary",
            "exit_reason",
            "occupancies",
            "team",
        ]


class ResidencyStartSerializer(ScopedRelationsMixin, serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(
        queryset=Application.objects.filter(status=Application.Status.ADMITTED),
        help_text="An admitted application.",
    )
    started_on = serializers.DateField()
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.all(), required=False, allow_null=True)
    area_m2 = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    agreed_grants = serializers.CharField(required=False, allow_blank=True, default="")
    venue_waiver = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    utilities_waiver = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    training_waiver = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    services_waiver = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)


class GraduateSerializer(serializers.Serializer):
    on = serializers.DateField()
    summary = serializers.CharField(help_text="What the organization became (孵化成功).")


class ExitSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField()


class TeamMemberSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    unscoped_relations = {"role": "Team roles (导师, 专家, 工会联络员) are shared reference data of every division."}

    role = serializers.PrimaryKeyRelatedField(queryset=TeamRole.objects.all())
    mentor = serializers.PrimaryKeyRelatedField(queryset=Mentor.objects.all())

    class Meta:
        model = TeamMember
        fields = ["id", "role", "mentor"]
        validators = []  # one person per role: the action replaces the role's person


class MentoringSessionSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = MentoringSession
        fields = ["id", "held_on", "mentor", "topic", "service_kind", "notes"]


class ResidencyViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Residencies. Staff start one from an admitted application (``POST``), and end it with
    ``POST …/{id}/graduate/`` (孵化成功) or ``POST …/{id}/exit/``."""

    serializer_class = ResidencySerializer
    queryset = Residency.objects.all()
    filterset_fields = ["status"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def _answer(self, residency, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=residency.pk)
        return Response(ResidencySerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ResidencyStartSerializer, responses={201: ResidencySerializer})
    def create(self, request, *args, **kwargs):
        payload = ResidencyStartSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        residency = actions.residency_start(user=request.user, **payload.validated_data)
        return self._answer(residency, status.HTTP_201_CREATED)

    @extend_schema(request=GraduateSerializer, responses=ResidencySerializer)
    @action(detail=True, methods=["post"], serializer_class=GraduateSerializer)
    def graduate(self, request, pk=None):
        residency = self.get_object()
        payload = GraduateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.residency_graduate(user=request.user, residency=residency, **payload.validated_data)
        return self._answer(residency)

    @extend_schema(request=ExitSerializer, responses=ResidencySerializer)
    @action(detail=True, methods=["post"], url_path="exit", serializer_class=ExitSerializer)
    def exit_(self, request, pk=None):
        residency = self.get_object()
        payload = ExitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.residency_exit(user=request.user, residency=residency, **payload.validated_data)
        return self._answer(residency)

    @extend_schema(request=TeamMemberSerializer, responses={201: TeamMemberSerializer})
    @action(detail=True, methods=["post"], serializer_class=TeamMemberSerializer)
    @idempotent
    def team(self, request, pk=None):
        """Put a person in a role of the residency's "1+1+1" team (replacing whoever held it)."""
        residency = self.get_object()
        payload = TeamMemberSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        member = actions.team_member_set(user=request.user, residency=residency, **payload.validated_data)
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MentoringSessionSerializer, responses={201: MentoringSessionSerializer})
    @action(detail=True, methods=["post"], serializer_class=MentoringSessionSerializer)
    @idempotent
    def sessions(self, request, pk=None):
        """Record a mentoring session (one-stop service) with the resident organization."""
        residency = self.get_object()
        payload = MentoringSessionSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        session = actions.mentoring_session_record(user=request.user, residency=residency, **payload.validated_data)
        return Response(MentoringSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        return (
            Residency.objects.visible_to(self.request.user)
            .select_related("organization")
            .prefetch_related("occupancies__space", "team__role", "team__mentor")
            .order_by("-pk")
        )


class TrainingSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    trainee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "title", "held_on", "hours", "trainer", "place", "kind", "trainee_count"]


class AttendanceSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "person_name", "organization", "phone"]
        validators = []  # one sign-in per person: checked by the action, which names the person


class TrainingViewSet(
    StaffWritesMixin, ScopedViewSetMixin, IdempotentCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Trainings of the base; staff create them (``POST``) and sign trainees in."""

    serializer_class = TrainingSerializer
    queryset = Training.objects.all()
    filterset_fields = ["kind"]

    def get_queryset(self):
        return queries.trainings_for(self.request.user).order_by("-held_on", "pk")

    def perform_create(self, serializer):
        training = actions.training_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=training.pk)

    @extend_schema(request=AttendanceSerializer, responses={201: AttendanceSerializer})
    @action(
        detail=True,
        methods=["post"],
        serializer_class=AttendanceSerializer,
        permission_classes=[IsAuthenticated, IsUnionStaff],
    )
    @idempotent
    def attendance(self, request, pk=None):
        """Sign a trainee in (人次); the same person twice answers 400."""
        training = self.get_object()
        payload = AttendanceSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        attendance = actions.attendance_sign_in(user=request.user, training=training, **payload.validated_data)
        return Response(AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)


class ExchangeVisitSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = ExchangeVisit
        fields = ["id", "division", "destination", "starts_on", "ends_on", "organizations", "learned"]
        read_only_fields = ["division"]


class ExchangeVisitViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Study trips (异地孵化): organizations sent to learn elsewhere."""

    queryset = ExchangeVisit.objects.all()
    serializer_class = ExchangeVisitSerializer

    def get_queryset(self):
        return (
            ExchangeVisit.objects.visible_to(self.request.user)
            .prefetch_related("organizations")
            .order_by("-starts_on", "-pk")
        )

    def perform_create(self, serializer):
        serializer.instance = actions.exchange_visit_create(user=self.request.user, **serializer.validated_data)


class MentorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mentor
        fields = ["id", "division", "name", "title", "field", "affiliation"]
        read_only_fields = ["division"]
        validators = []  # one name per division: checked by full_clean in the action, division filled in


class MentorViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Mentors, experts and union liaisons of the "1+1+1" teams."""

    queryset = Mentor.objects.all()
    serializer_class = MentorSerializer

    def get_queryset(self):
        return Mentor.objects.visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer):
        serializer.instance = actions.mentor_create(user=self.request.user, **serializer.validated_data)


class SupportEntrySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = SupportEntry
        fields = [
            "id",
            "organization",
            "residency",
            "kind",
            "value_date",
            "amount",
            "description",
            "reverses",
            "posted_at",
        ]
        # The monthly run posts the waivers of a residency; entries posted by hand name the
        # organization only, as on the page.
        read_only_fields = ["residency", "reverses", "posted_at"]
        validators = []  # a waiver once per month: checked by full_clean in the action

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["amount"] = f"{instance.amount:.2f}"  # a reversal is negative
        return data


class SupportReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class SupportEntryViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The support ledger (waivers, grants, subsidies, policy benefits). Append-only: no
    update or delete; ``POST …/{id}/reverse/`` posts the reversing entry."""

    queryset = SupportEntry.objects.all()
    serializer_class = SupportEntrySerializer
    filterset_fields = ["organization", "kind", "residency"]

    def get_queryset(self):
        return SupportEntry.objects.visible_to(self.request.user).order_by("-value_date", "-pk")

    def perform_create(self, serializer):
        serializer.instance = actions.support_post(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=SupportReverseSerializer, responses={201: SupportEntrySerializer})
    @action(detail=True, methods=["post"], serializer_class=SupportReverseSerializer)
    @idempotent
    def reverse(self, request, pk=None):
        entry = self.get_object()
        payload = SupportReverseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reversal = actions.support_reverse(user=request.user, entry=entry, reason=payload.validated_data["reason"])
        return Response(SupportEntrySerializer(reversal).data, status=status.HTTP_201_CREATED)


class TeamRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamRole
        fields = ["id", "name", "order"]


class TeamRoleViewSet(viewsets.ReadOnlyModelViewSet):
    """The roles of the "1+1+1" teams (导师, 专家, 工会联络员): shared reference data, kept by
    the administrator; ``POST /incubator/residencies/{id}/team/`` names one."""

    queryset = TeamRole.objects.order_by("order", "name")
    serializer_class = TeamRoleSerializer
    pagination_class = None
    filter_backends = []


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
    router.register("incubator/team-roles", TeamRoleViewSet, basename="incubator-team-role")
    router.register("incubator/sites", SiteViewSet, basename="incubator-site")
    router.register("incubator/batches", BatchViewSet, basename="incubator-batch")
    router.register("incubator/mentors", MentorViewSet, basename="incubator-mentor")
    router.register("incubator/exchange-visits", ExchangeVisitViewSet, basename="incubator-exchange-visit")
    router.register("incubator/support-entries", SupportEntryViewSet, basename="incubator-support-entry")
    router.register("incubator/spaces", SpaceViewSet, basename="incubator-space")
    router.register("incubator/applications", ApplicationViewSet, basename="incubator-application")
    router.register("incubator/residencies", ResidencyViewSet, basename="incubator-residency")
    router.register("incubator/trainings", TrainingViewSet, basename="incubator-training")
