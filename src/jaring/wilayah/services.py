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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.events import Topic, announce
from jaring.sheets import ROW, Layout, UnusableFile, read_table
from jaring.wilayah import sources
from jaring.wilayah.models import (
    AngkatanKerja,
    AsalKodeBps,
    KodeBps,
    MuatanReferensi,
    Tingkat,
    Wilayah,
)
from jaring.wilayah.names import is_total_row, match_name, split_name
from jaring.wilayah.queries import kode_induk, tingkat_of
from jaring.wilayah.sources import ReferenceDataError, read_regions

__all__ = [
    "AngkatanKerjaError",
    "HasilAngkatanKerja",
    "ReferenceDataError",
    "derive_bps_map",
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
# The official Kemendagri → BPS pairs (provinces whose table is packaged), and BPS's own
# regency names for provinces whose pairs are derived by name (``derive_bps_map``).
BPS_MAP_FILE = "kode_bps.csv"
BPS_NAMES_FILE = "nama_bps.csv"
# Part of the sources' fingerprint: raise it when the loaders below change what they
# write, so every database loads once more on its next ``jaring init``.
LOADER_VERSION = "2"


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
    refuses any other file, so the pin stands for its content), the shipped BPS tables
    and the loader's version."""
    digest = hashlib.sha256(f"{LOADER_VERSION}\n{sources.INTEGRITY}\n".encode())
    for name in (BPS_MAP_FILE, BPS_NAMES_FILE):
        digest.update(_packaged(name).read_bytes())
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


def _packaged(name: str):
    return resources.files("jaring.wilayah") / "data" / name


def read_bps_map() -> dict[str, str]:
    """Kemendagri regency code → BPS code, from the official table shipped with the app."""
    with _packaged(BPS_MAP_FILE).open("r", encoding="utf-8-sig", newline="") as handle:
        return {
            row["kode_wilayah"].strip(): row["kode_bps"].strip() for row in csv.DictReader(handle)
        }


def read_bps_names() -> dict[str, str]:
    """BPS code → the regency's name as BPS writes it, for provinces whose official pair
    table is not packaged (the map is derived from these names)."""
    with _packaged(BPS_NAMES_FILE).open("r", encoding="utf-8-sig", newline="") as handle:
        return {row["kode_bps"].strip(): row["nama"].strip() for row in csv.DictReader(handle)}


def derive_bps_map(
    regencies: dict[str, dict[str, str]],
    official: dict[str, str],
    bps_names: dict[str, str],
    province_names: dict[str, str],
) -> dict[str, tuple[str, str]]:
    """The Kemendagri → (BPS code, origin) map for every province.

    ``regencies`` is province code → {regency code: Kemendagri name}. Three sources, most
    trusted first: the official table; BPS's own regency names, matched by name within
    their province (``names.match_name``; the packaged list must match completely and
    one-to-one, or the load stops); and for the regencies still without a code, BPS's
    usual numbering, the Kemendagri code without its dot (``asal`` "kode", so screens
    and imports can tell a derived code from an assumed one). Pure: tested without a
    database.
    """
    result = {kode: (bps, AsalKodeBps.RESMI.value) for kode, bps in official.items()}
    by_province: dict[str, dict[str, str]] = {}
    for bps, nama in bps_names.items():
        by_province.setdefault(bps[:2], {})[bps] = nama
    for provinsi, listed in sorted(by_province.items()):
        candidates = {k: n for k, n in regencies.get(provinsi, {}).items() if k not in result}
        label = province_names.get(provinsi, provinsi)
        matched: dict[str, str] = {}
        for bps, nama in sorted(listed.items()):
            hasil = match_name(nama, candidates, wilayah=label)
            if hasil.kode is None:
                raise ReferenceDataError(
                    f"Daftar nama BPS tidak cocok dengan data Kemendagri: {bps} {nama}: "
                    f"{hasil.alasan}"
                )
            if hasil.kode in matched:
                raise ReferenceDataError(
                    f"Daftar nama BPS tidak cocok dengan data Kemendagri: {bps} dan "
                    f"{matched[hasil.kode]} sama-sama dibaca sebagai {candidates[hasil.kode]}."
                )
            matched[hasil.kode] = bps
        result.update({kode: (bps, AsalKodeBps.NAMA.value) for kode, bps in matched.items()})
    taken = {bps for bps, _asal in result.values()}
    for provinsi in sorted(regencies):
        for kode in sorted(regencies[provinsi]):
            assumed = kode.replace(".", "")
            if kode not in result and assumed not in taken:
                result[kode] = (assumed, AsalKodeBps.KODE.value)
                taken.add(assumed)
    return result


