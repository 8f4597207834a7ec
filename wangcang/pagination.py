"""Paging for the API and for list pages that stays cheap on tables of a million rows."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination

# Above this many rows (by the planner's estimate) a list shows an estimated count: an exact
# COUNT(*) of a province's million deliveries reads the whole table on every page view.
ESTIMATE_ABOVE = 100_000


class PageNumberPagination(pagination.PageNumberPagination):
    """``count``, ``next``, ``previous``, ``results``; ``?page_size=`` up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


class ListPaginator(Paginator):
    """A paginator whose later pages cost what the first ones do, and whose count stays cheap.

    ``OFFSET n`` makes the database walk and drop ``n`` rows, so on a million deliveries the
    last page would read the whole sorted index. A page in the second half is read instead
    from the other end of the same ordering (the queryset reversed, a small offset) and turned
    round in memory. The ordering of the queryset must be total (list pages add ``pk``).

    On PostgreSQL, a list the planner expects to hold more than ``ESTIMATE_ABOVE`` rows shows
    the planner's estimate (``estimated`` is true and the page says "about"); its last page is
    then the last rows of the ordering, read from that end."""

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        # One query for an ordinary list: count at most one row past the limit; only a list
        # beyond it asks the planner.
        capped = queryset.order_by()[: ESTIMATE_ABOVE + 1].count()
        if capped <= ESTIMATE_ABOVE:
            return capped
        self.estimated = True
        return max(planner_estimate(queryset) or 0, capped)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if self.estimated:
            if number == self.num_pages and totally_ordered(queryset):
                rows = list(queryset.reverse()[: self.per_page])
                rows.reverse()
                return self._get_page(rows, number, self)
            return self._get_page(queryset[bottom : bottom + self.per_page], number, self)
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


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the rows of ``queryset`` (``EXPLAIN``, a millisecond), or
    ``None`` where the database gives none."""
    if not isinstance(queryset, QuerySet):
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
