"""Pagination that never counts a million rows.

An exact ``COUNT(*)`` over a province's registry, or over every match of a common name,
costs more than the page itself. Counting stops at ``cap``; beyond it the page says
"more than …", and a clerk narrows the search rather than paging that far.
"""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