def load_bps_map() -> dict[str, int]:
    """Make the KodeBps table equal to the map of every province (``derive_bps_map``)."""
    official = read_bps_map()
    regencies: dict[str, dict[str, str]] = {}
    for kode, nama, induk in Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA).values_list(
        "kode", "nama", "induk_id"
    ):
        regencies.setdefault(induk, {})[kode] = nama
    known = {kode for listed in regencies.values() for kode in listed}
    missing = sorted(set(official) - known)
    if missing:
        raise ReferenceDataError(
            f"Peta kode BPS menyebut kabupaten/kota yang tidak dikenal: {', '.join(missing)}."
        )
    province_names = dict(
        Wilayah.objects.filter(tingkat=Tingkat.PROVINSI).values_list("kode", "nama")
    )
    wanted = derive_bps_map(regencies, official, read_bps_names(), province_names)
    current = {
        kode: (bps, asal)
        for kode, bps, asal in KodeBps.objects.values_list("wilayah_id", "kode_bps", "asal")
    }
    stale = [kode for kode, pair in current.items() if wanted.get(kode) != pair]
    # Delete before insert: both columns are unique, so a moved code must leave first.
    if stale:
        KodeBps.objects.filter(wilayah_id__in=stale).delete()
    to_create = [
        KodeBps(wilayah_id=kode, kode_bps=bps, asal=asal)
        for kode, (bps, asal) in wanted.items()
        if current.get(kode) != (bps, asal)
    ]
    KodeBps.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    counts = {"kode_bps": len(wanted), "kode_bps_ditulis": len(to_create)}
    for asal in AsalKodeBps:
        counts[f"kode_bps_{asal.value}"] = sum(1 for _b, a in wanted.values() if a == asal)
    return counts


# --- Labour-force statistics (Sakernas), keyed by BPS code or regency name ----------------

TAHUN_MIN, TAHUN_MAX = 2000, 2100
MAX_LISTED_ERRORS = 100
REQUIRED_COLUMNS = ("tahun", "angkatan_kerja")
# One of these says which regency a row is about; both may be there (then they must agree).
PLACE_COLUMNS = ("kode_bps", "nama")
COLUMN_LABELS = {
    "kode_bps": "kode BPS",
    "nama": "nama kabupaten/kota",
    "tahun": "tahun",
    "angkatan_kerja": "angkatan kerja",
    "bekerja": "bekerja",
}
# Canonical column → header spellings seen in BPS tables and clerks' spreadsheets
# (compared as lower-case letters and digits only).
LAYOUT = Layout(
    variants={
        "kode_bps": ["kode_bps", "kode_bps_kabupaten_kota", "kode_kabupaten_kota_bps"],
        "nama": ["nama_kabupaten_kota", "kabupaten_kota", "kabupaten/kota", "nama_kabupaten",
                 "kabupaten", "nama_wilayah", "wilayah", "nama", "kab_kota", "regency_city",
                 "regency/municipality"],
        "tahun": ["tahun", "year"],
        "angkatan_kerja": ["angkatan_kerja", "jumlah_angkatan_kerja", "angkatan_kerja_jiwa"],
        "bekerja": ["bekerja", "penduduk_bekerja", "jumlah_penduduk_bekerja", "bekerja_jiwa"],
    },
    required=REQUIRED_COLUMNS,
    labels=COLUMN_LABELS,
    example="kode_bps atau kabupaten_kota, tahun, angkatan_kerja, bekerja",
    digits=(),
)  # fmt: skip
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


@dataclass(frozen=True)
class HasilAngkatanKerja:
    """What an import did: rows written by kind, BPS total rows skipped, and the names
    read through a spelling difference (row, what was written, what it was read as), so
    the person importing can check them."""

    baris: int
    ditambahkan: int
    diperbarui: int
    tidak_berubah: int
    dilewati: int = 0
    dibaca_mirip: tuple[tuple[int, str, str], ...] = ()


@dataclass
class _Places:
    """What the rows are matched against, read once per file: the BPS map, the regencies
    (Kemendagri code → name) of each province concerned and the provinces' names."""

    bps: dict[str, str]
    regencies: dict[str, dict[str, str]]
    provinces: dict[str, str]
    scope: str | None  # the province the names are matched in
    columns: frozenset[str]  # the canonical columns the file has

    def label(self, provinsi: str) -> str:
        return _("Provinsi %(nama)s") % {"nama": self.provinces.get(provinsi, provinsi)}


