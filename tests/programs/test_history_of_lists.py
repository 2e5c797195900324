"""The change history of a programme's lists: a strike and an amendment carry their
reason and the user on every record they change (the list itself is written set-based:
one entry per beneficiary withdrawn or added)."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from programs_world import START, make_people, make_program

from jaring.accounts.models import Role, User
from jaring.programs import services
from jaring.programs.models import Penerima, Pengecualian, Seleksi
from jaring.programs.selection import run_selection
from jaring.riwayat.chain import verify
from jaring.riwayat.models import Entri

pytestmark = pytest.mark.django_db
BORN = START.replace(year=1985)


@pytest.fixture
def staff():
    def user(username, role, wilayah):
        return User.objects.create(username=username, role=role, wilayah_id=wilayah)

    return {
        "manager": user("pengelola", Role.MANAGER, "64"),
        "manager2": user("pengelola2", Role.MANAGER, "64"),
        "bpn": user("verif-bpn", Role.VERIFIER, "64.71"),
        "smd": user("verif-smd", Role.VERIFIER, "64.72"),
    }


@pytest.fixture
def program(staff):
    make_people([("64.71", BORN, "ojek", None)] * 4)
    make_people([("64.72", BORN, "ojek", None)] * 3, first_nik=6472010100000000)
    program = make_program(
        kuota_total=4, alokasi="tetap", bobot_per_tahun_menunggu=1, pagu_anggaran=None
    )
    services.save_program(
        user=staff["manager"], program=program, pendana={"apbd_provinsi": Decimal(100)},
        kuota_tetap={"64.71": 2, "64.72": 2},
    )  # fmt: skip
    run_selection(program, user=staff["manager"])
    return program


def verify_all(program, staff):
    services.verify_region(user=staff["bpn"], program=program, kode="64.71")
    services.verify_region(user=staff["smd"], program=program, kode="64.72")


def entries(model, pk):
    return Entri.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    ).order_by("pk")


def test_a_strike_records_the_verifier_and_the_reason(program, staff):
    row = Seleksi.objects.filter(program=program, kode_kabupaten="64.71", terpilih=True).first()
    services.strike(user=staff["bpn"], program=program, person_id=row.person_id,
                    alasan="Sudah meninggal (surat kematian desa)")  # fmt: skip
    exclusion = Pengecualian.objects.get(program=program, person_id=row.person_id)
    written = entries(Pengecualian, exclusion.pk).get()
    assert written.actor == staff["bpn"]
    assert written.additional_data["alasan"] == "Sudah meninggal (surat kematian desa)"
    assert written.changes["alasan"][1] == "Sudah meninggal (surat kematian desa)"
    flagged = entries(type(program), program.pk).last()
    assert flagged.additional_data["alasan"] == "Sudah meninggal (surat kematian desa)"


def test_an_amendment_writes_one_entry_per_beneficiary_with_its_reason(program, staff):
    verify_all(program, staff)
    # The two-person rule: another manager approves the list and the amendment.
    services.approve(user=staff["manager2"], program=program)
    gone = Penerima.objects.get(program=program, nomor_urut=1)
    amendment = services.replace_from_waiting_list(
        user=staff["manager"], program=program,
        cabut={gone.person_id: "Ditolak BPJS: NIK tidak terdaftar di Dukcapil"},
        alasan="Penggantian penerima yang ditolak BPJS",
    )  # fmt: skip
    assert not entries(Penerima, gone.pk).exists()  # prepared: the list is unchanged
    services.approve_amendment(user=staff["manager2"], amendment=amendment)
    added = Penerima.objects.get(amandemen_masuk=amendment)
    withdrawn = entries(Penerima, gone.pk).get()
    assert withdrawn.action == Entri.Action.UPDATE
    assert withdrawn.changes["alasan_keluar"] == [
        "", "Ditolak BPJS: NIK tidak terdaftar di Dukcapil"
    ]  # fmt: skip
    new = entries(Penerima, added.pk).get()
    assert new.action == Entri.Action.CREATE
    for entry in (withdrawn, new):
        assert entry.actor == staff["manager2"]  # who made the change take effect
        assert entry.additional_data["alasan"] == "Penggantian penerima yang ditolak BPJS"
    prepared = entries(type(amendment), amendment.pk).get(action=Entri.Action.CREATE)
    assert prepared.actor == staff["manager"]
    assert verify().broken is None
