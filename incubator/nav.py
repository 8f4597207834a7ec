from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

NAV_ITEMS = [
    nav_item(_("Incubation base"), "incubator:dashboard", "staff", "official", order=300, section="brand"),
    nav_item(_("Incubation base"), "incubator:mine", "org", order=300, section="brand"),
    nav_item(_("My reviews"), "incubator:review-list", "staff", order=310, section="brand"),
]
