from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wangcang.admin import AppendOnlyAdmin

from .models import (
    DuesRecord,
    Fund,
    FundTransaction,
    HouseholdAssistance,
    MatchingGrant,
    MutualAidContribution,
    MutualAidPayout,
    StudentAid,
)


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "division", "matching_ratio", "mutual_aid_multiple", "active")
    list_filter = ("kind", "active")


@admin.register(FundTransaction)
class FundTransactionAdmin(AppendOnlyAdmin):
    list_display = (
        "pk",
        "occurred_on",
        "fund",
        "direction",
        "amount",
        "beneficiary_organization",
        "purpose",
        "reverses",
    )
    list_filter = ("fund", "direction")
    list_select_related = ("fund", "beneficiary_organization", "reverses")
    raw_id_fields = ("reverses", "beneficiary_organization")
    exclude = ("recorded_by",)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DuesRecord)
class DuesRecordAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "period_start", "period_end", "amount")
    raw_id_fields = ("organization",)


@admin.register(MatchingGrant)
class MatchingGrantAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "fund", "period_start", "period_end", "dues_amount", "amount", "status")
    list_filter = ("status", "fund")
    readonly_fields = [field.name for field in MatchingGrant._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StudentAid, HouseholdAssistance, MutualAidContribution, MutualAidPayout)
class LedgerDetailAdmin(AppendOnlyAdmin):
    raw_id_fields = ("transaction",)

    def has_add_permission(self, request):
        # Posted with their ledger entry by the portal's actions only.
        return False
