"""Registration batches out to BPJS and responses back: participants from the approved
list, the file in the branch's layout, KPJ numbers and rejections, replacements from the
waiting list that go in the next batch."""

import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import (
    START,
    admin,
    approve_pending,
    approved_program,
    enrol_all,
    kpj,
    response_csv,
)

from jaring.enrollment import export
from jaring.enrollment.models import (
    BatchPendaftaran,
    Peserta,
    ResponBpjs,
    StatusPendaftaran,
    TataLetak,
)
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import EnrolmentError, create_batch, replace_rejected
from jaring.programs.models import Penerima, Program
from jaring.sheets import UnusableFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    # Balikpapan: 4 eligible, 3 places (1 waiting); Samarinda: 3 eligible, 2 places.
    return approved_program()


def test_batch_holds_every_beneficiary_once_with_the_first_month(program):
    batch = create_batch(user=admin(), program=program)

    on_list = Penerima.objects.filter(program=program, amandemen_keluar__isnull=True)
    assert batch.jumlah == on_list.count() == 5
    assert set(batch.peserta.values_list("person_id", flat=True)) == set(
        on_list.values_list("person_id", flat=True)
    )
    assert set(batch.peserta.values_list("status", "bulan_mulai", "bulan_akhir")) == {
        ("dikirim", START, program.bulan_akhir)
    }
    with pytest.raises(EnrolmentError, match="tidak ada peserta baru"):
        create_batch(user=admin(), program=program)


def test_default_layout_ships_the_collective_bpu_columns(program):
    batch = create_batch(user=admin(), program=program)

    frame = export.batch_frame(batch)

    assert frame.columns == [
        "NIK", "Nama Lengkap", "Tanggal Lahir", "Jenis Kelamin", "Alamat", "No HP",
        "Pekerjaan", "Penghasilan", "Program", "Bulan Pertama",
    ]  # fmt: skip
    first = frame.row(0, named=True)
    assert len(first["NIK"]) == 16
    assert first["Tanggal Lahir"] == "01/06/1985"
    assert first["Penghasilan"] == "1000000"  # the tariff floor: no declared income set
    assert first["Program"] == program.kode
    assert first["Bulan Pertama"] == "01/2027"


def test_xlsx_keeps_niks_as_text_and_csv_has_the_same_rows(program, tmp_path):
    batch = create_batch(user=admin(), program=program)
    frame = export.batch_frame(batch)

    xlsx = tmp_path / "batch.xlsx"
    xlsx.write_bytes(export.render(frame, "xlsx"))
    rows = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    csv_text = export.render(frame, "csv").decode("utf-8-sig")

    assert rows[0] == frame.columns
    assert [r[0] for r in rows[1:]] == frame.get_column("NIK").to_list()
    assert all(isinstance(r[0], str) for r in rows[1:])
    assert csv_text.splitlines()[1].split(",")[0] == frame.get_column("NIK")[0]


def test_a_branch_layout_changes_headers_order_and_formats(program):
    layout = TataLetak.objects.create(
        kode="cabang-samarinda", nama="Cabang Samarinda", cabang="Samarinda",
        kolom=[{"judul": "No KTP", "sumber": "nik"}, {"judul": "Nama TK", "sumber": "nama"},
               {"judul": "Tgl Lahir", "sumber": "tanggal_lahir"},
               {"judul": "Mulai", "sumber": "bulan_pertama"}],
        format_tanggal="%Y-%m-%d", format_bulan="%Y%m",
    )  # fmt: skip
    batch = create_batch(user=admin(), program=program, tata_letak=layout)

    frame = export.batch_frame(batch)

    assert frame.columns == ["No KTP", "Nama TK", "Tgl Lahir", "Mulai"]
    assert frame.row(0)[2:] == ("1985-06-01", "202701")


