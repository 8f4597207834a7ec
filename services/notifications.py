from django.utils.translation import gettext_lazy as _

from wangcang.notifications import NotificationKind

DELIVERY_CONFIRMED = "services.delivery_confirmed"
CONTRACT_BEHIND = "services.contract_behind"

NOTIFICATION_KINDS = [
    NotificationKind(DELIVERY_CONFIRMED, _("A service delivery was confirmed"), roles=("org", "staff"), order=30),
    NotificationKind(CONTRACT_BEHIND, _("A service contract is behind schedule"), roles=("staff",), order=31),
]
