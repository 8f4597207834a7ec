"""Bulk actions on list pages: select rows (or every row the filter matches), pick an action,
and each row goes through the same action function as acting on it one by one.

A list page offers bulk actions by naming its entry of the registry (``bulk_key`` on a
:class:`~wangcang.views.FilteredListView`). Each app declares its entries in its own
``bulk.py`` module (``BULK_LISTS``), as it declares its menu items in ``nav.py``:

- a :class:`BulkList` says how the list picks its rows for a user (the same scoped
  queryset and FilterSet as the page), so "every row that matches the filter" is the
  page's filter applied again on the server;
- a :class:`BulkAction` calls the one-by-one action with the acting user, so scoping, state
  rules and separation of duties refuse a row in bulk exactly as they do alone.

Every run is a :class:`~wangcang.models.BackgroundJob` whose result lists the rows done and
the rows refused with the reason. Up to ``INLINE_LIMIT`` rows (fewer for a costly action) it runs inside the request
(in the transaction that claims the form's one-time token); above, it is queued and the job
page shows its progress. Each row has its own savepoint: a refusal undoes that row only.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import BootstrapFormMixin
from .jobs import JobFailedError, Progress, job_handler
from .models import BackgroundJob, User
from .wording import item_separator

JOB_KIND = "wangcang.bulk"
#: Above this many rows a bulk action runs as a background job.
INLINE_LIMIT = 200
#: A bulk action takes at most this many rows: more would outrun a job's time limit.
MAX_ROWS = 10_000
#: The result page lists at most this many rows done (all refusals are listed).
SHOWN_DONE = 500


class NoInput(BootstrapFormMixin, forms.Form):
    """The form of an action that needs nothing besides the rows."""


@dataclass(frozen=True)
class BulkAction:
    """One action applicable to many rows.

    ``perform(user, record, data)`` calls the one-by-one action; it raises
    ``ValidationError`` or ``PermissionDenied`` to refuse the row. ``data`` is the
    ``cleaned_data`` of ``form_class`` (the reviewer to assign, the due date to set).
    ``finish(job, rows, data)``, if given, runs once after every row with the rows done
    (an export writes its workbook there)."""

    key: str
    label: str
    perform: Callable
    allowed: Callable[[User], bool]
    form_class: type[forms.Form] = NoInput
    finish: Callable | None = None
    help_text: str = ""
    #: Fewer rows than ``INLINE_LIMIT`` run inside the request for an action that costs
    #: more a row (accepting a report writes its history, figures and notices).
    inline_limit: int | None = None


@dataclass(frozen=True)
class BulkList:
    """A list page whose rows can be acted on in bulk: its rows for a user (scoped through
    ``visible_to``) and its FilterSet, as the page uses them."""

    key: str
    title: str
    queryset: Callable[[User], QuerySet]
    filterset_class: type
    list_url_name: str
    actions: tuple[BulkAction, ...] = field(default=())
    #: How a row is named on the confirmation and result pages.
    label: Callable = str

    def action(self, key: str) -> BulkAction | None:
        return next((action for action in self.actions if action.key == key), None)

    def actions_for(self, user) -> list[BulkAction]:
        return [action for action in self.actions if action.allowed(user)]

    def list_url(self) -> str:
        return reverse(self.list_url_name)


@cache
def registry() -> dict[str, BulkList]:
    lists: dict[str, BulkList] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.bulk")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bulk":
                raise
            continue
        for bulk_list in getattr(module, "BULK_LISTS", ()):
            lists[bulk_list.key] = bulk_list
    return lists


def get_list(key: str) -> BulkList:
    try:
        return registry()[key]
    except KeyError as exc:
        raise Http404 from exc


# --- Picking the rows ----------------------------------------------------------------------------


class _Request:
    """What a FilterSet reads from a request (the user, for its scoped choices)."""

    def __init__(self, user):
        self.user = user


@dataclass
class Selection:
    """The rows a person picked: ``ids`` ticked on the page, or ``every`` row the list's
    filter ``query`` matches."""

    every: bool = False
    ids: list[int] = field(default_factory=list)
    query: str = ""

    @classmethod
    def from_data(cls, data: QueryDict) -> Selection:
        ids: list[int] = []
        for value in data.getlist("ids"):
            for part in str(value).split(","):
                part = part.strip()
                if part.isdigit() and int(part) not in ids:
                    ids.append(int(part))
        return cls(every=data.get("scope") == "all", ids=ids, query=data.get("query", ""))

    def as_params(self) -> dict:
        return {"every": self.every, "ids": self.ids, "query": self.query}

    @classmethod
    def from_params(cls, params: dict) -> Selection:
        return cls(every=bool(params.get("every")), ids=list(params.get("ids", [])), query=params.get("query", ""))


def pick_rows(bulk_list: BulkList, user, selection: Selection) -> tuple[QuerySet, list[int]]:
    """The rows ``selection`` names among those ``user`` may see, and the ids ticked that
    are not among them (out of scope, deleted, or no such row)."""
    queryset = bulk_list.queryset(user)
    if selection.every:
        # The page's own filter, applied again here; an invalid one is refused rather than
        # dropped, which would select every row of the list.
        query = QueryDict(selection.query)
        filterset = bulk_list.filterset_class(query or None, queryset=queryset, request=_Request(user))
        if filterset.is_bound:
            if not filterset.is_valid():
                raise ValidationError(_("The list's filter is not valid; correct it on the list and select again."))
            queryset = filterset.qs
        return queryset.order_by("pk"), []
    if not selection.ids:
        raise ValidationError(_("No row is selected: tick the rows on the list first."))
    if len(selection.ids) > MAX_ROWS:
        raise ValidationError(_("At most %(limit)d rows can be acted on at once.") % {"limit": MAX_ROWS})
    rows = queryset.filter(pk__in=selection.ids).order_by("pk")
    found = set(rows.values_list("pk", flat=True))
    return rows, [pk for pk in selection.ids if pk not in found]


def count_rows(rows: QuerySet) -> int:
    """How many rows, counting no further than one past ``MAX_ROWS``."""
    return rows.order_by()[: MAX_ROWS + 1].count()


# --- Running ---------------------------------------------------------------------------------------


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return item_separator().join(str(message) for message in error.messages)
    if isinstance(error, Http404 | ObjectDoesNotExist):
        return _("No such record, or it is not yours to see.")
    text = str(error)
    return text if text else _("You may not do this to this record.")


def _input(action: BulkAction, user, data: dict) -> dict:
    """The action's input, checked again with the user's current rights."""
    form = bind_form(action, user, data)
    if not form.is_valid():
        raise JobFailedError(item_separator().join(str(text) for errors in form.errors.values() for text in errors))
    return form.cleaned_data


def bind_form(action: BulkAction, user, data=None) -> forms.Form:
    """The action's form, given the user when its choices depend on who fills it in."""
    kwargs = {}
    if "user" in inspect.signature(action.form_class.__init__).parameters or hasattr(
        action.form_class, "limit_choices"
    ):
        kwargs["user"] = user
    return action.form_class(data, **kwargs) if data is not None else action.form_class(**kwargs)


