"""API of residencies, their teams and sessions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    idempotent,
)

from .. import actions
from ..models import (
    Application,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Space,
    TeamMember,
    TeamRole,
)


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
