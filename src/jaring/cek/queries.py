"""One worker's protection, as the status check tells it: the latest programme they
take part in and one coverage status for it.

The status is the rule of ``contributions.queries.status_expression`` (its owner),
evaluated on this one participant's row: registration status, months of cover and the
oldest unpaid billed month, read with a few primary-key and index lookups (no frame of
the whole programme), so a check costs about as much as reading a person. A person on
an approved list whom enrolment has not reached yet is ``menunggu``; a person in the
registry and in no programme is ``terdaftar``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.utils import timezone

from jaring.contributions.queries import (
    STATUSES,
    missing_expression,
    status_expression,
    unpaid_by_participant,
)
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.programs.models import Penerima, Program, StatusProgram
from jaring.programs.services import has_worker_share
from jaring.registry.models import Person

TERDAFTAR = "terdaftar"
ANSWERS = (*STATUSES, TERDAFTAR)
ROW_SCHEMA = {
    "status_daftar": pl.Utf8,
    "bulan_mulai": pl.Date,
    "bulan_akhir": pl.Date,
    "tunggak_sejak": pl.Date,
}
APPROVED = (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN, StatusProgram.SELESAI)


@dataclass(frozen=True)
class Perlindungan:
    """What the check says about a person's protection."""

    status: str  # one of contributions.queries.STATUSES, or TERDAFTAR
    program: Program | None = None
    kpj: str = ""
    kode_kabupaten: str = ""
    berlaku_sampai: dt.date | None = None  # the last month of cover the worker can count on
    # Which part of an unpaid month is missing: "pendana", "pekerja", "keduanya" (or None).
    kurang: str | None = None
    porsi_pekerja: bool = False  # the worker pays a share of the programme themselves


def _latest(rows: list, month: dt.date):
    """The participation that speaks for the person on ``month``: the latest programme
    that has started, or else the next one to start."""
    return max(
        rows,
        key=lambda r: (r.program.bulan_mulai <= month, r.program.bulan_mulai, r.program.pk),
    )


def _oldest_unpaid(peserta: Peserta, month: dt.date) -> tuple[dt.date | None, str | None]:
    """The oldest month up to ``month`` not yet paid in full, and which part is missing
    (``contributions.queries.missing_expression``: the government's line, the worker's
    own share, or both). The programme's invoices are few (months × funders), each line
    is found by the lines' primary key (invoice, participant), each worker's share by
    its own (participant, month)."""
    sql = unpaid_by_participant(where="u.peserta_id = %s AND u.program_id = %s AND u.bulan <= %s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(u.sejak AS TEXT), CAST(u.sejak_pendana AS TEXT),"
            f" CAST(u.sejak_pekerja AS TEXT) FROM ({sql}) u",
            [peserta.pk, peserta.program_id, connection.ops.adapt_datefield_value(month)],
        )
        row = cursor.fetchone()
    if not row or not row[0]:
        return None, None
    government, worker = (dt.date.fromisoformat(v[:10]) if v else None for v in row[1:])
    frame = pl.DataFrame(
        {"tunggak_pendana": [government], "tunggak_pekerja": [worker]},
        schema={"tunggak_pendana": pl.Date, "tunggak_pekerja": pl.Date},
    )
    return dt.date.fromisoformat(row[0][:10]), frame.select(missing_expression(month)).item()


def protection_of(person: Person, as_of: dt.date | None = None) -> Perlindungan:
    """The protection of ``person`` (a golden record) on ``as_of``'s month (default:
    this month). A participation recorded under a duplicate merged into the person
    counts as theirs."""
    month = month_start(as_of or timezone.localdate())
    ids = [person.pk, *Person.objects.filter(merged_into=person.pk).values_list("pk", flat=True)]
    rows = list(Peserta.objects.filter(person_id__in=ids).select_related("program"))
    if not rows:
        listed = list(
            Penerima.objects.filter(
                person_id__in=ids, amandemen_keluar__isnull=True, program__status__in=APPROVED
            ).select_related("program")
        )
        if not listed:
            return Perlindungan(TERDAFTAR)
        penerima = _latest(listed, month)
        return Perlindungan(
            "menunggu", program=penerima.program, kode_kabupaten=penerima.kode_kabupaten
        )
    peserta = _latest(rows, month)
    unpaid, kurang = (
        _oldest_unpaid(peserta, month)
        if peserta.status == StatusPendaftaran.DITERIMA
        else (None, None)
    )
    row = pl.DataFrame(
        {
            "status_daftar": [peserta.status],
            "bulan_mulai": [peserta.bulan_mulai],
            "bulan_akhir": [peserta.bulan_akhir],
            "tunggak_sejak": [unpaid],
        },
        schema=ROW_SCHEMA,
    )
    status = row.select(status_expression(month)).item()
    shared = has_worker_share(peserta.program)
    return Perlindungan(
        status,
        program=peserta.program,
        kpj=peserta.kpj or "",
        kode_kabupaten=peserta.kode_kabupaten,
        berlaku_sampai=_covered_until(status, peserta, unpaid),
        # Which part is missing is news only when the worker pays a share too.
        kurang=kurang if status in ("menunggak", "terputus") and shared else None,
        porsi_pekerja=shared,
    )


def _covered_until(status: str, peserta: Peserta, unpaid: dt.date | None) -> dt.date | None:
    """The cover's last month (past, for ``berakhir``); for a lapsed cover the last
    month before the unpaid one; none while not registered."""
    if status == "terputus" and unpaid is not None:
        return add_months(unpaid, -1)
    if status in ("aktif", "menunggak", "berakhir"):
        return peserta.bulan_akhir
    return None
