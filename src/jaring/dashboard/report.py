"""The monthly programme report as PDF, for the governor's or mayor's office.

A cover (title, region, month, period, filters, when it was made and how fresh each
summary is), a page of headline figures, then every panel of the dashboard, each as its
chart and its table. It walks ``Dashboard.panels`` and ``Dashboard.headlines`` as
``queries.build`` returns them, so a panel added to the dashboard appears here with no
change to this module.

Only aggregates: the dashboard holds counts, sums and rates per region, occupation,
month and stage, never a NIK, a name or a row about one person, so the report may go to
any role in the scope it was built for and is not written to the personal-data access
log. The text follows the active language (Indonesian unless the user chose English).

Charts are the page's SVG converted to vector drawings (``images.drawing``); the fonts
are embedded (Bitstream Vera Sans from ReportLab), so the PDF looks the same on any
computer in the governor's office.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jaring.dashboard import images
from jaring.dashboard.charts import INK, LINE, MAIN, MUTED, WORDS, cell_texts
from jaring.dashboard.queries import Dashboard, Panel

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_PADDING = 6  # ReportLab's frames keep 6 points inside the page margins
FRAME_W = PAGE_W - 2 * MARGIN - 2 * FRAME_PADDING
HEADER_BG = colors.HexColor("#eef2f5")
CELL_SIZE = 7.5
WIDE_CELL_SIZE = 6.5  # tables of more than WIDE_TABLE columns (statuses by regency)
WIDE_TABLE = 9
# A chart and the panel's title and notes share one page: the page less margins,
# footer room and some 45 mm of heading.
CHART_MAX_H = PAGE_H - 2 * MARGIN - 4 * mm - 2 * FRAME_PADDING - 45 * mm


def summary_labels() -> dict[str, str]:
    """Human names of the summaries ``SummaryRefresh`` times (its ``nama``)."""
    return {
        "cakupan": _("Cakupan kepesertaan (laporan BPJS, angkatan kerja BPS)"),
        "registri": _("Registri pekerja"),
        "alur": _("Alur pengajuan daftar pekerja dan penggabungan"),
        "program": _("Kuota dan seleksi program"),
        "peserta": _("Peserta program menurut status"),
        "anggaran": _("Tagihan dan pembayaran iuran"),
        "klaim": _("Klaim BPJS Ketenagakerjaan"),
    }


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = images.register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "muted": ParagraphStyle("muted", base, fontSize=8.5, leading=11, textColor=MUTED),
        "kicker": ParagraphStyle("kicker", base, fontName=bold, fontSize=10, textColor=MAIN),
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=24, leading=30),
        "region": ParagraphStyle("region", base, fontName=bold, fontSize=16, leading=21),
        "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=15, leading=19, spaceAfter=6),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=12, leading=15, spaceAfter=3),
        "cell": ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=9.5),
        "cell_n": ParagraphStyle(
            "cell_n", base, fontSize=CELL_SIZE, leading=9.5, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=CELL_SIZE, leading=9.5),
        "head_n": ParagraphStyle(
            "head_n", base, fontName=bold, fontSize=CELL_SIZE, leading=9.5, alignment=TA_RIGHT
        ),
        "figure": ParagraphStyle("figure", base, fontName=bold, fontSize=17, leading=21),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=10.5),
    }


def _text(value: str) -> str:
    """Escape for ReportLab's paragraph markup; a character the embedded font lacks (the
    pipeline's "→") is set in the PDF's Symbol font, which has it."""
    regular = pdfmetrics.getFont(images.register_fonts()[0])
    glyphs = regular.face.charToGlyph
    return "".join(
        ch if ord(ch) in glyphs or ch.isspace() else f'<font name="Symbol">{ch}</font>'
        for ch in escape(value)
    )


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M %Z}"  # 24-11-2026 13:10 WITA


def _key_value_table(rows: list[tuple[str, str]], styles, widths=(48 * mm, None)) -> Table:
    data = [
        [Paragraph(_text(k), styles["muted"]), Paragraph(_text(v), styles["body"])] for k, v in rows
    ]
    table = Table(data, colWidths=[widths[0], FRAME_W - widths[0]], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _cover(dashboard: Dashboard, generated_at: dt.datetime, styles) -> list:
    f = dashboard.filters
    story = [
        Spacer(1, 30 * mm),
        Paragraph(_text(_("JARING · PERLINDUNGAN PEKERJA RENTAN")), styles["kicker"]),
        Spacer(1, 4 * mm),
        Paragraph(_text(_("Laporan Bulanan Perlindungan Pekerja Rentan")), styles["title"]),
        Spacer(1, 3 * mm),
        Paragraph(
            _text(_("Jaminan Kecelakaan Kerja dan Jaminan Kematian BPJS Ketenagakerjaan")),
            styles["body"],
        ),
        Spacer(1, 14 * mm),
        Paragraph(_text(dashboard.region_name), styles["region"]),
        Paragraph(_text(_("Bulan laporan: %(month)s") % {"month": _month(f.sampai)}), styles["h2"]),
        Spacer(1, 10 * mm),
        _key_value_table(
            [
                *dashboard.filter_labels(),
                (_("Dibuat"), _when(generated_at)),
            ],
            styles,
        ),
        Spacer(1, 8 * mm),
        Paragraph(_text(_("Kesegaran data")), styles["h2"]),
    ]
    labels = summary_labels()
    freshness = [
        (labels.get(name, name), _when(moment))
        for name, moment in sorted(dashboard.refreshed.items())
    ] or [(_("Ringkasan"), _("belum pernah diperbarui"))]
    story += [
        _key_value_table(freshness, styles, widths=(90 * mm, None)),
        Spacer(1, 10 * mm),
        Paragraph(
            _text(
                _(
                    "Laporan ini hanya memuat angka agregat per wilayah, pekerjaan, bulan dan "
                    "tahap; tidak memuat NIK, nama atau data pribadi pekerja. Angka dibaca dari "
                    "tabel ringkasan Jaring pada waktu yang tertera di atas."
                )
            ),
            styles["muted"],
        ),
        PageBreak(),
    ]
    return story


def _month(day: dt.date) -> str:
    return date_format(day, "F Y")


def _headlines(dashboard: Dashboard, styles) -> list:
    story = [Paragraph(_text(_("Ringkasan angka utama")), styles["h1"])]
    boxes = []
    for headline in dashboard.headlines:
        value, why = headline.shown()
        box = [
            Paragraph(_text(value), styles["figure"]),
            Paragraph(_text(headline.label), styles["small"]),
        ]
        if why or headline.note:
            box.append(Paragraph(_text(why or headline.note), styles["muted"]))
        boxes.append(box)
    if not boxes:
        story.append(Paragraph(_text(_("Belum ada data untuk pilihan ini.")), styles["muted"]))
        return story
    # Three to a row, so a dozen figures and the list of contents share one page.
    columns = 3
    boxes += [""] * (-len(boxes) % columns)
    grid = Table(
        [boxes[i : i + columns] for i in range(0, len(boxes), columns)],
        colWidths=[FRAME_W / columns] * columns,
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, -1), 1.5, colors.HexColor(MAIN)),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    story.append(grid)
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(_text(_("Isi laporan")), styles["h2"]))
    for number, panel in enumerate(dashboard.panels.values(), start=1):
        story.append(Paragraph(_text(f"{number}. {panel.title}"), styles["body"]))
    return story


def _column_widths(
    texts: list[list[str]], headers: list[str], size: float = CELL_SIZE
) -> list[float]:
    """Each column as wide as its longest cell (a header may wrap between words), the
    whole table at most the frame's width: when it does not fit, the columns that would
    wrap least are kept and the widest give up room, never below their longest word."""
    pad = 7
    regular, bold = images.register_fonts()

    def width(text: str, font: str = regular) -> float:
        return pdfmetrics.stringWidth(text, font, size) + pad

    columns = list(zip(*texts, strict=True)) if texts else [()] * len(headers)
    natural, least = [], []
    for header, cells in zip(headers, columns, strict=True):
        # Headers are set in bold: measured in bold, so no header word is broken.
        longest_word = max(
            [width(w, bold) for w in header.split()] + [width(w) for c in cells for w in c.split()]
            or [width("")]
        )
        natural.append(max([longest_word, *(width(c) for c in cells)]))
        least.append(longest_word)
    room = FRAME_W
    if sum(natural) <= room:
        grow = min(room / sum(natural), 1.6)
        return [w * grow for w in natural]
    if sum(least) >= room:
        return [w * room / sum(least) for w in least]
    share = (room - sum(least)) / (sum(natural) - sum(least))
    return [m + (n - m) * share for n, m in zip(natural, least, strict=True)]


def _panel_table(panel: Panel, styles) -> Table:
    numeric = [kind not in WORDS for kind in panel.kinds]
    size = CELL_SIZE
    if len(panel.columns) > WIDE_TABLE:  # a smaller type, so no header word is broken
        size = WIDE_CELL_SIZE
        styles = {
            **styles,
            **{
                name: ParagraphStyle(f"{name}_wide", styles[name], fontSize=size, leading=8.5)
                for name in ("cell", "cell_n", "head", "head_n")
            },
        }
    header = [
        Paragraph(_text(str(name)), styles["head_n" if n else "head"])
        for name, n in zip(panel.labels, numeric, strict=True)
    ]
    body = [
        [
            Paragraph(_text(text), styles["cell_n" if n else "cell"])
            for text, n in zip(cell_texts(row, panel.kinds), numeric, strict=True)
        ]
        for row in panel.rows
    ]
    if not body:
        body = [[Paragraph(_text(_("Belum ada data untuk pilihan ini.")), styles["cell"])]]
        body[0] += [""] * (len(panel.columns) - 1)
    footer = []
    if panel.footer:
        footer = [
            [
                Paragraph(f"<b>{_text(text)}</b>", styles["cell_n" if n else "cell"])
                for text, n in zip(cell_texts(panel.footer, panel.kinds), numeric, strict=True)
            ]
        ]
    texts = [cell_texts(row, panel.kinds) for row in panel.rows]
    if panel.footer:
        texts.append(cell_texts(panel.footer, panel.kinds))
    widths = _column_widths(texts, [str(c) for c in panel.labels], size)
    table = Table([header, *body, *footer], colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor(LINE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if footer:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.HexColor(INK)))
    table.setStyle(TableStyle(style))
    return table


def _panel(number: int, panel: Panel, dashboard: Dashboard, styles) -> list:
    head = [Paragraph(_text(f"{number}. {panel.title}"), styles["h1"])]
    for note in (panel.note, dashboard.ignored_filters(panel)):
        if note:
            head.append(Paragraph(_text(note), styles["muted"]))
    head.append(Spacer(1, 3 * mm))
    chart = images.drawing(panel.svg, width=FRAME_W, max_height=CHART_MAX_H)
    return [
        CondPageBreak(90 * mm),
        KeepTogether([*head, chart]),
        Spacer(1, 4 * mm),
        _panel_table(panel, styles),
        Spacer(1, 9 * mm),
    ]


class _FooterCanvas(canvas.Canvas):
    """A canvas that holds its pages until the end, so each footer can say "page n of N"."""

    def __init__(self, *args, footer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        regular = images.register_fonts()[0]
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(regular, 7.5)
            self.setFillColor(colors.HexColor(MUTED))
            self.setStrokeColor(colors.HexColor(LINE))
            left, right = MARGIN + FRAME_PADDING, PAGE_W - MARGIN - FRAME_PADDING
            self.line(left, 12 * mm, right, 12 * mm)
            self.drawString(left, 8 * mm, self._footer)
            self.drawRightString(
                right,
                8 * mm,
                _("Halaman %(page)s dari %(pages)s") % {"page": number, "pages": total},
            )
            super().showPage()
        super().save()


def report_pdf(dashboard: Dashboard, *, generated_at: dt.datetime | None = None) -> bytes:
    """The report for ``dashboard`` (as ``queries.build`` made it for a user or a region)."""
    generated_at = generated_at or timezone.now()
    styles = _styles()
    title = _("Laporan Bulanan Perlindungan Pekerja Rentan")
    month = _month(dashboard.filters.sampai)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{title} · {dashboard.region_name} · {month}",
        author="Jaring",
        subject=_("Cakupan, peserta program, anggaran, klaim dan registri pekerja rentan"),
        creator="Jaring",
    )
    story = _cover(dashboard, generated_at, styles) + _headlines(dashboard, styles)
    story.append(PageBreak())
    for number, panel in enumerate(dashboard.panels.values(), start=1):
        story += _panel(number, panel, dashboard, styles)
    footer = f"Jaring · {title} · {dashboard.region_name} · {month}"
    document.build(story, canvasmaker=partial(_FooterCanvas, footer=footer))
    return buffer.getvalue()