def run_rows(
    *, user, bulk_list: BulkList, action: BulkAction, rows: QuerySet, missing: list[int], data: dict, progress=None
) -> tuple[list[dict], list[dict], list]:
    """Apply ``action`` to each row, each in its own savepoint. Returns the rows done, the
    rows refused (with the reason) and the records done."""
    done: list[dict] = []
    refused: list[dict] = [
        {"id": pk, "label": _("Record #%(id)s") % {"id": pk}, "reason": _("No such record, or it is not yours to see.")}
        for pk in missing
    ]
    records = []
    for count, record in enumerate(rows.iterator(chunk_size=500), start=1):
        entry = {"id": record.pk, "label": str(bulk_list.label(record))[:200]}
        try:
            with transaction.atomic():
                action.perform(user, record, data)
        except (ValidationError, PermissionDenied, Http404, ObjectDoesNotExist) as error:
            refused.append({**entry, "reason": _reason(error)})
        except IntegrityError:
            # A change made to the row at the same moment: this row is undone, the others go on.
            refused.append(
                {**entry, "reason": _("The row collided with a change made at the same moment; try it again.")}
            )
        else:
            done.append(entry)
            if action.finish is not None:
                records.append(record.pk)
        if progress is not None:
            progress.advance(count)
    return done, refused, records


