"""``/api/v1/funds/transactions/``: create and read only; a correction is a reversing entry."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.models import Organization
from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    VersionedUpdateMixin,
    idempotent,
)
from wangcang.personal import mask_id_number, mask_name
from wangcang.validators import validate_id_number

from . import actions, queries
from .models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    MutualAidPayout,
    PayoutRequest,
    StudentAid,
    money,
)


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
    @idempotent
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
    IdempotentCreateMixin,
    VersionedUpdateMixin,
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
    IdempotentCreateMixin,
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


class DuesRecordSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = DuesRecord
        fields = ["id", "organization", "organization_name", "period_start", "period_end", "amount", "note"]
        validators = []  # once per period: checked by full_clean in the action, with its message


class DuesRecordViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Membership dues (会费) an organization's union collected over a period, recorded by staff
    where no accepted self-report gives them; matching grants are proposed from them."""

    queryset = DuesRecord.objects.all()
    serializer_class = DuesRecordSerializer
    filterset_fields = ["organization"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return queries.dues_records_for(self.request.user).order_by("-period_start", "-pk")

    def perform_create(self, serializer):
        record = DuesRecord(**serializer.validated_data)
        serializer.instance = actions.dues_record_save(user=self.request.user, record=record)


class PaidRecordSerializer(ScopedRelationsMixin, serializers.Serializer):
    """A beneficiary record posted with its ledger entry, through one action. Names and ID
    numbers are write-only: the answer shows them masked."""

    fund_kind = ""

    id = serializers.IntegerField(read_only=True)
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all(), source="transaction.fund")
    occurred_on = serializers.DateField(source="transaction.occurred_on")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, source="transaction.amount")
    transaction = serializers.IntegerField(
        source="transaction_id",
        read_only=True,
        help_text="The ledger entry; correct it with `POST /funds/transactions/{id}/reverse/`.",
    )
    reversed = serializers.BooleanField(source="transaction.is_reversed", read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rounding happens in the action (half up), so more places are accepted on input.
        self.fields["amount"].decimal_places = None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["amount"] = f"{instance.transaction.amount:.2f}"
        return data

    def action_arguments(self) -> dict:
        data = dict(self.validated_data)
        data.update(data.pop("transaction", {}))
        return data


class StudentAidSerializer(PaidRecordSerializer):
    student_name = serializers.CharField(max_length=50, write_only=True)
    student_name_masked = serializers.SerializerMethodField()
    school = serializers.CharField(max_length=100)
    grade = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    household = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", write_only=True)

    def get_student_name_masked(self, aid) -> str:
        return mask_name(aid.student_name)


class HouseholdAssistanceSerializer(PaidRecordSerializer):
    head_of_household = serializers.CharField(max_length=50, write_only=True)
    head_of_household_masked = serializers.SerializerMethodField()
    persons = serializers.IntegerField(min_value=1)
    kind_of_help = serializers.CharField(max_length=100)

    def get_head_of_household_masked(self, assistance) -> str:
        return mask_name(assistance.head_of_household)


class MutualAidContributionSerializer(PaidRecordSerializer):
    member_name = serializers.CharField(max_length=50, write_only=True)
    member_name_masked = serializers.SerializerMethodField()
    id_number = serializers.CharField(max_length=18, write_only=True, validators=[validate_id_number])
    id_number_masked = serializers.SerializerMethodField()
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        source="transaction.beneficiary_organization",
    )

    def get_member_name_masked(self, record) -> str:
        return mask_name(record.member_name)

    def get_id_number_masked(self, record) -> str:
        return mask_id_number(record.id_number)

    def action_arguments(self) -> dict:
        data = super().action_arguments()
        data["organization"] = data.pop("beneficiary_organization", None)
        return data


class MutualAidPayoutSerializer(MutualAidContributionSerializer):
    reason = serializers.CharField(max_length=200, help_text="The hardship.")


class PaidRecordViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Append-only: no update or delete; a correction reverses the ledger entry."""

    post_action = None
    list_query = None
    #: A payout above ``FUNDS_PAYOUT_COUNTERSIGN_ABOVE`` is kept as a payout request of this kind.
    request_kind = ""

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return type(self).list_query(self.request.user).order_by("-transaction__occurred_on", "-pk")

    def create(self, request, *args, **kwargs):
        """A payout above the countersign threshold answers 202 with the payout request that
        another staff member approves (``POST /funds/payout-requests/{id}/approve/``)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arguments = serializer.action_arguments()
        if self.request_kind and actions.needs_countersign(money(arguments["amount"])):
            payout = actions.beneficiary_payout_request(user=request.user, kind=self.request_kind, **arguments)
            body = PayoutRequestSerializer(payout, context=self.get_serializer_context()).data
            return Response(body, status=status.HTTP_202_ACCEPTED)
        self.perform_create(serializer)
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def perform_create(self, serializer):
        serializer.instance = type(self).post_action(user=self.request.user, **serializer.action_arguments())


