"""The kinds of notification and who may choose how to receive them.

Each app declares its kinds in its own ``notifications.py`` (``NOTIFICATION_KINDS``), as
schedules are declared in ``schedules.py``; the core never imports an app to learn them.
A kind carries its label (shown on the preferences page), the roles it concerns (only
those see it there) and its default channels for people who never chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CHANNELS = ("in_portal", "email", "sms", "digest")
ALL_ROLES = ("staff", "official", "org")


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    roles: tuple[str, ...] = ALL_ROLES
    in_portal: bool = True
    email: bool = True
    sms: bool = False
    digest: bool = False
    order: int = 100

    def defaults(self) -> dict[str, bool]:
        return {channel: getattr(self, channel) for channel in CHANNELS}


GENERAL = "general"

NOTIFICATION_KINDS = [
    NotificationKind(GENERAL, _("Other notices"), order=999),
    # The person who started a job usually waits on its page: the portal only, unless chosen.
    NotificationKind("jobs.finished", _("A background job finished"), email=False, order=900),
]

_registry: dict[str, NotificationKind] | None = None


def registry() -> dict[str, NotificationKind]:
    global _registry
    if _registry is None:
        from django.apps import apps

        found: dict[str, NotificationKind] = {}
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.notifications")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.notifications":
                    raise
                continue
            for kind in getattr(module, "NOTIFICATION_KINDS", ()):
                if kind.code in found:
                    raise DuplicateKindError(kind.code)
                found[kind.code] = kind
        _registry = dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))
    return _registry


class DuplicateKindError(Exception):
    def __init__(self, code: str):
        super().__init__(f"notification kind {code!r} is declared twice")


def kind(code: str) -> NotificationKind:
    """The kind ``code``; an unknown code is a programming error, caught by the tests."""
    try:
        return registry()[code]
    except KeyError:
        raise LookupError(f"unknown notification kind {code!r}") from None


def kinds_for(user) -> list[NotificationKind]:
    """The kinds the preferences page offers ``user``: those of their role."""
    role = "staff" if user.is_superuser else user.role
    return [item for item in registry().values() if role in item.roles]


def preferences_for(users, code: str) -> dict[int, dict[str, bool]]:
    """Channels per user id for the kind ``code``, in one query."""
    from .models import NotificationPreference

    defaults = kind(code).defaults()
    ids = [user.pk for user in users]
    chosen = {
        row["user_id"]: {channel: row[channel] for channel in CHANNELS}
        for row in NotificationPreference.objects.filter(user_id__in=ids, kind=code).values("user_id", *CHANNELS)
    }
    return {pk: chosen.get(pk, defaults) for pk in ids}
