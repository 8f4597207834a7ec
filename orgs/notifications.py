from .cohesion import notifications as cohesion_notifications
from .selfreports import notifications as selfreports_notifications

NOTIFICATION_KINDS = [*selfreports_notifications.NOTIFICATION_KINDS, *cohesion_notifications.NOTIFICATION_KINDS]
