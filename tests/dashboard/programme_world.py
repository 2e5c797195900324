"""Programmes for the dashboard tests, on top of ``dashboard_world``, built through the
real services: selection, verification, approval, a registration batch and BPJS's
response (one rejection, replaced from the waiting list), billing, payments (one month
in part, later months not), a participant who moved, a claim report with a death, a
merge decided by a verifier.

* ``PROV-2024`` — the province (64), January–December 2024, APBD provinsi, fixed quotas
  in Balikpapan, Samarinda and Kutai Kartanegara; January paid, February half paid,
  nothing later;
* ``BPN-2024`` — Balikpapan (64.71), July–December 2024, APBD kota 60% and CSR 40%;
  July–October paid, November only by the city, December not at all;
* ``KUKAR-2024`` — Kutai Kartanegara (64.02), a draft: selected, not approved.

The selections and the merge are dated back (``seleksi_pada``, ``merged_at``) the way
``dashboard_world`` dates its submissions, so the pipeline's stages fall in the months
the tests ask about.
"""

import csv
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "programs"))
sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import admin, admin2, approve_pending, kpj, response_csv
from dashboard_world import aware
from programs_world import make_people, make_program

from jaring.claims.services import import_claims
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation
from jaring.contributions.models import Tagihan
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months
from jaring.enrollment.models import LanjutMandiri, Peserta
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import create_batch
from jaring.matching.models import CandidatePair, IuranMandiri, Merge
from jaring.matching.services import decide_pair
from jaring.pengaduan.models import Pengaduan
from jaring.pengaduan.services import file_complaint, reject
from jaring.programs import services
from jaring.programs.models import Program
from jaring.programs.selection import run_selection

START = dt.date(2024, 1, 1)
CITY_START = dt.date(2024, 7, 1)
YEAR = {"dari": "2024-01", "sampai": "2024-12"}
PROGRAMMES = ("PROV-2024", "BPN-2024", "KUKAR-2024")
WORK = ["ojek", "nelayan", "prt", "pedagang_pasar"]
BORN = dt.date(1985, 6, 1)


def _approved(kode, wilayah, start, months, quota, pendana, selected_on) -> Program:
    program = make_program(
        kode=kode, nama=f"Program {kode}", wilayah_id=wilayah, bulan_mulai=start,
        jumlah_bulan=months, kuota_total=sum(quota.values()), alokasi="tetap",
        pagu_anggaran=sum(quota.values()) * 16_800 * months,
    )  # fmt: skip
    manager = admin()
    services.save_program(user=manager, program=program, pendana=pendana, kuota_tetap=quota)
    run_selection(program, user=admin2(), as_of=start)
    Program.objects.filter(pk=program.pk).update(seleksi_pada=selected_on)
    for regency in quota:
        services.verify_region(user=manager, program=program, kode=regency)
    services.approve(user=manager, program=program)
    program.refresh_from_db()
    return program


def _enrol(program, tmp_path: Path, reject: int | None = None) -> None:
    """One batch from the programme's first month; BPJS accepts all but ``reject``
    (a person id), whom the manager replaces from the waiting list."""
    batch = create_batch(user=admin(), program=program, bulan_pertama=program.bulan_mulai)
    rows = []
    for p in batch.peserta.select_related("person").order_by("nomor_urut"):
        if p.person_id == reject:
            rows.append([p.person.nik, p.person.nama, "", "DITOLAK", "NIK tidak padan Dukcapil"])
        else:
            rows.append([p.person.nik, p.person.nama, kpj(p.person_id), "DITERIMA", ""])
    path = response_csv(tmp_path / f"respons-{program.kode}.csv", rows)
    result = import_response(user=admin(), program=program, path=path, ganti=True)
    assert not result.errors, result.errors
    approve_pending(program)


def _pay(program, month: dt.date, share: Decimal, pendana: str | None = None) -> None:
    for invoice in Tagihan.objects.filter(program=program, bulan=month).order_by("pendana"):
        if pendana and invoice.pendana != pendana:
            continue
        amount = int(invoice.jumlah * share)
        if amount:
            record_payment(
                user=admin(), tagihan=invoice, jumlah=amount,
                tanggal=add_months(month, 1).replace(day=20),
                referensi=f"SP2D/{invoice.nomor}",
            )  # fmt: skip


def _claims(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "klaim.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["KPJ", "NIK", "Nama", "Jenis Klaim", "Tanggal Kejadian",
                         "Tanggal Bayar", "Jumlah", "Ahli Waris"])  # fmt: skip
        writer.writerows(rows)
    result = import_claims(user=admin(), path=path)
    assert not result.errors, result.errors


def participant(program, kode: str, n: int = 0) -> Peserta:
    return list(
        Peserta.objects.filter(program=program, kode_kabupaten=kode, status="diterima")
        .select_related("person")
        .order_by("nomor_urut")
    )[n]


