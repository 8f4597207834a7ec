"""Serializers and viewsets of /api/v1/ for the registry; the other parts add theirs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    VersionedUpdateMixin,
)
from wangcang.personal import mask_id_number, mask_phone
from wangcang.validators import validate_id_number, validate_uscc

from . import actions, queries
from .cohesion import api as cohesion_api
from .filters import BranchFilter, MemberFilter, OrganizationFilter
from .models import Member, Organization, UnionBranch
from .selfreports import api as selfreports_api


class OrganizationSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    town_name = serializers.CharField(source="town.name", read_only=True, default="")
    in_union = serializers.BooleanField(read_only=True, help_text="In a union by any path (derived).")
    union_paths = serializers.SerializerMethodField(help_text="own (点), industry (线), area (面).")
    co_construction = serializers.BooleanField(read_only=True, help_text="Party organization and union (党工共建).")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "uscc",
            "kind",
            "registration_authority",
            "division",
            "town",
            "town_name",
            "industry",
            "address",
            "contact_person",
            "contact_phone",
            "established_on",
            "staff_count",
            "volunteer_count",
            "status",
            "status_changed_on",
            "has_party_org",
            "party_org_name",
            "party_secretary",
            "notes",
            "in_union",
            "union_paths",
            "co_construction",
        ]
        # Duplicates are refused by the action, which names the organization holding the code.
        extra_kwargs = {"uscc": {"validators": [validate_uscc]}, "division": {"required": False}}

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=["own", "industry", "area"])))
    def get_union_paths(self, organization) -> list[str]:
        if not hasattr(organization, "own_union"):
            return []
        return queries.union_paths(organization)

    def create(self, validated_data):
        return actions.organization_create(user=self.context["request"].user, data=validated_data)

    def update(self, instance, validated_data):
        return actions.organization_update(
            user=self.context["request"].user, organization=instance, data=validated_data
        )

    def to_representation(self, instance):
        if not hasattr(instance, "own_union"):
            instance = queries.with_union_status(Organization.objects.filter(pk=instance.pk)).get()
        return super().to_representation(instance)


class DeregisterSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, allow_null=True, help_text="The day of deregistration; today if omitted."
    )


class OrganizationViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Social organizations with their derived union status (点/线/面, 党工共建). Staff create
    and edit; an organization user edits its own contact details."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["name", "uscc"]
    ordering_fields = ["name", "uscc", "established_on", "staff_count"]
    ordering = ["name"]

    def get_queryset(self):
        return queries.organizations_for(self.request.user)

    @extend_schema(request=DeregisterSerializer, responses=OrganizationSerializer)
    @action(
        detail=True,
        methods=["post"],
        serializer_class=DeregisterSerializer,
        permission_classes=[IsAuthenticated, IsUnionStaff],
    )
    def deregister(self, request, pk=None):
        """注销: the organization leaves the active registry; its records and history stay."""
        organization = self.get_object()
        payload = DeregisterSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.organization_deregister(
            user=request.user, organization=organization, on=payload.validated_data.get("on")
        )
        fresh = self.get_queryset().get(pk=organization.pk)
        return Response(OrganizationSerializer(fresh, context=self.get_serializer_context()).data)


class UnionBranchSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    covered_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = UnionBranch
        fields = [
            "id",
            "name",
            "level",
            "parent",
            "division",
            "town",
            "industry",
            "organization",
            "covered_organizations",
            "chair",
            "founded_on",
            "member_count",
            "covered_count",
        ]
        extra_kwargs = {"division": {"required": False}, "covered_organizations": {"required": False}}
        validators = []  # one own union per organization: checked by the action, with a clear message

    def create(self, validated_data):
        covered = validated_data.pop("covered_organizations", [])
        return actions.branch_create(user=self.context["request"].user, data=validated_data, covered=covered)

    def update(self, instance, validated_data):
        covered = validated_data.pop("covered_organizations", None)
        user = self.context["request"].user
        branch = actions.branch_update(user=user, branch=instance, data=validated_data)
        if covered is not None:
            actions.branch_cover(user=user, branch=branch, organizations=covered)
        return branch

    def to_representation(self, instance):
        if not hasattr(instance, "member_count"):
            instance = queries.branches_for(self.context["request"].user).get(pk=instance.pk)
        return super().to_representation(instance)


class UnionBranchViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Union branches of all levels, with member counts and the organizations they cover."""

    queryset = UnionBranch.objects.all()
    serializer_class = UnionBranchSerializer
    filterset_class = BranchFilter
    search_fields = ["name"]
    ordering_fields = ["name", "level", "founded_on"]
    ordering = ["level", "name"]

    def get_queryset(self):
        return queries.branches_for(self.request.user).prefetch_related("covered_organizations")


class MemberSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    id_number = serializers.CharField(write_only=True, validators=[validate_id_number], max_length=18)
    id_number_masked = serializers.SerializerMethodField(help_text="The ID number, masked.")
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "id_number",
            "id_number_masked",
            "phone",
            "phone_masked",
            "gender",
            "organization",
            "branch",
            "join_path",
            "joined_on",
            "left_on",
        ]
        validators = []  # one branch at a time: checked by the action, which names the branch

    def get_id_number_masked(self, member) -> str:
        return mask_id_number(member.id_number)

    def get_phone_masked(self, member) -> str:
        return mask_phone(member.phone)

    def create(self, validated_data):
        return actions.member_create(user=self.context["request"].user, data=validated_data)

    def update(self, instance, validated_data):
        return actions.member_update(user=self.context["request"].user, member=instance, data=validated_data)


class MemberEndSerializer(serializers.Serializer):
    left_on = serializers.DateField(help_text="The day the membership ended.")


class MemberViewSet(
    ScopedViewSetMixin,
    VersionedUpdateMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Union members; ID numbers and phones are masked (the full number is shown only on the
    staff page, and each view is logged). Staff correct a record with PATCH and end a
    membership with ``POST …/{id}/end/``."""

    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    search_fields = ["name"]
    ordering_fields = ["name", "joined_on"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return queries.members_for(self.request.user)

    @extend_schema(request=MemberEndSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"], serializer_class=MemberEndSerializer)
    def end(self, request, pk=None):
        member = self.get_object()
        payload = MemberEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.member_leave(user=request.user, member=member, left_on=payload.validated_data["left_on"])
        fresh = self.get_queryset().get(pk=member.pk)
        return Response(MemberSerializer(fresh, context=self.get_serializer_context()).data)


def register(router) -> None:
    """Add the registry's resources to the /api/v1/ router, then the other parts'."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("union-branches", UnionBranchViewSet, basename="union-branch")
    router.register("members", MemberViewSet, basename="member")
    selfreports_api.register(router)
    cohesion_api.register(router)
