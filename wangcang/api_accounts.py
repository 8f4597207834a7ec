"""Accounts through the API: staff link organization users to the organizations of their
scope (``/users/``), and every user lists and revokes their own tokens (``/auth/tokens/``)."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import actions
from .api import IdempotentCreateMixin, IsUnionStaff, ScopedRelationsMixin
from .models import ApiToken, User, organization_model


class OrganizationUserSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    organizations = serializers.SerializerMethodField(
        help_text="The linked organizations the caller may see (links beyond the caller's scope are not shown)."
    )

    class Meta:
        model = User
        fields = ["id", "username", "name", "is_active", "organizations"]
        read_only_fields = fields

    def get_organizations(self, account) -> list[int]:
        return sorted(organization.pk for organization in account.visible_links)


class LinkSerializer(ScopedRelationsMixin, serializers.Serializer):
    organizations = serializers.PrimaryKeyRelatedField(
        queryset=organization_model().objects.all(),
        many=True,
        allow_empty=True,
        help_text="The organizations of the caller's scope the user reports for (replacing the links within "
        "that scope).",
    )


class OrganizationUserViewSet(
    IdempotentCreateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organization users whom staff may link: those linked to an organization of the
    staff member's scope, and those not linked yet. Staff only."""

    permission_classes = [permissions.IsAuthenticated, IsUnionStaff]
    queryset = User.objects.filter(role=User.Role.ORG)
    serializer_class = OrganizationUserSerializer

    def get_queryset(self):
        visible = organization_model().objects.visible_to(self.request.user).values("pk")
        accounts = User.objects.filter(role=User.Role.ORG)
        linked = accounts.filter(organizations__in=visible).values("pk")
        unlinked = accounts.filter(organizations__isnull=True).values("pk")
        return accounts.filter(Q(pk__in=linked) | Q(pk__in=unlinked)).order_by("username", "pk")

    def with_links(self, queryset):
        """Each user's links to the organizations the caller may see, in one query a page."""
        visible = organization_model().objects.visible_to(self.request.user).only("pk")
        return queryset.prefetch_related(Prefetch("organizations", queryset=visible, to_attr="visible_links"))

    def paginate_queryset(self, queryset):
        return super().paginate_queryset(self.with_links(queryset))

    def get_object(self):
        account = super().get_object()
        return self.with_links(User.objects.filter(pk=account.pk)).get()

    @extend_schema(request=LinkSerializer, responses=OrganizationUserSerializer)
    @action(detail=True, methods=["post"], serializer_class=LinkSerializer)
    def organizations(self, request, pk=None):
        """Set the organizations (of the caller's scope) this user reports for."""
        account = self.get_object()
        payload = LinkSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        actions.user_organizations_set(
            user=request.user, account=account, organizations=payload.validated_data["organizations"]
        )
        fresh = self.with_links(User.objects.filter(pk=account.pk)).get()
        return Response(OrganizationUserSerializer(fresh, context=self.get_serializer_context()).data)


class TokenSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="token_key", read_only=True, help_text="The token's first characters.")
    expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created", "expiry", "expired"]
        read_only_fields = fields


class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own API tokens (never the tokens themselves: their first characters).
    ``DELETE …/{id}/`` revokes one; requests carrying it answer 401 from then on. Another
    user's token is not found (404)."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = ApiToken.objects.all()
    serializer_class = TokenSerializer
    lookup_field = "token_key"
    lookup_url_kwarg = "id"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user).order_by("-created")

    def perform_destroy(self, instance):
        actions.api_token_revoke(user=self.request.user, token=instance)


def register(router) -> None:
    router.register("users", OrganizationUserViewSet, basename="organization-user")
    router.register("auth/tokens", TokenViewSet, basename="api-token-resource")