def test_response_gives_kpj_and_rejections_go_back_with_the_reason(program, tmp_path):
    _, result = enrol_all(program, tmp_path, reject=1)

    assert (result.record.diterima, result.record.ditolak, result.record.rejected) == (4, 1, 0)
    rejected = Peserta.objects.get(program=program, status=StatusPendaftaran.DITOLAK)
    assert rejected.alasan_tolak == "NIK tidak padan Dukcapil"
    assert rejected.kpj is None
    accepted = Peserta.objects.filter(program=program, status=StatusPendaftaran.DITERIMA)
    assert {p.kpj for p in accepted} == {kpj(p.person_id) for p in accepted}

    added = replace_rejected(user=admin(), program=program)

    assert added == 1
    assert replace_rejected(user=admin(), program=program) == 0  # already proposed
    approve_pending(program)
    withdrawn = Penerima.objects.get(program=program, person_id=rejected.person_id)
    assert withdrawn.amandemen_keluar is not None
    assert withdrawn.alasan_keluar == "Ditolak BPJS: NIK tidak padan Dukcapil"
    newcomer = Peserta.objects.get(program=program, status=StatusPendaftaran.MENUNGGU)
    assert newcomer.kode_kabupaten == rejected.kode_kabupaten
    second = create_batch(user=admin(), program=program)
    assert list(second.peserta.values_list("person_id", flat=True)) == [newcomer.person_id]
    assert replace_rejected(user=admin(), program=program) == 0  # nothing left to replace


def test_import_replaces_rejections_as_far_as_the_waiting_list_reaches(program, tmp_path):
    # The first two in list order are from Balikpapan, whose waiting list holds one.
    _, result = enrol_all(program, tmp_path, reject=2, ganti=True)

    assert result.record.ditolak == 2
    assert result.record.diganti == 1
    waiting = Peserta.objects.get(program=program, status=StatusPendaftaran.MENUNGGU)
    assert waiting.kode_kabupaten == "64.71"
    assert Penerima.objects.filter(program=program, amandemen_keluar__isnull=False).count() == 2


def sent(program):
    create_batch(user=admin(), program=program)
    return list(Peserta.objects.filter(program=program).select_related("person"))


def test_bad_rows_are_refused_with_reasons_and_nothing_half_written(program, tmp_path):
    people = sent(program)
    a, b, c, d, e = (p.person for p in people)
    rows = [
        [a.nik, a.nama, kpj(a.pk), "DITERIMA", ""],  # row 2: fine
        [b.nik, b.nama, "123", "DITERIMA", ""],  # row 3: KPJ too short
        [c.nik, c.nama, "", "DITOLAK", ""],  # row 4: no reason
        ["6471010101990001", "X", kpj(99), "DITERIMA", ""],  # row 5: not a participant
        [d.nik, d.nama, kpj(a.pk), "DITERIMA", ""],  # row 6: KPJ of row 2
        [e.nik, e.nama, kpj(e.pk), "MUNGKIN", ""],  # row 7: unknown status
        [a.nik, a.nama, kpj(a.pk), "DITERIMA", ""],  # row 8: NIK again
        ["6.47101E+15", "Y", kpj(98), "DITERIMA", ""],  # row 9: Excel damage
    ]
    result = import_response(
        user=admin(), program=program, path=response_csv(tmp_path / "r.csv", rows)
    )

    by_row = {(e["row"], e["field"]): e["message"] for e in result.errors}
    assert by_row[(3, "kpj")] == "Nomor KPJ harus 11 digit angka (tertulis 123)."
    assert "Alasan penolakan" in by_row[(4, "keterangan")]
    assert by_row[(5, "nik")] == f"NIK 6471010101990001 bukan peserta program {program.kode}."
    assert "sudah dipakai di baris 2" in by_row[(6, "kpj")]
    assert "MUNGKIN tidak dikenal" in by_row[(7, "status")]
    assert "sudah ada di baris 2" in by_row[(8, "nik")]
    assert (9, "nik") in by_row
    assert result.record.rows == 8 and result.record.rejected == 7
    assert result.record.diterima == 1
    assert Peserta.objects.filter(status=StatusPendaftaran.DITERIMA).count() == 1


