"""Bulk actions on the self-report list (see wangcang.bulk): remind, accept."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.bulk import BulkAction, BulkList

from . import actions, permissions, queries
from .filters import SelfReportFilter


def _remind(user, self_report, data) -> None:
    actions.self_report_remind(user=user, self_report=self_report)


def _accept(user, self_report, data) -> None:
    actions.self_report_accept(user=user, self_report=self_report)


BULK_LISTS = [
    BulkList(
        key="self-reports",
        title=_("Self-reports"),
        queryset=queries.self_reports_for,
        filterset_class=SelfReportFilter,
        list_url_name="orgs:self-report-list",
        actions=(
            BulkAction(
                key="remind",
                label=_("Remind to submit"),
                perform=_remind,
                allowed=permissions.can_remind,
                help_text=_("Organizations that have not submitted are notified; each at most once a day."),
            ),
            BulkAction(
                key="accept",
                label=_("Accept"),
                perform=_accept,
                allowed=permissions.can_remind,
                help_text=_("Reports waiting for review are accepted as they were submitted."),
                # About 25 queries a report (checks, history, figures, notice): 25 reports stay
                # under a second in the request; more run as a job with its progress shown.
                inline_limit=25,
            ),
        ),
    )
]
