"""The search box of the navigation bar, assembled from each app's ``search.py``
(``SEARCH_KINDS``) like the menus are from ``nav.py``.

A kind names the roles that may search it and a function that narrows the records a user
may see (``visible_to``) to those matching the words typed. Results come grouped by kind, a
few per kind, each group with its count and a link to the full list filtered the same way.

On PostgreSQL the text lookups (``icontains`` is ``UPPER(column) LIKE UPPER('%…%')``) are
served by trigram GIN indexes on ``UPPER(column)`` (``pg_trgm``, created by the apps'
migrations and skipped on SQLite) and the hits of a group are ranked by trigram similarity;
on SQLite the same lookups scan the table and hits come in name order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import connection
from django.db.models import F, Q, QuerySet

from .navigation import role_of

#: Hits shown per kind; the group's link opens the full list.
HITS_PER_KIND = 8
#: Counting stops here ("500+"): an exact count of a vague word over a province is not
#: worth its time.
COUNT_LIMIT = 500
#: Shorter queries match too much to be useful and defeat the trigram indexes.
MIN_LENGTH = 2
MAX_LENGTH = 50


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchKind:
    """``find(user, words)`` returns the matching records the user may see (a QuerySet);
    ``hit(record)`` how one is shown; ``list_url(words)`` the list filtered the same way
    (or ``None``); ``rank`` the text field hits are ranked by on PostgreSQL."""

    key: str
    label: str
    roles: frozenset[str]
    find: Callable[[object, str], QuerySet]
    hit: Callable[[object], Hit]
    list_url: Callable[[str], str | None] = lambda words: None
    rank: str = ""
    order: int = 100


def search_kind(key, label, *roles, find, hit, list_url=None, rank="", order=100) -> SearchKind:
    return SearchKind(
        key=key,
        label=label,
        roles=frozenset(roles),
        find=find,
        hit=hit,
        list_url=list_url or (lambda words: None),
        rank=rank,
        order=order,
    )


@cache
def all_kinds() -> tuple[SearchKind, ...]:
    kinds: list[SearchKind] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.search")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.search":
                raise
            continue
        kinds.extend(getattr(module, "SEARCH_KINDS", ()))
    return tuple(sorted(kinds, key=lambda kind: kind.order))


def kinds_for(user) -> list[SearchKind]:
    role = role_of(user)
    return [kind for kind in all_kinds() if role in kind.roles]


def uses_trigrams() -> bool:
    """PostgreSQL ranks by trigram similarity; SQLite falls back to plain ``icontains``."""
    return connection.vendor == "postgresql"


def normalize(words: str) -> str:
    return " ".join((words or "").split())[:MAX_LENGTH]


def text_q(words: str, *fields: str) -> Q:
    """Any of ``fields`` contains ``words`` (case-insensitive)."""
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": words})
    return q


def undistinct(queryset: QuerySet) -> QuerySet:
    """Scopes that join to pick (an organization user's meetings) answer with DISTINCT, which
    cannot be ordered by an expression: the same rows without it."""
    if queryset.query.distinct:
        return queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    return queryset


def ranked(queryset: QuerySet, kind: SearchKind, words: str) -> QuerySet:
    """Best matches first: by trigram similarity on PostgreSQL, else by the rank field."""
    queryset = undistinct(queryset)
    if not kind.rank:
        return queryset
    if uses_trigrams():
        from django.contrib.postgres.search import TrigramSimilarity

        return queryset.annotate(search_rank=TrigramSimilarity(kind.rank, words)).order_by(
            F("search_rank").desc(), kind.rank, "pk"
        )
    return queryset.order_by(kind.rank, "pk")


@dataclass
class Group:
    kind: SearchKind
    hits: list[Hit]
    count: int
    more: bool  # the count stopped at COUNT_LIMIT
    list_url: str | None

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def label(self) -> str:
        return self.kind.label


def search(user, words: str, *, per_kind: int = HITS_PER_KIND) -> list[Group]:
    """The groups of hits for ``words``, in the kinds' order; kinds without hits are left out.
    One query per kind, and a bounded count only for kinds with more hits than are shown."""
    words = normalize(words)
    if len(words) < MIN_LENGTH:
        return []
    groups = []
    for kind in kinds_for(user):
        queryset = kind.find(user, words)
        if queryset is None:
            continue
        records = list(ranked(queryset, kind, words)[: per_kind + 1])
        if not records:
            continue
        count, more = len(records), False
        if count > per_kind:
            records = records[:per_kind]
            count = undistinct(queryset).order_by()[:COUNT_LIMIT].count()
            more = count >= COUNT_LIMIT
        groups.append(
            Group(
                kind=kind,
                hits=[kind.hit(record) for record in records],
                count=count,
                more=more,
                list_url=kind.list_url(words),
            )
        )
    return groups
