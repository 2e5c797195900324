"""The rejected rows of a submission as a spreadsheet to fix and upload again.

Columns are the clerk's own headers in the original order, plus one column with every
reason for the row; the clerk corrects the cells, deletes the reason column (or leaves
it: intake ignores columns it does not know) and uploads the file again.
"""

import io
import json
from itertools import groupby

from jaring import exports
from jaring.intake.models import RejectedRow, RowError, Submission
from jaring.reasons import translate

REASON_HEADER = "Alasan penolakan"
ROW_HEADER = "Baris asal"


def rejected_rows_xlsx(submission: Submission) -> bytes:
    rows = list(
        RejectedRow.objects.filter(submission=submission)
        .order_by("row_number")
        .values_list("row_number", "data")
    )
    reasons = {
        row: "; ".join(f"{field}: {translate(message)}" for _, field, message in group)
        for row, group in groupby(
            RowError.objects.filter(submission=submission)
            .order_by("row_number", "id")
            .values_list("row_number", "field", "message"),
            key=lambda item: item[0],
        )
    }
    headers: list[str] = list(submission.headers)

    buffer = io.BytesIO()
    workbook = exports.workbook(buffer)
    sheet = workbook.add_worksheet("Baris ditolak")
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    reason_format = workbook.add_format({"font_color": "#9C0006", "text_wrap": True})
    for column, header in enumerate([*headers, REASON_HEADER, ROW_HEADER]):
        sheet.write_string(0, column, header, bold)
    # Text format on every data column keeps Excel from turning NIKs into numbers again.
    sheet.set_column(0, len(headers) - 1 if headers else 0, 20, text)
    sheet.set_column(len(headers), len(headers), 60, reason_format)
    for line, (row_number, data) in enumerate(rows, start=1):
        values = json.loads(data) if isinstance(data, str) else data
        for column, value in enumerate(values[: len(headers)]):
            sheet.write_string(line, column, "" if value is None else str(value), text)
        sheet.write_string(line, len(headers), reasons.get(row_number, ""), reason_format)
        sheet.write_number(line, len(headers) + 1, row_number)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) + 1)
    workbook.close()
    return buffer.getvalue()
