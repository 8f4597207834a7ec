"""Serializers and viewsets of /api/v1/ for the incubation base: the same queries and
actions as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import IdempotentCreateMixin, IsUnionStaff, ScopedRelationsMixin, ScopedViewSetMixin

from . import actions, queries
from .models import Application, Attendance, Batch, Occupancy, Residency, Space, Training


class SpaceSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    site = serializers.CharField(source="site.name", read_only=True)
    division = serializers.CharField(source="site.division_id", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "division", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]


class SpaceViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SpaceSerializer
    queryset = Space.objects.all()
    filterset_fields = ["kind", "site"]

    def get_queryset(self):
        return queries.spaces_for(self.request.user).order_by("pk")


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
                "help_text": "Staff recording an application made earlier: the day it was submitted "
                "(it is then submitted at once). Organizations leave it out: their submission is dated today."
            }
        }


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["admitted", "rejected", "more_info"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class ApplicationViewSet(
    ScopedViewSetMixin, IdempotentCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Organizations create (and submit) their applications; staff decide with ``decide``."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.all()
    filterset_fields = ["status", "batch"]

    def get_queryset(self):
        return queries.applications_for(self.request.user).order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
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


class ResidencySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    occupancies = OccupancySerializer(many=True, read_only=True)

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


class ResidencyViewSet(
    ScopedViewSetMixin, IdempotentCreateMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
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

    def get_queryset(self):
        return (
            Residency.objects.visible_to(self.request.user)
            .select_related("organization")
            .prefetch_related("occupancies__space")
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


class TrainingViewSet(ScopedViewSetMixin, IdempotentCreateMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TrainingSerializer
    queryset = Training.objects.all()
    filterset_fields = ["kind"]

    def get_queryset(self):
        return queries.trainings_for(self.request.user).order_by("-held_on", "pk")

    @extend_schema(request=AttendanceSerializer, responses={201: AttendanceSerializer})
    @action(
        detail=True,
        methods=["post"],
        serializer_class=AttendanceSerializer,
        permission_classes=[IsAuthenticated, IsUnionStaff],
    )
    def attendance(self, request, pk=None):
        """Sign a trainee in (人次); the same person twice answers 400."""
        training = self.get_object()
        payload = AttendanceSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        attendance = actions.attendance_sign_in(user=request.user, training=training, **payload.validated_data)
        return Response(AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
    router.register("incubator/spaces", SpaceViewSet, basename="incubator-space")
    router.register("incubator/applications", ApplicationViewSet, basename="incubator-application")
    router.register("incubator/residencies", ResidencyViewSet, basename="incubator-residency")
    router.register("incubator/trainings", TrainingViewSet, basename="incubator-training")
