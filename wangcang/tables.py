"""Table list pages: a :class:`~wangcang.views.FilteredListView` whose columns are declared once
and used for both the page and its XLSX export, so that what is masked on the page is masked
in the export too."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from .forms import BootstrapFormMixin
from .xlsx import Sheet

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(BootstrapFormMixin, forms.Form):
    """The form of a list page's FilterSet (``class Meta: form = FilterForm``), styled like
    every other form."""


@dataclass(frozen=True)
class Column:
    label: str
    sort: str = ""


@dataclass(frozen=True)
class Badge:
    """A status cell: shown as a badge, exported as its text."""

    value: str
    display: str

    def __str__(self) -> str:
        return str(self.display)


class TableMixin:
    """Subclasses set ``columns`` and ``title`` and define ``cells(obj)`` (plain values, already
    masked where they must be) and optionally ``row_url(obj)``; the first cell links to it."""

    template_name = "wangcang/table_list.html"
    columns: list[Column] = []
    title = ""
    page_actions: list[tuple[str, str]] = []

    def cells(self, obj) -> list:
        raise NotImplementedError

    def row_url(self, obj) -> str | None:
        return None

    def get_page_actions(self) -> list[tuple[str, str]]:
        return self.page_actions

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(self.title),
            headers=[str(column.label) for column in self.columns],
            rows=([str(cell) if isinstance(cell, Badge) else cell for cell in self.cells(obj)] for obj in queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["columns"] = self.columns
        context["page_actions"] = self.get_page_actions()
        context["rows"] = [
            {"cells": self.cells(obj), "url": self.row_url(obj), "pk": obj.pk} for obj in context["object_list"]
        ]
        return context
