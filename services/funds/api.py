"""``/api/v1/funds/transactions/``: create and read only; a correction is a reversing entry."""

from __future__ import annotations

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import IdempotentCreateMixin, IsUnionStaff, ScopedViewSetMixin
from wangcang.personal import mask_name

from . import actions, queries
from .models import Fund, FundTransaction


class FundTransactionSerializer(serializers.ModelSerializer):
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all())
    beneficiary_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    reverses = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = FundTransaction
        fields = [
            "id",
            "fund",
            "fund_name",
            "occurred_on",
            "amount",
            "direction",
            "payer",
            "beneficiary_organization",
            "beneficiary_person",
            "purpose",
            "reverses",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["fund"].queryset = Fund.objects.visible_to(request.user)
            self.fields["beneficiary_organization"].queryset = Organization.objects.visible_to(request.user)
            # Rounding happens in the action (half up), so more places are accepted on input.
            self.fields["amount"].decimal_places = None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["beneficiary_person"] = mask_name(instance.beneficiary_person)
        data["amount"] = f"{instance.amount:.2f}"
        return data


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)


class FundTransactionViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The ledger. No update or delete: ``POST …/{id}/reverse/`` posts a reversing entry."""

    queryset = FundTransaction.objects.all()
    serializer_class = FundTransactionSerializer
    filterset_fields = ["fund", "direction", "beneficiary_organization"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return queries.transaction_detail(self.request.user).order_by("-occurred_on", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = actions.fund_transaction_record(
            user=self.request.user,
            fund=data["fund"],
            occurred_on=data["occurred_on"],
            amount=data["amount"],
            direction=data["direction"],
            purpose=data["purpose"],
            payer=data.get("payer", ""),
            beneficiary_organization=data.get("beneficiary_organization"),
            beneficiary_person=data.get("beneficiary_person", ""),
        )

    @action(detail=True, methods=["post"], serializer_class=ReverseSerializer)
    def reverse(self, request, pk=None):
        entry = self.get_object()
        serializer = ReverseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reversal = actions.fund_transaction_reverse(
            user=request.user, entry=entry, reason=serializer.validated_data["reason"]
        )
        return Response(
            FundTransactionSerializer(reversal, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("funds/transactions", FundTransactionViewSet, basename="fund-transaction")
