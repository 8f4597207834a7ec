from django.utils.translation import gettext_lazy as _  # noqa: F401

from wangcang.navigation import nav_item  # noqa: F401

from .funds.nav import NAV_ITEMS as FUNDS_ITEMS

CONTRACT_ITEMS: list = []
NAV_ITEMS = [*CONTRACT_ITEMS, *FUNDS_ITEMS]
