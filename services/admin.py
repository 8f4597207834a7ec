from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AdviserPosting,
    ContestResult,
    Contract,
    ContractDocument,
    ContractTarget,
    DeliverableKind,
    Delivery,
    DeliveryEvidence,
    LegalAidCase,
)


@admin.register(DeliverableKind)
class DeliverableKindAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "order", "active")
    list_editable = ("order", "active")


class ContractTargetInline(admin.TabularInline):
    model = ContractTarget
    extra = 0


class ContractDocumentInline(admin.TabularInline):
    model = ContractDocument
    extra = 0
    fields = ("original_name", "description", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ("title", "provider", "category", "amount", "starts_on", "ends_on", "funding_source")
    list_filter = ("category", "division")
    search_fields = ("title", "provider__name")
    autocomplete_fields = ("provider",)
    inlines = [ContractTargetInline, ContractDocumentInline]


class DeliveryEvidenceInline(admin.TabularInline):
    model = DeliveryEvidence
    extra = 0
    fields = ("kind", "original_name", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class ContestResultInline(admin.TabularInline):
    model = ContestResult
    extra = 0


@admin.register(Delivery)
class DeliveryAdmin(SimpleHistoryAdmin):
    list_display = ("delivered_on", "contract", "kind", "quantity", "persons_served", "status")
    list_filter = ("status", "kind", "contract__category")
    search_fields = ("contract__title", "description", "place")
    raw_id_fields = ("contract", "served_organization", "served_union")
    date_hierarchy = "delivered_on"
    inlines = [DeliveryEvidenceInline, ContestResultInline]


@admin.register(LegalAidCase)
class LegalAidCaseAdmin(SimpleHistoryAdmin):
    list_display = ("accepted_on", "contract", "employer", "kind", "outcome", "amount_recovered", "status")
    list_filter = ("kind", "outcome", "status")
    search_fields = ("employer",)
    # The worker's ID number is shown and revealed only through the portal's logged view.
    exclude = ("worker_id_number",)
    raw_id_fields = ("contract",)


@admin.register(AdviserPosting)
class AdviserPostingAdmin(SimpleHistoryAdmin):
    list_display = ("lawyer", "union_name", "union", "contract", "starts_on", "ends_on")
    raw_id_fields = ("contract", "union")


# Funds register their own models.
from .funds import admin as funds_admin  # noqa: E402, F401
