"""Renewal: close the year, re-check continuing participants, open the next year with
them first and the freed places offered to the waiting list; continuing participants
keep their KPJ and need no new registration."""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import START, admin, admin2, approved_program, enrol_all

from jaring.contributions.lifecycle import end_participation
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran
from jaring.enrollment.renewal import RenewalError, renew
from jaring.enrollment.services import create_batch
from jaring.matching.models import Membership, MembershipImport
from jaring.programs import services as programs
from jaring.programs.models import Alasan, Pengecualian, Seleksi, StatusProgram

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(tmp_path):
    # Balikpapan 5 eligible for 3 places (2 waiting), Samarinda 3 for 2.
    program = approved_program(per_regency={"64.71": 5, "64.72": 3},
                               quota={"64.71": 3, "64.72": 2})  # fmt: skip
    enrol_all(program, tmp_path, bulan_pertama=START)
    return program


def employed(person):
    source = MembershipImport.objects.create(nomor="KP-1", original_name="k.csv", sha256="x",
                                             tanggal_data=dt.date(2027, 12, 20), rows=0)  # fmt: skip
    Membership.objects.create(
        kpj="11111111111", nik=person.nik, nama=person.nama, tanggal_lahir=person.tanggal_lahir,
        segmen="PU", status="aktif", bulan_terakhir_bayar=dt.date(2027, 12, 1),
        tanggal_data=dt.date(2027, 12, 20), source_import=source, row_number=2,
        updated_at=source.created_at,
    )  # fmt: skip


def test_renewal_keeps_continuing_participants_and_fills_freed_places(program, tmp_path):
    bpn = list(Peserta.objects.filter(program=program, kode_kabupaten="64.71").order_by("id"))
    dead, formal, stays = bpn[0], bpn[1], bpn[2]
    end_participation(user=admin(), peserta=dead, alasan=AlasanBerakhir.MENINGGAL,
                      tanggal=dt.date(2027, 6, 2))  # fmt: skip
    employed(formal.person)

    result = renew(user=admin(), program=program, kode="P-2028")

    program.refresh_from_db()
    new = result.program
    assert program.status == StatusProgram.SELESAI
    assert (new.pendahulu, new.bulan_mulai, new.status) == (program, dt.date(2028, 1, 1), "draf")
    assert result.reasons == {"meninggal": 1, "pekerja_formal": 1}
    assert result.continuing == 3 and result.newcomers == 2
    assert set(Pengecualian.objects.filter(program=new).values_list("person_id", flat=True)) == {
        dead.person_id,
        formal.person_id,
    }
    chosen = set(
        Seleksi.objects.filter(program=new, terpilih=True).values_list("person_id", flat=True)
    )
    assert stays.person_id in chosen
    assert dead.person_id not in chosen and formal.person_id not in chosen
    assert Seleksi.objects.get(program=new, person_id=dead.person_id).alasan == Alasan.DICORET

    for kode in ("64.71", "64.72"):
        programs.verify_region(user=admin(), program=new, kode=kode)
    programs.approve(user=admin2(), program=new)  # not whoever ran its selection (renew)
    new.refresh_from_db()
    batch = create_batch(user=admin(), program=new)

    carried = Peserta.objects.get(program=new, person_id=stays.person_id)
    assert (carried.status, carried.kpj, carried.lanjutan_dari_id) == (
        StatusPendaftaran.DITERIMA, stays.kpj, stays.pk,
    )  # fmt: skip
    assert carried.bulan_mulai == dt.date(2028, 1, 1)
    assert batch.jumlah == result.newcomers == 2
    assert stays.person_id not in set(batch.peserta.values_list("person_id", flat=True))


def test_a_programme_is_renewed_once_and_only_when_running(program):
    renew(user=admin(), program=program)
    program.refresh_from_db()
    with pytest.raises(RenewalError):
        renew(user=admin(), program=program)


def test_renewal_needs_the_programme_manager(program):
    from django.core.exceptions import PermissionDenied

    from jaring.accounts.models import Role, User

    finance = User.objects.create_user("keu", None, None, role=Role.FINANCE, wilayah_id="64")
    with pytest.raises(PermissionDenied):
        renew(user=finance, program=program)
    program.refresh_from_db()
    assert program.status == StatusProgram.DISETUJUI


def test_own_bpu_membership_does_not_exclude_a_continuing_participant(program):
    stays = Peserta.objects.filter(program=program, kode_kabupaten="64.72").first()
    employed(stays.person)
    from jaring.matching.models import Membership

    Membership.objects.filter(nik=stays.person.nik).update(segmen="BPU", kpj=stays.kpj)

    result = renew(user=admin(), program=program)

    row = Seleksi.objects.get(program=result.program, person_id=stays.person_id)
    assert row.terpilih and row.alasan == Alasan.TERPILIH
    assert result.reasons == {}
