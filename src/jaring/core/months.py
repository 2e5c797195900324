"""Coverage months. A month is written as its first day (``date(2027, 1, 1)`` is January
2027) everywhere: programmes, contributions, membership files and dashboards."""

import datetime as dt


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month (negative: before)."""
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many months from ``first``'s month to ``last``'s month, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def months_of(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first``'s to ``last``'s, both included (none if ``last`` is
    earlier)."""
    start = month_start(first)
    return [add_months(start, n) for n in range(max(0, months_between(start, last)))]


YEARS = range(2000, 2101)


def parse_month(text: str | None) -> dt.date | None:
    """``2024-10`` → 1 October 2024; anything else, or a year outside ``YEARS``, →
    None (a filter of the dashboard or the API is then ignored or refused)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1) if year in YEARS else None
    except ValueError:
        return None
