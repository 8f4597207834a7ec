from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApiToken,
    AppendOnlyModel,
    BackgroundJob,
    Division,
    Notification,
    NotificationPreference,
    PersonalDataAccess,
    User,
)

# knox registers its own token model, which this project swaps for ApiToken.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users (shown once); here they can only be seen and revoked."""

    list_display = ("name", "user", "token_key", "created", "expiry")
    search_fields = ("name", "user__username")
    readonly_fields = ("name", "user", "token_key", "created", "expiry")
    exclude = ("digest",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """The history button lists who changed a user's role, division or organizations, and when."""

    list_display = ("username", "get_full_name", "role", "division", "is_active", "is_superuser")
    list_filter = ("role", "division", "is_active", "is_superuser")
    filter_horizontal = ("organizations", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ("role", "division", "organizations", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ("role", "division")}),
    )


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "union_name")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at", "emailed_at", "sms_sent_at", "digested_at")
    list_filter = ("kind", "in_portal", "in_digest")
    search_fields = ("title", "key")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "in_portal", "email", "sms", "digest", "updated_at")
    list_filter = ("kind",)
    search_fields = ("user__username",)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ("kind", "status", "progress", "total", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ("accessed_at", "user", "model", "object_id", "field", "ip_address")
    list_filter = ("model", "field")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppendOnlyAdmin(admin.ModelAdmin):
    """Admin for posted financial records: add and view, never change or delete."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


__all__ = ["AppendOnlyAdmin", "AppendOnlyModel"]
