"""The form renderer: Django's, except that a ``<select>`` is written in Python.

Django renders each option of a select through two included templates (the option and its
attributes). A filter bar of a list page holds several selects, one of them every town of the
user's province: its options took most of the time of the page. The markup written here is
the one of Django's templates, character for character (``tests/wangcang/test_formrenderer.py``
renders both); a widget with a template of its own is rendered by its template as before."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attributes(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"``, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{escape(str(value))}"')
    return "".join(parts)


def option(widget: dict) -> str:
    return (
        f'<option value="{escape(str(widget["value"]))}"{attributes(widget["attrs"])}>'
        f"{conditional_escape(localize(widget['label']))}</option>\n"
    )


def select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for choice in group_choices:
            parts.append("\n  " + option(choice))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            choice.get("template_name") == OPTION
            for _name, choices, _index in widget["optgroups"]
            for choice in choices
        ):
            return mark_safe(select(widget).strip())
        return super().render(template_name, context, request=request)
