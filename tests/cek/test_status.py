"""One person's status from ``cek.queries.protection_of`` is the status the whole
programme's coverage frame (``contributions.queries.coverage``) gives them, in every
month, for every kind of participant; beside it menunggu (on a list, not enrolled yet)
and terdaftar (in no programme)."""

import datetime as dt

import pytest
from cek_world import START, admin, approved_program, enrol_all

from jaring.cek.queries import ANSWERS, TERDAFTAR, protection_of
from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.lifecycle import end_participation
from jaring.contributions.models import Tagihan
from jaring.contributions.payments import record_payment
from jaring.core.months import add_months
from jaring.enrollment.models import AlasanBerakhir, Peserta
from jaring.registry.models import Person

pytestmark = pytest.mark.django_db


def pay(program, month, share=1.0):
    for invoice in Tagihan.objects.filter(program=program, bulan=month):
        record_payment(user=admin(), tagihan=invoice, jumlah=int(invoice.jumlah * share),
                       tanggal=dt.date.today(), referensi=f"L-{month:%Y%m}")  # fmt: skip


def test_one_person_status_agrees_with_the_programme_frame_in_every_month(tmp_path):
    program = approved_program(
        per_regency={"64.71": 5, "64.72": 4}, quota={"64.71": 5, "64.72": 4}, months=6
    )
    enrol_all(program, tmp_path, reject=1)
    for i in range(4):
        bill_month(user=admin(), program=program, month=add_months(START, i))
    pay(program, START)
    pay(program, add_months(START, 1), share=0.5)  # the list's first half paid
    first = Peserta.objects.filter(program=program, status="diterima").order_by("nomor_urut")[1]
    end_participation(user=admin(), peserta=first, alasan=AlasanBerakhir.MENINGGAL,
                      tanggal=START, keterangan="uji")  # fmt: skip
    seen = set()
    for offset in range(-1, 8):
        month = add_months(START, offset)
        frame = queries.coverage(program, month)
        expected = dict(zip(frame["peserta_id"], frame["status"], strict=True))
        for peserta in Peserta.objects.filter(program=program).select_related("person"):
            got = protection_of(peserta.person, as_of=month)
            assert got.status == expected[peserta.pk], (month, peserta.pk)
            assert got.program == program
            seen.add(got.status)
    # The fixture reaches every status the rule knows.
    assert seen == {"aktif", "menunggak", "terputus", "berakhir", "menunggu", "ditolak"}
    assert seen < set(ANSWERS)


def test_lapsed_cover_is_counted_until_the_month_before_the_unpaid_one(tmp_path):
    program = approved_program(per_regency={"64.71": 2}, quota={"64.71": 2}, months=6)
    enrol_all(program, tmp_path)
    for i in range(3):
        bill_month(user=admin(), program=program, month=add_months(START, i))
    pay(program, START)
    person = Peserta.objects.filter(program=program).first().person
    lapsed = protection_of(person, as_of=add_months(START, 3))
    assert lapsed.status == "terputus"
    assert lapsed.berlaku_sampai == START
    active = protection_of(person, as_of=add_months(START, 1))
    assert (active.status, active.berlaku_sampai) == ("aktif", add_months(START, 5))


def test_on_the_approved_list_before_enrolment_is_waiting_and_the_rest_are_registered():
    program = approved_program(per_regency={"64.71": 3}, quota={"64.71": 2})
    assert not Peserta.objects.filter(program=program).exists()
    listed = set(program.penerima.values_list("person_id", flat=True))
    outcomes = {p.pk: protection_of(p, as_of=START) for p in Person.objects.all()}
    assert {pk for pk, o in outcomes.items() if o.status == "menunggu"} == listed
    others = [o for pk, o in outcomes.items() if pk not in listed]
    assert others and all(o.status == TERDAFTAR and o.program is None for o in others)


def test_a_participation_under_a_merged_duplicate_is_the_survivors(tmp_path):
    program = approved_program(per_regency={"64.71": 2}, quota={"64.71": 2})
    enrol_all(program, tmp_path)
    peserta = Peserta.objects.filter(program=program).select_related("person").first()
    duplicate = peserta.person
    survivor = Person.objects.exclude(pk=duplicate.pk).exclude(
        pk__in=Peserta.objects.values("person_id")
    ).first() or Person.objects.create(
        nik="6471010100009999", nama="Penyintas", tanggal_lahir=duplicate.tanggal_lahir,
        jenis_kelamin="L", wilayah_id=duplicate.wilayah_id, pekerjaan_id="ojek",
        created_at=duplicate.created_at, updated_at=duplicate.updated_at,
    )  # fmt: skip
    assert protection_of(survivor, as_of=START).status == TERDAFTAR
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor)
    got = protection_of(survivor, as_of=START)
    assert (got.status, got.kpj) == ("aktif", peserta.kpj)


def test_the_programme_that_has_started_speaks_over_the_next_one(tmp_path):
    old = approved_program(per_regency={"64.71": 1}, quota={"64.71": 1}, months=3, kode="LAMA")
    enrol_all(old, tmp_path)
    person = Peserta.objects.get(program=old).person
    new = approved_program(per_regency={"64.72": 1}, quota={"64.72": 1}, months=3, kode="BARU",
                           start=add_months(START, 3), first_nik=6472010100000000)  # fmt: skip
    Peserta.objects.create(program=new, person=person, nomor_urut=9, kode_kabupaten="64.71",
                           status="menunggu")  # fmt: skip
    assert protection_of(person, as_of=START).program == old
    assert protection_of(person, as_of=add_months(START, 3)).program == new
