from django.utils.translation import gettext_lazy as _

from wangcang.navigation import nav_item

from .cohesion.nav import NAV_ITEMS as COHESION_ITEMS
from .selfreports.nav import NAV_ITEMS as SELFREPORT_ITEMS

REGISTRY_ITEMS: list = [
    nav_item(_("Organizations"), "orgs:organization-list", "staff", "official", order=10, section="foundation"),
    nav_item(_("Union branches"), "orgs:branch-tree", "staff", "official", order=11, section="foundation"),
    nav_item(_("Members"), "orgs:member-list", "staff", "official", order=12, section="foundation"),
    nav_item(_("My organization"), "orgs:my-organization", "org", order=10, section="foundation"),
]
NAV_ITEMS = [*REGISTRY_ITEMS, *SELFREPORT_ITEMS, *COHESION_ITEMS]
