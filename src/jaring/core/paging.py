"""Pagination that never counts a million rows.

An exact ``COUNT(*)`` over a province's registry, or over every match of a common name,
costs more than the page itself. Counting stops at ``cap``; beyond it the page says
"more than …", and a clerk narrows the search rather than paging that far.

The count is taken without the list's ordering: the number of rows up to the cap does
not depend on their order, and an ordered count must find and sort every match first.

Once counted, the paginator knows whether the matches are few (at most ``cap``). A
caller may then pass ``few``: how to fetch a page when they are. A search whose filter
has an index of its own (the name trigram index) is fastest fetched through that index
and sorted; the planner, misjudging how many rows match, would otherwise walk the sort
column's index from the start and filter row by row (1.5 s for a common name at a
million persons, against 8 ms).
"""

from collections.abc import Callable
from functools import cached_property
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    cap = 10_000

    def __init__(self, object_list, per_page, *, few: Callable | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.few = few

    @cached_property
    def count(self) -> int:
        return self.queryset.order_by()[: self.cap + 1].count()

    @property
    def queryset(self) -> QuerySet:
        """What is paged: always a queryset here (the count is cut at the cap)."""
        return cast(QuerySet, self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def page(self, number):
        if self.few is None or self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.few(self.queryset)[bottom:top], number, self)
