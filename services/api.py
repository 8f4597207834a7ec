"""Serializers and viewsets of /api/v1/ for purchased services; funds add theirs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orgs.models import Organization, UnionBranch
from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    VersionedUpdateMixin,
    idempotent,
)
from wangcang.personal import mask_id_number

from . import actions, queries
from .funds import api as funds_api
from .models import (
    AdviserPosting,
    ContestResult,
    Contract,
    ContractDocument,
    ContractTarget,
    DeliverableKind,
    Delivery,
    DeliveryEvidence,
    LegalAidCase,
)


class DeliverableKindField(serializers.SlugRelatedField):
    """A deliverable kind by its code; the seeded kinds are created on first use."""

    def to_internal_value(self, data):
        if data in {code for code, _name, _order in DeliverableKind.SEEDED}:
            actions.deliverable_kinds_ensure()
        return super().to_internal_value(data)


class ContractTargetSerializer(serializers.ModelSerializer):
    kind = DeliverableKindField(slug_field="code", queryset=DeliverableKind.objects.filter(active=True))
    quantity = serializers.IntegerField(min_value=0, help_text="Over the whole term; 0 removes the target.")

    class Meta:
        model = ContractTarget
        fields = ["kind", "quantity", "behind_since"]
        read_only_fields = ["behind_since"]
        validators = []  # one target per kind: the action keeps one per kind


class ContractDocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text="PDF, image or office document (multipart).")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ContractDocument
        fields = ["id", "file", "original_name", "description", "uploaded_at", "url"]
        read_only_fields = ["original_name", "uploaded_at"]

    def get_url(self, document) -> str:
        return document.get_absolute_url()


class ContractSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    targets = ContractTargetSerializer(
        many=True,
        required=False,
        help_text="What the contract promises per deliverable kind. On update, the kinds sent are set "
        "(0 removes one); kinds not sent stay as they are.",
    )
    documents = ContractDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "provider",
            "provider_name",
            "category",
            "amount",
            "signed_on",
            "starts_on",
            "ends_on",
            "funding_source",
            "notes",
            "division",
            "targets",
            "documents",
        ]
        read_only_fields = ["division"]

    def _targets(self, validated_data):
        targets = validated_data.pop("targets", None)
        if targets is None:
            return None
        chosen = {}
        for target in targets:
            if target["kind"] in chosen:
                raise serializers.ValidationError({"targets": [_("Each deliverable kind once.")]})
            chosen[target["kind"]] = target["quantity"]
        return chosen

    def create(self, validated_data):
        targets = self._targets(validated_data)
        return actions.contract_create(user=self.context["request"].user, targets=targets, **validated_data)

    def update(self, instance, validated_data):
        targets = self._targets(validated_data)
        return actions.contract_update(
            user=self.context["request"].user, contract=instance, targets=targets, **validated_data
        )


class ProgressSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.code")
    target = serializers.IntegerField()
    delivered = serializers.IntegerField()
    unconfirmed = serializers.IntegerField()
    expected = serializers.DecimalField(max_digits=12, decimal_places=1)
    percent = serializers.DecimalField(max_digits=8, decimal_places=1)
    behind = serializers.BooleanField()


class ContractViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Purchased-service contracts with their targets and documents. Staff create and edit
    them and upload documents (``POST …/{id}/documents/``, multipart); ``progress`` gives
    delivered vs target and vs elapsed time per deliverable kind (confirmed deliveries only)."""

    queryset = Contract.objects.all()
    serializer_class = ContractSerializer

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return (
            queries.contracts_for(self.request.user)
            .prefetch_related("targets__kind", "documents")
            .order_by("-starts_on", "pk")
        )

    def perform_create(self, serializer):
        # Answered with the targets and documents as saved, not as prefetched before the write.
        contract = serializer.save()
        serializer.instance = self.get_queryset().get(pk=contract.pk)

    def perform_update(self, serializer):
        contract = serializer.save()
        serializer.instance = self.get_queryset().get(pk=contract.pk)

    @extend_schema(
        request={"multipart/form-data": ContractDocumentSerializer}, responses={201: ContractDocumentSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        serializer_class=ContractDocumentSerializer,
        parser_classes=[MultiPartParser, FormParser],
    )
    @idempotent
    def documents(self, request, pk=None):
        """Attach a document (the signed contract, an annex, an acceptance report)."""
        contract = self.get_object()
        payload = ContractDocumentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = actions.contract_document_attach(
            user=request.user,
            contract=contract,
            file=payload.validated_data["file"],
            description=payload.validated_data.get("description", ""),
        )
        return Response(ContractDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ProgressSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        contract = self.get_object()
        return Response(ProgressSerializer(queries.contract_progress(contract), many=True).data)


class EvidenceSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DeliveryEvidence
        fields = ["id", "kind", "original_name", "url"]

    def get_url(self, evidence) -> str:
        return evidence.get_absolute_url()


class ContestResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContestResult
        fields = ["id", "award", "winner", "winner_organization", "entry_title"]


class DeliverySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.all())
    kind = DeliverableKindField(slug_field="code", queryset=DeliverableKind.objects.filter(active=True))
    served_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    served_union = serializers.PrimaryKeyRelatedField(
        queryset=UnionBranch.objects.all(), required=False, allow_null=True
    )
    evidence = EvidenceSerializer(many=True, read_only=True)
    results = ContestResultSerializer(many=True, read_only=True, help_text="Prizes of a contest.")
    sign_in_sheet = serializers.FileField(write_only=True, required=False)
    photo = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "contract",
            "kind",
            "delivered_on",
            "quantity",
            "persons_served",
            "place",
            "served_organization",
            "served_union",
            "description",
            "status",
            "recorded_at",
            "confirmed_at",
            "evidence",
            "results",
            "sign_in_sheet",
            "photo",
        ]
        read_only_fields = ["status", "recorded_at", "confirmed_at"]


class DeliveryViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Deliveries. Providers POST deliveries (with an optional sign-in sheet and photo,
    multipart) to their own contracts; another provider's contract answers 404. Staff
    confirm with ``POST …/{id}/confirm/``; only confirmed deliveries count."""

    queryset = Delivery.objects.all()
    serializer_class = DeliverySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status", "contract"]

    def get_queryset(self):
        return (
            queries.deliveries_for(self.request.user)
            .prefetch_related("evidence", "results")
            .order_by("-delivered_on", "-pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        contract = data.pop("contract")
        evidence = []
        if upload := data.pop("sign_in_sheet", None):
            evidence.append((DeliveryEvidence.Kind.SIGN_IN_SHEET, upload))
        if upload := data.pop("photo", None):
            evidence.append((DeliveryEvidence.Kind.PHOTO, upload))
        serializer.instance = actions.delivery_record(
            user=self.request.user, contract=contract, evidence=evidence, **data
        )

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsUnionStaff])
    def confirm(self, request, pk=None):
        delivery = self.get_object()
        actions.delivery_confirm(user=request.user, delivery=delivery)
        return Response(self.get_serializer(self.get_queryset().get(pk=delivery.pk)).data)

    @extend_schema(request=ContestResultSerializer, responses={201: ContestResultSerializer})
    @action(detail=True, methods=["post"], serializer_class=ContestResultSerializer)
    @idempotent
    def results(self, request, pk=None):
        """A prize of a contest (比赛): staff, or the provider until the contest is confirmed."""
        delivery = self.get_object()
        payload = ContestResultSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = actions.contest_result_add(user=request.user, delivery=delivery, **payload.validated_data)
        return Response(ContestResultSerializer(result).data, status=status.HTTP_201_CREATED)


class LegalAidCaseSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    worker_id_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=18)
    worker_id_number_masked = serializers.SerializerMethodField()
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)

    class Meta:
        model = LegalAidCase
        fields = [
            "id",
            "contract",
            "worker_name",
            "worker_id_number",
            "worker_id_number_masked",
            "employer",
            "kind",
            "accepted_on",
            "closed_on",
            "outcome",
            "outcome_notes",
            "amount_recovered",
            "status",
        ]
        read_only_fields = ["status"]

    def get_worker_id_number_masked(self, case) -> str:
        return mask_id_number(case.worker_id_number)


class LegalAidCaseViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Legal-aid cases represented under a legal-service contract: the provider records them,
    staff confirm with ``POST …/{id}/confirm/``; only confirmed cases count."""

    queryset = LegalAidCase.objects.all()
    serializer_class = LegalAidCaseSerializer
    filterset_fields = ["status", "contract", "kind", "outcome"]

    def get_queryset(self):
        return LegalAidCase.objects.visible_to(self.request.user).order_by("-accepted_on", "-pk")

    def perform_create(self, serializer):
        serializer.instance = actions.legal_aid_case_record(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=None, responses=LegalAidCaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsUnionStaff])
    def confirm(self, request, pk=None):
        case = actions.legal_aid_case_confirm(user=request.user, case=self.get_object())
        return Response(self.get_serializer(case).data)


class AdviserPostingSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.all())
    union = serializers.PrimaryKeyRelatedField(
        queryset=UnionBranch.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        model = AdviserPosting
        fields = ["id", "contract", "lawyer", "union", "union_name", "starts_on", "ends_on"]
        extra_kwargs = {"union_name": {"help_text": "When the union is not in the registry."}}

    def validate(self, attrs):
        if not attrs.get("union") and not attrs.get("union_name"):
            raise serializers.ValidationError(
                {"union_name": [_("Choose a union branch or write the enterprise union's name.")]}
            )
        return attrs


class AdviserPostingViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Lawyers of a legal-service contract posted as legal advisers to enterprise unions;
    staff post them."""

    queryset = AdviserPosting.objects.all()
    serializer_class = AdviserPostingSerializer
    filterset_fields = ["contract", "union"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return AdviserPosting.objects.visible_to(self.request.user).order_by("-starts_on", "-pk")

    def perform_create(self, serializer):
        serializer.instance = actions.adviser_post(user=self.request.user, **serializer.validated_data)


def register(router) -> None:
    """Add the purchased-service resources to the /api/v1/ router, then the funds'."""
    router.register("services/contracts", ContractViewSet, basename="service-contract")
    router.register("services/deliveries", DeliveryViewSet, basename="service-delivery")
    router.register("services/adviser-postings", AdviserPostingViewSet, basename="service-adviser-posting")
    router.register("services/legal-aid-cases", LegalAidCaseViewSet, basename="service-legal-aid-case")
    funds_api.register(router)
