from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

from .funds.nav import NAV_ITEMS as FUNDS_ITEMS

CONTRACT_ITEMS: list = [
    nav_item(_("Purchased services"), "services:contract-list", "staff", "official", "org", order=40, section="arm"),
    nav_item(_("Deliveries"), "services:delivery-list", "staff", "official", "org", order=41, section="arm"),
    nav_item(_("To confirm"), "services:delivery-queue", "staff", order=42, section="arm"),
]
NAV_ITEMS = [*CONTRACT_ITEMS, *FUNDS_ITEMS]
