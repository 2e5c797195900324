"""Small charts as inline SVG, drawn on the server.

No JavaScript and no CDN: the same markup is embedded in the page, downloaded as an
``.svg`` file, and converted by ``images.py`` into the ``.png`` download and the vector
drawings of the PDF report. Three shapes cover the dashboard: horizontal bars (values
by region, occupation or stage, optionally stacked in two parts and with a target
mark), groups of bars (a few series side by side per label: quota allocated, selected,
approved, enrolled; ceiling, billed, paid) and a line over months. Every text is
escaped here, so callers may pass labels straight from the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape

TEXT, CODE, INT, PCT, RATIO = "text", "code", "int", "pct", "ratio"  # kinds of table column
WORDS = (TEXT, CODE)  # kinds printed as they are, not as figures
INK, MUTED, LINE = "#1f2933", "#616e7c", "#d9e2ec"
MAIN, SECOND, TARGET = "#0b6e4f", "#9fd8c0", "#b44d12"
SERIES = (MAIN, SECOND, "#3d6fb6", "#e0a526")  # colours of grouped bars, in series order
DECIMALS = {PCT: 1, RATIO: 2}
WIDTH = 640
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def fmt(value: int | Decimal | float | None, unit: str = "", decimals: int = 1) -> str:
    """A figure as Indonesians read it (``12.345``, ``65,3%``); ``—`` when unknown."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return number_format(value, force_grouping=True) + unit
    return number_format(value, decimal_pos=decimals, force_grouping=True) + unit


def fmt_kind(value, kind: str) -> str:
    """A headline figure of a column kind: percentages with "%", ratios to the cent."""
    return fmt(value, "%" if kind == PCT else "", DECIMALS.get(kind, 1))


