"""The dashboard's SVG charts in the other forms people need: PNG and PDF drawings.

``charts.py`` draws every chart once, as SVG; this module only converts that markup, so
the page, the ``.svg`` and ``.png`` downloads and the PDF report show the same chart:

* **PNG** by resvg (``resvg-py``): a self-contained wheel from PyPI with no system
  library (CairoSVG would need libcairo, which a fresh machine need not have);
* **PDF** by svglib, which turns the SVG into a ReportLab drawing, so the report keeps
  the charts as vectors (sharp in print, their figures searchable as text), and any chart
  a later panel adds appears in the report without code here.

Both use the same font files, Bitstream Vera Sans as shipped inside ReportLab, and never
the machine's fonts: a chart looks the same on every server, and nothing is looked up at
run time (svglib would otherwise run ``fc-match`` for an unknown family).
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import reportlab
import resvg_py
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT_FILES = {"Vera": FONT_DIR / "Vera.ttf", "Vera-Bold": FONT_DIR / "VeraBd.ttf"}
FAMILY = "Bitstream Vera Sans"
# The families charts.py names (font-family="system-ui, sans-serif").
CHART_FAMILIES = ("system-ui", "sans-serif")
PNG_ZOOM = 2  # 1280 pixels wide: sharp on a slide or a high-density screen


@cache
def register_fonts() -> tuple[str, str]:
    """Register the report's fonts with ReportLab and svglib once; returns the regular
    and bold font names to use in PDF styles."""
    from svglib.fonts import register_font

    for name, path in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold")
    for family in CHART_FAMILIES:
        register_font(family, str(FONT_FILES["Vera"]), rlgFontName="Vera")
        register_font(family, str(FONT_FILES["Vera-Bold"]), weight="bold", rlgFontName="Vera-Bold")
    return "Vera", "Vera-Bold"


def png(svg: str, *, zoom: float = PNG_ZOOM) -> bytes:
    """The chart as a PNG image on a white background."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            background="white",
            zoom=zoom,
            skip_system_fonts=True,
            font_files=[str(path) for path in FONT_FILES.values()],
            font_family=FAMILY,
            sans_serif_family=FAMILY,
        )
    )


def drawing(svg: str, *, width: float, max_height: float | None = None) -> Drawing:
    """The chart as a ReportLab drawing ``width`` points wide (its height follows), or
    narrower when it would be taller than ``max_height`` (a chart of hundreds of
    regencies must still fit on a page; its table carries the figures in full)."""
    from svglib.svglib import svg2rlg

    register_fonts()
    # The page's SVG fills its container (width="100%"); svglib needs absolute units.
    svg = re.sub(r'\swidth="100%"', "", svg, count=1)
    chart = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    if chart is None:  # svglib logs and returns None for markup it cannot read
        raise ValueError("chart SVG could not be converted")
    scale = width / chart.width
    if max_height and chart.height * scale > max_height:
        scale = max_height / chart.height
    chart.scale(scale, scale)
    chart.width, chart.height = chart.width * scale, chart.height * scale
    return chart
