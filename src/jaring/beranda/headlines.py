"""The leader's home: the dashboard's headline figures for the latest month beside the
month before, so "what changed since last month" is read at a glance.

Read-only over the dashboard's own summaries (``dashboard.queries.build_for_scope``
with a one-month period each): the figures are the dashboard's, never counted again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from jaring.core.months import add_months
from jaring.dashboard.charts import PCT, RATIO, fmt, fmt_kind
from jaring.dashboard.queries import build_for_scope, scope_of

# The panels whose headlines a leader asks for first: coverage, the programme's
# participants, money, claims, the registry.
PANELS = ("cakupan", "peserta", "anggaran", "klaim", "pekerjaan", "alur")


@dataclass(frozen=True)
class Change:
    label: str
    now: str
    before: str
    # "+12", "−0,9 poin", "" when either month is unknown. Not coloured: whether up is
    # good depends on the figure (arrears up is bad news).
    change: str


@dataclass(frozen=True)
class Changes:
    month: dt.date
    previous: dt.date
    rows: list[Change]


def _month(day: dt.date) -> dict[str, str]:
    return {"dari": f"{day:%Y-%m}", "sampai": f"{day:%Y-%m}"}


def changes_for(user) -> Changes | None:
    """The headline figures of the latest month with figures and the month before."""
    scope = scope_of(user)
    if scope is None:
        return None
    # No panel named: only the filters, whose default end is the latest month summarised.
    latest = build_for_scope(scope, {}, only=("-",)).filters
    if latest is None:
        return None
    month = latest.sampai
    previous = add_months(month, -1)
    now = build_for_scope(scope, _month(month), only=PANELS).headlines
    before = {h.label: h for h in build_for_scope(scope, _month(previous), only=PANELS).headlines}
    rows = []
    for headline in now:
        earlier = before.get(headline.label)
        rows.append(_change(headline, earlier.value if earlier else None))
    return Changes(month=month, previous=previous, rows=rows)


def _change(headline, before) -> Change:
    now = headline.value
    if now is None or before is None:
        text = ""
    else:
        delta = Decimal(now) - Decimal(before)
        sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
        if headline.kind == PCT:  # a change of a percentage is in percentage points
            text = sign + fmt(abs(delta), " " + _("poin"))
        elif headline.kind == RATIO:
            text = sign + fmt_kind(abs(delta), RATIO)
        else:
            text = sign + fmt(int(abs(delta)))
    return Change(
        label=headline.label,
        now=fmt_kind(now, headline.kind),
        before=fmt_kind(before, headline.kind),
        change=text,
    )