def _check_headers(headers: list[str]) -> dict[int, str]:
    mapping = LAYOUT.map_headers(headers)
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if not set(PLACE_COLUMNS) & set(mapping.values()):
        missing.insert(0, _("kode BPS atau nama kabupaten/kota"))
    if missing:
        raise AngkatanKerjaError(
            _(
                "Kolom wajib tidak ditemukan: %(kolom)s. Baris pertama harus berisi judul "
                "kolom kode_bps (atau nama kabupaten/kota), tahun, angkatan_kerja (dan boleh "
                "bekerja)."
            )
            % {"kolom": ", ".join(missing)}
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


def _place(
    cells: dict[str, str], places: _Places, errors: list[str], kota: frozenset[str]
) -> tuple[str | None, bool]:
    """The Kemendagri regency a row is about, and whether its name was read through a
    spelling difference. By BPS code when there is one (and then the name, if any, must
    name the same regency); by name within the province otherwise."""
    kode_bps, nama = cells["kode_bps"], cells["nama"]
    if kode_bps:
        wilayah = places.bps.get(kode_bps)
        if wilayah is None:
            errors.append(
                _("kode BPS %(kode)s tidak dikenal (tidak ada di peta kode BPS).")
                % {"kode": repr(kode_bps)}
            )
            return None, False
        provinsi = wilayah[:2]
        if places.scope and provinsi != places.scope:
            errors.append(
                _("kode BPS %(kode)s adalah %(nama)s, di luar %(wilayah)s.")
                % {
                    "kode": kode_bps,
                    "nama": places.regencies.get(provinsi, {}).get(wilayah, wilayah),
                    "wilayah": places.label(places.scope),
                }
            )
            return None, False
        if nama:
            candidates = places.regencies.get(provinsi, {})
            hasil = match_name(nama, candidates, wilayah=places.label(provinsi), kota_disebut=kota)
            if hasil.kode != wilayah:
                errors.append(
                    _("kode BPS %(kode)s adalah %(nama)s, tetapi nama tertulis %(tertulis)s.")
                    % {"kode": kode_bps, "nama": candidates.get(wilayah, wilayah),
                       "tertulis": repr(nama)}
                )  # fmt: skip
                return None, False
            return wilayah, hasil.mirip
        return wilayah, False
    if places.scope is None:
        errors.append(
            _("baris tanpa kode BPS: sebutkan provinsinya (--provinsi KODE) agar nama dapat "
              "dicocokkan.")
        )  # fmt: skip
        return None, False
    hasil = match_name(
        nama,
        places.regencies.get(places.scope, {}),
        wilayah=places.label(places.scope),
        kota_disebut=kota,
    )
    if hasil.kode is None:
        errors.append(hasil.alasan)
    return hasil.kode, hasil.mirip


def _validate_row(
    line: int,
    cells: dict[str, str],
    places: _Places,
    errors: list[str],
    kota: frozenset[str] = frozenset(),
) -> tuple[_Row | None, bool]:
    if not (cells["kode_bps"] or cells["nama"]):
        named = [COLUMN_LABELS[c] for c in PLACE_COLUMNS if c in places.columns]
        errors.append(_("%(kolom)s kosong.") % {"kolom": _(" dan ").join(named)})
    for column in REQUIRED_COLUMNS:
        if not cells[column]:
            errors.append(_("%(kolom)s kosong.") % {"kolom": COLUMN_LABELS[column]})
    if errors:
        return None, False
    wilayah, mirip = _place(cells, places, errors, kota)
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
    if errors or wilayah is None or tahun is None or angkatan_kerja is None:
        return None, False
    return _Row(line, wilayah, tahun, angkatan_kerja, bekerja), mirip


def _places_for(frame: pl.DataFrame, provinsi: str | None, columns: frozenset[str]) -> _Places:
    """Read the map and the regencies once. The province names are matched in: the one
    given, else the one most BPS codes of the file belong to, else the one most names
    of the file are exact names in (refused when two provinces tie)."""
    provinces = dict(Wilayah.objects.filter(tingkat=Tingkat.PROVINSI).values_list("kode", "nama"))
    if provinsi is not None and provinsi not in provinces:
        raise AngkatanKerjaError(
            _("Provinsi %(kode)s tidak dikenal; pakai kode Kemendagri dua angka, mis. 64.")
            % {"kode": repr(provinsi)}
        )
    bps = dict(KodeBps.objects.values_list("kode_bps", "wilayah_id"))
    regencies: dict[str, dict[str, str]] = {}
    for kode, nama, induk in Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA).values_list(
        "kode", "nama", "induk_id"
    ):
        regencies.setdefault(induk, {})[kode] = nama
    scope = provinsi or _guess_province(frame, bps, regencies)
    return _Places(bps, regencies, provinces, scope, columns)


