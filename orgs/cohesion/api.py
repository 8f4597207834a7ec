"""``/api/v1/joint-meetings/``: meetings with the issues raised at them."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from wangcang.api import IdempotentCreateMixin, IsUnionStaff, ScopedViewSetMixin, VersionedUpdateMixin

from . import actions
from .models import Department, JointMeeting, TrackedIssue


class IssueSerializer(serializers.ModelSerializer):
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


class JointMeetingSerializer(serializers.ModelSerializer):
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


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("joint-meetings", JointMeetingViewSet, basename="joint-meeting")