class StudentAidViewSet(PaidRecordViewSet):
    """Golden-autumn student aid (金秋助学): each aid is paid out of a student-aid fund and
    posted to the ledger with it. Names are masked."""

    queryset = StudentAid.objects.all()
    serializer_class = StudentAidSerializer
    post_action = actions.student_aid_grant
    request_kind = PayoutRequest.Kind.STUDENT_AID
    list_query = queries.students_for


class HouseholdAssistanceViewSet(PaidRecordViewSet):
    """Help to households in hardship (困难职工帮扶), paid out of an assistance fund."""

    queryset = HouseholdAssistance.objects.all()
    serializer_class = HouseholdAssistanceSerializer
    post_action = actions.household_assistance_grant
    request_kind = PayoutRequest.Kind.ASSISTANCE
    list_query = queries.households_for


class MutualAidContributionViewSet(PaidRecordViewSet):
    """What members paid into a mutual-aid fund (爱心互助); the payout limit is a multiple of it."""

    queryset = MutualAidContribution.objects.all()
    serializer_class = MutualAidContributionSerializer
    post_action = actions.mutual_aid_contribution_record
    list_query = queries.contributions_for


class MutualAidPayoutViewSet(PaidRecordViewSet):
    """Mutual aid paid to a member in hardship, at most the fund's multiple of what the member
    contributed (400 at ``amount`` beyond it)."""

    queryset = MutualAidPayout.objects.all()
    serializer_class = MutualAidPayoutSerializer
    post_action = actions.mutual_aid_payout_record
    request_kind = PayoutRequest.Kind.MUTUAL_AID
    list_query = queries.payouts_for


class PayoutRequestSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all())
    beneficiary_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, default=None
    )
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = PayoutRequest
        fields = [
            "id",
            "fund",
            "occurred_on",
            "amount",
            "purpose",
            "payer",
            "beneficiary_organization",
            "beneficiary_person",
            "status",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "transaction",
        ]
        read_only_fields = ["status", "requested_by", "requested_at", "decided_by", "decided_at", "transaction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rounding happens in the action (half up), so more places are accepted on input.
        self.fields["amount"].decimal_places = None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["beneficiary_person"] = mask_name(instance.beneficiary_person)
        data["amount"] = f"{instance.amount:.2f}"
        return data


class PayoutRequestViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Payouts above ``FUNDS_PAYOUT_COUNTERSIGN_ABOVE``: one staff member records the payout
    (``POST``, the balance checked), another approves it (``POST …/{id}/approve/``, posted to
    the ledger then) or rejects it (``POST …/{id}/reject/``)."""

    queryset = PayoutRequest.objects.all()
    serializer_class = PayoutRequestSerializer
    filterset_fields = ["status", "fund"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return PayoutRequest.objects.visible_to(self.request.user).order_by("-requested_at", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = actions.payout_request_create(user=self.request.user, **data)

    @extend_schema(request=None, responses=PayoutRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        payout = actions.payout_request_approve(user=request.user, payout=self.get_object())
        return Response(self.get_serializer(payout).data)

    @extend_schema(request=None, responses=PayoutRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        payout = actions.payout_request_reject(user=request.user, payout=self.get_object())
        return Response(self.get_serializer(payout).data)


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("funds/payout-requests", PayoutRequestViewSet, basename="payout-request")
    router.register("funds/dues", DuesRecordViewSet, basename="dues-record")
    router.register("funds/student-aid", StudentAidViewSet, basename="student-aid")
    router.register("funds/household-assistance", HouseholdAssistanceViewSet, basename="household-assistance")
    router.register("funds/mutual-aid-contributions", MutualAidContributionViewSet, basename="mutual-aid-contribution")
    router.register("funds/mutual-aid-payouts", MutualAidPayoutViewSet, basename="mutual-aid-payout")
    router.register("funds/funds", FundViewSet, basename="fund")
    router.register("funds/transactions", FundTransactionViewSet, basename="fund-transaction")
    router.register("funds/matching-grants", MatchingGrantViewSet, basename="matching-grant")
