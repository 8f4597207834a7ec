from django.utils.translation import gettext_lazy as _

from wangcang.notifications import NotificationKind

APPLICATION_DECIDED = "incubator.application_decided"
REVIEW_ASSIGNED = "incubator.review_assigned"
REVIEW_REMINDER = "incubator.review_reminder"

NOTIFICATION_KINDS = [
    NotificationKind(APPLICATION_DECIDED, _("An incubation application was decided"), roles=("org",), order=20),
    NotificationKind(REVIEW_ASSIGNED, _("An application was given to me to review"), roles=("staff",), order=21),
    NotificationKind(REVIEW_REMINDER, _("An application waits for my scores"), roles=("staff",), order=22),
]
