"""``/api/v1/funds/transactions/``: create and read only; a correction is a reversing entry."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import IdempotentCreateMixin, IsUnionStaff, ScopedRelationsMixin, ScopedViewSetMixin
from wangcang.personal import mask_name

from . import actions, queries
from .models import Fund, FundTransaction, MatchingGrant


class FundTransactionSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all())
    beneficiary_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    reverses = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

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
        return queries.transactions_with_details_for(self.request.user).order_by("-occurred_on", "-pk")

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

    @extend_schema(request=ReverseSerializer, responses={201: FundTransactionSerializer})
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


class FundSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = Fund
        fields = ["id", "name", "kind", "division", "organization", "matching_ratio", "mutual_aid_multiple"]
        extra_kwargs = {"division": {"required": False}}
        validators = []  # one name per division: checked by full_clean in the action, division filled in


class FundViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Funds (配套资金, 爱心互助, 金秋助学, 困难帮扶); their money moves only as ledger entries."""

    queryset = Fund.objects.all()
    serializer_class = FundSerializer
    filterset_fields = ["kind"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return Fund.objects.visible_to(self.request.user).order_by("division", "name")

    def _save(self, serializer):
        fund = serializer.instance or Fund(division_id=self.request.user.division_id)
        for field, value in serializer.validated_data.items():
            setattr(fund, field, value)
        serializer.instance = actions.fund_save(user=self.request.user, fund=fund)

    perform_create = _save
    perform_update = _save


class MatchingGrantSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = MatchingGrant
        fields = [
            "id",
            "fund",
            "organization",
            "organization_name",
            "period_start",
            "period_end",
            "dues_amount",
            "source",
            "ratio",
            "amount",
            "status",
            "proposed_at",
            "decided_at",
            "transaction",
        ]
        read_only_fields = [
            "dues_amount",
            "source",
            "ratio",
            "amount",
            "status",
            "proposed_at",
            "decided_at",
            "transaction",
        ]
        validators = []  # once per period: checked by the action, with its message


class ApproveSerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False, allow_null=True, help_text="The day paid; today if omitted.")


class MatchingGrantViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Matching grants on dues (会费配套). ``POST`` proposes one from the dues collected in the
    period; ``POST …/{id}/approve/`` posts it to the ledger; ``POST …/{id}/reject/``."""

    queryset = MatchingGrant.objects.all()
    serializer_class = MatchingGrantSerializer
    filterset_fields = ["status", "fund", "organization"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return MatchingGrant.objects.visible_to(self.request.user).select_related("organization").order_by("-pk")

    def perform_create(self, serializer):
        serializer.instance = actions.matching_grant_propose(user=self.request.user, **serializer.validated_data)

    def _answer(self, grant, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=grant.pk)
        return Response(MatchingGrantSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ApproveSerializer, responses=MatchingGrantSerializer)
    @action(detail=True, methods=["post"], serializer_class=ApproveSerializer)
    def approve(self, request, pk=None):
        grant = self.get_object()
        payload = ApproveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            actions.matching_grant_approve(
                user=request.user, grant=grant, paid_on=payload.validated_data.get("paid_on")
            )
        )

    @extend_schema(request=None, responses=MatchingGrantSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._answer(actions.matching_grant_reject(user=request.user, grant=self.get_object()))


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("funds/funds", FundViewSet, basename="fund")
    router.register("funds/transactions", FundTransactionViewSet, basename="fund-transaction")
    router.register("funds/matching-grants", MatchingGrantViewSet, basename="matching-grant")
