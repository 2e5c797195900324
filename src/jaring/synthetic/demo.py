"""``jaring demo``: a believable East Kalimantan, built through the real intake path.

Each regency/city gets the offices that submit lists in the seeds (fisheries only on the
coast, trade, cooperatives/UMKM, Dinsos; Samarinda's Pokmas Probebaya), workers whose
occupations fit the place, people listed by two offices, a few rows with mistakes, and
one user for every role. Deterministic for a seed.
"""

import random
from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from jaring.accounts.models import Role, User
from jaring.intake.services import intake_file
from jaring.matching.services import link_registry
from jaring.registry.models import Agency, AgencyKind, Person
from jaring.registry.services import add_agency
from jaring.synthetic.bulk import INTAKE_COLUMNS, generate
from jaring.synthetic.repeats import near_duplicates
from jaring.wilayah.queries import kabupaten_kota

# Printed by `jaring demo` for the demo database only; never used by real installs.
DEMO_PASSWORD = "demo12345"  # noqa: S105
COASTAL = {"64.01", "64.02", "64.03", "64.08", "64.09", "64.71", "64.74"}
CITIES = {"64.71", "64.72", "64.74"}
# Occupation mix by kind of place: fishing coasts, plantation interior, trading cities.
MIX = {
    "kota": {"pedagang_pasar": 5, "pedagang_kaki_lima": 4, "ojek": 5, "prt": 3, "pelaku_umkm": 4,
             "sopir_angkutan": 2, "honorer_non_asn": 2, "pekerja_keagamaan": 1, "nelayan": 2},
    "pesisir": {"nelayan": 7, "buruh_harian_lepas": 3, "pekebun": 2, "pedagang_pasar": 2,
                "pelaku_umkm": 2, "ojek": 1, "honorer_non_asn": 1, "petani": 1},
    "pedalaman": {"buruh_harian_lepas": 7, "pekebun": 4, "petani": 3, "peternak": 1,
                  "pengrajin": 1, "pedagang_pasar": 1, "ojek": 1, "honorer_non_asn": 1},
}  # fmt: skip
OFFICE_FOR = {
    "nelayan": "DKP", "pedagang_pasar": "DISDAG", "pedagang_kaki_lima": "DISDAG",
    "pelaku_umkm": "DISKOP", "pengrajin": "DISKOP",
}  # fmt: skip
# Labels as clerks sometimes write them instead of codes.
LABELS = {"nelayan": "Nelayan", "ojek": "Tukang Ojek", "pedagang_pasar": "Pedagang Pasar"}


def _offices(regency_code: str, regency_name: str) -> list[tuple[str, str, str]]:
    suffix = regency_code.replace(".", "")
    place = regency_name.replace("Kabupaten ", "Kab. ")
    offices = [
        (f"DISDAG-{suffix}", f"Dinas Perdagangan {place}", AgencyKind.OPD),
        (f"DISKOP-{suffix}", f"Dinas Koperasi dan UKM {place}", AgencyKind.OPD),
        (f"DINSOS-{suffix}", f"Dinas Sosial {place}", AgencyKind.DINSOS),
    ]
    if regency_code in COASTAL:
        offices.insert(0, (f"DKP-{suffix}", f"Dinas Perikanan {place}", AgencyKind.OPD))
    if regency_code == "64.72":
        offices.append((f"POKMAS-{suffix}", "Pokmas Probebaya Samarinda", AgencyKind.POKMAS))
    return offices


def create_agencies() -> dict[str, list[Agency]]:
    by_regency: dict[str, list[Agency]] = {}
    for regency in kabupaten_kota("64"):
        by_regency[regency.kode] = [
            add_agency(kode=kode, nama=nama, wilayah_kode=regency.kode, jenis=jenis)
            for kode, nama, jenis in _offices(regency.kode, regency.nama)
        ]
    add_agency(
        kode="DISNAKERTRANS-64",
        nama="Dinas Tenaga Kerja dan Transmigrasi Provinsi Kalimantan Timur",
        wilayah_kode="64",
        jenis=AgencyKind.DISNAKER,
    )
    return by_regency


def _assign(frame: pl.DataFrame, rng: random.Random, agencies: dict[str, list[Agency]]):
    """Occupation by place, office by occupation; a repeated person goes to a second
    office (Dinsos or Pokmas), as when two offices list the same fisherman."""
    occupations, offices, seen = [], [], set()
    for nik, kode in frame.select("nik", "kode_wilayah").iter_rows():
        regency = kode[:5]
        kind = "kota" if regency in CITIES else "pesisir" if regency in COASTAL else "pedalaman"
        mix = MIX[kind]
        occupation = rng.choices(list(mix), weights=list(mix.values()))[0]
        local = {a.kode.split("-")[0]: a for a in agencies.get(regency, [])}
        office = local.get(OFFICE_FOR.get(occupation, "DINSOS"), local.get("DINSOS"))
        if nik in seen:
            office = local.get("POKMAS") or local.get("DINSOS")
        seen.add(nik)
        label = LABELS.get(occupation) if rng.random() < 0.2 else None
        occupations.append(label or occupation)
        offices.append(office.kode if office else None)
    return frame.with_columns(
        pekerjaan=pl.when(pl.col("_invalid") == "pekerjaan")
        .then(pl.col("pekerjaan"))
        .otherwise(pl.Series(occupations)),
        _agency=pl.Series(offices),
    )


