from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

NAV_ITEMS: list = [
    nav_item(_("Dashboard"), "reports:dashboard", "staff", "official", "org", order=80, section="reports"),
    nav_item(_("County report"), "reports:report", "staff", "official", order=81, section="reports"),
    nav_item(_("Report files"), "reports:file-list", "staff", "official", order=82, section="reports"),
]
