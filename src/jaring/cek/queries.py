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

from jaring.contributions.queries import STATUSES, status_expression, unpaid_by_participant
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.programs.models import Penerima, Program, StatusProgram
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


def _latest(rows: list, month: dt.date):
    """The participation that speaks for the person on ``month``: the latest programme
    that has started, or else the next one to start."""
    return max(
        rows,
        key=lambda r: (r.program.bulan_mulai <= month, r.program.bulan_mulai, r.program.pk),
    )


def _oldest_unpaid(peserta: Peserta, month: dt.date) -> dt.date | None:
    """The oldest billed month up to ``month`` not yet paid in full. The programme's
    invoices are few (months × funders), and each line is found by the lines' primary
    key (invoice, participant)."""
    sql = unpaid_by_participant(where="l.peserta_id = %s AND t.program_id = %s AND t.bulan <= %s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(u.sejak AS TEXT) FROM ({sql}) u",
            [peserta.pk, peserta.program_id, connection.ops.adapt_datefield_value(month)],
        )
        row = cursor.fetchone()
    return dt.date.fromisoformat(row[0][:10]) if row and row[0] else None


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
    unpaid = (
        _oldest_unpaid(peserta, month) if peserta.status == StatusPendaftaran.DITERIMA else None
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
    return Perlindungan(
        status,
        program=peserta.program,
        kpj=peserta.kpj or "",
        kode_kabupaten=peserta.kode_kabupaten,
        berlaku_sampai=_covered_until(status, peserta, unpaid),
    )


def _covered_until(status: str, peserta: Peserta, unpaid: dt.date | None) -> dt.date | None:
    """The cover's last month (past, for ``berakhir``); for a lapsed cover the last
    month before the unpaid one; none while not registered."""
    if status == "terputus" and unpaid is not None:
        return add_months(unpaid, -1)
    if status in ("aktif", "menunggak", "berakhir"):
        return peserta.bulan_akhir
    return None
