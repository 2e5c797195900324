"""Life-cycle events: a participant who dies, moves out of the programme's region,
becomes a wage worker registered by an employer, or is withdrawn from the list.

Rule: cover ends **after the month the event happened in** (``bulan_akhir`` = that
month) with the reason, and nothing is billed after the end. When the event is
reported late, months after it may already be billed (and paid): those lines are
removed in the same transaction and their invoices recomputed
(``payments.reallocate``), so what was paid for them flows to unpaid lines of the same
invoice or stays on it as a credit. An earlier end is never moved later by a second
report (the first, earliest end stands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.policy import can_bill, can_enrol
from jaring.contributions.models import Iuran, Tagihan
from jaring.core.months import month_start
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran
from jaring.events import Topic, announce
from jaring.programs.models import Penerima, Program


@transaction.atomic
def end_participation(
    *,
    user,
    peserta: Peserta,
    alasan: str,
    tanggal: dt.date,
    keterangan: str = "",
) -> Peserta:
    """End one participant's cover after the month of ``tanggal`` (see the module
    docstring). ``user`` None is the system (a claim report)."""
    peserta = Peserta.objects.select_for_update().select_related("program").get(pk=peserta.pk)
    kode = peserta.program.wilayah_id
    if user is not None and not (can_enrol(user, kode) or can_bill(user, kode)):
        raise PermissionDenied
    if alasan not in AlasanBerakhir.values:
        raise ValueError(_("Alasan berakhir %(alasan)s tidak dikenal.") % {"alasan": alasan})
    last = month_start(tanggal)
    if peserta.alasan_berakhir and peserta.bulan_akhir is not None and peserta.bulan_akhir <= last:
        return peserta  # already ended as early or earlier
    end = last if peserta.bulan_akhir is None else min(peserta.bulan_akhir, last)
    peserta.bulan_akhir = end
    peserta.alasan_berakhir = alasan
    peserta.keterangan_berakhir = keterangan.strip()[:300]
    peserta.tanggal_peristiwa = tanggal
    peserta.save(
        update_fields=[
            "bulan_akhir", "alasan_berakhir", "keterangan_berakhir", "tanggal_peristiwa",
            "updated_at",
        ]
    )  # fmt: skip
    drop_lines_outside_cover(peserta.program, [peserta.pk])
    announce(Topic.CONTRIBUTIONS)
    return peserta


def end_withdrawn(program: Program) -> int:
    """Participants whose place was withdrawn by an amendment end after the month of the
    amendment, with its reason. Persons BPJS rejected are not covered at all and are
    left as they are. Returns how many were ended."""
    active = Peserta.objects.filter(program=program, alasan_berakhir="").exclude(
        status=StatusPendaftaran.DITOLAK
    )
    withdrawn = Penerima.objects.filter(
        program=program,
        amandemen_keluar__isnull=False,
        person_id__in=active.values("person_id"),
    ).values_list("person_id", "amandemen_keluar__created_at", "alasan_keluar")
    ended = []
    for person_id, withdrawn_at, alasan in withdrawn:
        month = month_start(timezone.localtime(withdrawn_at).date())
        row = active.get(person_id=person_id)
        row.bulan_akhir = month if row.bulan_akhir is None else min(row.bulan_akhir, month)
        row.alasan_berakhir = AlasanBerakhir.DICABUT
        row.keterangan_berakhir = alasan[:300]
        row.tanggal_peristiwa = timezone.localtime(withdrawn_at).date()
        row.save()
        ended.append(row.pk)
    if ended:
        drop_lines_outside_cover(program, ended)
    return len(ended)


def drop_lines_outside_cover(program: Program, peserta_ids: Iterable[int] | None = None) -> int:
    """Remove lines of ``program`` for months outside their participant's cover (or of
    participants no longer accepted) and recompute the invoices they were on."""
    lines, peserta, invoices = (
        Iuran._meta.db_table,
        Peserta._meta.db_table,
        Tagihan._meta.db_table,
    )
    ids = list(peserta_ids) if peserta_ids is not None else None
    if ids is not None and not ids:
        return 0
    only = f"AND p.id IN ({', '.join(['%s'] * len(ids))})" if ids else ""
    outside = f"""
        FROM {invoices} t, {peserta} p
        WHERE t.id = {lines}.tagihan_id AND p.id = {lines}.peserta_id
          AND t.program_id = %s {only}
          AND (p.status <> %s OR p.bulan_mulai IS NULL OR p.bulan_akhir IS NULL
               OR t.bulan < p.bulan_mulai OR t.bulan > p.bulan_akhir)
    """
    params: list[Any] = [program.pk, *(ids or []), StatusPendaftaran.DITERIMA]
    mine = f"{lines}.tagihan_id IN (SELECT id FROM {invoices} WHERE program_id = %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {lines}.tagihan_id FROM {lines} WHERE {mine} "
            f"AND EXISTS (SELECT 1 {outside})",
            [program.pk, *params],
        )
        affected = [row[0] for row in cursor.fetchall()]
        if not affected:
            return 0
        cursor.execute(
            f"DELETE FROM {lines} WHERE {mine} AND EXISTS (SELECT 1 {outside})",
            [program.pk, *params],
        )
        removed = cursor.rowcount
    from jaring.contributions.payments import reallocate

    for invoice in Tagihan.objects.filter(pk__in=affected):
        reallocate(invoice)
    return removed
