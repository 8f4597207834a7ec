"""The incubator's part of the home page: applications waiting for a decision (staff), the
organization's own applications and their status (organization users)."""

from django.utils.translation import gettext_lazy as _

from wangcang.home import Panel, WorkCount, list_url

from . import queries


def applications(user, today) -> list:
    if user.is_union_staff:
        pending = queries.applications_for(user).pending().count()
        return [
            WorkCount(
                "applications-to-review",
                _("Applications to review"),
                pending,
                list_url("incubator:application-list", pending="yes"),
                order=10,
            )
        ]
    if user.is_org_user:
        mine = list(queries.applications_for(user).order_by("-pk")[:5])
        return [Panel("applications", "incubator/home/applications.html", {"applications": mine}, order=30)]
    return []


HOME_SECTIONS = [applications]
