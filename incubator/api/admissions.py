"""API of batches and applications."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import (
    IdempotentCreateMixin,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    StaffWritesMixin,
    idempotent,
)

from .. import actions, queries
from ..models import (
    Application,
    Batch,
    Criterion,
)


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
