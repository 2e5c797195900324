"""Dashboard figures as spreadsheets: one panel (the page's per-panel download) or the
monthly report (a cover sheet, then one sheet per panel, in the dashboard's order).

The same columns and rows the page shows; numbers stay numbers (Excel can sum them),
percentages keep one decimal. Only aggregates, as in the PDF report.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring import exports
from jaring.dashboard.queries import INT, PCT, RATIO, Dashboard, Panel


def _workbook(buffer: io.BytesIO) -> tuple[xlsxwriter.Workbook, dict]:
    workbook = exports.workbook(buffer)
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "bold": workbook.add_format({"bold": True}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}
        ),
        "muted": workbook.add_format({"font_color": "#616E7C"}),
        INT: workbook.add_format({"num_format": "#,##0"}),
        PCT: workbook.add_format({"num_format": "0.0"}),
        RATIO: workbook.add_format({"num_format": "0.00"}),
    }
    return workbook, formats


def _write_value(sheet, line: int, column: int, value, kind: str, formats: dict) -> None:
    if value is None:
        return
    if kind in (INT, PCT, RATIO) and not isinstance(value, str):
        sheet.write_number(line, column, float(value), formats[kind])
    else:
        sheet.write_string(line, column, str(value))


def _write_panel(sheet, dashboard: Dashboard, panel: Panel, formats: dict) -> None:
    """Title in A1, the filters in A2, the header in row 4 and the table under it (the
    same place in every sheet), then the panel's notes."""
    sheet.write_string(0, 0, panel.title, formats["title"])
    sheet.write_string(
        1, 0, " · ".join(f"{what}: {value}" for what, value in dashboard.filter_labels())
    )
    header_row = 3
    for column, name in enumerate(panel.labels):
        sheet.write_string(header_row, column, str(name), formats["header"])
    rows = panel.rows + ([panel.footer] if panel.footer else [])
    for line, row in enumerate(rows, start=header_row + 1):
        for column, (value, kind) in enumerate(zip(row, panel.kinds, strict=True)):
            _write_value(sheet, line, column, value, kind, formats)
    notes = [n for n in (panel.note, dashboard.ignored_filters(panel)) if n]
    for line, note in enumerate(notes, start=header_row + len(rows) + 2):
        sheet.write_string(line, 0, note, formats["muted"])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(panel.columns) - 1, 16)
    sheet.freeze_panes(header_row + 1, 1)


def panel_xlsx(dashboard: Dashboard, panel: Panel) -> bytes:
    buffer = io.BytesIO()
    workbook, formats = _workbook(buffer)
    _write_panel(workbook.add_worksheet(panel.key), dashboard, panel, formats)
    workbook.close()
    return buffer.getvalue()


def report_xlsx(dashboard: Dashboard, *, generated_at: dt.datetime | None = None) -> bytes:
    """The monthly report: a cover sheet ("Sampul": title, filters, when made, data
    freshness, headline figures), then one sheet per panel named by its key."""
    from jaring.dashboard.report import summary_labels  # one list of summary names

    generated_at = timezone.localtime(generated_at or timezone.now())
    buffer = io.BytesIO()
    workbook, formats = _workbook(buffer)
    cover = workbook.add_worksheet(_("Sampul")[:31])
    cover.write_string(0, 0, _("Laporan Bulanan Perlindungan Pekerja Rentan"), formats["title"])
    line = 2
    for what, value in [
        *dashboard.filter_labels(),
        (_("Dibuat"), f"{generated_at:%d-%m-%Y %H:%M %Z}"),
    ]:
        cover.write_string(line, 0, what, formats["bold"])
        cover.write_string(line, 1, value)
        line += 1
    line += 1
    cover.write_string(line, 0, _("Kesegaran data"), formats["bold"])
    labels = summary_labels()
    for name, moment in sorted(dashboard.refreshed.items()):
        line += 1
        cover.write_string(line, 0, labels.get(name, name))
        cover.write_string(line, 1, f"{timezone.localtime(moment):%d-%m-%Y %H:%M %Z}")
    line += 2
    cover.write_string(line, 0, _("Ringkasan angka utama"), formats["bold"])
    line += 1
    for column, name in enumerate([_("Angka"), _("Nilai"), _("Keterangan")]):
        cover.write_string(line, column, name, formats["header"])
    for headline in dashboard.headlines:
        line += 1
        cover.write_string(line, 0, headline.label)
        _write_value(cover, line, 1, headline.value, headline.kind, formats)
        cover.write_string(line, 2, headline.note)
    line += 2
    cover.write_string(
        line,
        0,
        _("Hanya angka agregat; tidak memuat NIK, nama atau data pribadi pekerja."),
        formats["muted"],
    )
    cover.set_column(0, 0, 52)
    cover.set_column(1, 1, 30)
    cover.set_column(2, 2, 50)
    for panel in dashboard.panels.values():
        _write_panel(workbook.add_worksheet(panel.key[:31]), dashboard, panel, formats)
    workbook.close()
    return buffer.getvalue()
