"""Writes to the region tables: the Kemendagri reference load and the BPS-keyed statistics.

Both are bulk operations that must be idempotent and leave no half state, so each runs
in one transaction, compares with what the database already holds, and writes only the
difference in a few set-based statements (never one query per row).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.events import Topic, announce
from jaring.sheets import ROW, Layout, UnusableFile, read_table
from jaring.wilayah import sources
from jaring.wilayah.models import AngkatanKerja, KodeBps, MuatanReferensi, Tingkat, Wilayah
from jaring.wilayah.queries import kode_induk, tingkat_of
from jaring.wilayah.sources import ReferenceDataError, read_regions

__all__ = [
    "AngkatanKerjaError",
    "ReferenceDataError",
    "ensure_reference_data",
    "import_angkatan_kerja",
    "load_bps_map",
    "load_reference_data",
    "load_regions",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
LEVELS = (
    ("provinces", Tingkat.PROVINSI, "provinsi"),
    ("regencies", Tingkat.KABUPATEN_KOTA, "kabupaten_kota"),
    ("districts", Tingkat.KECAMATAN, "kecamatan"),
    ("villages", Tingkat.DESA, "desa_kelurahan"),
)
BPS_MAP_FILE = "kode_bps_kaltim.csv"
# Part of the sources' fingerprint: raise it when the loaders below change what they
# write, so every database loads once more on its next ``jaring init``.
LOADER_VERSION = "1"


def load_reference_data() -> dict[str, int]:
    """Load every Kemendagri region and the BPS code map; called by ``jaring init``.

    Returns counts: regions per level in the source, regions added and changed, BPS
    codes in the map and BPS rows changed. A second run adds and changes nothing.
    """
    tables = read_regions()
    with transaction.atomic():
        counts = load_regions(tables)
        counts.update(load_bps_map())
        MuatanReferensi.objects.update_or_create(
            pk=1,
            defaults={
                "sidik": reference_fingerprint(),
                "jumlah_wilayah": Wilayah.objects.count(),
                "jumlah_kode_bps": KodeBps.objects.count(),
            },
        )
    return counts


def reference_fingerprint() -> str:
    """SHA-256 over what a load reads: the pinned package's integrity (``read_regions``
    refuses any other file, so the pin stands for its content), the shipped BPS map and
    the loader's version."""
    digest = hashlib.sha256(f"{LOADER_VERSION}\n{sources.INTEGRITY}\n".encode())
    digest.update((resources.files("jaring.wilayah") / "data" / BPS_MAP_FILE).read_bytes())
    return digest.hexdigest()


def ensure_reference_data() -> dict[str, int] | None:
    """Load the reference data unless the database already holds this very load:
    same fingerprint, and as many regions and BPS codes as that load left (two counts,
    so rows deleted by hand since are noticed). None when nothing had to change;
    otherwise ``load_reference_data``'s counts. ``jaring wilayah load`` always loads."""
    done = MuatanReferensi.objects.filter(pk=1).first()
    if (
        done is not None
        and done.sidik == reference_fingerprint()
        and done.jumlah_wilayah == Wilayah.objects.count()
        and done.jumlah_kode_bps == KodeBps.objects.count()
    ):
        return None
    return load_reference_data()


def _rows_from_source(tables) -> list[tuple[str, str, int, str | None]]:
    """``(kode, nama, tingkat, induk)`` parent-first, after checking the codes' shape.

    The shape check guards the prefix queries: they are only correct if every code has
    exactly the dotted form of its level and sits under its parent's code.
    """
    rows: list[tuple[str, str, int, str | None]] = []
    seen: set[str] = set()
    for table, tingkat, _label in LEVELS:
        for kode, induk, nama in tables[table]:
            try:
                shape_ok = tingkat_of(kode) == tingkat and kode_induk(kode) == induk
            except ValueError:
                shape_ok = False
            if not shape_ok:
                raise ReferenceDataError(
                    f"Data referensi tidak sah: kode {kode!r} (induk {induk!r}) di {table}."
                )
            if induk is not None and induk not in seen:
                raise ReferenceDataError(
                    f"Data referensi tidak sah: induk {induk} dari {kode} tidak ada."
                )
            if kode in seen:
                raise ReferenceDataError(f"Data referensi tidak sah: kode {kode} ganda.")
            seen.add(kode)
            rows.append((kode, nama, int(tingkat), induk))
    return rows


