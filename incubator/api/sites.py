"""API of sites and spaces."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    StaffWritesMixin,
    VersionedUpdateMixin,
)

from .. import actions, queries
from ..models import (
    Site,
    Space,
)


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "division", "name", "address"]
        read_only_fields = ["division"]
        validators = []  # one name per division: checked by full_clean in the action, division filled in


class SiteViewSet(
    StaffWritesMixin,
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Sites of the incubation base, in the staff member's division."""

    queryset = Site.objects.all()
    serializer_class = SiteSerializer

    def get_queryset(self):
        return Site.objects.visible_to(self.request.user).order_by("name", "pk")

    def perform_create(self, serializer):
        serializer.instance = actions.site_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {"name": serializer.instance.name, "address": serializer.instance.address}
        data.update(serializer.validated_data)
        serializer.instance = actions.site_update(user=self.request.user, site=serializer.instance, **data)


class SpaceSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    site = serializers.CharField(source="site.name", read_only=True)
    division = serializers.CharField(source="site.division_id", read_only=True)

    class Meta:
        model = Space
        fields = ["id", "site", "division", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]


class SpaceWriteSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["site", "name", "floor", "area_m2", "kind", "opened_on", "closed_on"]
        validators = []  # one name per site: checked by full_clean in the action


class _SpaceCreate:
    def create(self, request, *args, **kwargs):
        payload = SpaceWriteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        space = actions.space_create(user=request.user, **payload.validated_data)
        fresh = self.get_queryset().get(pk=space.pk)
        return Response(SpaceSerializer(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=SpaceWriteSerializer, responses={201: SpaceSerializer}))
class SpaceViewSet(
    StaffWritesMixin, ScopedViewSetMixin, IdempotentCreateMixin, _SpaceCreate, viewsets.ReadOnlyModelViewSet
):
    """Spaces (rooms, desks) of the base's sites; staff add them (``POST``)."""

    serializer_class = SpaceSerializer
    queryset = Space.objects.all()
    filterset_fields = ["kind", "site"]

    def get_queryset(self):
        return queries.spaces_for(self.request.user).order_by("pk")
