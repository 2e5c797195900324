"""``jaring demo``: a believable province, built through the real intake path.

Each regency/city gets the offices that submit lists in the seeds (fisheries only on the
coast, trade, cooperatives/UMKM, Dinsos, and a place's own extra offices such as
Samarinda's Pokmas Probebaya), workers whose occupations fit the place, people listed by
two offices, a few rows with mistakes, and one user for every role. Which province and
what it looks like come from ``synthetic.provinces`` (East Kalimantan by default).
Deterministic for a seed.
"""

import random
from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction

from jaring.accounts import policy, second_factor
from jaring.accounts.models import Role, User
from jaring.intake.services import intake_file
from jaring.matching.services import link_registry
from jaring.registry.models import Agency, AgencyKind, Person
from jaring.registry.services import add_agency
from jaring.synthetic.bulk import INTAKE_COLUMNS, generate
from jaring.synthetic.provinces import Profil
from jaring.synthetic.repeats import near_duplicates

# Printed by `jaring demo` for the demo database only; never used by real installs.
DEMO_PASSWORD = "demo12345"  # noqa: S105
# The demo users whose role requires a second factor (administrator, programme manager,
# finance officer) share this authenticator secret, printed by `jaring demo` and in the
# README: add it to a phone's authenticator app (or compute its code) to sign in.
DEMO_TOTP_KEY = "JARING2FADEMOKUNCIUNTUKUJICOBA23"
OFFICE_FOR = {
    "nelayan": "DKP", "pedagang_pasar": "DISDAG", "pedagang_kaki_lima": "DISDAG",
    "pelaku_umkm": "DISKOP", "pengrajin": "DISKOP",
}  # fmt: skip
# Labels as clerks sometimes write them instead of codes.
LABELS = {"nelayan": "Nelayan", "ojek": "Tukang Ojek", "pedagang_pasar": "Pedagang Pasar"}


def _offices(profil: Profil, regency_code: str, regency_name: str) -> list[tuple[str, str, str]]:
    suffix = regency_code.replace(".", "")
    place = regency_name.replace("Kabupaten ", "Kab. ")
    offices = [
        (f"DISDAG-{suffix}", f"Dinas Perdagangan {place}", AgencyKind.OPD),
        (f"DISKOP-{suffix}", f"Dinas Koperasi dan UKM {place}", AgencyKind.OPD),
        (f"DINSOS-{suffix}", f"Dinas Sosial {place}", AgencyKind.DINSOS),
    ]
    if regency_code in profil.pesisir:
        offices.insert(0, (f"DKP-{suffix}", f"Dinas Perikanan {place}", AgencyKind.OPD))
    for prefix, name, kind in profil.kantor_lain.get(regency_code, ()):
        offices.append((f"{prefix}-{suffix}", name, AgencyKind(kind)))
    return offices


def create_agencies(profil: Profil) -> dict[str, list[Agency]]:
    by_regency: dict[str, list[Agency]] = {}
    for kode, nama in profil.regencies.items():
        by_regency[kode] = [
            add_agency(kode=code, nama=name, wilayah_kode=kode, jenis=jenis)
            for code, name, jenis in _offices(profil, kode, nama)
        ]
    add_agency(
        kode=f"DISNAKERTRANS-{profil.kode}",
        nama=f"Dinas Tenaga Kerja dan Transmigrasi Provinsi {profil.nama}",
        wilayah_kode=profil.kode,
        jenis=AgencyKind.DISNAKER,
    )
    return by_regency


def _assign(
    frame: pl.DataFrame, rng: random.Random, agencies: dict[str, list[Agency]], profil: Profil
):
    """Occupation by place, office by occupation; a repeated person goes to a second
    office (Dinsos or Pokmas), as when two offices list the same fisherman."""
    occupations, offices, seen = [], [], set()
    for nik, kode in frame.select("nik", "kode_wilayah").iter_rows():
        regency = kode[:5]
        mix = profil.pekerjaan.get(regency) or next(iter(profil.pekerjaan.values()))
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


