from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Member, Organization, Town, UnionBranch


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "division", "parent")
    list_filter = ("kind", "division")
    search_fields = ("name",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "uscc", "kind", "town", "industry", "status", "has_party_org")
    list_filter = ("kind", "status", "industry", "has_party_org", "division")
    search_fields = ("name", "uscc")


@admin.register(UnionBranch)
class UnionBranchAdmin(SimpleHistoryAdmin):
    list_display = ("name", "level", "parent", "division", "organization", "industry", "town")
    list_filter = ("level", "division")
    search_fields = ("name",)
    filter_horizontal = ("covered_organizations",)
    raw_id_fields = ("organization", "parent")


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization", "branch", "join_path", "joined_on", "left_on")
    list_filter = ("join_path", "branch__level")
    search_fields = ("name",)
    raw_id_fields = ("organization", "branch")


# The other parts register their own models.
from .cohesion import admin as cohesion_admin  # noqa: E402, F401
from .selfreports import admin as selfreports_admin  # noqa: E402, F401
