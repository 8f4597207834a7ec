"""Reads of dashboards, reports, exports and the statistics job from a streaming replica.

With ``DATABASE_REPLICA_URL`` set, the database alias ``replica`` exists and code that only
reads wide (a dashboard, a report, an export, the nightly statistics) runs inside
:func:`replica_reads`. Everything else, every write, and every read of a request that follows
the user's own write by less than ``REPLICA_PIN_SECONDS`` (the replica may not have it yet)
stays on the primary. Without a replica the router changes nothing."""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "wc_primary_until"

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads inside the block go to the replica, unless the request is pinned to the primary
    or a transaction is open on the primary (its own writes would not be seen)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


@contextmanager
def pinned_to_primary():
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _replica_allowed.get()
            and not _pinned.get()
            and has_replica()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryAfterWriteMiddleware:
    """A request that changes something pins the user's next requests to the primary for a
    few seconds (a cookie), so that the page shown after a save reads what was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            pinned = float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
        except ValueError:
            pinned = False
        with pinned_to_primary() if pinned or request.method not in ("GET", "HEAD", "OPTIONS") else _nothing():
            response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and has_replica():
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE, f"{time.time() + seconds:.0f}", max_age=seconds, httponly=True, samesite="Lax"
            )
        return response


@contextmanager
def _nothing():
    yield


class ReplicaReadsMixin:
    """A view that only reads wide (dashboard, report, export) reads from the replica."""

    def dispatch(self, request, *args, **kwargs):
        with replica_reads():
            return super().dispatch(request, *args, **kwargs)
