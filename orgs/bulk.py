"""Bulk actions of the registry's lists (see wangcang.bulk): members exported by selection;
and those of self-reports and tracked issues, declared in their own parts."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangcang.bulk import BulkAction, BulkList
from wangcang.permissions import has_role
from wangcang.xlsx import write_workbook

from . import queries
from .cohesion.bulk import BULK_LISTS as COHESION_LISTS
from .filters import MemberFilter
from .selfreports.bulk import BULK_LISTS as SELF_REPORT_LISTS


def can_export_members(user) -> bool:
    return has_role(user, "staff", "official")


def _check_member(user, member, data) -> None:
    """A member the user sees is exported (masked, as on the page); nothing to refuse."""


def _write_members(job, members, data) -> None:
    from .views import member_sheet

    filename = f"members-selected-{timezone.localdate():%Y%m%d}.xlsx"
    with tempfile.TemporaryFile() as handle:
        write_workbook(handle, [member_sheet(members)])
        handle.seek(0)
        job.result_file.save(filename, File(handle), save=False)
    job.result["filename"] = filename


BULK_LISTS = [
    BulkList(
        key="members",
        title=_("Union members"),
        queryset=queries.members_for,
        filterset_class=MemberFilter,
        list_url_name="orgs:member-list",
        actions=(
            BulkAction(
                key="export",
                label=_("Export the selection to Excel"),
                perform=_check_member,
                allowed=can_export_members,
                finish=_write_members,
                help_text=_("ID numbers and phones are masked in the workbook, as on the list."),
            ),
        ),
        label=lambda member: member.name,
    ),
    *SELF_REPORT_LISTS,
    *COHESION_LISTS,
]