def build_programmes(tmp_path: Path) -> None:
    regencies = {"64.71": 7, "64.72": 5, "64.02": 4}
    people = [
        (regency, BORN, WORK[(i + n) % len(WORK)], None)
        for n, (regency, count) in enumerate(regencies.items())
        for i in range(count)
    ]
    make_people(people, first_nik=6471010100000100)
    # Two listings of one Bontang worker (no quota there: never selected).
    twins = make_people([("64.74", BORN, "nelayan", None)] * 2, first_nik=6474010100000100)

    province = _approved(
        "PROV-2024", "64", START, 12, {"64.71": 4, "64.72": 3, "64.02": 2},
        {"apbd_provinsi": Decimal(100)}, aware(2023, 12, 15),
    )  # fmt: skip
    rejected = participant_candidates(province, "64.72")[0]
    _enrol(province, tmp_path, reject=rejected)
    for n in range(12):
        bill_month(user=admin(), program=province, month=add_months(START, n))
    _pay(province, START, Decimal(1))
    _pay(province, add_months(START, 1), Decimal("0.5"))
    moved = participant(province, "64.71", 1)
    end_participation(
        user=None, peserta=moved, alasan="pindah", tanggal=dt.date(2024, 3, 10),
        keterangan="Pindah ke Surabaya",
    )  # fmt: skip

    city = _approved(
        "BPN-2024", "64.71", CITY_START, 6, {"64.71": 2},
        {"apbd_kabkota": Decimal(60), "csr": Decimal(40)}, aware(2024, 6, 10),
    )  # fmt: skip
    _enrol(city, tmp_path)
    for n in range(6):
        bill_month(user=admin(), program=city, month=add_months(CITY_START, n))
    for n in range(4):
        _pay(city, add_months(CITY_START, n), Decimal(1))
    _pay(city, add_months(CITY_START, 4), Decimal(1), pendana="apbd_kabkota")

    # Both Balikpapan participants continue on their own after December 2024; BPJS's
    # membership file of April 2025 says one paid March himself (3 months later).
    for peserta in Peserta.objects.filter(program=city, status="diterima"):
        LanjutMandiri.objects.create(
            peserta=peserta, program=city, kpj=peserta.kpj, bulan_mulai=dt.date(2025, 1, 1),
            cara="formulir", created_by=admin(),
        )  # fmt: skip
    first = LanjutMandiri.objects.filter(program=city).order_by("peserta__nomor_urut").first()
    IuranMandiri.objects.create(
        kpj=first.kpj, bulan=dt.date(2025, 3, 1), lunas=True, tanggal_data=dt.date(2025, 4, 20),
        source_import_id=0,
    )  # fmt: skip

    hurt, died = participant(province, "64.02"), participant(province, "64.71")
    city_hurt = participant(city, "64.71")
    _claims(tmp_path, [
        [hurt.kpj, "", "", "JKK", "2024-01-20", "2024-02-05", "4750000", ""],
        [died.kpj, "", "", "JKM", "2024-02-10", "2024-02-25", "42000000", "Istri"],
        [died.kpj, "", "", "Beasiswa", "2024-02-10", "2024-03-05", "1500000", "Anak"],
        [city_hurt.kpj, "", "", "JKK", "2024-08-02", "2024-09-15", "12300000", ""],
    ])  # fmt: skip

    draft = make_program(
        kode="KUKAR-2024", nama="Program KUKAR-2024", wilayah_id="64.02", bulan_mulai=START,
        jumlah_bulan=12, kuota_total=1, alokasi="tetap", pagu_anggaran=201_600,
    )  # fmt: skip
    services.save_program(
        user=admin(), program=draft, pendana={"apbd_kabkota": Decimal(100)},
        kuota_tetap={"64.02": 1},
    )  # fmt: skip
    run_selection(draft, user=admin(), as_of=START)
    Program.objects.filter(pk=draft.pk).update(seleksi_pada=aware(2024, 1, 10))

    # Two workers' complaints filed in January 2024: one still open (past its
    # deadline), one refused a few days later.
    open_one = file_complaint(
        person=participant(province, "64.71", 2).person, jenis="data_salah",
        uraian="Nama saya salah tulis.", kanal="web",
    )  # fmt: skip
    refused = file_complaint(
        person=hurt.person, jenis="lainnya", uraian="Klaim belum cair.", kanal="web"
    )
    reject(user=admin(), pengaduan=refused, alasan="Klaim sudah dibayar BPJS.")
    Pengaduan.objects.filter(pk=open_one.pk).update(
        created_at=aware(2024, 1, 20), batas_waktu=dt.date(2024, 2, 3)
    )
    Pengaduan.objects.filter(pk=refused.pk).update(
        created_at=aware(2024, 1, 22), batas_waktu=dt.date(2024, 2, 5),
        closed_at=aware(2024, 1, 25),
    )  # fmt: skip

    # The two Bontang listings, merged by a verifier in January 2024.
    pair = CandidatePair.objects.create(
        person_a_id=twins[0].pk, person_b_id=twins[1].pk, match_probability=0.9,
        match_weight=8.0, created_at=aware(2024, 1, 12),
    )  # fmt: skip
    decide_pair(pair=pair, user=admin(), same=True)
    Merge.objects.filter(pair=pair).update(merged_at=aware(2024, 1, 15))


def participant_candidates(program, kode: str) -> list[int]:
    """Person ids on the approved list of one regency, in list order."""
    return list(
        program.penerima.filter(kode_kabupaten=kode).order_by("nomor_urut")
        .values_list("person_id", flat=True)
    )  # fmt: skip
