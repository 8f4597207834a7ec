from django.contrib import admin

from .models import ReportFile, Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["division", "period_key", "code", "value", "computed_at"]
    list_filter = ["period_key", "division"]
    search_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ["division", "period_key", "created_by", "created_at", "size"]
    list_filter = ["division"]
    readonly_fields = ["division", "period_key", "period_label", "file", "size", "created_by", "created_at"]
