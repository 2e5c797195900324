"""Payments against invoices, and how they are allocated to participant lines.

**Allocation rule.** What a funder has paid on an invoice (the sum of its payments,
``diterima``) is spread over the invoice's lines in list order (participant id, which
follows the order of the beneficiary list): each line is paid in full while money
remains, the first line the money does not reach is paid in part, and later lines are
unpaid. What is spread is the invoice's *available* money: its payments plus the credit
carried in from the month before (``kredit_masuk``). The allocation is a pure function
of the money available and the lines, so it is recomputed from scratch whenever either
changes (a payment, a late-accepted participant added, a line removed because cover
ended, a line repriced by a tariff adjustment) with one window-function ``UPDATE`` —
never a loop over lines — and recomputing it twice changes nothing.

**Credits.** Money available beyond what the invoice now bills (``Tagihan.kelebihan``:
lines removed after payment, or a month paid at full price and billed again at the
relieved price, PP 50/2025) is counted toward the **next month's invoice of the same
programme and funder**: it leaves as ``kredit_keluar`` and arrives there as
``kredit_masuk``, shown on both invoices. An invoice carries on its whole excess or,
while the next month has no invoice of that funder, nothing (the excess waits on the
invoice as ``kelebihan_tertahan``). A credit is never allocated to a month outside
cover, since it only meets the next month's lines, and never makes an invoice negative:
it pays lines, it does not reduce what is billed. ``reallocate`` is the one place that
computes it: reallocating an invoice takes its credit in from the month before, and when
the credit it passes on changes, reallocates the next month's invoice too (and so on
down the chain). So credits are recomputed when the next month is billed (billing
reallocates the new invoice) and whenever either invoice is reallocated. All of this
runs under the programme's row lock (billing and payments take it first), so two
invoices of one chain are never reallocated at once.

A payment may not exceed what is still to be received on its invoice; a reference
(SP2D or transfer number) is recorded once per invoice, so the same payment entered or
imported twice is recorded once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.policy import can_bill
from jaring.contributions.models import Iuran, Pembayaran, Tagihan, TagihanWilayah
from jaring.core.money import rupiah
from jaring.core.months import add_months
from jaring.enrollment.models import Peserta
from jaring.events import Topic, announce
from jaring.programs.models import Program
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat


class PaymentError(ValueError):
    """A payment that cannot be recorded; the message says why, in Indonesian."""


def _allocate_lines(invoice_id: int, received: int, billed: int) -> None:
    lines = Iuran._meta.db_table
    with connection.cursor() as cursor:
        if received >= billed:
            cursor.execute(
                f"UPDATE {lines} SET dibayar = jumlah WHERE tagihan_id = %s AND dibayar <> jumlah",
                [invoice_id],
            )
        elif received == 0:
            cursor.execute(
                f"UPDATE {lines} SET dibayar = 0 WHERE tagihan_id = %s AND dibayar <> 0",
                [invoice_id],
            )
        else:
            cursor.execute(
                f"""
                UPDATE {lines} AS l SET dibayar = s.baru
                FROM (
                    SELECT peserta_id,
                           CASE WHEN kumulatif <= %s THEN jumlah
                                WHEN kumulatif - jumlah >= %s THEN 0
                                ELSE %s - (kumulatif - jumlah) END AS baru
                    FROM (SELECT peserta_id, jumlah,
                                 SUM(jumlah) OVER (ORDER BY peserta_id
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                                     AS kumulatif
                          FROM {lines} WHERE tagihan_id = %s) w
                ) s
                WHERE l.tagihan_id = %s AND l.peserta_id = s.peserta_id AND l.dibayar <> s.baru
                """,
                [received, received, received, invoice_id, invoice_id],
            )


def _neighbour(invoice: Tagihan, months: int) -> Tagihan | None:
    """The same programme and funder's invoice ``months`` months away, if billed."""
    return Tagihan.objects.filter(
        program_id=invoice.program_id,
        pendana=invoice.pendana,
        bulan=add_months(invoice.bulan, months),
    ).first()


# An invoice's figures as its change history records them after each reallocation.
TOTALS = ("peserta", "jumlah", "keringanan", "diterima", "kredit_masuk", "dibayar", "kredit_keluar")


def reallocate(invoice: Tagihan) -> Tagihan:
    """Recompute an invoice from its lines, payments and the credit carried in: totals,
    allocation of the money available to lines, per-region totals and the credit
    passed on — then the invoices after it whose incoming credit changed (see the
    module docstring)."""
    following = _reallocate_one(invoice)
    while following is not None:
        following = _reallocate_one(following)
    invoice.refresh_from_db()
    return invoice


def _reallocate_one(invoice: Tagihan) -> Tagihan | None:
    """Reallocate one invoice; returns the next month's invoice when the credit it
    carries in is no longer what this one passes on."""
    lines, peserta = Iuran._meta.db_table, Peserta._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(jumlah), 0), COALESCE(SUM(keringanan), 0) "
            f"FROM {lines} WHERE tagihan_id = %s",
            [invoice.pk],
        )
        count, billed, relief = cursor.fetchone()
    received = Pembayaran.objects.filter(tagihan_id=invoice.pk).aggregate(s=Sum("jumlah"))["s"] or 0
    before, after = _neighbour(invoice, -1), _neighbour(invoice, 1)
    credit_in = before.kelebihan if before is not None else 0
    available = received + credit_in
    paid = min(available, billed)
    credit_out = available - paid if after is not None else 0
    touched = Tagihan.objects.filter(pk__in=[invoice.pk] + ([before.pk] if before else []))
    old_totals = riwayat.snapshot(touched, TOTALS)
    _allocate_lines(invoice.pk, available, billed)
    regions = TagihanWilayah._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {regions} WHERE tagihan_id = %s", [invoice.pk])
        cursor.execute(
            f"""
            INSERT INTO {regions} (tagihan_id, kode_kabupaten, peserta, jumlah, dibayar)
            SELECT l.tagihan_id, p.kode_kabupaten, COUNT(*), SUM(l.jumlah), SUM(l.dibayar)
            FROM {lines} l JOIN {peserta} p ON p.id = l.peserta_id
            WHERE l.tagihan_id = %s
            GROUP BY l.tagihan_id, p.kode_kabupaten
            """,
            [invoice.pk],
        )
    Tagihan.objects.filter(pk=invoice.pk).update(
        peserta=count,
        jumlah=billed,
        keringanan=relief,
        diterima=received,
        kredit_masuk=credit_in,
        dibayar=paid,
        kredit_keluar=credit_out,
        updated_at=timezone.now(),
    )
    if before is not None and before.kredit_keluar != credit_in:
        # The month before now has a next invoice: its whole excess leaves as credit.
        Tagihan.objects.filter(pk=before.pk).update(kredit_keluar=credit_in)
    # The invoice's totals in the change history (its lines are never logged one by one).
    riwayat.record_changes(
        Tagihan, old_totals, riwayat.snapshot(touched, TOTALS),
        names={invoice.pk: invoice.nomor} | ({before.pk: before.nomor} if before else {}),
    )  # fmt: skip
    if after is not None and after.kredit_masuk != credit_out:
        return after
    return None


