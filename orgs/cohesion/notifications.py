from django.utils.translation import gettext_lazy as _

from wangcang.notifications import NotificationKind

ISSUE_ASSIGNED = "cohesion.issue_assigned"
ISSUE_OVERDUE = "cohesion.issue_overdue"

NOTIFICATION_KINDS = [
    NotificationKind(ISSUE_ASSIGNED, _("A tracked issue was assigned to me"), roles=("staff",), order=40),
    NotificationKind(ISSUE_OVERDUE, _("A tracked issue of mine is overdue"), roles=("staff",), order=41),
]
