"""The rows part of a list page kept in the cache while the records behind it are unchanged.

A list page of staff or an official is the same for everyone of the same role and division,
in the same language, on the same day and with the same query: its filter bar, table and
pagination are kept under a key that holds, besides those, the figures generation of the
user's division (:mod:`wangcang.freshness`). Every write of a watched record (orgs, incubator,
services) raises that generation in the writing transaction, so a kept part is never older
than the records: the generation is read before the rows, and a write committed between the
two only makes the kept part newer than its key.

Generations go back only when a backup is loaded into a new instance: the restore, and each
test, start a new epoch of keys (:func:`forget_all`). With the embedded default cache (one
per process) the servers are restarted after a restore anyway.

The page's own parts stay per user: the saved filters' tabs, the buttons of its header, the
navigation bar and the form tokens are outside the kept part. A list opts in with
``FilteredListView.keep_rows`` when its rows are read from watched records alone, and its
template wraps the rows part in ``{% kept_rows %}…{% endkept_rows %}``.
"""

from __future__ import annotations

import hashlib
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

#: Belt and braces: a kept part is dropped after a day even if nothing changed.
KEEP_SECONDS = 24 * 60 * 60
EPOCH_KEY = "kept-rows:epoch"


def epoch() -> str:
    value = cache.get(EPOCH_KEY)
    if value is None:
        cache.add(EPOCH_KEY, uuid.uuid4().hex, None)
        value = cache.get(EPOCH_KEY)
    return value or ""


def forget_all() -> None:
    """Put every kept part out of use: the next keys are of a new epoch."""
    cache.delete(EPOCH_KEY)


def rows_key(request) -> str | None:
    """The cache key of the rows part of the list page ``request`` asks for, or None when the
    page is not kept for this user (organization users, superusers, users without a
    division, downloads)."""
    from .freshness import with_subtree_generation
    from .models import Division, User
    from .scoping import user_division_prefix

    user = request.user
    if (
        not user.is_authenticated
        or user.is_superuser
        or user.role not in (User.Role.STAFF, User.Role.OFFICIAL)
        or "export" in request.GET
    ):
        return None
    prefix = user_division_prefix(user)
    if not prefix:
        return None
    # Read before the rows (see the module's docstring), with the user's division, which the
    # page reads anyway (its navigation, the filters' reach).
    division = with_subtree_generation(Division.objects.filter(code=user.division_id), user.division_id).first()
    if division is None:
        return None
    user.division = division
    generation = division.subtree_generation
    query = urlencode(sorted((name, values) for name, values in request.GET.lists()), doseq=True)
    parts = (
        epoch(),
        request.path,
        query,
        get_language(),
        user.role,
        prefix,
        timezone.localdate().isoformat(),
        generation or 0,
    )
    return "kept-rows:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept(key: str | None) -> str | None:
    return cache.get(key) if key else None


def keep(key: str | None, html: str) -> None:
    if key:
        cache.set(key, html, KEEP_SECONDS)
