"""Paging for the API and for list pages that stays cheap on tables of a million rows."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``count``, ``next``, ``previous``, ``results``; ``?page_size=`` up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


class ListPaginator(Paginator):
    """A paginator whose later pages cost what the first ones do.

    ``OFFSET n`` makes the database walk and drop ``n`` rows, so on a million deliveries the
    last page would read the whole sorted index. A page in the second half is read instead
    from the other end of the same ordering (the queryset reversed, a small offset) and turned
    round in memory. The ordering of the queryset must be total (list pages add ``pk``)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if bottom > self.count // 2 and totally_ordered(queryset):
            rows = list(queryset.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
            return self._get_page(rows, number, self)
        return self._get_page(queryset[bottom:top], number, self)


def totally_ordered(queryset) -> bool:
    """Whether ``queryset`` is sorted down to the primary key, so that its reverse is the
    same sequence read from the other end."""
    if not isinstance(queryset, QuerySet) or not queryset.ordered:
        return False
    ordering = queryset.query.order_by or (queryset.query.default_ordering and queryset.model._meta.ordering) or ()
    return bool(ordering) and str(ordering[-1]).lstrip("-") in {"pk", "id"}
