from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

# The issues board and the departments are reached from the meetings page.
NAV_ITEMS: list = [
    nav_item(_("Joint meetings"), "orgs:meeting-list", "staff", "official", "org", order=60, section="cohesion"),
    nav_item(
        _("Cross-appointments"), "orgs:appointment-list", "staff", "official", "org", order=62, section="cohesion"
    ),
]
