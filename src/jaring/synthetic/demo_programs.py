"""Demo programmes, built through the real workflow services.

* the province programme of the seeds (Pergub, APBD provinsi, every regency and city,
  this whole year), selected, verified by every regency, approved and decreed — the list
  later steps enrol and bill;
* a regency's or city's top-up through the revised budget (APBD-P, second half of the
  year; Balikpapan in East Kalimantan), selected but still waiting for its verifier, so
  a user has a workflow step to take;
* last year's co-funded programme (APBD pays JKK, the workers JKM) and the workers who
  continued on their own after it (``demo_continuation``).

About a quarter of the registry is put in the poverty registry (DTKS), chosen by seed.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jaring.accounts.models import User
from jaring.programs import services
from jaring.programs.models import Alokasi, DasarHukum, Dtks, Program
from jaring.programs.selection import run_selection
from jaring.registry.models import Person
from jaring.synthetic.demo_billing import build_demo_billing
from jaring.synthetic.demo_continuation import build_demo_continuation
from jaring.synthetic.provinces import Profil, is_city

VULNERABLE = [
    "nelayan", "pedagang_pasar", "pedagang_kaki_lima", "ojek", "sopir_angkutan", "prt",
    "buruh_harian_lepas", "petani", "pekebun", "peternak", "pengrajin", "pelaku_umkm",
    "honorer_non_asn", "pekerja_keagamaan",
]  # fmt: skip
RISK = {"nelayan": 30, "buruh_harian_lepas": 25, "ojek": 20, "sopir_angkutan": 20, "pekebun": 10}


def mark_poverty_registry(seed: int, share: float = 0.25) -> int:
    rng = random.Random(seed)
    niks = list(Person.objects.golden().order_by("id").values_list("nik", flat=True))
    chosen = sorted(rng.sample(niks, int(len(niks) * share)))
    now = timezone.now()
    Dtks.objects.bulk_create(
        (Dtks(nik=nik, desil=rng.randint(1, 4), sumber="DTKS Dinsos (demo)", created_at=now)
         for nik in chosen),
        ignore_conflicts=True,
        batch_size=2000,
    )  # fmt: skip
    return len(chosen)


def _rules(program: Program) -> Program:
    program.usia_min, program.usia_maks = 15, 65
    program.bobot_dtks, program.bobot_pekerjaan = 40, RISK
    program.batas_penghasilan, program.bobot_penghasilan = 2_000_000, 15
    program.usia_prioritas, program.bobot_usia = 50, 5
    program.bobot_per_tahun_menunggu = 5
    return program


def build_demo_programs(
    profil: Profil, *, seed: int, progress: Callable[[str], None] = print
) -> list[Program]:
    manager = User.objects.get(username=f"pengelola.{profil.singkat}")
    # The two-person rule: whoever ran the selection does not approve it.
    approver = User.objects.get(username=f"pengelola2.{profil.singkat}")
    admin = User.objects.get(username="admin")
    verifiers = {u.wilayah_id: u for u in User.objects.filter(username__startswith="verifikator.")}
    year = timezone.localdate().year
    persons = Person.objects.golden().count()
    dtks = mark_poverty_registry(seed)
    progress(f"DTKS: {dtks} pekerja ditandai dalam data terpadu kesejahteraan sosial.")

    with transaction.atomic():
        province = _rules(
            Program(
                kode=f"{profil.singkat.upper()}-{year}",
                nama=f"Perlindungan Pekerja Rentan Provinsi {profil.nama} {year}",
                dasar_hukum_jenis=DasarHukum.PERGUB,
                dasar_hukum_nomor=f"{year - 1 - 2000} Tahun {year - 1}",
                dasar_hukum_tanggal=dt.date(year - 1, 11, 1),
                wilayah_id=profil.kode,
                bulan_mulai=dt.date(year, 1, 1),
                jumlah_bulan=12,
                # The seeds' 100,000 of ~1.2 million workers, scaled to the demo registry.
                kuota_total=max(10, persons * 35 // 100),
                alokasi=Alokasi.PROPORSIONAL_ELIGIBLE,
            )
        )
        province.pagu_anggaran = province.kuota_total * 16_800 * 12
        services.save_program(
            user=manager,
            program=province,
            pekerjaan=VULNERABLE,
            pendana={"apbd_provinsi": Decimal(100)},
        )
        summary = run_selection(province, user=manager)
        for regency in profil.regencies:
            services.verify_region(
                user=verifiers.get(regency, admin), program=province, kode=regency
            )
        services.approve(user=approver, program=province)
        services.issue_decree(
            user=manager,
            program=province,
            nomor_sk=f"500.15/{year - 1}/K.{800 + seed % 100}",
            tanggal_sk=dt.date(year - 1, 12, 15),
            tempat=profil.ibu_kota,
            jabatan=f"Gubernur {profil.nama}",
            nama=f"Gubernur {profil.nama} (demo)",
        )
    progress(
        f"Program {province.kode}: {summary.selected} penerima dari {summary.eligible} yang "
        "memenuhi syarat; disetujui dan SK ditetapkan."
    )

    topup = profil.topup
    regency_name = profil.regencies.get(topup.kode, topup.nama)
    with transaction.atomic():
        city = _rules(
            Program(
                kode=f"{topup.singkat.upper()}-APBDP-{year}",
                nama=f"Tambahan Kuota Pekerja Rentan {regency_name} (APBD-P) {year}",
                dasar_hukum_jenis=DasarHukum.PERWALI if is_city(topup.kode) else DasarHukum.PERBUP,
                dasar_hukum_nomor=f"12 Tahun {year}",
                wilayah_id=topup.kode,
                bulan_mulai=dt.date(year, 7, 1),
                jumlah_bulan=6,
                kuota_total=max(5, persons // 40),
                alokasi=Alokasi.PROPORSIONAL_ELIGIBLE,
            )
        )
        services.save_program(
            user=manager,
            program=city,
            pekerjaan=VULNERABLE,
            pendana={"apbd_kabkota": Decimal(100)},
        )
        city_summary = run_selection(city, user=manager)
    progress(
        f"Program {city.kode}: {city_summary.selected} terpilih, menunggu verifikasi "
        f"Disnaker {topup.nama}."
    )
    build_demo_billing(profil, province, seed=seed, progress=progress)
    shared = build_demo_continuation(profil, seed=seed, progress=progress)
    return [province, city, *([shared] if shared else [])]
