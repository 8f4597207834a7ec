"""Serializers and viewsets of /api/v1/ for the incubation base: the same queries and
actions as the pages."""

from __future__ import annotations

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import ScopedViewSetMixin

from . import actions, queries
from .models import Application, Batch, Occupancy, Residency, Space, Training


class SpaceSerializer(serializers.ModelSerializer):
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


class ApplicationSerializer(serializers.ModelSerializer):
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


class ApplicationViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Organizations create (and submit) their applications; staff decide with ``decide``."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.all()
    filterset_fields = ["status", "batch"]

    def get_queryset(self):
        return queries.applications_for(self.request.user).order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = actions.application_create(user=self.request.user, **data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = actions.application_submit(user=request.user, application=self.get_object())
        return Response(self.get_serializer(application).data)

    @action(detail=True, methods=["post"], serializer_class=DecisionSerializer)
    def decide(self, request, pk=None):
        application = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.application_decide(user=request.user, application=application, **serializer.validated_data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_200_OK)


class OccupancySerializer(serializers.ModelSerializer):
    space = serializers.CharField(source="space.name", read_only=True)

    class Meta:
        model = Occupancy
        fields = ["space", "area_m2", "starts_on", "ends_on"]


class ResidencySerializer(serializers.ModelSerializer):
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


class ResidencyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ResidencySerializer
    queryset = Residency.objects.all()
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            Residency.objects.visible_to(self.request.user)
            .select_related("organization")
            .prefetch_related("occupancies__space")
            .order_by("-pk")
        )


class TrainingSerializer(serializers.ModelSerializer):
    trainee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "title", "held_on", "hours", "trainer", "place", "kind", "trainee_count"]


class TrainingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TrainingSerializer
    queryset = Training.objects.all()
    filterset_fields = ["kind"]

    def get_queryset(self):
        return queries.trainings_for(self.request.user).order_by("-held_on", "pk")


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
    router.register("incubator/spaces", SpaceViewSet, basename="incubator-space")
    router.register("incubator/applications", ApplicationViewSet, basename="incubator-application")
    router.register("incubator/residencies", ResidencyViewSet, basename="incubator-residency")
    router.register("incubator/trainings", TrainingViewSet, basename="incubator-training")