def demo_users(profil: Profil) -> list[tuple[str, str, str | None, str | None, str]]:
    """username, role, region, agency, full name: an operator and a verifier in each of
    the profile's two places, a leader of the first, and the province's officers."""
    first, second = profil.tempat
    code1, code2 = first.kode.replace(".", ""), second.kode.replace(".", "")
    fisheries = first.kode in profil.pesisir
    regency1 = profil.regencies.get(first.kode, first.nama)
    p = profil.singkat
    return [
        ("admin", Role.ADMIN, None, None, "Administrator Jaring"),
        (f"operator.{first.singkat}", Role.OPERATOR, first.kode,
         f"DKP-{code1}" if fisheries else f"DINSOS-{code1}",
         f"Operator {'Dinas Perikanan' if fisheries else 'Dinsos'} {first.nama}"),
        (f"operator.{second.singkat}", Role.OPERATOR, second.kode, f"DINSOS-{code2}",
         f"Operator Dinsos {second.nama}"),
        (f"verifikator.{first.singkat}", Role.VERIFIER, first.kode, None,
         f"Verifikator Disnaker {first.nama}"),
        (f"verifikator.{second.singkat}", Role.VERIFIER, second.kode, None,
         f"Verifikator Disnaker {second.nama}"),
        (f"pengelola.{p}", Role.MANAGER, profil.kode, None,
         f"Pengelola Program Disnakertrans {profil.sebutan}"),
        (f"keuangan.{p}", Role.FINANCE, profil.kode, None,
         f"Petugas Keuangan BPKAD {profil.sebutan}"),
        (f"bpjs.{p}", Role.BPJS, profil.kode, None,
         f"Petugas BPJS Ketenagakerjaan Kanwil {profil.kanwil}"),
        (f"pimpinan.{p}", Role.VIEWER, profil.kode, None, "Pimpinan (Sekretariat Daerah)"),
        (f"pimpinan.{first.singkat}", Role.VIEWER, first.kode, None,
         f"Pimpinan {regency1} (Setda)"),
    ]  # fmt: skip


def create_users(profil: Profil) -> list[tuple[str, str, str, str]]:
    logins = []
    for username, role, region, agency_code, full_name in demo_users(profil):
        user, _ = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.role, user.wilayah_id = role, region
        user.agency = Agency.objects.filter(kode=agency_code).first() if agency_code else None
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        if policy.must_use_second_factor(user):
            second_factor.install_device(user, DEMO_TOTP_KEY, name="demo")
        logins.append((username, str(Role(role).label), region or "semua", DEMO_PASSWORD))
    return logins


def build_demo(
    profil: Profil, *, workers: int, seed: int, progress: Callable[[str], None] = print
) -> dict:
    rng = random.Random(seed)
    with transaction.atomic():
        agencies = create_agencies(profil)
    progress(
        f"Instansi: {Agency.objects.count()} di {len(profil.regencies)} kabupaten/kota "
        f"Provinsi {profil.nama}."
    )
    frame = _assign(generate(workers, seed=seed, province=profil.kode), rng, agencies, profil)
    frame = _with_near_duplicates(
        frame,
        seed=seed,
        workers=workers,
        agencies=agencies,
        prefer=tuple(t.kode for t in profil.tempat),
    )
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


def _with_near_duplicates(
    frame: pl.DataFrame, *, seed: int, workers: int, agencies, prefer: tuple[str, ...]
):
    """Add the repeats only matching can join (``synthetic.repeats``), each sent by
    another office of its regency than the row it copies, as when Dinsos lists a
    fisherman the fisheries office already listed."""
    counts = {"ketik": max(3, workers // 100), "pindah": max(2, workers // 300),
              "kembar": max(2, workers // 300)}  # fmt: skip
    extra = near_duplicates(frame, seed=seed, counts=counts, prefer=prefer)
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
