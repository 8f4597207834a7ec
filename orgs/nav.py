from django.utils.translation import gettext_lazy as _  # noqa: F401

from wangcang.navigation import nav_item  # noqa: F401

from .cohesion.nav import NAV_ITEMS as COHESION_ITEMS
from .selfreports.nav import NAV_ITEMS as SELFREPORT_ITEMS

REGISTRY_ITEMS: list = []
NAV_ITEMS = [*REGISTRY_ITEMS, *SELFREPORT_ITEMS, *COHESION_ITEMS]
