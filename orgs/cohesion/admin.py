from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CommitteeSeat, Department, JointMeeting, MeetingAttachment, Secondment, TrackedIssue


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "active")


class MeetingAttachmentInline(admin.TabularInline):
    model = MeetingAttachment
    extra = 0
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(JointMeeting)
class JointMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "place", "chair", "division")
    filter_horizontal = ("departments",)
    inlines = [MeetingAttachmentInline]


@admin.register(TrackedIssue)
class TrackedIssueAdmin(SimpleHistoryAdmin):
    list_display = ("description", "organization", "owner_department", "raised_on", "due_on", "status", "resolved_on")
    list_filter = ("status", "owner_department")
    list_select_related = ("organization", "owner_department")
    raw_id_fields = ("organization", "meeting", "self_report_problem", "owner")


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(SimpleHistoryAdmin):
    list_display = ("person", "organization", "term", "elected_at", "starts_on", "ends_on")
    raw_id_fields = ("organization",)


@admin.register(Secondment)
class SecondmentAdmin(SimpleHistoryAdmin):
    list_display = ("person", "kind", "organization", "starts_on", "ends_on")
    raw_id_fields = ("organization",)
