"""The navigation bar, assembled from each app's ``nav.py`` (``NAV_ITEMS``), filtered by role.

An item lists the roles that may use it: ``staff``, ``official``, ``org``. Superusers see
what staff see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# The menus of the navigation bar, in order; an item names its menu by key. Items without
# one (home, notifications) stand on their own.
SECTIONS = {
    "foundation": _("Registry"),
    "brand": _("Incubation base"),
    "cohesion": _("Cohesion and funds"),
    "arm": _("Purchased services"),
    "reports": _("Reports"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    section: str = ""

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


def nav_item(label, url_name: str, *roles: str, order: int = 100, section: str = "") -> NavItem:
    return NavItem(label=label, url_name=url_name, roles=frozenset(roles), order=order, section=section)


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "NAV_ITEMS", ()))
    return tuple(sorted(items, key=lambda item: item.order))


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "staff"
    return user.role


def items_for(user) -> list[dict]:
    role = role_of(user)
    if role is None:
        return []
    return list(_role_items(all_items, role, get_script_prefix(), get_urlconf()))


def groups_for(user) -> list[dict]:
    """The navigation bar: a dropdown per section, in ``SECTIONS`` order, between the
    stand-alone items (home first, notifications last)."""
    role = role_of(user)
    if role is None:
        return []
    return list(_role_groups(all_items, role, get_script_prefix(), get_urlconf()))


# The bar depends on the role only (its labels are translated when shown): built once per
# role and process, not with a dozen URL reversals on every page. Keyed by the registry's
# reader too, so that a registry read another way (a test's) builds its own.
@lru_cache(maxsize=64)
def _role_items(source, role: str, script_prefix: str, urlconf) -> tuple[dict, ...]:
    result = []
    for item in source():
        if role in item.roles and (url := item.url()):
            result.append({"label": item.label, "url": url, "section": item.section, "url_name": item.url_name})
    return tuple(result)


@lru_cache(maxsize=64)
def _role_groups(source, role: str, script_prefix: str, urlconf) -> tuple[dict, ...]:
    items = _role_items(source, role, script_prefix, urlconf)
    first = [item for item in items if not item["section"] and item["url_name"] == "home"]
    last = [item for item in items if not item["section"] and item["url_name"] != "home"]
    groups: list[dict] = [{"label": item["label"], "url": item["url"], "items": []} for item in first]
    for key, label in SECTIONS.items():
        members = [item for item in items if item["section"] == key]
        if len(members) == 1:
            groups.append({"label": members[0]["label"], "url": members[0]["url"], "items": []})
        elif members:
            groups.append({"label": label, "url": None, "items": members})
    stray = [item for item in items if item["section"] and item["section"] not in SECTIONS]
    groups += [{"label": item["label"], "url": item["url"], "items": []} for item in stray + last]
    return tuple(groups)
