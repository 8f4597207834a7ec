"""API of trainings, exchange visits, mentors and team roles."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    StaffWritesMixin,
    idempotent,
)

from .. import actions, queries
from ..models import (
    Attendance,
    ExchangeVisit,
    Mentor,
    TeamRole,
    Training,
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
