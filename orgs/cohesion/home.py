"""Cohesion on the home page: tracked issues past their due date (staff)."""

from django.utils.translation import gettext_lazy as _

from wangcang.home import WorkCount, list_url

from . import queries


def overdue_issues(user, today) -> list:
    if not user.is_union_staff:
        return []
    count = queries.issues_for(user).overdue(today).count()
    return [
        WorkCount(
            "issues-overdue", _("Tracked issues overdue"), count, list_url("orgs:issue-list", overdue="yes"), order=30
        )
    ]


HOME_SECTIONS = [overdue_issues]
