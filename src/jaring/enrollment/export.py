"""Rendering a registration batch as the file a BPJS branch takes (XLSX or CSV).

The rows are read in one bulk query and shaped with Polars into the columns of the
batch's layout (``TataLetak.kolom``), every cell as text: NIKs and phone numbers must
reach BPJS digit for digit, so the XLSX stores them as text cells, never numbers. The
declared income is the programme's policy (``penghasilan_dilaporkan``, or the floor of
the tariff in force in the first month), the amount the contribution is computed on.
"""

from __future__ import annotations

import io

import polars as pl
from django.db.models import Q
from django.utils.translation import gettext as _

from jaring import exports
from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_follow_enrolment, sees_full_identity
from jaring.bulk import read_frame
from jaring.enrollment.models import BatchPendaftaran, Peserta
from jaring.programs import tariffs
from jaring.programs.queries import regency_scope

ROWS_SCHEMA = {
    "nomor_urut": pl.Int64,
    "nik": pl.Utf8,
    "nama": pl.Utf8,
    "tanggal_lahir": pl.Date,
    "jenis_kelamin": pl.Utf8,
    "alamat": pl.Utf8,
    "kode_wilayah": pl.Utf8,
    "no_hp": pl.Utf8,
    "no_kk": pl.Utf8,
    "pekerjaan": pl.Utf8,
    "pekerjaan_kode": pl.Utf8,
    "kpj": pl.Utf8,
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def declared_income(batch: BatchPendaftaran) -> int:
    program = batch.program
    tarif = tariffs.in_force(batch.bulan_pertama)
    return tariffs.monthly(tarif, program.penghasilan_dilaporkan).penghasilan_dasar


def batch_frame(batch: BatchPendaftaran, scope: Q | None = None) -> pl.DataFrame:
    """The batch's rows (in list order) in its layout's columns, as text."""
    rows = Peserta.objects.filter(batch=batch)
    if scope is not None:
        rows = rows.filter(scope)
    raw = read_frame(
        rows.order_by("nomor_urut").values_list(
            "nomor_urut", "person__nik", "person__nama", "person__tanggal_lahir",
            "person__jenis_kelamin", "person__alamat", "person__wilayah_id", "person__no_hp",
            "person__no_kk", "person__pekerjaan__label", "person__pekerjaan_id", "kpj",
        ),
        ROWS_SCHEMA,
    )  # fmt: skip
    layout, program = batch.tata_letak, batch.program
    constants = {
        "penghasilan": str(declared_income(batch)),
        "program": program.kode,
        "program_nama": program.nama,
        "bulan_pertama": batch.bulan_pertama.strftime(layout.format_bulan),
    }
    derived = {
        "tanggal_lahir": pl.col("tanggal_lahir").dt.strftime(layout.format_tanggal),
        "nomor_urut": pl.col("nomor_urut").cast(pl.Utf8),
    }
    columns = []
    for item in layout.kolom:
        source, header = item["sumber"], item["judul"]
        if source in constants:
            expr = pl.lit(constants[source])
        else:
            expr = derived.get(source, pl.col(source))
        columns.append(expr.fill_null("").alias(header))
    return raw.select(columns)


def render(frame: pl.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return exports.csv_bytes(frame)
    if fmt != "xlsx":
        raise ValueError(_("Format %(format)s tidak dikenal.") % {"format": fmt})
    buffer = io.BytesIO()
    workbook = exports.workbook(buffer, constant_memory=True)
    sheet = workbook.add_worksheet("Pendaftaran")
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    sheet.set_column(0, max(0, frame.width - 1), 18)
    sheet.write_row(0, 0, frame.columns, bold)
    for number, row in enumerate(frame.iter_rows(), start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value, text)
    workbook.close()
    return buffer.getvalue()


def filename(batch: BatchPendaftaran, fmt: str) -> str:
    return f"{batch.nomor.lower()}.{fmt}"


def may_download(user) -> bool:
    """The batch file holds NIKs: for roles that follow enrolment and see identities
    whole (the page and the API ask this one rule)."""
    return can_follow_enrolment(user) and sees_full_identity(user)


def download(user, batch: BatchPendaftaran, fmt: str, *, request=None) -> bytes:
    """The batch file as ``user`` may take it — only their regencies' rows — with the
    export written to the access log (``via`` the page or the API)."""
    frame = batch_frame(batch, regency_scope(user))
    via = " via API" if request is not None and request.path.startswith("/api/") else ""
    log_access(
        user,
        AccessAction.EXPORT_PERSONS,
        batch.nomor,
        detail=f"Batch pendaftaran BPJS ({fmt}{via}), {frame.height} peserta",
        request=request,
    )
    return render(frame, fmt)
