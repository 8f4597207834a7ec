"""Self-reports on the home page: reports waiting for the staff's check; for an
organization user, the reports still to fill in (round and deadline) and those returned."""

from django.utils.translation import gettext_lazy as _

from wangcang.home import Panel, WorkCount, list_url

from . import queries
from .models import SelfReport


def self_reports(user, today) -> list:
    reports = queries.self_reports_for(user)
    if user.is_union_staff:
        count = reports.filter(queries.state_q("submitted", today)).count()
        return [
            WorkCount(
                "self-reports-to-check",
                _("Self-reports to check"),
                count,
                list_url("orgs:self-report-list", state="submitted"),
                order=20,
            )
        ]
    if user.is_org_user:
        returned = reports.filter(queries.state_q("returned", today)).count()
        open_reports = list(reports.open_for_organization().order_by("round__due_on", "organization__name")[:10])
        return [
            WorkCount(
                "self-reports-returned",
                _("Returned self-reports to correct"),
                returned,
                list_url("orgs:self-report-list", state="returned"),
                order=10,
            ),
            Panel(
                "self-reports",
                "orgs/selfreports/home/open_reports.html",
                {"reports": open_reports, "today": today, "returned_status": SelfReport.Status.RETURNED},
                order=10,
            ),
        ]
    return []


HOME_SECTIONS = [self_reports]
