from django.utils.translation import gettext_lazy as _

from .navigation import nav_item

NAV_ITEMS = [
    nav_item(_("Home"), "home", "staff", "official", "org", order=0),
    nav_item(_("Calendar"), "calendar", "staff", "official", "org", order=890),
    nav_item(_("Notifications"), "notification-list", "staff", "official", "org", order=900),
]
