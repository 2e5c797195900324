"""Summaries of the programme side, rebuilt set-based like the registry's (see
``services.refresh_summaries``, which runs each builder in one transaction):

* ``program`` — quota use per programme, regency/city and occupation (``KuotaSummary``)
  and the programme stages of the pipeline (eligible, selected, enrolled);
* ``peserta`` — participants by coverage status for every programme month
  (``PesertaSummary``); the status rule is ``contributions.queries.status_expression``,
  evaluated on participants grouped by everything the rule reads;
* ``anggaran`` — billed and paid per programme, funder, month and regency/city
  (``AnggaranSummary``, from the invoices' per-region totals, never from lines);
* ``klaim`` — claims per programme, regency/city, occupation, month and type.

Each builder deletes its table (or its pipeline stages) and writes the new rows with a
few ``GROUP BY`` statements and one bulk insert; it returns the number of rows written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import polars as pl
from django.db import connection
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from jaring.bulk import bulk_insert
from jaring.claims.models import Klaim
from jaring.contributions import queries as contribution_queries
from jaring.contributions.models import Tagihan, TagihanWilayah
from jaring.contributions.queries import status_expression
from jaring.core.months import month_start, months_of
from jaring.dashboard.models import (
    PROGRAMME_STAGES,
    AnggaranSummary,
    KlaimSummary,
    KuotaSummary,
    PesertaSummary,
    PipelineSummary,
    Tahap,
)
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.matching.models import Merge
from jaring.programs.models import ALASAN_LAYAK, KuotaWilayah, Penerima, Program, Seleksi
from jaring.registry.models import Person


def merge_stage_rows() -> list[PipelineSummary]:
    """Persons merged into another by matching (merges not undone), by the merged
    person's regency/city and occupation and the month of the merge (the registry
    builder writes them with its stages: merges follow intake and review)."""
    groups = (
        Merge.objects.filter(undone_at__isnull=True)
        .annotate(
            kabupaten=Substr("merged__wilayah", 1, 5),
            bulan=TruncMonth("merged_at", output_field=DateField()),
        )
        .values("kabupaten", "merged__pekerjaan", "bulan")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        PipelineSummary(
            kode_wilayah=g["kabupaten"],
            bulan=g["bulan"],
            tahap=Tahap.DIGABUNG,
            pekerjaan=g["merged__pekerjaan"],
            jumlah=g["n"],
        )
        for g in groups
    ]


# --- program: quota use and the programme stages of the pipeline -------------------


def refresh_programme() -> int:
    keys = ("program_id", "kode_kabupaten", "person__pekerjaan")
    quota: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for program_id, kode, kuota in KuotaWilayah.objects.values_list(
        "program_id", "wilayah_id", "kuota"
    ):
        quota[(program_id, kode, "")]["kuota"] += kuota
    selection = (
        Seleksi.objects.values(*keys)
        .annotate(
            eligible=Count("pk", filter=Q(alasan__in=ALASAN_LAYAK)),
            selected=Count("pk", filter=Q(terpilih=True)),
        )
        .order_by()
    )
    selected_on = {
        pk: month_start(timezone.localtime(moment).date())
        for pk, moment in Program.objects.filter(seleksi_pada__isnull=False).values_list(
            "pk", "seleksi_pada"
        )
    }
    stages: list[PipelineSummary] = []
    for g in selection:
        key = (g["program_id"], g["kode_kabupaten"], g["person__pekerjaan"])
        quota[key]["memenuhi_syarat"] += g["eligible"]
        quota[key]["terpilih"] += g["selected"]
        month = selected_on.get(g["program_id"])
        if month is None:
            continue
        for tahap, n in ((Tahap.MEMENUHI_SYARAT, g["eligible"]), (Tahap.TERPILIH, g["selected"])):
            if n:
                stages.append(_stage(key, month, tahap, n))
    approved = (
        Penerima.objects.filter(amandemen_keluar__isnull=True)
        .values(*keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for g in approved:
        quota[(g["program_id"], g["kode_kabupaten"], g["person__pekerjaan"])]["disetujui"] += g["n"]
    enrolled = (
        Peserta.objects.filter(status=StatusPendaftaran.DITERIMA)
        .values(*keys, "bulan_mulai")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for g in enrolled:
        key = (g["program_id"], g["kode_kabupaten"], g["person__pekerjaan"])
        quota[key]["terdaftar"] += g["n"]
        stages.append(_stage(key, g["bulan_mulai"], Tahap.TERDAFTAR_BPJS, g["n"]))
    rows = [
        KuotaSummary(program_id=p, kode_kabupaten=k, pekerjaan=o, **counts)
        for (p, k, o), counts in quota.items()
    ]
    KuotaSummary.objects.all().delete()
    KuotaSummary.objects.bulk_create(rows, batch_size=2000)
    PipelineSummary.objects.filter(tahap__in=PROGRAMME_STAGES).delete()
    PipelineSummary.objects.bulk_create(_merged(stages), batch_size=2000)
    return len(rows) + len(stages)


def _stage(key: tuple, month: dt.date, tahap: str, n: int) -> PipelineSummary:
    program_id, kode, pekerjaan = key
    return PipelineSummary(
        kode_wilayah=kode,
        bulan=month,
        tahap=tahap,
        program_id=program_id,
        pekerjaan=pekerjaan,
        jumlah=n,
    )


def _merged(rows: list[PipelineSummary]) -> list[PipelineSummary]:
    """One row per key (enrolment groups by first month may repeat a key)."""
    by_key: dict[tuple, PipelineSummary] = {}
    for row in rows:
        key = (row.kode_wilayah, row.bulan, row.tahap, row.program_id, row.pekerjaan)
        if key in by_key:
            by_key[key].jumlah += row.jumlah
        else:
            by_key[key] = row
    return list(by_key.values())


# --- peserta: participants by coverage status and month ----------------------------

GROUP_SCHEMA = {
    "program_id": pl.Int64,
    "kode_kabupaten": pl.Utf8,
    "pekerjaan": pl.Utf8,
    "status_daftar": pl.Utf8,
    "bulan_mulai": pl.Utf8,
    "bulan_akhir": pl.Utf8,
    "tunggak_sejak": pl.Utf8,
    "jumlah": pl.Int64,
}


def participant_groups() -> pl.DataFrame:
    """Participants grouped by programme, regency/city, occupation and everything the
    status rule reads (registration status, months of cover, oldest unpaid billed
    month): a few thousand groups for a million participants, one statement."""
    peserta, person = Peserta._meta.db_table, Person._meta.db_table
    occupation = Person._meta.get_field("pekerjaan").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.program_id, p.kode_kabupaten, pe.{occupation}, p.status,
                   CAST(p.bulan_mulai AS TEXT), CAST(p.bulan_akhir AS TEXT),
                   CAST(u.sejak AS TEXT), COUNT(*)
            FROM {peserta} p
            JOIN {person} pe ON pe.id = p.person_id
            LEFT JOIN ({contribution_queries.unpaid_by_participant()}) u
                   ON u.peserta_id = p.id
            GROUP BY p.program_id, p.kode_kabupaten, pe.{occupation}, p.status,
                     p.bulan_mulai, p.bulan_akhir, u.sejak
            """
        )
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=GROUP_SCHEMA, orient="row")
    return frame.with_columns(
        pl.col(c).str.slice(0, 10).str.to_date("%Y-%m-%d")
        for c in ("bulan_mulai", "bulan_akhir", "tunggak_sejak")
    )


