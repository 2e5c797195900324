"""Importing a payment file (the treasury's list of SP2D/transfers) against invoices.

One row per payment: invoice number, payment date, amount, reference. Every row is
checked at once (Polars: amount as whole rupiah, date, reference present, reference
not named twice for the same invoice in the file); then against the invoices: the
invoice exists and the user may record its payments, and the amount fits what is still
to be received — rows of one invoice are taken in file order, so a file that would
overpay refuses the row that overpays and keeps the earlier ones. A reference already
recorded for the invoice with the same amount and date is ``unchanged`` (re-importing
is harmless); with a different amount or date it is refused. The payments are written
and their invoices recomputed in one transaction. Payment files are short (one row per
funder transfer), so the per-invoice checks read the few invoices named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jaring import imports
from jaring.accounts.policy import can_bill
from jaring.contributions.models import (
    ImporPembayaran,
    ImporPembayaranBaris,
    Pembayaran,
    Tagihan,
)
from jaring.contributions.payments import payment_problem, reallocate
from jaring.contributions.queries import invoices_for
from jaring.core import dates, money
from jaring.core.frames import clean_text
from jaring.events import Topic
from jaring.programs.models import Program
from jaring.reasons import reason
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat
from jaring.sheets import ROW, Layout

LAYOUT = Layout(
    variants={
        "nomor_tagihan": [
            "nomortagihan",
            "notagihan",
            "tagihan",
            "nomorinvoice",
            "invoice",
            "nomortagihaniuran",
            "kodetagihan",
            "kodebayar",
        ],
        "tanggal": [
            "tanggal",
            "tanggalbayar",
            "tglbayar",
            "tanggalpembayaran",
            "tglsp2d",
            "tanggalsp2d",
            "tanggaltransfer",
            "tgltransfer",
        ],
        "jumlah": [
            "jumlah",
            "jumlahbayar",
            "nominal",
            "nilai",
            "jumlahpembayaran",
            "nilaisp2d",
            "jumlahrp",
            "nominalrp",
        ],
        "referensi": [
            "referensi",
            "noreferensi",
            "nomorreferensi",
            "nosp2d",
            "nomorsp2d",
            "sp2d",
            "notransfer",
            "nomortransfer",
            "buktibayar",
            "nobukti",
        ],
    },
    required=("nomor_tagihan", "tanggal", "jumlah", "referensi"),
    labels={
        "nomor_tagihan": "Nomor tagihan",
        "tanggal": "Tanggal bayar",
        "jumlah": "Jumlah",
        "referensi": "Referensi (SP2D)",
    },
    example="Nomor Tagihan, Tanggal Bayar, Jumlah, Referensi",
    digits=(),
)
MSG_TAGIHAN_WAJIB = reason(gettext_noop("Nomor tagihan wajib diisi."))
MSG_TAGIHAN = reason(gettext_noop("Tagihan {} tidak ditemukan atau bukan wewenang Anda."))
MSG_JUMLAH_WAJIB = reason(gettext_noop("Jumlah pembayaran wajib diisi."))
MSG_JUMLAH = reason(
    gettext_noop("Jumlah {} bukan jumlah rupiah yang sah; tulis angka bulat, misalnya 1680000.")
)
MSG_JUMLAH_NOL = reason(gettext_noop("Jumlah pembayaran harus lebih dari nol."))
MSG_TANGGAL_WAJIB = reason(gettext_noop("Tanggal bayar wajib diisi."))
MSG_TANGGAL = reason(
    gettext_noop("Tanggal bayar {} tidak dapat dibaca; gunakan TTTT-BB-HH atau HH/BB/TTTT.")
)
MSG_TANGGAL_DEPAN = reason(gettext_noop("Tanggal bayar {} berada di masa depan."))
MSG_REFERENSI_WAJIB = reason(
    gettext_noop("Referensi pembayaran (nomor SP2D atau bukti transfer) wajib diisi.")
)
MSG_REFERENSI_GANDA = reason(
    gettext_noop("Referensi {} untuk tagihan yang sama sudah ada di baris {}.")
)
MSG_REFERENSI_BEDA = reason(
    gettext_noop(
        "Referensi {} sudah dicatat untuk tagihan ini dengan jumlah atau tanggal yang berbeda."
    )
)
MSG_REFERENSI_PANJANG = reason(
    gettext_noop("Referensi {} terlalu panjang (paling banyak 100 karakter).")
)
# Built by ``payments.payment_problem``, declared here for the readers of a result.
MSG_MELEBIHI = reason(gettext_noop("Jumlah {} melebihi sisa tagihan {} ({})."))
REFERENSI_MAX = Pembayaran._meta.get_field("referensi").max_length


def validate(frame: pl.DataFrame, user) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """``(new payments, errors, unchanged)``."""
    text = frame.select(ROW, *[clean_text(pl.col(c)).alias(c) for c in LAYOUT.columns])
    today = timezone.localdate()
    typed = text.with_columns(
        money.parse(pl.col("jumlah")).alias("jumlah_n"),
        dates.parse(pl.col("tanggal")).alias("tanggal_n"),
        pl.col("nomor_tagihan").str.to_uppercase().alias("nomor"),
    )
    checked = typed.with_columns(
        pl.when(pl.col("nomor_tagihan").is_null())
        .then(pl.lit(MSG_TAGIHAN_WAJIB))
        .alias("err_nomor_tagihan"),
        pl.when(pl.col("jumlah").is_null())
        .then(pl.lit(MSG_JUMLAH_WAJIB))
        .when(pl.col("jumlah_n").is_null())
        .then(pl.format(MSG_JUMLAH, pl.col("jumlah")))
        .when(pl.col("jumlah_n") <= 0)
        .then(pl.lit(MSG_JUMLAH_NOL))
        .alias("err_jumlah"),
        pl.when(pl.col("tanggal").is_null())
        .then(pl.lit(MSG_TANGGAL_WAJIB))
        .when(pl.col("tanggal_n").is_null())
        .then(dates.unreadable(pl.col("tanggal"), MSG_TANGGAL))
        .when(pl.col("tanggal_n") > pl.lit(today))
        .then(pl.format(MSG_TANGGAL_DEPAN, pl.col("tanggal")))
        .alias("err_tanggal"),
        pl.when(pl.col("referensi").is_null())
        .then(pl.lit(MSG_REFERENSI_WAJIB))
        .when(pl.col("referensi").str.len_chars() > REFERENSI_MAX)
        .then(pl.format(MSG_REFERENSI_PANJANG, pl.col("referensi").str.slice(0, 30) + "…"))
        .alias("err_referensi"),
    )
    checked = imports.first_row_wins(
        checked.with_columns(
            pl.when(pl.col("referensi").is_not_null())
            .then(pl.concat_str(pl.col("nomor"), pl.lit("|"), pl.col("referensi")))
            .alias("_ref_key")
        ),
        "_ref_key",
        pl.col("err_nomor_tagihan").is_null(),
        "err_referensi",
        MSG_REFERENSI_GANDA,
    ).with_columns(
        # The message names the reference, not the key it was grouped by.
        pl.col("err_referensi").str.replace(r"^Referensi [^|]*\|", "Referensi ")
    )
    # Per-invoice checks, in file order (few rows).
    numbers = [n for n in checked.get_column("nomor").unique().to_list() if n]
    # ``user`` None is the command line, run by whoever operates the server.
    invoices = invoices_for(user) if user is not None else Tagihan.objects.select_related("program")
    # Locked like a payment on the page (``payments.record_payment``): two payments at
    # once must not both fit in what is left of an invoice; their programmes first, as
    # billing does (credits chain a programme's invoices, ``payments.reallocate``).
    programmes = invoices.filter(nomor__in=numbers).values("program_id")
    list(Program.objects.filter(pk__in=programmes).order_by("pk").select_for_update())
    visible = {
        i.nomor.upper(): i
        for i in invoices.filter(nomor__in=numbers).select_for_update(of=("self",))
    }
    if user is not None:
        visible = {n: i for n, i in visible.items() if can_bill(user, i.program.wilayah_id)}
    known = {
        (p.tagihan_id, p.referensi): p
        for p in Pembayaran.objects.filter(tagihan__in=list(visible.values()))
    }
    invoice_errors: dict[int, str] = {}
    new: list = []
    unchanged = 0
    taken: dict[Any, Any] = {}
    for row in checked.sort(ROW).iter_rows(named=True):
        if any(row[c] for c in checked.columns if c.startswith("err_")):
            continue
        invoice = visible.get(row["nomor"])
        if invoice is None:
            invoice_errors[row[ROW]] = MSG_TAGIHAN.replace("{}", row["nomor_tagihan"])
            continue
        earlier = known.get((invoice.pk, row["referensi"]))
        if earlier is not None:
            if earlier.jumlah == row["jumlah_n"] and earlier.tanggal == row["tanggal_n"]:
                unchanged += 1
            else:
                invoice_errors[row[ROW]] = MSG_REFERENSI_BEDA.replace("{}", row["referensi"])
            continue
        problem = payment_problem(
            invoice, row["jumlah_n"], row["tanggal_n"], taken.get(invoice.pk, 0)
        )
        if problem:
            invoice_errors[row[ROW]] = problem
            continue
        taken[invoice.pk] = taken.get(invoice.pk, 0) + row["jumlah_n"]
        new.append((row[ROW], invoice.pk, row["jumlah_n"], row["tanggal_n"], row["referensi"]))
    checked = checked.with_columns(
        pl.col(ROW)
        .replace_strict(invoice_errors, default=None, return_dtype=pl.Utf8)
        .alias("err_nomor_tagihan_2")
    ).with_columns(
        pl.coalesce("err_nomor_tagihan", "err_nomor_tagihan_2").alias("err_nomor_tagihan")
    )
    errors = imports.errors_of(checked.drop("err_nomor_tagihan_2"))
    payments = pl.DataFrame(
        new,
        schema={ROW: pl.Int64, "tagihan_id": pl.Int64, "jumlah": pl.Int64,
                "tanggal": pl.Date, "referensi": pl.Utf8},
        orient="row",
    )  # fmt: skip
    return payments, errors, unchanged


PAYMENT_FILE = imports.FileImport(
    model=ImporPembayaran,
    problems=ImporPembayaranBaris,
    problems_fk="impor",
    layout=LAYOUT,
    prefix="BYR",
    topic=Topic.CONTRIBUTIONS,
)


def import_payments(
    *, user, path: Path, original_name: str | None = None, progress=None
) -> imports.ImportResult:
    """Import one payment file (see the module docstring). Raises
    ``sheets.UnusableFile`` when the file as a whole cannot be read."""

    def write(record, payments: pl.DataFrame, report) -> None:
        with riwayat_context.acting(user):
            _write(record, payments, report)

    def _write(record, payments: pl.DataFrame, report) -> None:
        created = Pembayaran.objects.bulk_create(
            Pembayaran(
                tagihan_id=invoice_id, jumlah=amount, tanggal=day,
                referensi=reference[:100], created_by=user,
            )
            for _, invoice_id, amount, day, reference in payments.iter_rows()
        )  # fmt: skip
        # One change-history entry per payment (bulk_create sends no signal).
        riwayat.record_changes(Pembayaran, {}, {
            p.pk: {"tagihan": p.tagihan_id, "jumlah": p.jumlah, "tanggal": p.tanggal,
                   "referensi": p.referensi}
            for p in created
        })  # fmt: skip
        report(70, gettext("Mengalokasikan pembayaran"))
        for invoice in Tagihan.objects.filter(pk__in=payments.get_column("tagihan_id")):
            reallocate(invoice)

    return imports.run_import(
        PAYMENT_FILE,
        user=user,
        path=path,
        original_name=original_name,
        check=lambda frame: validate(frame, user),
        counts=lambda payments: {"recorded": payments.height},
        write=write,
        progress=progress,
    )
