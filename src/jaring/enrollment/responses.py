"""Importing BPJS's answer to registration batches: per person accepted with a KPJ
participant number, or rejected with BPJS's reason.

Every row is checked at once: the NIK must be a participant of the programme who was
sent in a batch; an accepted row needs an 11-digit KPJ no other participant of the
programme holds; a rejected row needs BPJS's reason. A row repeating what Jaring
already holds is ``unchanged``; a row contradicting an earlier answer is refused (BPJS
corrects a KPJ by letter, not by a second file). Valid rows are written with one
``UPDATE … FROM`` a staging table, in one transaction with the import record and its
row errors. With ``ganti=True`` and a manager's rights, persons rejected are replaced
from the waiting list in the same transaction (``services.replace_rejected``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jaring import imports
from jaring.accounts.policy import can_enrol, can_manage_program
from jaring.bulk import read_frame, staging_table
from jaring.core import nik
from jaring.core.frames import clean_text
from jaring.enrollment.models import Peserta, ResponBaris, ResponBpjs
from jaring.enrollment.services import replace_rejected
from jaring.events import Topic
from jaring.intake.columns import VARIANTS as INTAKE_VARIANTS
from jaring.programs.models import Program
from jaring.reasons import reason
from jaring.sheets import NIK_FROM_NUMBER, ROW, Layout

KPJ_VARIANTS = [
    "kpj", "nokpj", "nomorkpj", "nomorpeserta", "nopeserta", "nokartupeserta",
    "nomorkartupeserta", "kpjbaru", "nomorkepesertaan",
]  # fmt: skip
LAYOUT = Layout(
    variants={
        "nik": INTAKE_VARIANTS["nik"],
        "kpj": KPJ_VARIANTS,
        "status": [
            "status",
            "hasil",
            "statuspendaftaran",
            "statusregistrasi",
            "keputusan",
            "statusverifikasi",
            "hasilverifikasi",
            "diterimaditolak",
        ],
        "keterangan": [
            "keterangan",
            "alasan",
            "alasanpenolakan",
            "alasanditolak",
            "catatan",
            "pesan",
            "keteranganbpjs",
            "keteranganpenolakan",
        ],
        "nama": INTAKE_VARIANTS["nama"],
    },
    required=("nik", "status"),
    labels={"nik": "NIK", "kpj": "Nomor KPJ", "status": "Status", "keterangan": "Keterangan"},
    example="NIK, Nama, KPJ, Status, Keterangan",
    digits=("nik", "kpj"),
)
STATUS_CODES = {
    "DITERIMA": "diterima", "TERIMA": "diterima", "BERHASIL": "diterima", "SUKSES": "diterima",
    "OK": "diterima", "TERDAFTAR": "diterima", "AKTIF": "diterima", "ACCEPTED": "diterima",
    "DITOLAK": "ditolak", "TOLAK": "ditolak", "GAGAL": "ditolak", "REJECT": "ditolak",
    "REJECTED": "ditolak", "TIDAKDITERIMA": "ditolak", "TIDAKTERDAFTAR": "ditolak",
}  # fmt: skip

MSG_STATUS_WAJIB = reason(gettext_noop("Status wajib diisi (DITERIMA atau DITOLAK)."))
MSG_STATUS = reason(gettext_noop("Status {} tidak dikenal; tulis DITERIMA atau DITOLAK."))
MSG_KPJ_WAJIB = reason(gettext_noop("Nomor KPJ wajib diisi untuk peserta yang diterima."))
MSG_KPJ_FORMAT = reason(gettext_noop("Nomor KPJ harus 11 digit angka (tertulis {})."))
MSG_ALASAN_WAJIB = reason(
    gettext_noop("Alasan penolakan dari BPJS wajib diisi untuk peserta yang ditolak.")
)
MSG_NIK_GANDA = reason(
    gettext_noop("NIK {} sudah ada di baris {}; setiap peserta hanya boleh satu baris.")
)
MSG_KPJ_GANDA = reason(gettext_noop("Nomor KPJ {} sudah dipakai di baris {}."))
MSG_BUKAN_PESERTA = reason(gettext_noop("NIK {} bukan peserta program {}."))
MSG_BELUM_DIKIRIM = reason(
    gettext_noop("Peserta dengan NIK {} belum dikirim ke BPJS dalam batch pendaftaran.")
)
MSG_SUDAH_DITERIMA = reason(
    gettext_noop(
        "Peserta dengan NIK {} sudah tercatat diterima dengan KPJ {}; jawaban yang berbeda "
        "tidak dapat mengubahnya."
    )
)
MSG_SUDAH_DITOLAK = reason(
    gettext_noop(
        "Peserta dengan NIK {} sudah tercatat ditolak BPJS; jawaban yang berbeda tidak dapat "
        "mengubahnya."
    )
)
MSG_KPJ_DIPAKAI = reason(gettext_noop("Nomor KPJ {} sudah dipakai peserta lain program ini."))

PARTICIPANTS = {
    "nik": pl.Utf8, "peserta_id": pl.Int64, "status_lama": pl.Utf8, "kpj_lama": pl.Utf8,
}  # fmt: skip

Progress = Callable[[int, str], None]


def nik_format_error(value: pl.Expr, from_number: pl.Expr) -> pl.Expr:
    """A NIK here only has to name a participant: 16 digits are enough (what Excel did
    to a number is explained with intake's message); anything else is "not a
    participant" once joined."""
    digits = value.str.contains(r"^[0-9]{16}$").fill_null(False)
    full = nik.error(value, provinces=(), regencies=(), districts=(), from_number=from_number)
    return pl.when(value.is_null()).then(pl.lit(nik.MSG_WAJIB)).when(~digits).then(full)


def validate(frame: pl.DataFrame, program: Program) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """``(changes, errors, unchanged)``: rows that change a participant, one
    ``(_row, field, message)`` per problem, and how many rows repeat known answers."""
    text = frame.select(
        ROW, NIK_FROM_NUMBER, *[clean_text(pl.col(c)).alias(c) for c in LAYOUT.columns]
    )
    status_key = pl.col("status").str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    typed = text.with_columns(
        nik.normalise(pl.col("nik")).alias("nik_n"),
        status_key.replace_strict(STATUS_CODES, default=None, return_dtype=pl.Utf8).alias("st"),
        pl.col("kpj").str.strip_chars_start("'").str.replace_all(r"[\s.\-]", "").alias("kpj_n"),
    )
    accepted = pl.col("st") == "diterima"
    checked = typed.with_columns(
        nik_format_error(pl.col("nik_n"), pl.col(NIK_FROM_NUMBER)).alias("err_nik"),
        pl.when(pl.col("status").is_null())
        .then(pl.lit(MSG_STATUS_WAJIB))
        .when(pl.col("st").is_null())
        .then(pl.format(MSG_STATUS, pl.col("status")))
        .alias("err_status"),
        pl.when(accepted & pl.col("kpj_n").is_null())
        .then(pl.lit(MSG_KPJ_WAJIB))
        .when(accepted & ~pl.col("kpj_n").str.contains(r"^[0-9]{11}$"))
        .then(pl.format(MSG_KPJ_FORMAT, pl.col("kpj")))
        .alias("err_kpj"),
        pl.when((pl.col("st") == "ditolak") & pl.col("keterangan").is_null())
        .then(pl.lit(MSG_ALASAN_WAJIB))
        .alias("err_keterangan"),
    )
    checked = imports.first_row_wins(
        checked.with_columns(pl.col("nik_n").alias("_nik_key")),
        "_nik_key", pl.col("err_nik").is_null(), "err_nik", MSG_NIK_GANDA,
    )  # fmt: skip
    checked = imports.first_row_wins(
        checked.with_columns(pl.when(accepted).then(pl.col("kpj_n")).alias("_kpj_key")),
        "_kpj_key", accepted, "err_kpj", MSG_KPJ_GANDA,
    )  # fmt: skip

    known = read_frame(
        Peserta.objects.filter(program=program).values_list("person__nik", "id", "status", "kpj"),
        PARTICIPANTS,
    )
    others_kpj = known.filter(pl.col("kpj_lama").is_not_null()).select(
        pl.col("kpj_lama").alias("kpj_n"), pl.col("peserta_id").alias("_kpj_owner")
    )
    checked = checked.join(known.rename({"nik": "nik_n"}), on="nik_n", how="left").join(
        others_kpj, on="kpj_n", how="left"
    )
    clean = pl.col("err_nik").is_null() & pl.col("err_status").is_null()
    old = pl.col("status_lama")
    same = ((old == "diterima") & accepted & (pl.col("kpj_lama") == pl.col("kpj_n"))) | (
        (old == "ditolak") & (pl.col("st") == "ditolak")
    )
    checked = checked.with_columns(
        pl.when(~clean)
        .then(pl.col("err_nik"))
        .when(pl.col("peserta_id").is_null())
        .then(pl.format(MSG_BUKAN_PESERTA, pl.col("nik_n"), pl.lit(program.kode)))
        .when(old == "menunggu")
        .then(pl.format(MSG_BELUM_DIKIRIM, pl.col("nik_n")))
        .when((old == "diterima") & ~same)
        .then(pl.format(MSG_SUDAH_DITERIMA, pl.col("nik_n"), pl.col("kpj_lama")))
        .when((old == "ditolak") & ~same)
        .then(pl.format(MSG_SUDAH_DITOLAK, pl.col("nik_n")))
        .otherwise(pl.col("err_nik"))
        .alias("err_nik"),
        pl.when(
            pl.col("err_kpj").is_null()
            & accepted
            & pl.col("_kpj_owner").is_not_null()
            & (pl.col("_kpj_owner") != pl.col("peserta_id"))
        )
        .then(pl.format(MSG_KPJ_DIPAKAI, pl.col("kpj_n")))
        .otherwise(pl.col("err_kpj"))
        .alias("err_kpj"),
    )
    errors = imports.errors_of(checked)
    refused = errors.get_column(ROW).unique().implode()
    valid = checked.filter(~pl.col(ROW).is_in(refused))
    unchanged = valid.filter(same).height
    changes = valid.filter(~same.fill_null(False)).select(
        "peserta_id",
        pl.col("st").alias("status"),
        pl.when(accepted).then(pl.col("kpj_n")).alias("kpj"),
        pl.when(accepted).then(pl.lit("")).otherwise(pl.col("keterangan").str.slice(0, 300))
        .alias("alasan"),
    )  # fmt: skip
    return changes, errors, unchanged


def _apply(changes: pl.DataFrame, respon: ResponBpjs) -> None:
    if changes.is_empty():
        return
    table = Peserta._meta.db_table
    columns = [("peserta_id", "bigint"), ("status", "varchar(10)"), ("kpj", "varchar(11)"),
               ("alasan", "varchar(300)")]  # fmt: skip
    with staging_table("jaring_respon_stage", columns, changes) as stage, connection.cursor() as c:
        c.execute(
            f"""
            UPDATE {table} SET status = s.status, kpj = s.kpj, alasan_tolak = s.alasan,
                   respon_id = %s, updated_at = %s
            FROM {stage} s WHERE {table}.id = s.peserta_id
            """,
            [respon.pk, connection.ops.adapt_datetimefield_value(timezone.now())],
        )


BPJS_RESPONSE = imports.FileImport(
    model=ResponBpjs,
    problems=ResponBaris,
    problems_fk="respon",
    layout=LAYOUT,
    prefix="RSP",
    topic=Topic.ENROLMENT,  # registered, rejected, replaced
    scoped_rows=False,
)


def import_response(
    *,
    user,
    program: Program,
    path: Path,
    original_name: str | None = None,
    ganti: bool = False,
    progress: Progress | None = None,
) -> imports.ImportResult:
    """Import one BPJS response file for ``program`` (see the module docstring).
    Raises ``sheets.UnusableFile`` when the file as a whole cannot be read."""
    if user is not None and not can_enrol(user, program.wilayah_id):
        raise PermissionDenied

    locked: list[Program] = []  # the programme as read under its lock, for write()

    def check(frame: pl.DataFrame) -> imports.Checked:
        # The programme is locked, and read afresh, while its answer is recorded.
        locked.append(Program.objects.select_for_update().get(pk=program.pk))
        return validate(frame, locked[0])

    def counts(changes: pl.DataFrame) -> dict[str, int]:
        accepted = changes.filter(pl.col("status") == "diterima").height
        return {"diterima": accepted, "ditolak": changes.height - accepted}

    def write(respon, changes: pl.DataFrame, report) -> None:
        _apply(changes, respon)
        if ganti and user is not None and can_manage_program(user, program.wilayah_id):
            report(80, _("Mengganti peserta yang ditolak dari daftar tunggu"))
            respon.diganti = replace_rejected(
                user=user,
                program=locked[0],
                keterangan=f"Penggantian peserta yang ditolak BPJS (respons {respon.nomor})",
            )

    return imports.run_import(
        BPJS_RESPONSE,
        user=user,
        path=path,
        original_name=original_name,
        check=check,
        counts=counts,
        write=write,
        earlier_among=ResponBpjs.objects.filter(program=program),
        fields={"program": program},
        progress=progress,
    )
