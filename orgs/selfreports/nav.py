from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

NAV_ITEMS: list = [
    nav_item(_("Reporting rounds"), "orgs:round-list", "staff", "official", order=30, section="foundation"),
    nav_item(_("Self-reports"), "orgs:self-report-list", "org", order=30, section="foundation"),
]
