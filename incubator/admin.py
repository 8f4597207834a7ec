from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wangcang.admin import AppendOnlyAdmin

from .models import (
    Application,
    Attendance,
    Batch,
    Brand,
    Budget,
    Criterion,
    Evaluation,
    ExchangeVisit,
    Mentor,
    MentoringSession,
    Occupancy,
    Residency,
    Review,
    Site,
    Space,
    SupportEntry,
    TeamMember,
    TeamRole,
    Training,
)


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ("name", "division", "address")


@admin.register(Space)
class SpaceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "site", "floor", "kind", "area_m2", "opened_on", "closed_on")
    list_filter = ("kind", "site")


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Batch)
class BatchAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "status", "division")
    inlines = [CriterionInline]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "batch", "status", "submitted_on", "decided_on")
    list_filter = ("status", "batch")
    search_fields = ("organization__name",)
    raw_id_fields = ("organization",)


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("application", "reviewer", "weighted_score", "submitted_at")


@admin.register(Residency)
class ResidencyAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "status", "started_on", "ended_on")
    list_filter = ("status",)
    search_fields = ("organization__name",)
    raw_id_fields = ("organization", "application")


@admin.register(Occupancy)
class OccupancyAdmin(SimpleHistoryAdmin):
    list_display = ("residency", "space", "area_m2", "starts_on", "ends_on")


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "field", "affiliation")


@admin.register(TeamRole)
class TeamRoleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "order")


@admin.register(TeamMember)
class TeamMemberAdmin(SimpleHistoryAdmin):
    list_display = ("residency", "role", "mentor")


@admin.register(MentoringSession)
class MentoringSessionAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "residency", "topic", "service_kind")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "title", "kind", "hours", "trainer")
    inlines = [AttendanceInline]


@admin.register(ExchangeVisit)
class ExchangeVisitAdmin(SimpleHistoryAdmin):
    list_display = ("destination", "starts_on", "ends_on")


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ("year", "division", "amount")


@admin.register(SupportEntry)
class SupportEntryAdmin(AppendOnlyAdmin):
    list_display = ("value_date", "organization", "kind", "amount", "reverses", "posted_by")
    list_filter = ("kind",)
    search_fields = ("organization__name",)
    raw_id_fields = ("organization", "residency", "reverses")


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("residency", "evaluated_on", "social_impact", "public_service", "worker_rating")


@admin.register(Brand)
class BrandAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "title", "recognized_on")
