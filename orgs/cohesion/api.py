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
    StaffWritesMixin,
    VersionedUpdateMixin,
)
from wangcang.models import User

from . import actions
from .models import CommitteeSeat, Department, JointMeeting, Secondment, TrackedIssue


class OwnerField(serializers.PrimaryKeyRelatedField):
    """A union staff member of the caller's division or one below it (an active account)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.filter(is_active=True, role=User.Role.STAFF))
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().filter(pk__in=_staff_in_scope(getattr(request, "user", None)))


def _staff_in_scope(user):
    from wangcang.scoping import scope

    return scope(User.objects.all(), user, division="division").values("pk")


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
            "owner",
            "owner_department",
            "due_on",
            "status",
            "resolution",
            "resolved_on",
        ]
        read_only_fields = ["division", "status", "resolution", "resolved_on"]
        extra_kwargs = {"raised_on": {"required": False}}

    unscoped_relations = {"owner": "A staff member of the caller's division or below it (OwnerField)."}
    owner = OwnerField(
        required=False,
        allow_null=True,
        help_text="The staff member who follows the issue and is reminded when it is overdue.",
    )


class AssignSerializer(ScopedRelationsMixin, serializers.Serializer):
    unscoped_relations = {"owner": "A staff member of the caller's division or below it (OwnerField)."}

    owner_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    owner = OwnerField(required=False, allow_null=True, help_text="The staff member who follows the issue.")
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
        if "owner" in payload.validated_data:
            issue.owner = payload.validated_data["owner"]
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


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "division", "name", "active"]
        read_only_fields = ["division"]
        validators = []  # one name per division: checked by full_clean in the action, division filled in


class DepartmentViewSet(
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
    """Partner departments of the joint meeting system (民政, 团委, 妇联 …) of the county;
    a department no longer taking part is set ``active: false``, never deleted."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_fields = ["active"]

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).order_by("name", "pk")

    def _save(self, serializer):
        department = serializer.instance or Department()
        for field, value in serializer.validated_data.items():
            setattr(department, field, value)
        serializer.instance = actions.department_save(user=self.request.user, department=department)

    perform_create = _save
    perform_update = _save


class CommitteeSeatSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = CommitteeSeat
        fields = ["id", "person", "organization", "organization_name", "term", "elected_at", "starts_on", "ends_on"]


class SecondmentSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Secondment
        fields = ["id", "person", "kind", "organization", "organization_name", "starts_on", "ends_on", "duties"]


class AppointmentViewSet(
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
    """An appointment ends by setting its ``ends_on`` (PATCH); it is never deleted."""

    post_action = None
    filterset_fields = ["organization"]

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        return model.objects.visible_to(self.request.user).select_related("organization").order_by("-starts_on", "-pk")

    def _save(self, serializer):
        record = serializer.instance or self.serializer_class.Meta.model()
        for field, value in serializer.validated_data.items():
            setattr(record, field, value)
        serializer.instance = type(self).post_action(self.request.user, record)

    perform_create = _save
    perform_update = _save


class CommitteeSeatViewSet(AppointmentViewSet):
    """Social-organization representatives on the county union committee (工会委员会委员)."""

    queryset = CommitteeSeat.objects.all()
    serializer_class = CommitteeSeatSerializer

    @staticmethod
    def post_action(user, record):
        return actions.committee_seat_save(user=user, seat=record)


class SecondmentViewSet(AppointmentViewSet):
    """Union cadres and social workers seconded to social organizations (选派)."""

    queryset = Secondment.objects.all()
    serializer_class = SecondmentSerializer
    filterset_fields = ["organization", "kind"]

    @staticmethod
    def post_action(user, record):
        return actions.secondment_save(user=user, secondment=record)


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("committee-seats", CommitteeSeatViewSet, basename="committee-seat")
    router.register("secondments", SecondmentViewSet, basename="secondment")
    router.register("joint-meetings", JointMeetingViewSet, basename="joint-meeting")
    router.register("tracked-issues", TrackedIssueViewSet, basename="tracked-issue")