def cell_texts(row: list, kinds: list[str]) -> list[str]:
    """A table row as the page and the report print it: figures formatted like the
    charts' labels (percent columns say "%" in their header), text as it is."""
    return [
        ("" if value is None else str(value))
        if kind in WORDS
        else fmt(value, decimals=DECIMALS.get(kind, 1))
        for value, kind in zip(row, kinds, strict=True)
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal | None
    part: int | Decimal | None = None  # the first part of a stacked bar
    target: Decimal | None = None
    # Bars of different groups are counts of different things: each group gets its
    # own heading and its own scale, so they are never read as one funnel.
    group: str = ""


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


CHAR_W = 0.62  # a generous average glyph width, in ems, of the charts' fonts


def _text_w(text: str, size: int = 12) -> float:
    """The width a text takes at ``size`` px, estimated on the wide side (the page's
    system font and the PDF's Vera Sans differ), so a label placed by it never runs
    out of the picture."""
    return len(text) * size * CHAR_W


def _label(text: str, *, x: float, y: float, room: float, size: int = 12) -> str:
    """A label ending at ``x``, on one line when it fits ``room`` px, else on two
    (the second line cut with "…" only when even two cannot hold it): a label is
    never clipped by the picture's edge."""
    per_line = max(int(room / (size * CHAR_W)), 4)
    lines = [text]
    if len(text) > per_line:
        words, first, taken = text.split(" "), "", 0
        while taken < len(words) and len(f"{first} {words[taken]}".strip()) <= per_line:
            first, taken = f"{first} {words[taken]}".strip(), taken + 1
        second = " ".join(words[taken:])
        if not first:  # one long word
            first, second = text[:per_line], text[per_line:]
        if len(second) > per_line:
            second = second[: per_line - 1] + "…"
        lines = [first, second]
    if len(lines) == 1:
        return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" fill="{INK}">{escape(text)}</text>'
    small = size - 1
    return (
        f'<text x="{x:.1f}" y="{y - small / 2:.1f}" text-anchor="end" fill="{INK}" '
        f'font-size="{small}">'
        f'<tspan x="{x:.1f}">{escape(lines[0])}</tspan>'
        f'<tspan x="{x:.1f}" dy="{small}">{escape(lines[1])}</tspan></text>'
    )


def _nice_max(value: float) -> float:
    """A round upper end for an axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def bars(
    items: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    max_value: float | None = None,
    part_label: str = "",
    rest_label: str = "",
) -> str:
    """Horizontal bars, one per item, labelled with their value; items of another
    ``group`` start under a heading of their own, on a scale of their own."""
    label_w, row_h, top = 190, 26, 8
    value_w = max([80] + [_text_w(fmt(i.value, unit)) + 12 for i in items])
    legend = bool(part_label)
    if legend:
        top += 22
    area = WIDTH - label_w - value_w
    scales: dict[str, float] = {}
    for group in dict.fromkeys(i.group for i in items):
        inside = [i for i in items if i.group == group]
        values = [float(i.value or 0) for i in inside] + [float(i.target or 0) for i in inside]
        scales[group] = max_value or _nice_max(max(values, default=0))
    headings = len([g for g in scales if g])
    height = top + row_h * (max(len(items), 1) + headings) + 8
    body: list[str] = []
    if legend:
        body.append(
            f'<rect x="{label_w}" y="6" width="12" height="12" fill="{MAIN}"/>'
            f'<text x="{label_w + 16}" y="16" fill="{INK}">{escape(part_label)}</text>'
            f'<rect x="{label_w + 200}" y="6" width="12" height="12" fill="{SECOND}"/>'
            f'<text x="{label_w + 216}" y="16" fill="{INK}">{escape(rest_label)}</text>'
        )
    if not items:
        body.append(f'<text x="{label_w}" y="{top + 16}" fill="{MUTED}">—</text>')
    y, group = top - row_h, ""
    for item in items:
        y += row_h
        if item.group != group:
            group = item.group
            body.append(
                f'<text x="8" y="{y + 17}" fill="{INK}" font-weight="bold">'
                f"{escape(group)}</text>"
                f'<line x1="8" x2="{WIDTH - 8}" y1="{y + 22}" y2="{y + 22}" stroke="{LINE}"/>'
            )
            y += row_h
        scale_max = scales[item.group]
        value = float(item.value or 0)
        width = area * min(value / scale_max, 1)
        body.append(_label(item.label, x=label_w - 8, y=y + 15, room=label_w - 12))
        fill = SECOND if item.part is not None else MAIN
        if width > 0:  # an empty bar would still print as a hairline in a PDF
            body.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="16" fill="{fill}">'
                f"<title>{escape(item.label)}: {escape(fmt(item.value, unit))}</title></rect>"
            )
        if item.part:
            part_w = area * min(float(item.part) / scale_max, 1)
            body.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{part_w:.1f}" height="16" '
                f'fill="{MAIN}"><title>{escape(item.label)}: {escape(part_label)} '
                f"{escape(fmt(item.part, unit))}</title></rect>"
            )
        if item.target is not None:
            x = label_w + area * min(float(item.target) / scale_max, 1)
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" stroke="{TARGET}" '
                f'stroke-width="2"><title>target {escape(fmt(item.target, unit))}</title></line>'
            )
        body.append(
            f'<text x="{label_w + width + 4:.1f}" y="{y + 15}" fill="{INK}">'
            f"{escape(fmt(item.value, unit))}</text>"
        )
    return _svg(WIDTH, height, title, body)


def grouped(
    items: Sequence[tuple[str, Sequence[int | Decimal | None]]],
    *,
    title: str,
    series: Sequence[str],
    unit: str = "",
) -> str:
    """Per label a group of thin bars, one per series (its colour from ``SERIES``),
    each labelled with its value, under a legend naming the series."""
    label_w, bar_h, gap, top = 190, 13, 9, 30
    value_w = max([80] + [_text_w(fmt(v, unit), 10) + 10 for _, row in items for v in row])
    area = WIDTH - label_w - value_w
    values = [float(v or 0) for _, row in items for v in row]
    scale_max = _nice_max(max(values, default=0))
    group_h = bar_h * len(series) + gap
    height = top + group_h * max(len(items), 1) + 6
    body: list[str] = []
    for n, name in enumerate(series):
        x = 8 + n * 158
        body.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{SERIES[n % len(SERIES)]}"/>'
            f'<text x="{x + 16}" y="16" fill="{INK}">{escape(name[:22])}</text>'
        )
    if not items:
        body.append(f'<text x="{label_w}" y="{top + 16}" fill="{MUTED}">—</text>')
    for g, (label, row) in enumerate(items):
        y0 = top + g * group_h
        middle = y0 + bar_h * len(series) / 2 + 4
        body.append(_label(label, x=label_w - 8, y=middle, room=label_w - 12))
        for n, (name, value) in enumerate(zip(series, row, strict=True)):
            y = y0 + n * bar_h
            width = area * min(float(value or 0) / scale_max, 1)
            if width > 0:
                body.append(
                    f'<rect x="{label_w}" y="{y + 1}" width="{width:.1f}" height="{bar_h - 2}" '
                    f'fill="{SERIES[n % len(SERIES)]}"><title>{escape(label)}, {escape(name)}: '
                    f"{escape(fmt(value, unit))}</title></rect>"
                )
            body.append(
                f'<text x="{label_w + width + 4:.1f}" y="{y + bar_h - 2}" fill="{INK}" '
                f'font-size="10">{escape(fmt(value, unit))}</text>'
            )
    return _svg(WIDTH, height, title, body)


def line(points: Sequence[tuple[str, Decimal | int | None]], *, title: str, unit: str = "") -> str:
    """A line over months (or any ordered labels); unknown values leave a gap."""
    height, right, top, bottom = 240, 24, 14, 42
    known = [float(v) for _, v in points if v is not None]
    scale_max = _nice_max(max(known, default=0))
    ticks = [fmt(Decimal(str(scale_max)) if unit else int(scale_max), unit)]
    left = max(56, _text_w(ticks[0]) + 12)  # the widest axis figure fits left of the axis
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    body: list[str] = []
    for step in range(5):
        value = scale_max * step / 4
        y = top + plot_h - plot_h * step / 4
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(fmt(Decimal(str(value)) if unit else int(value), unit))}</text>"
        )
    grid_end = len(body)
    count = len(points)
    every = max(1, math.ceil(count / 8))

    def x_of(n: int) -> float:
        return left + (plot_w * (n + 0.5) / count if count else 0)

    segment: list[str] = []
    segments: list[list[str]] = []
    for n, (label, value) in enumerate(points):
        x = x_of(n)
        if (count - 1 - n) % every == 0:  # counted from the end: the latest is labelled
            body.append(
                f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                f'fill="{MUTED}">{escape(label)}</text>'
            )
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = top + plot_h - plot_h * min(float(value) / scale_max, 1)
        segment.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{MAIN}">'
            f"<title>{escape(label)}: {escape(fmt(value, unit))}</title></circle>"
        )
    if segment:
        segments.append(segment)
    for points_text in segments:
        body.insert(
            grid_end,
            f'<polyline points="{" ".join(points_text)}" fill="none" stroke="{MAIN}" '
            'stroke-width="2"/>',
        )
    if not known:
        body.append(f'<text x="{left + 8}" y="{top + 20}" fill="{MUTED}">—</text>')
    return _svg(WIDTH, height, title, body)


def standalone(svg: str) -> str:
    """The chart as an ``.svg`` file of its own."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
