"""``/api/v1/joint-meetings/``: meetings with the issues raised at them."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangcang.api import (
    IdempotentCreateMixin,
    IsUnionStaff,
    ScopedRelationsMixin,
    ScopedViewSetMixin,
    VersionedUpdateMixin,
)

from . import actions
from .models import CommitteeSeat, Department, JointMeeting, Secondment, TrackedIssue


class IssueSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True, default="")

    class Meta:
        model = TrackedIssue
        fields = [
            "id",
            "organization",
            "organization_name",
            "description",
            "owner_department",
            "raised_on",
            "due_on",
            "status",
            "resolution",
            "resolved_on",
        ]


class JointMeetingSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    # Narrowed to the caller's departments by ScopedRelationsMixin, like every relation.
    departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True, required=False)
    department_names = serializers.SerializerMethodField()
    issues = IssueSerializer(many=True, read_only=True)

    class Meta:
        model = JointMeeting
        fields = [
            "id",
            "division",
            "held_on",
            "place",
            "chair",
            "departments",
            "department_names",
            "attendees",
            "minutes",
            "issues",
        ]
        read_only_fields = ["division"]

    def get_department_names(self, meeting) -> list[str]:
        return [department.name for department in meeting.departments.all()]


class JointMeetingViewSet(ScopedViewSetMixin, IdempotentCreateMixin, VersionedUpdateMixin, viewsets.ModelViewSet):
    queryset = JointMeeting.objects.all()
    serializer_class = JointMeetingSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        user = self.request.user
        return (
            JointMeeting.objects.visible_to(user)
            .prefetch_related(
                "departments",
                Prefetch(
                    "issues",
                    queryset=TrackedIssue.objects.visible_to(user).select_related("organization"),
                ),
            )
            .order_by("-held_on", "-pk")
        )

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        departments = data.pop("departments", None)
        meeting = serializer.instance or JointMeeting()
        for field, value in data.items():
            setattr(meeting, field, value)
        serializer.instance = actions.joint_meeting_save(
            user=self.request.user, meeting=meeting, departments=departments
        )

    perform_create = _save
    perform_update = _save


class TrackedIssueSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True, default="")

    class Meta:
        model = TrackedIssue
        fields = [
            "id",
            "division",
            "organization",
            "organization_name",
            "description",
            "meeting",
            "raised_on",
            "owner_department",
            "due_on",
            "status",
            "resolution",
            "resolved_on",
        ]
        read_only_fields = ["division", "status", "resolution", "resolved_on"]
        extra_kwargs = {"raised_on": {"required": False}}


class AssignSerializer(ScopedRelationsMixin, serializers.Serializer):
    owner_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    due_on = serializers.DateField(required=False, allow_null=True)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(help_text="How the issue was resolved.")
    resolved_on = serializers.DateField(required=False, allow_null=True)


class TrackedIssueViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Problems of organizations followed until resolved. Staff raise one (``POST``), correct
    it (``PATCH``), hand it to a department with ``POST …/{id}/assign/`` and close it with
    ``POST …/{id}/resolve/``."""

    queryset = TrackedIssue.objects.all()
    serializer_class = TrackedIssueSerializer
    filterset_fields = ["status", "organization", "meeting", "owner_department"]
    ordering_fields = ["raised_on", "due_on"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return TrackedIssue.objects.visible_to(self.request.user).select_related("organization").order_by("-pk")

    def _save(self, serializer):
        issue = serializer.instance or TrackedIssue()
        for field, value in serializer.validated_data.items():
            setattr(issue, field, value)
        serializer.instance = actions.tracked_issue_save(user=self.request.user, issue=issue)

    perform_create = _save
    perform_update = _save

    def _answer(self, issue):
        return Response(TrackedIssueSerializer(self.get_queryset().get(pk=issue.pk)).data)

    @extend_schema(request=AssignSerializer, responses=TrackedIssueSerializer)
    @action(detail=True, methods=["post"], serializer_class=AssignSerializer)
    def assign(self, request, pk=None):
        issue = self.get_object()
        payload = AssignSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        issue.owner_department = payload.validated_data["owner_department"]
        if "due_on" in payload.validated_data:
            issue.due_on = payload.validated_data["due_on"]
        if issue.status == TrackedIssue.Status.OPEN:
            issue.status = TrackedIssue.Status.IN_PROGRESS
        return self._answer(actions.tracked_issue_save(user=request.user, issue=issue))

    @extend_schema(request=ResolveSerializer, responses=TrackedIssueSerializer)
    @action(detail=True, methods=["post"], serializer_class=ResolveSerializer)
    def resolve(self, request, pk=None):
        issue = self.get_object()
        payload = ResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        resolved = actions.tracked_issue_resolve(
            user=request.user, issue=issue, resolution=data["resolution"], resolved_on=data.get("resolved_on")
        )
        return self._answer(resolved)


class CommitteeSeatSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = CommitteeSeat
        fields = ["id", "person", "organization", "term", "elected_at", "starts_on", "ends_on"]
        validators = []  # the dates' order is checked by the action, in the model's words


class SecondmentSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = Secondment
        fields = ["id", "person", "kind", "organization", "starts_on", "ends_on", "duties"]
        validators = []


class _AppointmentViewSet(
    ScopedViewSetMixin,
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cross-appointments entered with their real days: a start not in the future, an end
    not before the start, as on the pages."""

    ordering_fields = ["starts_on"]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            permissions.append(IsUnionStaff())
        return permissions

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).select_related("organization").order_by("-pk")

    def save_record(self, record):
        raise NotImplementedError

    def _save(self, serializer):
        record = serializer.instance or self.queryset.model()
        for field, value in serializer.validated_data.items():
            setattr(record, field, value)
        serializer.instance = self.save_record(record)

    perform_create = _save
    perform_update = _save


class CommitteeSeatViewSet(_AppointmentViewSet):
    """Representatives of social organizations on the union committee (委员)."""

    queryset = CommitteeSeat.objects.all()
    serializer_class = CommitteeSeatSerializer

    def save_record(self, record):
        return actions.committee_seat_save(user=self.request.user, seat=record)


class SecondmentViewSet(_AppointmentViewSet):
    """Union cadres and social workers seconded to social organizations (选派)."""

    queryset = Secondment.objects.all()
    serializer_class = SecondmentSerializer

    def save_record(self, record):
        return actions.secondment_save(user=self.request.user, secondment=record)


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("joint-meetings", JointMeetingViewSet, basename="joint-meeting")
    router.register("tracked-issues", TrackedIssueViewSet, basename="tracked-issue")
    router.register("committee-seats", CommitteeSeatViewSet, basename="committee-seat")
    router.register("secondments", SecondmentViewSet, basename="secondment")
