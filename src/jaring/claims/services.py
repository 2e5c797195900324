"""Importing BPJS claim reports: link each claim to a participant, record it once, and
end the cover of participants who died.

Linking: by KPJ first, then by NIK, among the participants of the programmes the user
works for. A person may be a participant of several programmes (a province programme
and a city top-up, or this year and last year's with the same KPJ): the claim goes to
the participation whose cover includes the month of the event, else to the latest one
that began before the event. A row that names no such participant is refused with the
reason (the claim belongs to someone outside Jaring's programmes or the user's region).

A claim already recorded (same participant, type, event date, payment date and heir) is
``unchanged``, so a cumulative report can be imported every month. A death — every JKM
claim, or a row the report marks as a death — ends the cover of every participation of
that person after the month of death, all deaths of a report in one set-based step
(``contributions.lifecycle.end_participations``): they leave next month's billing and
the renewal list.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from polars.expr.whenthen import ChainedThen

from jaring import imports
from jaring.accounts.policy import can_import_claims, is_admin
from jaring.bulk import read_frame
from jaring.claims.models import JenisKlaim, Klaim, LaporanKlaim, LaporanKlaimBaris
from jaring.contributions.lifecycle import Ending, end_participations
from jaring.core import dates, money
from jaring.core.frames import clean_text
from jaring.enrollment.models import AlasanBerakhir, Peserta
from jaring.enrollment.responses import KPJ_VARIANTS
from jaring.events import Topic
from jaring.intake.columns import VARIANTS as INTAKE_VARIANTS
from jaring.programs.queries import programs_for, regency_scope
from jaring.reasons import reason
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat
from jaring.sheets import NIK_FROM_NUMBER, ROW, Layout

LAYOUT = Layout(
    variants={
        "kpj": KPJ_VARIANTS,
        "nik": INTAKE_VARIANTS["nik"],
        "nama": [*INTAKE_VARIANTS["nama"], "namatk", "namatenagakerja"],
        "jenis": [
            "jenis",
            "jenisklaim",
            "program",
            "programklaim",
            "jenisjaminan",
            "manfaat",
            "jenismanfaat",
            "tipe",
        ],
        "tanggal_kejadian": [
            "tanggalkejadian",
            "tglkejadian",
            "tanggalkasus",
            "tglkasus",
            "tanggalperistiwa",
            "tanggalmeninggal",
            "tglmeninggal",
            "tanggalkecelakaan",
        ],
        "tanggal_bayar": [
            "tanggalbayar",
            "tglbayar",
            "tanggaldibayar",
            "tanggalpembayaran",
            "tglpembayaran",
            "tanggalpencairan",
            "tglpencairan",
        ],
        "jumlah": [
            "jumlah",
            "jumlahbayar",
            "nominal",
            "jumlahklaim",
            "nilaiklaim",
            "jumlahdibayar",
            "nominalklaim",
            "jumlahrp",
        ],
        "ahli_waris": ["ahliwaris", "namaahliwaris", "penerimamanfaat", "namapenerima", "penerima"],
        "meninggal": ["meninggal", "meninggaldunia", "statusmeninggal", "kematian"],
        "nomor_klaim": ["nomorklaim", "noklaim", "nomorkasus", "nokasus", "idklaim"],
    },
    required=("jenis", "tanggal_kejadian", "tanggal_bayar", "jumlah"),
    labels={
        "kpj": "Nomor KPJ",
        "nik": "NIK",
        "jenis": "Jenis klaim",
        "tanggal_kejadian": "Tanggal kejadian",
        "tanggal_bayar": "Tanggal bayar",
        "jumlah": "Jumlah",
        "ahli_waris": "Ahli waris",
    },
    example="KPJ, NIK, Nama, Jenis Klaim, Tanggal Kejadian, Tanggal Bayar, Jumlah, Ahli Waris",
    digits=("kpj", "nik"),
)
JENIS = {
    "JKK": "JKK", "KECELAKAANKERJA": "JKK", "JAMINANKECELAKAANKERJA": "JKK",
    "JKM": "JKM", "KEMATIAN": "JKM", "JAMINANKEMATIAN": "JKM",
    "BEASISWA": "beasiswa", "BEASISWAANAK": "beasiswa", "BEASISWAPENDIDIKAN": "beasiswa",
    "JHT": "JHT", "JAMINANHARITUA": "JHT",
    "JP": "JP", "JAMINANPENSIUN": "JP", "PENSIUN": "JP",
    "JKP": "JKP", "JAMINANKEHILANGANPEKERJAAN": "JKP",
}  # fmt: skip
YES = ("Y", "YA", "1", "TRUE", "BENAR", "MENINGGAL", "MD")

MSG_IDENTITAS = reason(gettext_noop("Isi nomor KPJ atau NIK peserta."))
MSG_KPJ = reason(gettext_noop("Nomor KPJ harus 11 digit angka (tertulis {})."))
MSG_NIK = reason(gettext_noop("NIK harus 16 digit angka (tertulis {})."))
MSG_JENIS_WAJIB = reason(
    gettext_noop("Jenis klaim wajib diisi (JKK, JKM, beasiswa, JHT, JP atau JKP).")
)
MSG_JENIS = reason(
    gettext_noop("Jenis klaim {} tidak dikenal; tulis JKK, JKM, beasiswa, JHT, JP atau JKP.")
)
MSG_TANGGAL_WAJIB = reason(gettext_noop("Tanggal wajib diisi."))
MSG_TANGGAL = reason(
    gettext_noop("Tanggal {} tidak dapat dibaca; gunakan TTTT-BB-HH atau HH/BB/TTTT.")
)
MSG_TANGGAL_DEPAN = reason(gettext_noop("Tanggal {} berada di masa depan."))
MSG_BAYAR_SEBELUM = reason(gettext_noop("Tanggal bayar {} sebelum tanggal kejadian."))
MSG_JUMLAH_WAJIB = reason(gettext_noop("Jumlah klaim wajib diisi."))
MSG_JUMLAH = reason(
    gettext_noop("Jumlah {} bukan jumlah rupiah yang sah; tulis angka bulat, misalnya 42000000.")
)
MSG_AHLI_WARIS = reason(gettext_noop("Nama ahli waris wajib diisi untuk klaim JKM (kematian)."))
MSG_TIDAK_DITEMUKAN = reason(
    gettext_noop("Peserta dengan {} tidak ditemukan di program yang menjadi wewenang Anda.")
)
MSG_GANDA = reason(gettext_noop("Klaim yang sama sudah ada di baris {}."))

PARTICIPANTS = {
    "peserta_id": pl.Int64, "kpj": pl.Utf8, "nik": pl.Utf8, "person_id": pl.Int64,
    "bulan_mulai": pl.Date, "bulan_akhir": pl.Date,
}  # fmt: skip


def participants_in_scope(user):
    rows = Peserta.objects.filter(kpj__isnull=False)
    if user is not None and not is_admin(user):
        rows = rows.filter(program__in=programs_for(user)).filter(regency_scope(user))
    return rows


def _date_error(text: str, parsed: str, today) -> ChainedThen:
    return (
        pl.when(pl.col(text).is_null())
        .then(pl.lit(MSG_TANGGAL_WAJIB))
        .when(pl.col(parsed).is_null())
        .then(dates.unreadable(pl.col(text), MSG_TANGGAL))
        .when(pl.col(parsed) > pl.lit(today))
        .then(pl.format(MSG_TANGGAL_DEPAN, pl.col(text)))
    )


def _link(checked: pl.DataFrame, known: pl.DataFrame, key: str) -> pl.DataFrame:
    """Best participation per row by ``key`` (kpj or nik): covering the event month,
    else the latest started before it, else the latest."""
    event = pl.col("tanggal_kejadian_n").dt.month_start()
    candidates = checked.select(ROW, key, "tanggal_kejadian_n").join(
        known.select("peserta_id", key, "bulan_mulai", "bulan_akhir"), on=key, how="inner"
    )
    ranked = candidates.with_columns(
        ((pl.col("bulan_mulai") <= event) & (pl.col("bulan_akhir") >= event))
        .fill_null(False)
        .alias("_covers"),
        (pl.col("bulan_mulai") <= event).fill_null(False).alias("_before"),
    ).sort([ROW, "_covers", "_before", "bulan_mulai"], descending=[False, True, True, True])
    return (
        ranked.group_by(ROW, maintain_order=True)
        .first()
        .select(ROW, pl.col("peserta_id").alias(f"peserta_{key}"))
    )


def validate(frame: pl.DataFrame, user) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """``(new claims, errors, unchanged)``."""
    today = timezone.localdate()
    text = frame.select(
        ROW, NIK_FROM_NUMBER, *[clean_text(pl.col(c)).alias(c) for c in LAYOUT.columns]
    )
    key = pl.col("jenis").str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    typed = text.with_columns(
        pl.col("kpj").str.strip_chars_start("'").str.replace_all(r"[\s.\-]", "").alias("kpj"),
        pl.col("nik").str.strip_chars_start("'").str.replace_all(r"[\s\-]", "").alias("nik"),
        key.replace_strict(JENIS, default=None, return_dtype=pl.Utf8).alias("jenis_n"),
        dates.parse(pl.col("tanggal_kejadian")).alias("tanggal_kejadian_n"),
        dates.parse(pl.col("tanggal_bayar")).alias("tanggal_bayar_n"),
        money.parse(pl.col("jumlah")).alias("jumlah_n"),
    )
    died = (pl.col("jenis_n") == JenisKlaim.JKM) | pl.col("meninggal").str.to_uppercase().is_in(
        YES
    ).fill_null(False)
    checked = typed.with_columns(
        died.alias("meninggal_n"),
        pl.when(pl.col("kpj").is_null() & pl.col("nik").is_null())
        .then(pl.lit(MSG_IDENTITAS))
        .when(pl.col("kpj").is_not_null() & ~pl.col("kpj").str.contains(r"^[0-9]{11}$"))
        .then(pl.format(MSG_KPJ, pl.col("kpj")))
        .alias("err_kpj"),
        pl.when(pl.col("nik").is_not_null() & ~pl.col("nik").str.contains(r"^[0-9]{16}$"))
        .then(pl.format(MSG_NIK, pl.col("nik")))
        .alias("err_nik"),
        pl.when(pl.col("jenis").is_null())
        .then(pl.lit(MSG_JENIS_WAJIB))
        .when(pl.col("jenis_n").is_null())
        .then(pl.format(MSG_JENIS, pl.col("jenis")))
        .alias("err_jenis"),
        _date_error("tanggal_kejadian", "tanggal_kejadian_n", today).alias("err_tanggal_kejadian"),
        _date_error("tanggal_bayar", "tanggal_bayar_n", today)
        .when(pl.col("tanggal_bayar_n") < pl.col("tanggal_kejadian_n"))
        .then(pl.format(MSG_BAYAR_SEBELUM, pl.col("tanggal_bayar")))
        .alias("err_tanggal_bayar"),
        pl.when(pl.col("jumlah").is_null())
        .then(pl.lit(MSG_JUMLAH_WAJIB))
        .when(pl.col("jumlah_n").is_null())
        .then(pl.format(MSG_JUMLAH, pl.col("jumlah")))
        .alias("err_jumlah"),
        pl.when((pl.col("jenis_n") == JenisKlaim.JKM) & pl.col("ahli_waris").is_null())
        .then(pl.lit(MSG_AHLI_WARIS))
        .alias("err_ahli_waris"),
    )
    known = read_frame(
        participants_in_scope(user).values_list(
            "id", "kpj", "person__nik", "person_id", "bulan_mulai", "bulan_akhir"
        ),
        PARTICIPANTS,
    )
    checked = (
        checked.join(_link(checked, known, "kpj"), on=ROW, how="left")
        .join(_link(checked, known, "nik"), on=ROW, how="left")
        .with_columns(pl.coalesce("peserta_kpj", "peserta_nik").alias("peserta_id"))
    )
    identity_ok = pl.col("err_kpj").is_null() & pl.col("err_nik").is_null()
    who = (
        pl.when(pl.col("kpj").is_not_null())
        .then(pl.format("KPJ {}", pl.col("kpj")))
        .otherwise(pl.format("NIK {}", pl.col("nik")))
    )
    checked = checked.with_columns(
        pl.when(identity_ok & pl.col("peserta_id").is_null())
        .then(pl.format(MSG_TIDAK_DITEMUKAN, who))
        .otherwise(pl.col("err_kpj"))
        .alias("err_kpj"),
        pl.concat_str(
            [
                pl.col("peserta_id").cast(pl.Utf8), pl.col("jenis_n"),
                pl.col("tanggal_kejadian_n").cast(pl.Utf8),
                pl.col("tanggal_bayar_n").cast(pl.Utf8), pl.col("ahli_waris").fill_null(""),
            ],
            separator="|",
        ).alias("_claim_key"),
    )  # fmt: skip
    first = (
        checked.filter(pl.col("peserta_id").is_not_null())
        .group_by("_claim_key")
        .agg(pl.col(ROW).min().alias("_first"))
    )
    checked = (
        checked.join(first, on="_claim_key", how="left")
        .with_columns(
            pl.when(pl.col("_first").is_not_null() & (pl.col(ROW) != pl.col("_first")))
            .then(pl.format(MSG_GANDA, pl.col("_first")))
            .otherwise(pl.col("err_jenis"))
            .alias("err_jenis")
        )
        .drop("_first")
    )
    errors = imports.errors_of(checked)
    refused = errors.get_column(ROW).unique().implode()
    valid = checked.filter(~pl.col(ROW).is_in(refused))
    existing = {
        "|".join([str(p), j, k.isoformat(), b.isoformat(), w])
        for p, j, k, b, w in Klaim.objects.filter(
            peserta_id__in=valid.get_column("peserta_id").unique().to_list()
        ).values_list("peserta_id", "jenis", "tanggal_kejadian", "tanggal_bayar", "ahli_waris")
    }
    seen = pl.col("_claim_key").is_in(list(existing))
    unchanged = valid.filter(seen).height
    new = valid.filter(~seen).select(
        ROW, "peserta_id", pl.col("jenis_n").alias("jenis"),
        pl.col("tanggal_kejadian_n").alias("tanggal_kejadian"),
        pl.col("tanggal_bayar_n").alias("tanggal_bayar"), pl.col("jumlah_n").alias("jumlah"),
        pl.col("ahli_waris").fill_null("").str.slice(0, 100),
        pl.col("meninggal_n").alias("meninggal"),
        pl.col("nomor_klaim").fill_null("").str.slice(0, 40),
    )  # fmt: skip
    return new, errors, unchanged


def record_deaths(claims: list[Klaim]) -> int:
    """End every participation of each person who died after the month of death, all
    in one set-based step (``contributions.lifecycle.end_participations``). A
    participation already ended by a death stays as it is; a person with several death
    claims in the report is ended by the first. Returns how many participations."""
    if not claims:
        return 0
    person_of = dict(
        Peserta.objects.filter(pk__in={c.peserta_id for c in claims}).values_list("pk", "person_id")
    )
    first: dict[int, Klaim] = {}
    for claim in claims:
        first.setdefault(person_of[claim.peserta_id], claim)
    endings = [
        Ending(
            peserta_id,
            AlasanBerakhir.MENINGGAL,
            first[person_id].tanggal_kejadian,
            f"Klaim {first[person_id].jenis} dibayar {first[person_id].tanggal_bayar:%d-%m-%Y}",
        )
        for peserta_id, person_id in Peserta.objects.filter(person_id__in=list(first))
        .exclude(alasan_berakhir=AlasanBerakhir.MENINGGAL)
        .values_list("pk", "person_id")
    ]
    end_participations(user=None, endings=endings)
    return len(endings)


CLAIM_REPORT = imports.FileImport(
    model=LaporanKlaim,
    problems=LaporanKlaimBaris,
    problems_fk="laporan",
    layout=LAYOUT,
    prefix="KLM",
    topic=Topic.CLAIMS,  # a death ends cover and lines
)


CLAIM_FIELDS = (
    "peserta_id",
    "jenis",
    "tanggal_kejadian",
    "tanggal_bayar",
    "jumlah",
    "meninggal",
    "nomor_klaim",
    "laporan_id",
)


def _fields_of(row, fields: tuple[str, ...]) -> dict:
    return {name.removesuffix("_id"): getattr(row, name) for name in fields}


def import_claims(
    *, user, path: Path, original_name: str | None = None, progress=None
) -> imports.ImportResult:
    """Import one claim report (see the module docstring). Raises
    ``sheets.UnusableFile`` when the file as a whole cannot be read."""
    if user is not None and not can_import_claims(user):
        raise PermissionDenied

    def write(record, new: pl.DataFrame, report) -> None:
        with riwayat_context.acting(user):
            claims = Klaim.objects.bulk_create(
                Klaim(laporan=record, row_number=row[ROW], **{k: v for k, v in row.items()
                                                               if k != ROW})
                for row in new.iter_rows(named=True)
            )  # fmt: skip
            # One change-history entry per claim (bulk_create sends no signal).
            riwayat.record_changes(Klaim, {}, {c.pk: _fields_of(c, CLAIM_FIELDS) for c in claims})
            report(70, _("Mencatat kematian peserta"))
            record.deaths = record_deaths([c for c in claims if c.meninggal])

    return imports.run_import(
        CLAIM_REPORT,
        user=user,
        path=path,
        original_name=original_name,
        check=lambda frame: validate(frame, user),
        counts=lambda new: {"added": new.height},
        write=write,
        progress=progress,
    )
