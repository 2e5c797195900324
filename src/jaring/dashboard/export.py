"""A dashboard panel as a spreadsheet: the same columns and rows the page shows."""

import io

import xlsxwriter

from jaring.dashboard.queries import INT, PCT, Dashboard, Panel


def panel_xlsx(dashboard: Dashboard, panel: Panel) -> bytes:
    """Numbers stay numbers (Excel can sum them); percentages keep one decimal."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(panel.key)
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    formats = {
        INT: workbook.add_format({"num_format": "#,##0"}),
        PCT: workbook.add_format({"num_format": "0.0"}),
    }
    filters = dashboard.filters
    sheet.write_string(0, 0, panel.title, workbook.add_format({"bold": True}))
    sheet.write_string(
        1,
        0,
        f"{dashboard.scope_name} · {filters.dari:%m-%Y} – {filters.sampai:%m-%Y}"
        + (f" · {filters.wilayah}" if filters.wilayah else "")
        + (f" · {filters.pekerjaan}" if filters.pekerjaan else ""),
    )
    header_row = 3
    for column, name in enumerate(panel.columns):
        sheet.write_string(header_row, column, str(name), bold)
    rows = panel.rows + ([panel.footer] if panel.footer else [])
    for line, row in enumerate(rows, start=header_row + 1):
        for column, (value, kind) in enumerate(zip(row, panel.kinds, strict=True)):
            if value is None:
                continue
            if kind in formats and not isinstance(value, str):
                sheet.write_number(line, column, float(value), formats[kind])
            else:
                sheet.write_string(line, column, str(value))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(panel.columns) - 1, 16)
    sheet.freeze_panes(header_row + 1, 1)
    workbook.close()
    return buffer.getvalue()
