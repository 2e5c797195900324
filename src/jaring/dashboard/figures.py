"""The shapes every dashboard panel is made of, and the small rules they share.

A panel is a table (its columns, each described once by a key, a label and a kind;
typed rows in that order; an optional total row) and the chart drawn from those same
rows, with the headline figures it contributes and the filters its source cannot
apply. Code reads a cell by its column's key (``at``, ``Panel.total``), never by
position. Every panel function takes one ``Context`` (the region, the filters, the
programmes it may count) and returns one ``Panel``; the panel modules (``queries``
for coverage and registry, ``programme_panels``, ``money_panels``) read summary
tables only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from jaring.core.months import add_months, month_start, parse_month
from jaring.dashboard import charts
from jaring.dashboard.charts import CODE, INT, PCT, RATIO, TEXT

__all__ = [
    "CODE",
    "INT",
    "PCT",
    "RATIO",
    "TEXT",
    "Column",
    "Context",
    "Filters",
    "Headline",
    "Panel",
    "add_months",
    "at",
    "month_start",
    "parse_month",
    "rate",
    "ratio",
    "regency_q",
    "region_q",
]  # fmt: skip


def regency_q(field_name: str, region: str) -> Q:
    """Rows keyed by a regency code that lie in ``region`` (province or regency)."""
    if region == "":
        return Q()
    if len(region) == 2:
        return Q(**{f"{field_name}__startswith": region + "."})
    if len(region) == 5:
        return Q(**{field_name: region})
    return Q(pk__in=[])  # a district-level scope holds no whole regency


def region_q(field_name: str, region: str) -> Q:
    """Rows keyed by any region code that lie in ``region`` or are ``region`` itself."""
    if region == "":
        return Q()
    return Q(**{field_name: region}) | Q(**{f"{field_name}__startswith": region + "."})


def inside(code: str, region: str) -> bool:
    """Whether region ``code`` is ``region`` or lies inside it ("" holds everything)."""
    return region == "" or code == region or code.startswith(region + ".")


def rate(covered: int, whole: int | None) -> Decimal | None:
    """Percent of ``whole``, rounded half up to one decimal; None without a whole."""
    if not whole:
        return None
    return (Decimal(covered) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def ratio(part: int, whole: int | None) -> Decimal | None:
    """``part`` per unit of ``whole`` (rupiah of claims per rupiah of contribution),
    rounded half up to the cent; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Months the figures can be about: anything outside is a typing error (``0001-03``
# would reach year 0 a year back, ``1000-01`` would lay out twelve thousand months).


@dataclass
class Filters:
    dari: dt.date
    sampai: dt.date
    wilayah: str = ""  # a regency/city inside the scope, or "" for the whole scope
    pekerjaan: str = ""
    program: str = ""  # a programme code among ``queries.programme_choices``
    pendana: str = ""  # a funder among ``queries.funder_choices``

    def as_query(self) -> dict[str, str]:
        query = {"dari": f"{self.dari:%Y-%m}", "sampai": f"{self.sampai:%Y-%m}"}
        for name in ("wilayah", "pekerjaan", "program", "pendana"):
            if getattr(self, name):
                query[name] = getattr(self, name)
        return query


@dataclass(frozen=True)
class Headline:
    """One figure a leader asks for first (the report's summary page, the page's top)."""

    label: str
    value: int | Decimal | None
    kind: str = INT  # INT, PCT or RATIO
    note: str = ""
    # Said instead of the figure when it is zero or unknown, where a zero would mislead
    # (no membership file matched yet is not "nobody is covered").
    why_empty: str = ""
    # For a share: how many it counts (64 participants of 1.2 million workers is a
    # share that rounds to 0.0 but is not nothing).
    count: int | None = None

    def shown(self) -> tuple[str, str]:
        """(the figure as printed, why there is none): a share of a few that rounds to
        zero is "< 0,1%", not "0,0%"; a zero or unknown figure with a reason is "—"
        and the reason; else the figure."""
        if self.value in (0, None) and self.count:
            smallest = Decimal(1).scaleb(-charts.DECIMALS.get(self.kind, 0))
            return "< " + charts.fmt_kind(smallest, self.kind), ""
        if self.value in (0, None) and self.why_empty:
            return "—", self.why_empty
        return charts.fmt_kind(self.value, self.kind), ""


@dataclass(frozen=True)
class Column:
    """One column of a panel's table: the key its code reads a cell by, the header
    people read, and the kind that decides how a cell is printed (``TEXT``, ``CODE`` —
    a code beside a name, printed small after it on the page —, ``INT``, ``PCT``,
    ``RATIO``)."""

    key: str
    label: str
    kind: str = INT


def at(columns: list[Column], row: list, key: str):
    """The cell of ``row`` in the column named ``key`` (rows are in column order)."""
    for column, value in zip(columns, row, strict=True):
        if column.key == key:
            return value
    raise KeyError(key)


@dataclass
class Panel:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]  # cells in the order of ``columns``
    svg: str = ""
    note: str = ""
    footer: list | None = None  # a total row, kept apart from the data rows
    headlines: list[Headline] = field(default_factory=list)
    # Filters whose dimension the panel's source does not have (BPJS reports coverage
    # per regency only): the page and the report say so when one of them is set.
    ignores: tuple[str, ...] = ()

    @property
    def labels(self) -> list[str]:
        return [column.label for column in self.columns]

    @property
    def kinds(self) -> list[str]:
        return [column.kind for column in self.columns]

    def total(self, key: str):
        """The total row's cell in column ``key`` (None without a total row)."""
        return at(self.columns, self.footer, key) if self.footer else None


@dataclass
class Context:
    """What every panel function needs: the region its figures are for (the filter's
    regency, else the user's scope), the filters, region names, and the programmes it
    may count — those of the scope (``programs.queries.programs_in``), narrowed to the
    chosen programme and to those the chosen funder pays a share of."""

    scope: str
    region: str
    filters: Filters
    names: dict[str, str]
    programmes: dict = field(default_factory=dict)  # id → Program
    shares: dict = field(default_factory=dict)  # id → {funder: percent}

    @property
    def programme_ids(self) -> list[int]:
        return list(self.programmes)
