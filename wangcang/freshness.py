"""When a stored snapshot may still be read: figures generations.

Every division carries ``figures_generation``, a counter bumped (``UPDATE … SET
figures_generation = figures_generation + 1``) in the transaction of every write to a
record that feeds the indicator catalogue, for the divisions that record belongs to,
before and after the write. The figures of a division read the records of its whole
subtree, so their *version* is the sum of the counters over the subtree: a write anywhere
below increases it. A snapshot is stamped with the version read *before* its values were
computed, and a read uses it only while the version is still the same (and the stock date
is still the one it was taken at). See docs/decisions.md, "Figures are never stale".

What is watched: every concrete model of the apps that feed the catalogue (``orgs``,
``incubator``, ``services``), through ``post_save``, ``pre_delete`` and ``m2m_changed``.
The divisions of a record are found by following its foreign keys (``division``,
``organization__division``, ``contract__division``, …) with one query; a model with no
path to a division bumps every division. Paths that write without signals
(``bulk_create``, ``QuerySet.update``, raw loads) call :func:`mark_changed` or
:func:`mark_all_changed` themselves; a loader of many records may write inside
:func:`marks_deferred`, which bumps every division once at its end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Case, F, Func, IntegerField, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from wangcang.models import Division

WATCHED_APPS = ("orgs", "incubator", "services")
MAX_DEPTH = 3
_deferred: ContextVar[bool] = ContextVar("figures_marks_deferred", default=False)


def mark_changed(codes: Iterable[str | None]) -> None:
    """Bump the generation of these divisions (in the caller's transaction)."""
    wanted = sorted({code for code in codes if code})
    if wanted:
        # Sorted, so that two transactions lock the rows in the same order.
        Division.objects.filter(code__in=wanted).update(figures_generation=F("figures_generation") + 1)


def mark_all_changed() -> None:
    """Bump every division: for writes whose divisions are unknown (a shared list such
    as the deliverable kinds, a raw load)."""
    Division.objects.update(figures_generation=F("figures_generation") + 1)


@contextmanager
def marks_deferred() -> Iterator[None]:
    """Within the block, writes do not look up and bump their divisions one by one; on
    leaving it, every division is bumped once. For loaders that write thousands of records
    of every division (the demo), where the per-record marks cost a sixth of the load."""
    if _deferred.get():
        yield
        return
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
        mark_all_changed()


def subtree_generation(division: Division) -> int:
    """The version of a division's figures: the sum of the counters of its subtree."""
    total = Division.objects.filter(code__startswith=division.prefix).aggregate(total=Sum("figures_generation"))
    return int(total["total"] or 0)


def with_subtree_generation(divisions: QuerySet, division_code: str) -> QuerySet:
    """``divisions`` with ``subtree_generation``: the generation of the subtree of
    ``division_code``, read in the same query as the division (a page that shows stored
    figures reads both). The value is the one read with the row: use it for reads only."""
    from wangcang.models import division_prefix

    total = (
        Division.objects.filter(code__startswith=division_prefix(division_code))
        .order_by()
        .annotate(total=Func(F("figures_generation"), function="SUM", output_field=IntegerField()))
        .values("total")
    )
    # Only on the row of ``division_code``: another division read in the same query (the
    # user's own) is not stamped with a generation that is not its own.
    generation = Coalesce(Subquery(total[:1]), Value(0))
    return divisions.annotate(
        subtree_generation=Case(When(code=division_code, then=generation), default=None, output_field=IntegerField())
    )


def read_generation(division: Division) -> int:
    """The subtree's generation read with ``division`` (:func:`with_subtree_generation`),
    else read now."""
    read = getattr(division, "subtree_generation", None)
    return subtree_generation(division) if read is None else int(read)


def subtree_generations(divisions: Iterable[Division]) -> dict[str, int]:
    """:func:`subtree_generation` of each of ``divisions``, keyed by code, from one query
    (the nightly job reads them for every division at once)."""
    counters = list(Division.objects.values_list("code", "figures_generation"))
    return {
        division.code: sum(generation for code, generation in counters if code.startswith(division.prefix))
        for division in divisions
    }


def is_watched(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in WATCHED_APPS
        and not meta.abstract
        and not meta.proxy
        and not model.__name__.startswith("Historical")
    )


@cache
def division_paths(model) -> tuple[str, ...]:
    """The lookups from ``model`` to a division code, following forward foreign keys
    through watched models (not users: the acting user's division is not the record's)."""
    paths: list[str] = []

    def walk(current, prefix: str, depth: int, seen: tuple) -> None:
        for field in current._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                continue
            target = field.related_model
            if target is Division:
                paths.append(f"{prefix}{field.name}")
            elif depth < MAX_DEPTH and is_watched(target) and target not in seen:
                walk(target, f"{prefix}{field.name}__", depth + 1, (*seen, target))

    walk(model, "", 1, (model,))
    return tuple(paths)


def division_codes(model, pks: Iterable) -> set[str] | None:
    """The division codes of these records (one query); None when the model has no path
    to a division."""
    paths = division_paths(model)
    if not paths:
        return None
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return set()
    codes: set[str] = set()
    for row in model._base_manager.filter(pk__in=pks).values_list(*paths):
        codes.update(code for code in row if code)
    return codes


def _mark(model, pks) -> None:
    if _deferred.get():
        return  # bumped all at once when the block ends
    codes = division_codes(model, pks)
    if codes is None:
        mark_all_changed()
    else:
        mark_changed(codes)


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    # The divisions the record belonged to before the edit (an organization moved to
    # another county changes both counties' figures).
    if raw or instance._state.adding or instance.pk is None:
        return
    _mark(sender, [instance.pk])


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        mark_all_changed()
        return
    _mark(sender, [instance.pk])


def _before_delete(sender, instance, **kwargs) -> None:
    # Before: afterwards the row and its path to a division are gone.
    _mark(sender, [instance.pk])


def _m2m_changed(sender, instance, action, model, pk_set, reverse, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    _mark(type(instance), [instance.pk])
    if action == "pre_clear":
        # The related pks are not given for a clear: take them before they go.
        owner = model if reverse else type(instance)
        field = next(f for f in owner._meta.many_to_many if f.remote_field.through is sender)
        manager = getattr(instance, field.remote_field.get_accessor_name() if reverse else field.name)
        pk_set = set(manager.values_list("pk", flat=True))
    if pk_set:
        _mark(model, pk_set)


def connect() -> None:
    """Connect the handlers to every watched model (called from ``ReportsConfig.ready``)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            continue
        if not is_watched(model):
            continue
        uid = f"figures-{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre", weak=False)
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post", weak=False)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m", weak=False)


def mark_instances_changed(instances: Iterable[models.Model]) -> None:
    """For bulk writes without signals: bump the divisions of these saved records."""
    by_model: dict = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance.pk)
    for model, pks in by_model.items():
        _mark(model, pks)


def row_division_codes(model, rows: Iterable[dict], known: dict | None = None) -> set[str] | None:
    """The division codes of records of ``model`` given as column values (``rows``, by
    attname): :func:`division_codes` without reading the records. A path's code depends
    only on the record's first foreign key along it, so the targets of those keys are read
    instead, one query for each key. ``known`` keeps the codes of the targets read, for the
    next batch of the same write (in one transaction, where they do not change). None when
    the model has no path to a division."""
    paths = division_paths(model)
    if not paths:
        return None
    rows = list(rows)
    by_key: dict[str, list[str]] = {}
    for path in paths:
        first, _sep, rest = path.partition("__")
        by_key.setdefault(first, []).append(rest)
    known = {} if known is None else known
    codes: set[str] = set()
    for name, rests in by_key.items():
        field = model._meta.get_field(name)
        targets = {row.get(field.attname) for row in rows} - {None}
        if not targets:
            continue
        if "" in rests:  # the key is the division itself
            codes.update(targets)
        if further := [rest for rest in rests if rest]:
            by_target = known.setdefault((model._meta.label, name), {})
            if unread := targets - by_target.keys():
                found = field.related_model._base_manager.filter(pk__in=unread).values_list("pk", *further)
                for pk, *values in found:
                    by_target[pk] = {code for code in values if code}
            for target in targets:
                codes.update(by_target.get(target, ()))
    return codes


def mark_rows_changed(model, rows: Iterable[dict], known: dict | None = None) -> None:
    """For bulk writes of records kept as column values (an import's batch): bump the
    divisions they belong to (:func:`row_division_codes`)."""
    codes = row_division_codes(model, rows, known)
    if codes is None:
        mark_all_changed()
    else:
        mark_changed(codes)
