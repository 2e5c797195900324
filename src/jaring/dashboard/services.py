"""Writes of the dashboard app: BPJS covered counts in, summary tables rebuilt.

``import_coverage`` loads BPJS's report of participants per regency/city, segment and
month, all-or-nothing like the labour-force import (a report with a missing or wrong row
would distort every total, so a bad row stops the whole file).

``refresh_summaries`` rebuilds the tables the dashboard reads, each in one transaction
of a few set-based statements (a ``GROUP BY`` over the base table, then one bulk insert
of the few thousand result rows): a page then reads pre-counted rows instead of a
million persons, and a reader sees the old or the new summary, never half of one. The
commands that import data call it; ``tasks.refresh_summaries_task`` lets the worker run
it after a web upload (``intake.tasks`` enqueues it).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.core.frames import clean_text
from jaring.dashboard import programme_summaries
from jaring.dashboard.models import (
    REGISTRY_STAGES,
    CoverageSummary,
    CoveredCount,
    PipelineSummary,
    RegistrySummary,
    SummaryRefresh,
    Tahap,
)
from jaring.events import Topic, announce
from jaring.intake.models import Submission, SubmissionStatus
from jaring.matching.membership import parse_month
from jaring.matching.queries import person_actively_covered
from jaring.registry.models import Person
from jaring.sheets import ROW, Layout, UnusableFile, read_table
from jaring.wilayah import queries as wilayah_queries
from jaring.wilayah.models import KodeBps, Tingkat, Wilayah

__all__ = ["CoverageFileError", "import_coverage", "refresh_summaries", "refreshed_since"]

MAX_LISTED_ERRORS = 100
# Every summary, by the name ``SummaryRefresh`` and ``request_refresh`` use: coverage,
# registry, pipeline (registry stages and merges), then the programme side
# (``programme_summaries``): quota use and programme stages, participants by status,
# budget, claims.
PARTS = ("cakupan", "registri", "alur", "program", "peserta", "anggaran", "klaim")

# --- BPJS covered counts ------------------------------------------------------------

LAYOUT = Layout(
    variants={
        "kode_wilayah": ["kodewilayah", "kodekabupatenkota", "kodekabkota", "kodekemendagri"],
        "kode_bps": ["kodebps", "kodekabupatenkotabps", "kodebpskabupatenkota"],
        "bulan": ["bulan", "periode", "bulantahun", "month"],
        "segmen": ["segmen", "segmenpeserta", "jenispeserta", "segment"],
        "peserta": ["peserta", "jumlahpeserta", "pesertaaktif", "jumlahpesertaaktif",
                    "tenagakerjaaktif", "jumlah", "tkaktif"],
    },
    required=("bulan", "segmen", "peserta"),
    labels={},
    example="kode_wilayah, bulan, segmen, peserta",
    digits=(),
)  # fmt: skip
SEGMEN = {"PU": "PU", "PPU": "PU", "PENERIMAUPAH": "PU", "BPU": "BPU", "PBPU": "BPU",
          "BUKANPENERIMAUPAH": "BPU"}  # fmt: skip


class CoverageFileError(Exception):
    """A covered-count file that cannot be imported; nothing was written. ``errors``
    holds ``(row, reason)`` pairs; the message lists them in Indonesian."""

    def __init__(self, message: str, errors: list[tuple[int, str]] | None = None):
        self.errors = errors or []
        lines = [
            _("Baris %(row)s: %(reason)s") % {"row": row, "reason": reason}
            for row, reason in self.errors[:MAX_LISTED_ERRORS]
        ]
        hidden = len(self.errors) - MAX_LISTED_ERRORS
        if hidden > 0:
            lines.append(
                ngettext("… dan %(n)s kesalahan lain.", "… dan %(n)s kesalahan lain.", hidden)
                % {"n": hidden}
            )
        super().__init__("\n".join([message, *lines]))


def _check_headers(headers: list[str]) -> dict[int, str]:
    mapping = LAYOUT.map_headers(headers)
    found = set(mapping.values())
    missing = [c for c in ("bulan", "segmen", "peserta") if c not in found]
    if not found & {"kode_wilayah", "kode_bps"}:
        missing.insert(0, "kode_wilayah atau kode_bps")
    if missing:
        raise CoverageFileError(
            f"Kolom wajib tidak ditemukan: {', '.join(missing)}. Baris pertama harus berisi "
            "judul kolom kode_wilayah (atau kode_bps), bulan, segmen, peserta."
        )
    return mapping


@dataclass(frozen=True)
class _Row:
    line: int
    wilayah: str
    segmen: str
    bulan: object
    peserta: int


def read_coverage(path: str | os.PathLike) -> list[_Row]:
    """Parse and check the whole file; raise with every problem, or return the rows."""
    path = Path(path)
    if not path.is_file():
        raise CoverageFileError(f"Berkas {path} tidak ditemukan.")
    try:
        table = read_table(path, _check_headers, digits=())
    except UnusableFile as exc:
        raise CoverageFileError(str(exc)) from exc
    frame = table.canonical(LAYOUT.columns)
    regencies = set(
        Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA).values_list("kode", flat=True)
    )
    bps_map = dict(KodeBps.objects.values_list("kode_bps", "wilayah_id"))
    months = frame.select(parse_month(clean_text(pl.col("bulan")))).to_series().to_list()
    cells = frame.select(ROW, *[pl.col(c).fill_null("").str.strip_chars() for c in LAYOUT.columns])
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    for cell, bulan in zip(cells.iter_rows(named=True), months, strict=True):
        line = cell[ROW]
        errors: list[str] = []
        wilayah = None
        if cell.get("kode_wilayah"):
            wilayah = cell["kode_wilayah"]
            if wilayah not in regencies:
                errors.append(
                    _("kode wilayah %(kode)s bukan kabupaten/kota Kemendagri.")
                    % {"kode": repr(wilayah)}
                )
        elif cell.get("kode_bps"):
            wilayah = bps_map.get(cell["kode_bps"])
            if wilayah is None:
                errors.append(
                    _("kode BPS %(kode)s tidak dikenal.") % {"kode": repr(cell["kode_bps"])}
                )
        else:
            errors.append(_("kode wilayah (atau kode BPS) kosong."))
        if bulan is None:
            errors.append(
                _("bulan %(bulan)s tidak dapat dibaca; tulis TTTT-BB, misalnya 2024-10.")
                % {"bulan": repr(cell["bulan"])}
            )
        segmen = SEGMEN.get(re.sub(r"[^A-Z]", "", cell["segmen"].upper()))
        if segmen is None:
            errors.append(
                _("segmen %(segmen)s tidak dikenal; tulis PU atau BPU.")
                % {"segmen": repr(cell["segmen"])}
            )
        peserta = None
        if re.fullmatch(r"[0-9]+", cell["peserta"]):
            peserta = int(cell["peserta"])
        else:
            errors.append(
                _("peserta harus bilangan bulat tanpa pemisah ribuan, bukan %(teks)s.")
                % {"teks": repr(cell["peserta"])}
            )
        if not errors:
            key = (wilayah, segmen, bulan)
            earlier = seen.setdefault(key, line)
            if earlier != line:
                errors.append(
                    _("%(wilayah)s %(segmen)s %(bulan)s sudah ada di baris %(baris)s.")
                    % {"wilayah": wilayah, "segmen": segmen, "bulan": f"{bulan:%Y-%m}",
                       "baris": earlier}
                )  # fmt: skip
        problems.extend((line, reason) for reason in errors)
        if not errors:
            rows.append(_Row(line, wilayah, segmen, bulan, peserta))
    if problems:
        count = len({line for line, _ in problems})
        raise CoverageFileError(
            ngettext(
                "Berkas tidak diimpor: %(n)s baris bermasalah. Perbaiki lalu impor ulang.",
                "Berkas tidak diimpor: %(n)s baris bermasalah. Perbaiki lalu impor ulang.",
                count,
            )
            % {"n": count},
            problems,
        )
    if not rows:
        raise CoverageFileError(f"Berkas {path} tidak berisi baris data.")
    return rows


def import_coverage(path: str | os.PathLike, *, sumber: str = "") -> dict[str, int]:
    """Import BPJS participants per regency/city, segment and month.

    All-or-nothing; a figure for the same regency, segment and month replaces the old
    one; re-importing the same file changes nothing. The caller refreshes summaries.
    """
    rows = read_coverage(path)
    sumber = sumber.strip()[:200]
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (c.wilayah_id, c.segmen, c.bulan): c
            for c in CoveredCount.objects.select_for_update().filter(
                wilayah_id__in={r.wilayah for r in rows}, bulan__in={r.bulan for r in rows}
            )
        }
        to_create, to_update = [], []
        for row in rows:
            item = existing.get((row.wilayah, row.segmen, row.bulan))
            if item is None:
                to_create.append(
                    CoveredCount(
                        wilayah_id=row.wilayah,
                        segmen=row.segmen,
                        bulan=row.bulan,
                        peserta=row.peserta,
                        sumber=sumber,
                        updated_at=now,
                    )
                )
            elif (item.peserta, item.sumber) != (row.peserta, sumber):
                item.peserta, item.sumber, item.updated_at = row.peserta, sumber, now
                to_update.append(item)
        CoveredCount.objects.bulk_create(to_create)
        CoveredCount.objects.bulk_update(to_update, ["peserta", "sumber", "updated_at"])
    announce(Topic.COVERAGE)
    return {
        "baris": len(rows),
        "ditambahkan": len(to_create),
        "diperbarui": len(to_update),
        "tidak_berubah": len(rows) - len(to_create) - len(to_update),
    }


# --- Summary tables -----------------------------------------------------------------


def _refresh_coverage() -> int:
    counts = (
        CoveredCount.objects.values("wilayah_id", "bulan")
        .annotate(
            pu=Sum("peserta", filter=Q(segmen="PU")), bpu=Sum("peserta", filter=Q(segmen="BPU"))
        )
        .order_by()
    )
    labour: dict[int, dict[str, tuple[int, int]]] = {}
    rows = []
    for c in counts:
        year = c["bulan"].year
        if year not in labour:
            labour[year] = wilayah_queries.labour_force(year)
        figure, of_year = labour[year].get(c["wilayah_id"], (None, None))
        rows.append(
            CoverageSummary(
                kode_kabupaten=c["wilayah_id"],
                bulan=c["bulan"],
                peserta_pu=c["pu"] or 0,
                peserta_bpu=c["bpu"] or 0,
                angkatan_kerja=figure,
                tahun_angkatan_kerja=of_year,
            )
        )
    CoverageSummary.objects.all().delete()
    CoverageSummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _refresh_registry() -> int:
    groups = (
        Person.objects.golden()
        .annotate(
            kabupaten=Substr("wilayah_id", 1, 5),
            bulan=TruncMonth("created_at", output_field=DateField()),
        )
        .values("kabupaten", "pekerjaan_id", "bulan")
        .annotate(jumlah=Count("id"), terlindungi=Count("id", filter=person_actively_covered()))
        .order_by()
    )
    rows = [
        RegistrySummary(
            kode_kabupaten=g["kabupaten"],
            pekerjaan=g["pekerjaan_id"],
            bulan=g["bulan"],
            jumlah=g["jumlah"],
            terlindungi=g["terlindungi"],
        )
        for g in groups
    ]
    RegistrySummary.objects.all().delete()
    RegistrySummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _refresh_pipeline() -> int:
    groups = (
        Submission.objects.filter(status=SubmissionStatus.DONE)
        .annotate(bulan=TruncMonth("created_at", output_field=DateField()))
        .values("agency__wilayah_id", "bulan")
        .annotate(
            rows=Sum("rows"), accepted=Sum("accepted"), dup=Sum("duplicates"), rej=Sum("rejected")
        )
        .order_by()
    )
    rows = []
    for g in groups:
        stages = {
            Tahap.DIAJUKAN: g["rows"],
            Tahap.VALID: g["accepted"] + g["dup"],
            Tahap.DITOLAK: g["rej"],
            Tahap.TERDAFTAR: g["accepted"],
        }
        rows.extend(
            PipelineSummary(
                kode_wilayah=g["agency__wilayah_id"], bulan=g["bulan"], tahap=tahap, jumlah=n
            )
            for tahap, n in stages.items()
        )
    rows += programme_summaries.merge_stage_rows()
    # Only the registry's stages and merges: the programme stages are the "program"
    # summary's, rebuilt with quota use.
    PipelineSummary.objects.filter(tahap__in=(*REGISTRY_STAGES, Tahap.DIGABUNG)).delete()
    PipelineSummary.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


BUILDERS = {
    "cakupan": _refresh_coverage,
    "registri": _refresh_registry,
    "alur": _refresh_pipeline,
    "program": programme_summaries.refresh_programme,
    "peserta": programme_summaries.refresh_participants,
    "anggaran": programme_summaries.refresh_budget,
    "klaim": programme_summaries.refresh_claims,
}


def refresh_summaries(parts: tuple[str, ...] = PARTS) -> dict[str, int]:
    """Rebuild the named summaries (default all); returns the rows written per summary.

    ``SummaryRefresh.refreshed_at`` is when the rebuild began reading the base tables:
    everything committed before that moment is in the summary (what the dashboard's
    "data as of" means, and what lets a queued refresh see it is no longer needed)."""
    written = {}
    for part in parts:
        started_at, started = timezone.now(), time.monotonic()
        with transaction.atomic():
            written[part] = BUILDERS[part]()
            SummaryRefresh.objects.update_or_create(
                nama=part,
                defaults={"refreshed_at": started_at, "seconds": time.monotonic() - started},
            )
    return written


def refreshed_since(parts: tuple[str, ...], moment: dt.datetime) -> bool:
    """Whether every one of ``parts`` was rebuilt from data read at or after ``moment``."""
    fresh = SummaryRefresh.objects.filter(nama__in=parts, refreshed_at__gte=moment).count()
    return fresh == len(set(parts))