@job_handler(JOB_KIND)
def bulk_job(job: BackgroundJob, progress: Progress) -> None:
    """Run a bulk action for the user who started it, with their current rights: the rows
    are picked and the action's input checked again. Run twice (its worker died), rows done
    the first time are refused the second with the reason their new state gives."""
    params = job.params
    user = User.objects.filter(pk=job.created_by_id, is_active=True).first()
    if user is None:
        raise JobFailedError(_("The account that started this job is no longer active."))
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        bulk_list = get_list(params["list"])
        action = bulk_list.action(params["action"])
        if action is None or not action.allowed(user):
            raise JobFailedError(_("You may no longer take this action."))
        data = _input(action, user, params.get("input", {}))
        rows, missing = pick_rows(bulk_list, user, Selection.from_params(params["selection"]))
        total = count_rows(rows)
        progress.start(total + len(missing))
        done, refused, records = run_rows(
            user=user, bulk_list=bulk_list, action=action, rows=rows, missing=missing, data=data, progress=progress
        )
        job.result = {
            "list": bulk_list.key,
            "action": action.key,
            "done_count": len(done),
            "refused_count": len(refused),
            "done": done[:SHOWN_DONE],
            "refused": refused,
            "url": reverse("bulk-result", args=[job.pk]),
        }
        if action.finish is not None:
            action.finish(job, bulk_list.queryset(user).filter(pk__in=records).order_by("pk"), data)
        job.save(update_fields=["result", "result_file"])


def inline_limit(action: BulkAction) -> int:
    """How many rows ``action`` takes inside the request; above, it runs as a background job."""
    return min(action.inline_limit or INLINE_LIMIT, INLINE_LIMIT)


def bulk_start(
    *, user: User, bulk_list: BulkList, action: BulkAction, selection: Selection, form_input: dict, language: str = ""
) -> BackgroundJob:
    """Start ``action`` on the selected rows: at once up to its :func:`inline_limit`, else as a
    background job. ``form_input`` is the action form's submitted values; the run binds and
    checks them again. The caller's transaction holds the run (and the form's one-time token)."""
    from . import jobs
    from .actions import job_start

    if not action.allowed(user):
        raise PermissionDenied(_("You may not take this action."))
    rows, missing = pick_rows(bulk_list, user, selection)
    total = count_rows(rows) + len(missing)
    if total == 0:
        raise ValidationError(_("No row matches: nothing to do."))
    if total > MAX_ROWS:
        raise ValidationError(
            _("%(count)s rows match; at most %(limit)d can be acted on at once. Narrow the filter.")
            % {"count": f"{MAX_ROWS}+", "limit": MAX_ROWS}
        )
    params = {
        "list": bulk_list.key,
        "action": action.key,
        "selection": selection.as_params(),
        "input": form_input,
        "language": language,
    }
    if total > inline_limit(action):
        return job_start(kind=JOB_KIND, params=params, user=user)
    job = BackgroundJob.objects.create(kind=JOB_KIND, params=params, created_by=user, task_id=jobs.new_task_id())
    jobs.run(job.pk, task_id=job.task_id)
    job.refresh_from_db()
    return job


def result_url(job: BackgroundJob) -> str:
    """Where a started run is followed: its result once finished, else the job's progress."""
    if job.is_finished:
        return reverse("bulk-result", args=[job.pk])
    return job.get_absolute_url()


#: The label the list's bar shows above the actions.
BAR_LABEL = gettext_lazy("With the selected rows")