def _guess_province(
    frame: pl.DataFrame, bps: dict[str, str], regencies: dict[str, dict[str, str]]
) -> str | None:
    votes: dict[str, int] = {}
    for kode in frame.get_column("kode_bps").to_list():
        wilayah = bps.get(kode)
        if wilayah:
            votes[wilayah[:2]] = votes.get(wilayah[:2], 0) + 1
    if not votes:
        cores: dict[str, set[str]] = {}
        for provinsi, listed in regencies.items():
            for nama in listed.values():
                cores.setdefault(split_name(nama).inti, set()).add(provinsi)
        for nama in frame.get_column("nama").to_list():
            for provinsi in cores.get(split_name(nama).inti, ()):
                votes[provinsi] = votes.get(provinsi, 0) + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _is_total(cells: dict[str, str], province_name: str) -> bool:
    """A BPS table's province row: named after the province or "Jumlah", or coded with
    the province's own code ("7600")."""
    kode = cells["kode_bps"]
    if kode:
        return len(kode) == 4 and kode.endswith("00")
    return is_total_row(cells["nama"], province_name)


@dataclass(frozen=True)
class _Read:
    rows: list[_Row]
    dilewati: int
    mirip: tuple[tuple[int, str, str], ...]


def read_angkatan_kerja(path: str | os.PathLike, *, provinsi: str | None = None) -> _Read:
    """Parse and validate the whole file; raise with every problem found, or return rows.

    BPS's own total row ("Sulawesi Barat", "Jumlah") is skipped, not refused."""
    if not Path(path).is_file():
        raise AngkatanKerjaError(f"Berkas {path} tidak ditemukan.")
    try:
        table = read_table(Path(path), _check_headers, digits=())
    except UnusableFile as exc:
        raise AngkatanKerjaError(str(exc)) from exc
    frame = table.canonical(LAYOUT.columns).select(
        ROW, *[pl.col(c).fill_null("").str.strip_chars() for c in LAYOUT.columns]
    )
    places = _places_for(frame, provinsi, frozenset(table.mapping.values()))
    # Cores the file writes with "Kota": beside them a bare name is the kabupaten.
    kota = frozenset(
        split_name(n).inti
        for n in frame.get_column("nama").to_list()
        if split_name(n).jenis == "kota"
    )
    total_label = places.provinces.get(places.scope or "", "")
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []
    mirip: list[tuple[int, str, str]] = []
    skipped = 0
    first_seen: dict[tuple[str, int], int] = {}
    for cells in frame.iter_rows(named=True):
        line = cells[ROW]
        if _is_total(cells, total_label):
            skipped += 1
            continue
        errors: list[str] = []
        row, fuzzy = _validate_row(line, cells, places, errors, kota)
        if row is not None:
            earlier = first_seen.setdefault((row.wilayah, row.tahun), line)
            if earlier != line:
                errors.append(
                    _("%(wilayah)s tahun %(tahun)s sudah ada di baris %(baris)s.")
                    % {
                        "wilayah": places.regencies[row.wilayah[:2]][row.wilayah],
                        "tahun": row.tahun,
                        "baris": earlier,
                    }
                )
        problems.extend((line, reason) for reason in errors)
        if row is not None and not errors:
            rows.append(row)
            if fuzzy:
                mirip.append((line, cells["nama"], places.regencies[row.wilayah[:2]][row.wilayah]))
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
    return _Read(rows, skipped, tuple(mirip))


def import_angkatan_kerja(
    path: str | os.PathLike, *, sumber: str = "", provinsi: str | None = None
) -> HasilAngkatanKerja:
    """Import labour-force figures per regency/city and year from a BPS table, its rows
    named by BPS code or by regency name (matched within ``provinsi``, or the province
    the file's codes or names point to).

    All-or-nothing: if any row is invalid, unmatched or ambiguous nothing is written and
    the error lists every bad row. Existing figures for the same regency and year are
    replaced; a re-import of the same file changes nothing.
    """
    read = read_angkatan_kerja(path, provinsi=provinsi)
    rows = read.rows
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
    return HasilAngkatanKerja(
        baris=len(rows),
        ditambahkan=len(to_create),
        diperbarui=len(to_update),
        tidak_berubah=len(rows) - len(to_create) - len(to_update),
        dilewati=read.dilewati,
        dibaca_mirip=read.mirip,
    )
