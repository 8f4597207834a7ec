from django.utils.translation import gettext_lazy as _  # noqa: F401

from wangcang.navigation import nav_item  # noqa: F401

NAV_ITEMS: list = []