def load_regions(tables) -> dict[str, int]:
    """Insert missing regions (parent-first) and update renamed ones.

    Regions that disappeared from the source are kept and only counted: workers and
    agencies may still point at them, and Kemendagri retires codes rarely.
    """
    rows = _rows_from_source(tables)
    existing = {
        kode: (nama, tingkat, induk)
        for kode, nama, tingkat, induk in Wilayah.objects.order_by().values_list(
            "kode", "nama", "tingkat", "induk_id"
        )
    }
    to_create: list[Wilayah] = []
    to_update: list[Wilayah] = []
    for kode, nama, tingkat, induk in rows:
        current = existing.get(kode)
        if current is None:
            to_create.append(Wilayah(kode=kode, nama=nama, tingkat=tingkat, induk_id=induk))
        elif current != (nama, tingkat, induk):
            to_update.append(Wilayah(kode=kode, nama=nama, tingkat=tingkat, induk_id=induk))
    # ``rows`` is parent-first, so each batch only refers to rows already inserted.
    Wilayah.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Wilayah.objects.bulk_update(to_update, ["nama", "tingkat", "induk"], batch_size=500)
    source_codes = {row[0] for row in rows}
    retired = sum(1 for kode in existing if kode not in source_codes)
    if retired:
        logger.warning("%d kode wilayah di basis data tidak ada lagi di sumber.", retired)

    counts = {label: len(tables[table]) for table, _tingkat, label in LEVELS}
    counts.update(
        wilayah_baru=len(to_create), wilayah_diperbarui=len(to_update), wilayah_usang=retired
    )
    return counts


def read_bps_map() -> dict[str, str]:
    """Kemendagri regency code → BPS code, from the table shipped with the app."""
    source = resources.files("jaring.wilayah") / "data" / BPS_MAP_FILE
    with source.open("r", encoding="utf-8-sig", newline="") as handle:
        return {
            row["kode_wilayah"].strip(): row["kode_bps"].strip() for row in csv.DictReader(handle)
        }


def load_bps_map() -> dict[str, int]:
    """Make the KodeBps table equal to the shipped map for the regencies it names."""
    wanted = read_bps_map()
    known = set(
        Wilayah.objects.filter(kode__in=wanted, tingkat=Tingkat.KABUPATEN_KOTA).values_list(
            "kode", flat=True
        )
    )
    missing = sorted(set(wanted) - known)
    if missing:
        raise ReferenceDataError(
            f"Peta kode BPS menyebut kabupaten/kota yang tidak dikenal: {', '.join(missing)}."
        )
    # Rows that clash with the map: the same regency or the same BPS code.
    clashing = Q(wilayah_id__in=wanted) | Q(kode_bps__in=wanted.values())
    current = dict(KodeBps.objects.filter(clashing).values_list("wilayah_id", "kode_bps"))
    stale = [kode for kode, bps in current.items() if wanted.get(kode) != bps]
    # Delete before insert: both columns are unique, so a moved code must leave first.
    if stale:
        KodeBps.objects.filter(wilayah_id__in=stale).delete()
    to_create = [
        KodeBps(wilayah_id=kode, kode_bps=bps)
        for kode, bps in wanted.items()
        if current.get(kode) != bps
    ]
    KodeBps.objects.bulk_create(to_create)
    return {"kode_bps": len(wanted), "kode_bps_ditulis": len(to_create)}


# --- Labour-force statistics (Sakernas), keyed by BPS codes -----------------------------