def summary_months(start: dt.date, last: dt.date, today: dt.date) -> list[dt.date]:
    """A programme's months with a status: from its first month to its last or the
    current month, whichever is earlier (at least its first month)."""
    return months_of(start, max(start, min(last, month_start(today))))


def refresh_participants() -> int:
    groups = participant_groups()
    today = timezone.localdate()
    programmes = Program.objects.filter(pk__in=groups.get_column("program_id").unique().to_list())
    parts = []
    for program in programmes:
        mine = groups.filter(pl.col("program_id") == program.pk)
        for month in summary_months(program.bulan_mulai, program.bulan_akhir, today):
            parts.append(
                mine.with_columns(status_expression(month).alias("status"))
                .group_by("program_id", "kode_kabupaten", "pekerjaan", "status")
                .agg(pl.col("jumlah").sum())
                .with_columns(bulan=pl.lit(month))
            )
    columns = ["program_id", "kode_kabupaten", "pekerjaan", "bulan", "status", "jumlah"]
    frame = pl.concat(parts).select(columns) if parts else pl.DataFrame()
    PesertaSummary.objects.all().delete()
    bulk_insert(PesertaSummary._meta.db_table, columns, frame)
    return frame.height


# --- anggaran: billed and paid -------------------------------------------------------


def refresh_budget() -> int:
    summary = AnggaranSummary._meta.db_table
    regions, invoices = TagihanWilayah._meta.db_table, Tagihan._meta.db_table
    AnggaranSummary.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {summary} (program_id, pendana, bulan, kode_kabupaten, peserta,
                                   ditagih, dibayar)
            SELECT t.program_id, t.pendana, t.bulan, w.kode_kabupaten, SUM(w.peserta),
                   SUM(w.jumlah), SUM(w.dibayar)
            FROM {regions} w JOIN {invoices} t ON t.id = w.tagihan_id
            GROUP BY t.program_id, t.pendana, t.bulan, w.kode_kabupaten
            """
        )
        return cursor.rowcount


# --- klaim: claims ---------------------------------------------------------------------


def refresh_claims() -> int:
    groups = (
        Klaim.objects.annotate(bulan=TruncMonth("tanggal_bayar", output_field=DateField()))
        .values(
            "peserta__program_id",
            "peserta__kode_kabupaten",
            "peserta__person__pekerjaan",
            "bulan",
            "jenis",
        )
        .annotate(
            n=Count("id"), nilai=Sum("jumlah"), meninggal=Count("id", filter=Q(meninggal=True))
        )
        .order_by()
    )
    rows = [
        KlaimSummary(
            program_id=g["peserta__program_id"],
            kode_kabupaten=g["peserta__kode_kabupaten"],
            pekerjaan=g["peserta__person__pekerjaan"],
            bulan=g["bulan"],
            jenis=g["jenis"],
            jumlah=g["n"],
            nilai=g["nilai"],
            meninggal=g["meninggal"],
        )
        for g in groups
    ]
    KlaimSummary.objects.all().delete()
    KlaimSummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
