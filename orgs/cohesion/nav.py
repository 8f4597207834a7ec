from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

NAV_ITEMS: list = [
    nav_item(_("Joint meetings"), "orgs:meeting-list", "staff", "official", "org", order=60, section="cohesion"),
    nav_item(_("Open issues"), "orgs:issue-board", "staff", "official", "org", order=61, section="cohesion"),
    nav_item(_("Cross-appointments"), "orgs:appointment-list", "staff", "official", order=62, section="cohesion"),
    nav_item(_("Departments"), "orgs:department-list", "staff", order=63, section="cohesion"),
]
