"""API of the support ledger."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    StaffWritesMixin,
    idempotent,
)

from .. import actions
from ..models import (
    SupportEntry,
)


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
