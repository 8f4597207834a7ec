from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

# Beneficiary lists and dues records are reached from the funds page.
NAV_ITEMS: list = [
    nav_item(_("Funds and balances"), "services:fund-list", "staff", "official", order=70, section="cohesion"),
    nav_item(_("Fund ledger"), "services:transaction-list", "staff", "official", "org", order=71, section="cohesion"),
    nav_item(
        _("Matching grants on dues"), "services:grant-list", "staff", "official", "org", order=72, section="cohesion"
    ),
]
