"""Selection over random populations and rule sets: quotas and the budget ceiling are
never exceeded, no ineligible person is selected, and the same inputs give the same
list; plus each rule and priority on hand-made cases."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from programs_world import START, VILLAGES, WORK, make_people, make_program, person

from jaring.matching.models import Membership, MembershipImport
from jaring.programs.models import (
    Alasan,
    Alokasi,
    Dtks,
    KuotaWilayah,
    Penerima,
    Seleksi,
    StatusProgram,
)
from jaring.programs.selection import (
    SelectionError,
    capacity,
    cost_per_worker,
    regencies,
    run_selection,
)
from jaring.registry.models import Person
from jaring.wilayah.models import AngkatanKerja

pytestmark = pytest.mark.django_db


def age_at_start(born: dt.date) -> int:
    return START.year - born.year - ((born.month, born.day) > (START.month, START.day))


def outcome(program) -> dict[int, str]:
    return dict(Seleksi.objects.filter(program=program).values_list("person_id", "alasan"))


class TestSelectionProperties(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(
        people=st.lists(person, max_size=60),
        usia=st.tuples(st.integers(15, 30), st.integers(40, 70)),
        allowed=st.lists(st.sampled_from(WORK), unique=True, max_size=3),
        kuota=st.integers(0, 50),
        pagu=st.one_of(st.none(), st.integers(0, 10_000_000)),
        alokasi=st.sampled_from(list(Alokasi)),
        labour=st.lists(st.integers(1, 500_000), min_size=10, max_size=10),
        fixed=st.lists(st.integers(0, 8), min_size=10, max_size=10),
        weights=st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 10)),
    )
    def test_selection_respects_rules_quota_and_budget(
        self, people, usia, allowed, kuota, pagu, alokasi, fixed, weights, labour
    ):
        make_people(people)
        program = make_program(
            kuota_total=kuota, pagu_anggaran=pagu, alokasi=alokasi, usia_min=usia[0],
            usia_maks=usia[1], pekerjaan=allowed, bobot_pekerjaan={"nelayan": weights[0]},
            batas_penghasilan=2_000_000, bobot_penghasilan=weights[1], bobot_dtks=weights[2],
        )  # fmt: skip
        for regency, places, workforce in zip(sorted(VILLAGES), fixed, labour, strict=True):
            KuotaWilayah.objects.create(program=program, wilayah_id=regency, kuota_tetap=places)
            AngkatanKerja.objects.create(wilayah_id=regency, tahun=2026, angkatan_kerja=workforce)

        summary = run_selection(program)

        rows = list(Seleksi.objects.filter(program=program).select_related("person"))
        assert len(rows) == len(people) == summary.candidates  # a reason for everyone
        chosen = [r for r in rows if r.terpilih]
        assert len(chosen) <= capacity(program) <= kuota
        if pagu is not None:
            assert len(chosen) * 16_800 * 12 <= pagu
        for regency in VILLAGES:
            in_region = [r for r in chosen if r.kode_kabupaten == regency]
            quota = KuotaWilayah.objects.get(program=program, wilayah_id=regency)
            assert len(in_region) == quota.terpilih <= quota.kuota == summary.quotas[regency]
            if alokasi == Alokasi.TETAP:
                assert len(in_region) <= quota.kuota_tetap
        for row in rows:
            eligible = usia[0] <= age_at_start(row.person.tanggal_lahir) <= usia[1] and (
                not allowed or row.person.pekerjaan_id in allowed
            )
            assert (row.alasan in {Alasan.TERPILIH, Alasan.DAFTAR_TUNGGU}) == eligible
            assert row.terpilih == (row.alasan == Alasan.TERPILIH)
        if alokasi != Alokasi.TETAP:
            assert len(chosen) == min(summary.capacity, summary.eligible)  # no place wasted
        # Within a regency, nobody waiting outranks anybody selected.
        for regency in VILLAGES:
            chosen_scores = [r.skor for r in chosen if r.kode_kabupaten == regency]
            waiting = [
                r.skor
                for r in rows
                if r.alasan == Alasan.DAFTAR_TUNGGU and r.kode_kabupaten == regency
            ]
            if chosen_scores and waiting:
                assert min(chosen_scores) >= max(waiting)

        # The results page's order and reason counts, stored with the outcome.
        listed = sorted(rows, key=lambda r: r.urutan)
        assert [r.urutan for r in listed] == list(range(1, len(rows) + 1))
        keys = [(r.kode_kabupaten, r.peringkat is None, r.peringkat or 0, -r.skor) for r in listed]
        assert keys == sorted(keys)
        stored = {}
        for quota in KuotaWilayah.objects.filter(program=program):
            for alasan, n in quota.alasan.items():
                stored[alasan] = stored.get(alasan, 0) + n
        assert stored == {a: sum(r.alasan == a for r in rows) for a in {r.alasan for r in rows}}

        first = sorted(
            Seleksi.objects.filter(program=program).values_list(
                "person_id", "terpilih", "alasan", "peringkat"
            )
        )
        run_selection(program)
        again = sorted(
            Seleksi.objects.filter(program=program).values_list(
                "person_id", "terpilih", "alasan", "peringkat"
            )
        )
        assert first == again


def test_priority_decides_who_is_in_when_places_are_short():
    born = dt.date(1990, 5, 5)
    make_people(
        [
            ("64.71", born, "ojek", None, False),
            ("64.71", born, "nelayan", None, False),
            ("64.71", born, "prt", 900_000, False),
            ("64.71", born, "pedagang_pasar", None, True),
        ]
    )
    program = make_program(
        wilayah_id="64.71", kuota_total=3, bobot_pekerjaan={"nelayan": 30},
        batas_penghasilan=1_000_000, bobot_penghasilan=20, bobot_dtks=25,
    )  # fmt: skip

    run_selection(program)

    by_work = dict(
        Seleksi.objects.filter(program=program).values_list("person__pekerjaan_id", "alasan")
    )
    assert by_work == {
        "nelayan": "terpilih",
        "pedagang_pasar": "terpilih",
        "prt": "terpilih",
        "ojek": "daftar_tunggu",
    }
    ranks = dict(
        Seleksi.objects.filter(program=program).values_list("person__pekerjaan_id", "peringkat")
    )
    assert ranks == {"nelayan": 1, "pedagang_pasar": 2, "prt": 3, "ojek": 4}


def test_age_is_taken_at_the_first_month_of_cover():
    # 15 on the first day of cover is in, 15 the day after is out; 65 that day is in, 66 out.
    people = make_people(
        [
            ("64.71", dt.date(2012, 1, 1), "ojek", None),
            ("64.71", dt.date(2012, 1, 2), "ojek", None),
            ("64.71", dt.date(1962, 1, 1), "ojek", None),
            ("64.71", dt.date(1960, 12, 31), "ojek", None),
        ]
    )
    program = make_program(wilayah_id="64.71", usia_min=15, usia_maks=65)

    run_selection(program)

    reasons = outcome(program)
    assert [reasons[p.pk] for p in people] == ["terpilih", "usia", "terpilih", "usia"]


def test_active_bpjs_participants_struck_and_other_programmes_are_left_out():
    covered, struck, elsewhere, free = make_people(
        [("64.71", dt.date(1990, 1, 1), "ojek", None)] * 4
    )
    source = MembershipImport.objects.create(
        nomor="KP-1", original_name="k.csv", sha256="0" * 64, tanggal_data=START, rows=1, added=1
    )
    Membership.objects.create(
        kpj="12345678901", nik=covered.nik, nama=covered.nama, tanggal_lahir=covered.tanggal_lahir,
        segmen="PU", status="aktif", bulan_terakhir_bayar=START, tanggal_data=START,
        source_import=source, row_number=2, updated_at=timezone.now(),
    )  # fmt: skip
    other = make_program(kode="KOTA", wilayah_id="64.71", status=StatusProgram.DISETUJUI)
    Penerima.objects.create(
        program=other, person=elsewhere, nomor_urut=1, kode_kabupaten="64.71", skor=0
    )
    program = make_program(wilayah_id="64.71")
    from jaring.programs.models import Pengecualian

    Pengecualian.objects.create(
        program=program, person=struck, alasan="pindah", created_by=_user("verif")
    )

    run_selection(program, as_of=START)

    assert outcome(program) == {
        covered.pk: "peserta_aktif",
        struck.pk: "dicoret",
        elsewhere.pk: "program_lain",
        free.pk: "terpilih",
    }


def test_a_programme_in_months_that_do_not_overlap_does_not_exclude():
    (person,) = make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)])
    earlier = make_program(
        kode="2026", wilayah_id="64.71", bulan_mulai=dt.date(2026, 1, 1),
        status=StatusProgram.DITETAPKAN,
    )  # fmt: skip
    Penerima.objects.create(
        program=earlier, person=person, nomor_urut=1, kode_kabupaten="64.71", skor=0
    )
    program = make_program(wilayah_id="64.71")

    run_selection(program)

    assert outcome(program) == {person.pk: "terpilih"}


def test_places_follow_the_labour_force_and_never_exceed_eligible_workers():
    make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)] * 6)
    make_people([("64.72", dt.date(1990, 1, 1), "ojek", None)] * 2, first_nik=6472010100000000)
    program = make_program(kuota_total=6, alokasi=Alokasi.PROPORSIONAL_AK)
    with pytest.raises(SelectionError, match="angkatan kerja"):
        run_selection(program)
    for kode in regencies(program):
        # Samarinda has three times Balikpapan's labour force but only two eligible.
        figure = {"64.71": 100_000, "64.72": 300_000}.get(kode, 0)
        AngkatanKerja.objects.create(wilayah_id=kode, tahun=2026, angkatan_kerja=figure)

    summary = run_selection(program)

    # 6 places by labour force: 1.5 → Balikpapan, 4.5 → Samarinda; Samarinda is capped
    # at its 2 eligible workers and the rest goes to Balikpapan.
    assert summary.quotas["64.72"] == 2
    assert summary.quotas["64.71"] == 4
    assert summary.selected == 6


def test_budget_ceiling_lowers_the_places():
    make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)] * 5)
    program = make_program(wilayah_id="64.71", kuota_total=5, pagu_anggaran=3 * 16_800 * 12 + 1)

    summary = run_selection(program)

    assert cost_per_worker(program) == 16_800 * 12
    assert summary.capacity == summary.selected == 3


def test_an_approved_programme_cannot_be_selected_again():
    program = make_program(wilayah_id="64.71", status=StatusProgram.DISETUJUI)
    with pytest.raises(SelectionError, match="amandemen"):
        run_selection(program)


def _user(username):
    from jaring.accounts.models import Role, User

    return User.objects.create(username=username, role=Role.VERIFIER, wilayah_id="64.71")


def test_facts_about_a_merged_record_count_for_its_golden_record():
    survivor, merged, other = make_people([("64.71", dt.date(1990, 1, 1), "ojek", None)] * 3)
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
    Dtks.objects.create(nik=merged.nik, created_at=timezone.now())
    earlier = make_program(kode="KOTA", wilayah_id="64.71", status=StatusProgram.DISETUJUI)
    Penerima.objects.create(
        program=earlier, person=merged, nomor_urut=1, kode_kabupaten="64.71", skor=0
    )
    program = make_program(wilayah_id="64.71", bobot_dtks=10)

    run_selection(program)

    rows = {r.person_id: r for r in Seleksi.objects.filter(program=program)}
    assert set(rows) == {survivor.pk, other.pk}  # the merged record is not a candidate
    assert rows[survivor.pk].dtks and rows[survivor.pk].alasan == "program_lain"
    assert not rows[other.pk].dtks and rows[other.pk].alasan == "terpilih"
