from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

NAV_ITEMS: list = [
    nav_item(_("Funds and balances"), "services:fund-list", "staff", "official", order=70, section="cohesion"),
    nav_item(_("Fund ledger"), "services:transaction-list", "staff", "official", "org", order=71, section="cohesion"),
    nav_item(
        _("Matching grants on dues"), "services:grant-list", "staff", "official", "org", order=72, section="cohesion"
    ),
    nav_item(
        _("Golden-autumn student aid"), "services:student-list", "staff", "official", order=73, section="cohesion"
    ),
    nav_item(
        _("Households in hardship helped"), "services:household-list", "staff", "official", order=74, section="cohesion"
    ),
    nav_item(_("Mutual-aid payouts"), "services:mutual-aid-list", "staff", "official", order=75, section="cohesion"),
]
