from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgs.models import (
    ReportingRound,
    RoundQuestion,
    SelfReport,
    SelfReportAnswer,
    SelfReportAttachment,
    SelfReportProblem,
    SelfReportVersion,
)


class SelfReportProblemInline(admin.TabularInline):
    model = SelfReportProblem
    extra = 0


class SelfReportVersionInline(admin.TabularInline):
    model = SelfReportVersion
    extra = 0
    readonly_fields = ("number", "figures", "problems", "answers", "submitted_by", "submitted_at")
    can_delete = False


class SelfReportAttachmentInline(admin.TabularInline):
    model = SelfReportAttachment
    extra = 0
    readonly_fields = ("original_name", "uploaded_by", "uploaded_at")


class RoundQuestionInline(admin.TabularInline):
    model = RoundQuestion
    extra = 0
    fields = ("position", "label", "kind", "required", "show_as_figure")


class SelfReportAnswerInline(admin.TabularInline):
    model = SelfReportAnswer
    extra = 0
    readonly_fields = ("question", "number", "text", "date", "original_name")
    exclude = ("file",)
    can_delete = False


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "period_key", "period_start", "period_end", "due_on", "division")
    list_filter = ("division", "period_key")
    search_fields = ("title",)
    inlines = [RoundQuestionInline]


@admin.register(SelfReport)
class SelfReportAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "round", "status", "submitted_at", "accepted_at")
    list_filter = ("status", "round")
    search_fields = ("organization__name",)
    raw_id_fields = ("organization", "round", "accepted_by")
    inlines = [SelfReportProblemInline, SelfReportAnswerInline, SelfReportAttachmentInline, SelfReportVersionInline]