def remaining(invoice: Tagihan) -> int:
    """What may still be paid on the invoice (its credit from the month before counts)."""
    return max(0, invoice.jumlah - invoice.diterima - invoice.kredit_masuk)


@riwayat_context.records_user
@transaction.atomic
def record_payment(
    *, user, tagihan: Tagihan, jumlah: int, tanggal: dt.date, referensi: str
) -> tuple[Pembayaran, bool]:
    """Record a full or partial payment; returns ``(payment, created)``. The same
    reference with the same amount and date again is the same payment (not created)."""
    # The programme first, as billing does: credits chain the invoices of a programme.
    Program.objects.select_for_update().filter(pk=tagihan.program_id).first()
    invoice = Tagihan.objects.select_for_update().select_related("program").get(pk=tagihan.pk)
    if user is not None and not can_bill(user, invoice.program.wilayah_id):
        raise PermissionDenied
    referensi = (referensi or "").strip()
    if not referensi:
        raise PaymentError("Referensi pembayaran (nomor SP2D atau bukti transfer) wajib diisi.")
    existing = Pembayaran.objects.filter(tagihan=invoice, referensi=referensi).first()
    if existing is not None:
        if existing.jumlah == jumlah and existing.tanggal == tanggal:
            return existing, False
        raise PaymentError(
            _(
                "Referensi %(referensi)s sudah dicatat untuk tagihan %(tagihan)s dengan "
                "jumlah %(jumlah)s tanggal %(tanggal)s."
            )
            % {
                "referensi": referensi,
                "tagihan": invoice.nomor,
                "jumlah": rupiah(existing.jumlah),
                "tanggal": f"{existing.tanggal:%d-%m-%Y}",
            }
        )
    problem = payment_problem(invoice, jumlah, tanggal)
    if problem:
        raise PaymentError(problem)
    payment = Pembayaran.objects.create(
        tagihan=invoice, jumlah=jumlah, tanggal=tanggal, referensi=referensi, created_by=user
    )
    reallocate(invoice)
    announce(Topic.CONTRIBUTIONS)
    return payment, True


def payment_problem(invoice: Tagihan, jumlah: int, tanggal: dt.date, already: int = 0) -> str:
    """Why a payment of ``jumlah`` on ``tanggal`` cannot be recorded, or ''.
    ``already`` = earlier payments to the same invoice in the same file."""
    if jumlah <= 0:
        return "Jumlah pembayaran harus lebih dari nol."
    if tanggal > timezone.localdate():
        return f"Tanggal bayar {tanggal:%d-%m-%Y} berada di masa depan."
    left = remaining(invoice) - already
    if jumlah > left:
        left_text = rupiah(max(0, left))
        return f"Jumlah {rupiah(jumlah)} melebihi sisa tagihan {invoice.nomor} ({left_text})."
    return ""
