"""Bulk actions on the tracked-issue lists (see wangcang.bulk): assign, set the due date."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.bulk import BulkAction, BulkList
from wangcang.wording import label_separator

from . import actions, queries
from .filters import IssueBoardFilter, TrackedIssueFilter
from .forms import DueDateForm, IssueAssignForm
from .permissions import can_edit_issue


def _assign(user, issue, data) -> None:
    actions.tracked_issue_assign(
        user=user, issue=issue, owner=data.get("owner"), owner_department=data.get("owner_department")
    )


def _set_due(user, issue, data) -> None:
    actions.tracked_issue_set_due(user=user, issue=issue, due_on=data["due_on"])


ISSUE_ACTIONS = (
    BulkAction(key="assign", label=_("Assign"), perform=_assign, allowed=can_edit_issue, form_class=IssueAssignForm),
    BulkAction(
        key="due", label=_("Set the due date"), perform=_set_due, allowed=can_edit_issue, form_class=DueDateForm
    ),
)


def _label(issue) -> str:
    if issue.organization_id:
        return f"{issue.organization.name}{label_separator()}{issue.description[:60]}"
    return issue.description[:60]


BULK_LISTS = [
    BulkList(
        key="tracked-issues",
        title=_("Issues raised"),
        queryset=queries.issues_for,
        filterset_class=TrackedIssueFilter,
        list_url_name="orgs:issue-list",
        actions=ISSUE_ACTIONS,
        label=_label,
    ),
    BulkList(
        key="open-issues",
        title=_("Open issues"),
        queryset=queries.open_issues_board_for,
        filterset_class=IssueBoardFilter,
        list_url_name="orgs:issue-board",
        actions=ISSUE_ACTIONS,
        label=_label,
    ),
]
