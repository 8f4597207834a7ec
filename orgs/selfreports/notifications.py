from django.utils.translation import gettext_lazy as _

from wangcang.notifications import NotificationKind

ROUND_OPENED = "selfreports.round_opened"
REMINDER = "selfreports.reminder"
RETURNED = "selfreports.returned"
ACCEPTED = "selfreports.accepted"

NOTIFICATION_KINDS = [
    NotificationKind(ROUND_OPENED, _("A self-report round was opened"), roles=("org",), order=10),
    NotificationKind(REMINDER, _("A self-report is due or overdue"), roles=("org",), order=11),
    NotificationKind(RETURNED, _("A self-report was returned"), roles=("org",), order=12),
    NotificationKind(ACCEPTED, _("A self-report was accepted"), roles=("org",), order=13),
]
