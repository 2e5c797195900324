"""Life-cycle events: a participant who dies, moves out of the programme's region,
becomes a wage worker registered by an employer, or is withdrawn from the list.

Rule: cover ends **after the month the event happened in** (``bulan_akhir`` = that
month) with the reason, and nothing is billed after the end. When the event is
reported late, months after it may already be billed (and paid): those lines are
removed in the same transaction and their invoices recomputed
(``payments.reallocate``), so what was paid for them flows to unpaid lines of the same
invoice or stays on it as a credit. An earlier end is never moved later by a second
report (the first, earliest end stands).

The rule lives in one place, ``end_participations``, which ends any number of
participants at once: one ``UPDATE`` for the participants, one ``DELETE`` for the lines
after their ends, and each affected invoice recomputed once — a claim report with
10,000 deaths or a withdrawal of 10,000 recomputes a dozen invoices, not 10,000 × a
dozen. ``end_participation`` (one participant, from the page) is a call of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.policy import can_bill, can_enrol
from jaring.bulk import staging_table
from jaring.contributions.models import Iuran, PorsiPekerja, Tagihan
from jaring.core.months import month_start
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran
from jaring.events import Topic, announce
from jaring.programs.models import Penerima, Program
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat


@dataclass(frozen=True)
class Ending:
    """One participant to end: the event's reason and date, and a note."""

    peserta_id: int
    alasan: str
    tanggal: dt.date
    keterangan: str = ""


ENDS_STAGE = "jaring_ends_stage"
ENDED_STAGE = "jaring_ends_changed"


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
    end_participations(user=user, endings=[Ending(peserta.pk, alasan, tanggal, keterangan)])
    return Peserta.objects.get(pk=peserta.pk)


def _one_per_participant(endings: Iterable[Ending]) -> list[Ending]:
    """A participant named more than once in one call is ended by the earliest event
    (the first of those in the same month): an earlier end is never moved later. Every
    reason is checked before anything is written."""
    kept: dict[int, Ending] = {}
    reasons = set(AlasanBerakhir.values)
    for ending in endings:
        if ending.alasan not in reasons:
            raise ValueError(
                _("Alasan berakhir %(alasan)s tidak dikenal.") % {"alasan": ending.alasan}
            )
        before = kept.get(ending.peserta_id)
        if before is None or month_start(ending.tanggal) < month_start(before.tanggal):
            kept[ending.peserta_id] = ending
    return list(kept.values())