DEMO_USERS = [
    # username, role, region, agency, full name
    ("admin", Role.ADMIN, None, None, "Administrator Jaring"),
    ("operator.bpn", Role.OPERATOR, "64.71", "DKP-6471", "Operator Dinas Perikanan Balikpapan"),
    ("operator.smd", Role.OPERATOR, "64.72", "DINSOS-6472", "Operator Dinsos Samarinda"),
    ("verifikator.bpn", Role.VERIFIER, "64.71", None, "Verifikator Disnaker Balikpapan"),
    ("verifikator.smd", Role.VERIFIER, "64.72", None, "Verifikator Disnaker Samarinda"),
    ("pengelola.kaltim", Role.MANAGER, "64", None, "Pengelola Program Disnakertrans Kaltim"),
    ("keuangan.kaltim", Role.FINANCE, "64", None, "Petugas Keuangan BPKAD Kaltim"),
    ("bpjs.kaltim", Role.BPJS, "64", None, "Petugas BPJS Ketenagakerjaan Kanwil Kalimantan"),
    ("pimpinan.kaltim", Role.VIEWER, "64", None, "Pimpinan (Sekretariat Daerah)"),
    ("pimpinan.bpn", Role.VIEWER, "64.71", None, "Pimpinan Kota Balikpapan (Setda)"),
]


def create_users() -> list[tuple[str, str, str, str]]:
    logins = []
    for username, role, region, agency_code, full_name in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.role, user.wilayah_id = role, region
        user.agency = Agency.objects.filter(kode=agency_code).first() if agency_code else None
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        logins.append((username, str(Role(role).label), region or "semua", DEMO_PASSWORD))
    return logins


def build_demo(*, workers: int, seed: int, progress: Callable[[str], None] = print) -> dict:
    rng = random.Random(seed)
    with transaction.atomic():
        agencies = create_agencies()
    progress(f"Instansi: {Agency.objects.count()} di 10 kabupaten/kota.")
    frame = _assign(generate(workers, seed=seed), rng, agencies)
    frame = _with_near_duplicates(frame, seed=seed, workers=workers, agencies=agencies)
    inbox = demo_inbox()
    totals = {"rows": 0, "accepted": 0, "duplicates": 0, "rejected": 0}
    codes = sorted(c for c in frame.get_column("_agency").unique().to_list() if c)
    for number, code in enumerate(codes, start=1):
        rows = frame.filter(pl.col("_agency") == code).select(INTAKE_COLUMNS)
        path = inbox / f"daftar-{code.lower()}.csv"
        rows.write_csv(path)
        result = intake_file(path=path, agency=Agency.objects.get(kode=code))
        for key in totals:
            totals[key] += getattr(result, key)
        progress(
            f"[{number}/{len(codes)}] {code}: {result.rows} baris, {result.accepted} diterima, "
            f"{result.duplicates} duplikat, {result.rejected} ditolak"
        )
    run = link_registry()
    progress(
        f"Pencocokan: {run.merged} pasangan digabung otomatis, {run.queued} menunggu tinjauan."
    )
    return totals


def demo_inbox() -> Path:
    """Where the demo's generated files are written before they are imported."""
    inbox = Path(settings.MEDIA_ROOT) / "demo-inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    return inbox


def _with_near_duplicates(frame: pl.DataFrame, *, seed: int, workers: int, agencies):
    """Add the repeats only matching can join (``synthetic.repeats``), each sent by
    another office of its regency than the row it copies, as when Dinsos lists a
    fisherman the fisheries office already listed."""
    counts = {"ketik": max(3, workers // 100), "pindah": max(2, workers // 300),
              "kembar": max(2, workers // 300)}  # fmt: skip
    extra = near_duplicates(frame, seed=seed, counts=counts, prefer=("64.71", "64.72"))
    origin = frame.select(_asal="nik", _kantor="_agency").unique("_asal", keep="first")
    offices = {r: [a.kode for a in local] for r, local in agencies.items()}
    extra = extra.join(origin, on="_asal", how="left")
    other = [
        next(k for k in offices[nik_wilayah[:5]] if k != kantor and not k.startswith("DKP"))
        for nik_wilayah, kantor in extra.select("kode_wilayah", "_kantor").iter_rows()
    ]
    extra = extra.select(
        INTAKE_COLUMNS, _invalid=pl.lit(None, pl.Utf8), _agency=pl.Series(other, dtype=pl.Utf8)
    )
    return pl.concat([frame, extra.select(frame.columns)])


def demo_is_loaded() -> bool:
    return Person.objects.exists()