TAHUN_MIN, TAHUN_MAX = 2000, 2100
MAX_LISTED_ERRORS = 100
REQUIRED_COLUMNS = ("kode_bps", "tahun", "angkatan_kerja")
COLUMN_LABELS = {
    "kode_bps": "kode BPS",
    "tahun": "tahun",
    "angkatan_kerja": "angkatan kerja",
    "bekerja": "bekerja",
}
# Canonical column → header spellings seen in BPS tables and clerks' spreadsheets
# (compared as lower-case letters and digits only).
LAYOUT = Layout(
    variants={
        "kode_bps": ["kode_bps", "kode_bps_kabupaten_kota", "kode_kabupaten_kota_bps"],
        "tahun": ["tahun", "year"],
        "angkatan_kerja": ["angkatan_kerja", "jumlah_angkatan_kerja", "angkatan_kerja_jiwa"],
        "bekerja": ["bekerja", "penduduk_bekerja", "jumlah_penduduk_bekerja", "bekerja_jiwa"],
    },
    required=REQUIRED_COLUMNS,
    labels=COLUMN_LABELS,
    example="kode_bps, tahun, angkatan_kerja, bekerja",
    digits=(),
)
DIGITS = re.compile(r"[0-9]+")
NEGATIVE = re.compile(r"-\s*[0-9]+")


class AngkatanKerjaError(ReferenceDataError):
    """A labour-force file that cannot be imported; nothing was written.

    ``errors`` holds ``(row, reason)`` pairs (row 1 is the header) for screens that list
    them; the message lists them too, in Indonesian, for the command line.
    """

    def __init__(self, message: str, errors: list[tuple[int, str]] | None = None):
        self.errors = errors or []
        if self.errors:
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
            message = "\n".join([message, *lines])
        super().__init__(message)


@dataclass(frozen=True)
class _Row:
    line: int
    wilayah: str
    tahun: int
    angkatan_kerja: int
    bekerja: int | None


def _check_headers(headers: list[str]) -> dict[int, str]:
    mapping = LAYOUT.map_headers(headers)
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        raise AngkatanKerjaError(
            f"Kolom wajib tidak ditemukan: {', '.join(missing)}. Baris pertama harus berisi "
            "judul kolom kode_bps, tahun, angkatan_kerja (dan boleh bekerja)."
        )
    return mapping


def _parse_count(text: str, label: str, errors: list[str]) -> int | None:
    if DIGITS.fullmatch(text):
        return int(text)
    if NEGATIVE.fullmatch(text):
        errors.append(
            _("%(kolom)s tidak boleh negatif (%(teks)s).") % {"kolom": label, "teks": text}
        )
    else:
        errors.append(
            _("%(kolom)s harus bilangan bulat tanpa pemisah ribuan atau desimal, bukan %(teks)s.")
            % {"kolom": label, "teks": repr(text)}
        )
    return None


def _validate_row(
    line: int, cells: dict[str, str], bps_map: dict[str, str], errors: list[str]
) -> _Row | None:
    for column in REQUIRED_COLUMNS:
        if not cells[column]:
            errors.append(_("%(kolom)s kosong.") % {"kolom": COLUMN_LABELS[column]})
    if errors:
        return None
    kode_bps = cells["kode_bps"]
    wilayah = bps_map.get(kode_bps)
    if wilayah is None:
        errors.append(
            _("kode BPS %(kode)s tidak dikenal (tidak ada di peta kode BPS).")
            % {"kode": repr(kode_bps)}
        )
    tahun = _parse_count(cells["tahun"], "tahun", errors)
    if tahun is not None and not TAHUN_MIN <= tahun <= TAHUN_MAX:
        errors.append(
            _("tahun %(tahun)s di luar rentang %(awal)s–%(akhir)s.")
            % {"tahun": tahun, "awal": TAHUN_MIN, "akhir": TAHUN_MAX}
        )
    angkatan_kerja = _parse_count(cells["angkatan_kerja"], "angkatan kerja", errors)
    bekerja = None
    if cells["bekerja"]:
        bekerja = _parse_count(cells["bekerja"], "bekerja", errors)
    if angkatan_kerja is not None and bekerja is not None and bekerja > angkatan_kerja:
        errors.append(
            _("bekerja (%(bekerja)s) melebihi angkatan kerja (%(ak)s).")
            % {"bekerja": bekerja, "ak": angkatan_kerja}
        )
    if errors:
        return None
    return _Row(line, wilayah, tahun, angkatan_kerja, bekerja)


