from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgs.models import ReportingRound, SelfReport, SelfReportAttachment, SelfReportProblem, SelfReportVersion


class SelfReportProblemInline(admin.TabularInline):
    model = SelfReportProblem
    extra = 0


class SelfReportVersionInline(admin.TabularInline):
    model = SelfReportVersion
    extra = 0
    readonly_fields = ("number", "figures", "problems", "submitted_by", "submitted_at")
    can_delete = False


class SelfReportAttachmentInline(admin.TabularInline):
    model = SelfReportAttachment
    extra = 0
    readonly_fields = ("original_name", "uploaded_by", "uploaded_at")


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "period_key", "period_start", "period_end", "due_on", "division")
    list_filter = ("division", "period_key")
    search_fields = ("title",)


@admin.register(SelfReport)
class SelfReportAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "round", "status", "submitted_at", "accepted_at")
    list_filter = ("status", "round")
    search_fields = ("organization__name",)
    raw_id_fields = ("organization", "round", "accepted_by")
    inlines = [SelfReportProblemInline, SelfReportAttachmentInline, SelfReportVersionInline]
