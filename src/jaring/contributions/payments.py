"""Payments against invoices, and how they are allocated to participant lines.

**Allocation rule.** What a funder has paid on an invoice (the sum of its payments,
``diterima``) is spread over the invoice's lines in list order (participant id, which
follows the order of the beneficiary list): each line is paid in full while money
remains, the first line the money does not reach is paid in part, and later lines are
unpaid. The allocation is a pure function of the total received and the lines, so it is
recomputed from scratch whenever either changes (a payment, a late-accepted participant
added, a line removed because cover ended) with one window-function ``UPDATE`` — never
a loop over lines — and recomputing it twice changes nothing. Money received beyond
what the invoice now bills (lines removed after payment) stays on the invoice as a
credit (``Tagihan.kelebihan``); it is never allocated to a month outside cover.

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
from jaring.enrollment.models import Peserta
from jaring.events import Topic, announce


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


def reallocate(invoice: Tagihan) -> Tagihan:
    """Recompute an invoice from its lines and payments: totals, allocation of what
    was received to lines (see the module docstring) and per-region totals."""
    lines, peserta = Iuran._meta.db_table, Peserta._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(jumlah), 0) FROM {lines} WHERE tagihan_id = %s",
            [invoice.pk],
        )
        count, billed = cursor.fetchone()
    received = Pembayaran.objects.filter(tagihan_id=invoice.pk).aggregate(s=Sum("jumlah"))["s"] or 0
    _allocate_lines(invoice.pk, received, billed)
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
        diterima=received,
        dibayar=min(received, billed),
        updated_at=timezone.now(),
    )
    invoice.refresh_from_db()
    return invoice


def remaining(invoice: Tagihan) -> int:
    """What may still be paid on the invoice."""
    return max(0, invoice.jumlah - invoice.diterima)


@transaction.atomic
def record_payment(
    *, user, tagihan: Tagihan, jumlah: int, tanggal: dt.date, referensi: str
) -> tuple[Pembayaran, bool]:
    """Record a full or partial payment; returns ``(payment, created)``. The same
    reference with the same amount and date again is the same payment (not created)."""
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