def _check_rights(user, stage: str) -> None:
    if user is None:
        return
    peserta, programs = Peserta._meta.db_table, Program._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT DISTINCT g.wilayah_id FROM {stage} s
            JOIN {peserta} p ON p.id = s.peserta_id JOIN {programs} g ON g.id = p.program_id
            """
        )
        regions = [row[0] for row in cursor.fetchall()]
    if not all(can_enrol(user, kode) or can_bill(user, kode) for kode in regions):
        raise PermissionDenied


ENDING_FIELDS = ("bulan_akhir", "alasan_berakhir", "keterangan_berakhir", "tanggal_peristiwa")


@transaction.atomic
def end_participations(*, user, endings: Iterable[Ending]) -> list[int]:
    """End many participants' cover at once (see the module docstring); returns the ids
    of those whose end changed (not those already ended as early or earlier). ``user``
    None is the system (a claim report, a withdrawal); otherwise the user must be
    allowed to enrol or bill in every programme concerned."""
    todo = _one_per_participant(endings)
    if not todo:
        return []
    frame = pl.DataFrame(
        {
            "peserta_id": [e.peserta_id for e in todo],
            "akhir": [month_start(e.tanggal).isoformat() for e in todo],
            "alasan": [e.alasan for e in todo],
            "keterangan": [e.keterangan.strip()[:300] for e in todo],
            "tanggal": [e.tanggal.isoformat() for e in todo],
        },
        schema={"peserta_id": pl.Int64, "akhir": pl.Utf8, "alasan": pl.Utf8,
                "keterangan": pl.Utf8, "tanggal": pl.Utf8},
    )  # fmt: skip
    columns = [("peserta_id", "bigint"), ("akhir", "date"), ("alasan", "varchar(20)"),
               ("keterangan", "varchar(300)"), ("tanggal", "date")]  # fmt: skip
    table = Peserta._meta.db_table
    with staging_table(ENDS_STAGE, columns, frame) as stage:
        _check_rights(user, stage)
        concerned = Peserta.objects.filter(pk__in=RawSQL(f"SELECT peserta_id FROM {stage}", []))  # noqa: S611
        before = riwayat.snapshot(concerned, ENDING_FIELDS)
        with connection.cursor() as cursor:
            # The rule: an end already as early or earlier stands; otherwise cover ends
            # after the event's month, or at the end it had if that is earlier.
            cursor.execute(
                f"""
                UPDATE {table} SET
                    bulan_akhir = CASE WHEN {table}.bulan_akhir IS NULL
                                         OR {table}.bulan_akhir > s.akhir
                                       THEN s.akhir ELSE {table}.bulan_akhir END,
                    alasan_berakhir = s.alasan, keterangan_berakhir = s.keterangan,
                    tanggal_peristiwa = s.tanggal, updated_at = %s
                FROM {stage} s
                WHERE {table}.id = s.peserta_id
                  AND NOT ({table}.alasan_berakhir <> '' AND {table}.bulan_akhir IS NOT NULL
                           AND {table}.bulan_akhir <= s.akhir)
                RETURNING {table}.id
                """,
                [connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            ended = sorted(row[0] for row in cursor.fetchall())
        # One change-history entry per participant whose cover ended.
        with riwayat_context.acting(user):
            riwayat.record_changes(
                Peserta, before, riwayat.snapshot(concerned.filter(pk__in=ended), ENDING_FIELDS)
            )
    if ended:
        _drop_lines_of(ended)
        announce(Topic.CONTRIBUTIONS)
    return ended


def _drop_lines_of(peserta_ids: list[int]) -> None:
    """Remove the lines of these participants for months outside their cover, in one
    statement, and recompute each invoice that lost a line once."""
    frame = pl.DataFrame({"peserta_id": peserta_ids}, schema={"peserta_id": pl.Int64})
    with staging_table(ENDED_STAGE, [("peserta_id", "bigint")], frame) as stage:
        _removed, affected = _delete_outside_cover(f"SELECT peserta_id FROM {stage}", [])
    _reallocate(affected)


def _delete_outside_cover(
    peserta_query: str, params: list[Any], program: int | None = None
) -> tuple[int, set[int]]:
    """Delete the lines, for months outside cover (or of participants no longer
    accepted), of the participants ``peserta_query`` selects: how many, and the ids of
    the invoices they were on.
    The pairs are looked up by the lines' primary key (invoice, participant)."""
    lines, peserta, invoices = (
        Iuran._meta.db_table,
        Peserta._meta.db_table,
        Tagihan._meta.db_table,
    )
    shares = PorsiPekerja._meta.db_table
    only_program = "AND p.program_id = %s" if program is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            DELETE FROM {lines} WHERE ({lines}.tagihan_id, {lines}.peserta_id) IN (
                SELECT t.id, p.id FROM {peserta} p JOIN {invoices} t ON t.program_id = p.program_id
                WHERE p.id IN ({peserta_query}) {only_program}
                  AND (p.status <> %s OR p.bulan_mulai IS NULL OR p.bulan_akhir IS NULL
                       OR t.bulan < p.bulan_mulai OR t.bulan > p.bulan_akhir))
            RETURNING {lines}.tagihan_id
            """,
            [*params, *([program] if program is not None else []), StatusPendaftaran.DITERIMA],
        )
        invoices_hit = [row[0] for row in cursor.fetchall()]
        # The worker's own shares outside cover go too (never on an invoice).
        cursor.execute(
            f"""
            DELETE FROM {shares} WHERE ({shares}.peserta_id, {shares}.bulan) IN (
                SELECT w.peserta_id, w.bulan FROM {shares} w
                JOIN {peserta} p ON p.id = w.peserta_id
                WHERE p.id IN ({peserta_query}) {only_program}
                  AND (p.status <> %s OR p.bulan_mulai IS NULL OR p.bulan_akhir IS NULL
                       OR w.bulan < p.bulan_mulai OR w.bulan > p.bulan_akhir))
            """,
            [*params, *([program] if program is not None else []), StatusPendaftaran.DITERIMA],
        )
    return len(invoices_hit), set(invoices_hit)


def _reallocate(invoice_ids: set[int]) -> None:
    from jaring.contributions.payments import reallocate

    for invoice in Tagihan.objects.filter(pk__in=sorted(invoice_ids)).order_by("pk"):
        reallocate(invoice)


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
    ).values_list("person_id", "amandemen_keluar__decided_at", "alasan_keluar")
    events = {person: (at, alasan) for person, at, alasan in withdrawn}
    if not events:
        return 0
    # The day of each amendment (one per amendment, not per withdrawn person).
    day = {at: timezone.localtime(at).date() for at in {at for at, _ in events.values()}}
    endings = [
        Ending(peserta_id, AlasanBerakhir.DICABUT, day[events[person][0]], events[person][1])
        for peserta_id, person in active.filter(
            person_id__in=Penerima.objects.filter(
                program=program, amandemen_keluar__isnull=False
            ).values("person_id")
        ).values_list("id", "person_id")
    ]
    return len(end_participations(user=None, endings=endings))


def drop_lines_outside_cover(program: Program, peserta_ids: Iterable[int] | None = None) -> int:
    """Remove lines of ``program`` for months outside their participant's cover (or of
    participants no longer accepted) and recompute the invoices they were on, each
    once. Returns how many lines were removed."""
    ids = list(peserta_ids) if peserta_ids is not None else None
    if ids is not None and not ids:
        return 0
    peserta = Peserta._meta.db_table
    if ids is None:
        query, params = f"SELECT id FROM {peserta} WHERE program_id = %s", [program.pk]
    else:
        query, params = ", ".join(["%s"] * len(ids)), ids
    removed, affected = _delete_outside_cover(query, params, program.pk)
    _reallocate(affected)
    return removed
