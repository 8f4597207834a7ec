from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wangcang.personal import mask_id_number, mask_phone
from wangcang.wording import item_separator, join_list, label_separator, list_separator, yuan

register = template.Library()


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value) -> str:
    return mask_phone(value)


register.filter("yuan", yuan)


@register.filter
def has_field_errors(form) -> bool:
    """Whether a visible field of ``form`` has an error (shown under that field)."""
    return any(field.errors for field in form.visible_fields())


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label) -> str:
    """A column header that sorts by ``field``, toggling the direction."""
    request = context["request"]
    current = context.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    if current == field:
        params["sort"], arrow = f"-{field}", " ▲"
    elif current == f"-{field}":
        params["sort"], arrow = field, " ▼"
    else:
        params["sort"], arrow = field, ""
    return format_html(
        '<a href="?{}" class="link-dark text-decoration-none">{}{}</a>', params.urlencode(), label, arrow
    )


@register.simple_tag
def status_badge(value, display=None, tone: str = "") -> str:
    """A coloured badge for a state. Written here rather than by an included template: list
    pages show one or two a row."""
    shown = badge_parts(value, display, tone)
    return format_html('<span class="badge text-bg-{}">{}</span>\n', shown["tone"], localize(shown["display"]))


def badge_parts(value, display=None, tone: str = "") -> dict:
    tones = {
        "active": "success",
        "accepted": "success",
        "done": "success",
        "resolved": "success",
        "graduated": "success",
        "admitted": "success",
        "confirmed": "success",
        "draft": "secondary",
        "pending": "secondary",
        "not_started": "light",
        "submitted": "primary",
        "running": "primary",
        "resubmitted": "primary",
        "open": "primary",
        "returned": "warning",
        "suspended": "warning",
        "in_progress": "info",
        "more_info": "warning",
        "overdue": "danger",
        "rejected": "danger",
        "failed": "danger",
        "deregistered": "dark",
        "exited": "dark",
        "behind": "danger",
    }
    return {"display": display if display is not None else value, "tone": tone or tones.get(str(value), "secondary")}


register.filter("join_list", join_list)


def _json_value(model, value):
    """A JSON value of a history record: a mapping keyed by field names reads as
    "label: value" pairs, a list as a list; never as a Python dict."""
    from django.core.exceptions import FieldDoesNotExist

    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            try:
                label = model._meta.get_field(key).verbose_name if model is not None else key
            except FieldDoesNotExist:
                label = key
            shown = _json_value(model, item)
            if shown not in (None, ""):
                parts.append(f"{label}{label_separator()}{shown}")
        return item_separator().join(parts) or None
    if isinstance(value, list | tuple):
        return list_separator().join(str(_json_value(model, item)) for item in value) or None
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("Yes") if value else _("No")
    return value


def _history_value(field, value, related_cache: dict):
    """A value of a history record as people read it: choice labels, related records by
    name, yes/no, labelled JSON; never internal codes, ids or Python dicts."""
    from django.db import models
    from django.utils.translation import gettext as _

    if value is None or value == "" or value == [] or value == {}:
        return None
    if field is None:
        return _json_value(None, value) if isinstance(value, dict | list) else value
    if isinstance(field, models.JSONField) or (isinstance(value, dict | list) and not field.many_to_many):
        return _json_value(field.model, value)
    if field.many_to_many:
        model = field.related_model
        key = model._meta.model_name
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        names = [str(related_cache.setdefault((model, pk), model._default_manager.filter(pk=pk).first())) for pk in ids]
        return list_separator().join(names) or None
    if field.is_relation:
        model = field.related_model
        return str(related_cache.setdefault((model, value), model._default_manager.filter(pk=value).first()) or value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(field, models.DecimalField) and isinstance(value, str):
        try:
            return f"{Decimal(value):,}"
        except ArithmeticError:
            return value
    return value


@register.inclusion_tag("includes/history.html")
def history_table(instance, limit: int = 50) -> dict:
    """Who changed what and when, newest first, with each changed field's old and new value."""
    from django.core.exceptions import FieldDoesNotExist

    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    related_cache: dict = {}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                try:
                    field = instance._meta.get_field(change.field)
                except FieldDoesNotExist:  # a field removed since
                    field = None
                changes.append(
                    {
                        "field": field.verbose_name if field is not None else change.field,
                        "old": _history_value(field, change.old, related_cache),
                        "new": _history_value(field, change.new, related_cache),
                    }
                )
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return {"entries": entries}


@register.simple_tag
def once_token(record=None):
    """A one-time token for a form that writes: a double click of its button writes once. Given
    the record the form acts on, also the record's version: a stale tab is refused."""
    from wangcang.formviews import RECORD_VERSION_FIELD, TOKEN_FIELD, new_form_token, record_version

    token = format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_form_token())
    if record is None:
        return token
    version = format_html('<input type="hidden" name="{}" value="{}">', RECORD_VERSION_FIELD, record_version(record))
    return token + version


@register.inclusion_tag("includes/saved_filters.html", takes_context=True)
def saved_filter_tabs(context) -> dict:
    """The tabs of a list's saved filters, with the form that saves the current ones. The
    list is known by its path; the current filters by the query string."""
    from wangcang.actions import saved_filter_query

    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return {"show": False}
    query = saved_filter_query(request.GET.urlencode())
    saved = list(user.saved_filters.filter(list_key=request.path).only("pk", "name", "query", "list_key"))
    return {
        "show": True,
        "path": request.path,
        "query": query,
        "saved": saved,
        "current": next((item for item in saved if item.query == query), None),
        "csrf_token": context.get("csrf_token"),
    }


class KeptRowsNode(template.Node):
    """``{% kept_rows %}…{% endkept_rows %}``: the rows part of a list page, rendered once and
    kept while the records are unchanged (:mod:`wangcang.keptrows`); the saved filters' tabs,
    which are the user's own, are written before it each time."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        from wangcang import keptrows

        tabs = context.template.engine.get_template("includes/saved_filters.html").render(
            context.new(saved_filter_tabs(context))
        )
        html = context.get("kept_rows_html")
        if html is None:
            with context.push(in_kept_rows=True):
                html = self.nodelist.render(context)
            keptrows.keep(context.get("kept_rows_key"), html)
        return mark_safe(tabs + html)


@register.tag
def kept_rows(parser, token):
    nodelist = parser.parse(("endkept_rows",))
    parser.delete_first_token()
    return KeptRowsNode(nodelist)