def read_angkatan_kerja(path: str | os.PathLike) -> list[_Row]:
    """Parse and validate the whole file; raise with every problem found, or return rows."""
    if not Path(path).is_file():
        raise AngkatanKerjaError(f"Berkas {path} tidak ditemukan.")
    try:
        table = read_table(Path(path), _check_headers, digits=())
    except UnusableFile as exc:
        raise AngkatanKerjaError(str(exc)) from exc
    frame = table.canonical(LAYOUT.columns).select(
        ROW, *[pl.col(c).fill_null("").str.strip_chars() for c in LAYOUT.columns]
    )
    bps_map = dict(KodeBps.objects.values_list("kode_bps", "wilayah_id"))
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []
    first_seen: dict[tuple[str, int], int] = {}
    for cells in frame.iter_rows(named=True):
        line = cells[ROW]
        errors: list[str] = []
        row = _validate_row(line, cells, bps_map, errors)
        if row is not None:
            earlier = first_seen.setdefault((row.wilayah, row.tahun), line)
            if earlier != line:
                errors.append(
                    _("kode BPS %(kode)s tahun %(tahun)s sudah ada di baris %(baris)s.")
                    % {"kode": cells["kode_bps"], "tahun": row.tahun, "baris": earlier}
                )
        problems.extend((line, reason) for reason in errors)
        if row is not None and not errors:
            rows.append(row)
    if problems:
        lines = len({line for line, _ in problems})
        raise AngkatanKerjaError(
            ngettext(
                "Berkas tidak diimpor: %(n)s baris bermasalah. Perbaiki lalu impor ulang.",
                "Berkas tidak diimpor: %(n)s baris bermasalah. Perbaiki lalu impor ulang.",
                lines,
            )
            % {"n": lines},
            problems,
        )
    if not rows:
        raise AngkatanKerjaError(f"Berkas {path} tidak berisi baris data.")
    return rows


def import_angkatan_kerja(path: str | os.PathLike, *, sumber: str = "") -> dict[str, int]:
    """Import labour-force figures per regency/city and year from a BPS-coded CSV.

    All-or-nothing: if any row is invalid nothing is written and the error lists every
    bad row. Existing figures for the same regency and year are replaced; a re-import of
    the same file changes nothing.
    """
    rows = read_angkatan_kerja(path)
    sumber = sumber.strip()[: AngkatanKerja._meta.get_field("sumber").max_length]
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (item.wilayah_id, item.tahun): item
            for item in AngkatanKerja.objects.select_for_update().filter(
                wilayah_id__in={row.wilayah for row in rows},
                tahun__in={row.tahun for row in rows},
            )
        }
        to_create: list[AngkatanKerja] = []
        to_update: list[AngkatanKerja] = []
        for row in rows:
            item = existing.get((row.wilayah, row.tahun))
            if item is None:
                to_create.append(
                    AngkatanKerja(
                        wilayah_id=row.wilayah,
                        tahun=row.tahun,
                        angkatan_kerja=row.angkatan_kerja,
                        bekerja=row.bekerja,
                        sumber=sumber,
                        updated_at=now,
                    )
                )
            elif (item.angkatan_kerja, item.bekerja, item.sumber) != (
                row.angkatan_kerja,
                row.bekerja,
                sumber,
            ):
                item.angkatan_kerja = row.angkatan_kerja
                item.bekerja = row.bekerja
                item.sumber = sumber
                item.updated_at = now
                to_update.append(item)
        AngkatanKerja.objects.bulk_create(to_create)
        if to_update:
            AngkatanKerja.objects.bulk_update(
                to_update, ["angkatan_kerja", "bekerja", "sumber", "updated_at"]
            )
    announce(Topic.LABOUR_FORCE)
    return {
        "baris": len(rows),
        "ditambahkan": len(to_create),
        "diperbarui": len(to_update),
        "tidak_berubah": len(rows) - len(to_create) - len(to_update),
    }