def test_reimport_is_harmless_and_contradictions_are_refused(program, tmp_path):
    people = sent(program)
    a, b = people[0].person, people[1].person
    path = response_csv(tmp_path / "r.csv", [[a.nik, a.nama, kpj(a.pk), "DITERIMA", ""]])
    first = import_response(user=admin(), program=program, path=path)

    again = import_response(user=admin(), program=program, path=path)
    assert again.already_imported and again.record.pk == first.record.pk

    other = response_csv(
        tmp_path / "r2.csv",
        [[a.nik, a.nama, kpj(a.pk), "DITERIMA", ""], [a.nik, a.nama, "", "DITOLAK", "x"],
         [b.nik, b.nama, kpj(a.pk), "DITERIMA", ""]],
    )  # fmt: skip
    result = import_response(user=admin(), program=program, path=other)
    assert result.record.unchanged == 1
    messages = [e["message"] for e in result.errors]
    assert any("sudah ada di baris 2" in m for m in messages)
    assert any("sudah dipakai di baris 2" in m for m in messages)
    third = response_csv(tmp_path / "r3.csv", [[b.nik, b.nama, kpj(a.pk), "DITERIMA", ""]])
    result = import_response(user=admin(), program=program, path=third)
    assert (
        result.errors[0]["message"]
        == f"Nomor KPJ {kpj(a.pk)} sudah dipakai peserta lain program ini."
    )
    assert Peserta.objects.get(person=a).kpj == kpj(a.pk)
    assert Peserta.objects.get(person=b).status == StatusPendaftaran.DIKIRIM
    assert ResponBpjs.objects.count() == 3


def test_answer_for_a_person_not_yet_sent_is_refused(program, tmp_path):
    create_batch(user=admin(), program=program)
    p = Peserta.objects.filter(program=program).first()
    Peserta.objects.filter(pk=p.pk).update(status=StatusPendaftaran.MENUNGGU, batch=None)
    path = response_csv(tmp_path / "r.csv", [[p.person.nik, "", kpj(1), "DITERIMA", ""]])

    result = import_response(user=admin(), program=program, path=path)

    assert "belum dikirim" in result.errors[0]["message"]


def test_unusable_file_writes_nothing(program, tmp_path):
    create_batch(user=admin(), program=program)
    path = tmp_path / "r.csv"
    path.write_text("Nama,Alamat\nA,B\n")

    with pytest.raises(UnusableFile, match="Kolom wajib"):
        import_response(user=admin(), program=program, path=path)
    assert not ResponBpjs.objects.exists()


def test_only_approved_programmes_get_batches(tmp_path):
    draft = Program.objects.create(
        kode="D", nama="Draf", dasar_hukum_jenis="pergub", dasar_hukum_nomor="1",
        wilayah_id="64", bulan_mulai=START, jumlah_bulan=12, kuota_total=1,
        alokasi="tetap",
    )  # fmt: skip
    with pytest.raises(EnrolmentError, match="sudah disetujui"):
        create_batch(user=admin(), program=draft)
    assert not BatchPendaftaran.objects.exists()


def test_enrolment_rights_follow_role_and_region(program):
    from django.core.exceptions import PermissionDenied

    from jaring.accounts.models import Role, User

    finance = User.objects.create_user("keu", None, None, role=Role.FINANCE, wilayah_id="64")
    city_bpjs = User.objects.create_user("bpjs-bpn", None, None, role=Role.BPJS,
                                         wilayah_id="64.71")  # fmt: skip
    for user in (finance, city_bpjs):
        with pytest.raises(PermissionDenied):
            create_batch(user=user, program=program)
    bpjs = User.objects.create_user("bpjs", None, None, role=Role.BPJS, wilayah_id="64")
    assert create_batch(user=bpjs, program=program).jumlah == 5


def test_formula_in_an_address_reaches_bpjs_as_quoted_text(program, tmp_path):
    batch = create_batch(user=admin(), program=program)
    attack = "+1+cmd|' /C calc'!A0"
    person = batch.peserta.order_by("nomor_urut").first().person
    person.alamat = attack
    person.save(update_fields=["alamat"])
    frame = export.batch_frame(batch)
    assert attack in frame.get_column("Alamat").to_list()

    xlsx = tmp_path / "batch.xlsx"
    xlsx.write_bytes(export.render(frame, "xlsx"))
    cells = [c for r in CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
             for c in r]  # fmt: skip
    csv_text = export.render(frame, "csv").decode("utf-8-sig")

    assert "'" + attack in cells and attack not in cells
    assert f'"\'{attack}"' in csv_text or f"'{attack}" in csv_text
    assert "\n" + attack not in csv_text and "," + attack not in csv_text
