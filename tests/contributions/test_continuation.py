"""Continuing on their own (lanjut mandiri): who may be offered it, recording who accepted
(one by one or by file), leaving the programme's billing, the list for BPJS with the KPJ
kept, and the sustainability figure (still paying 3, 6 and 12 months later) computed from
the membership file."""

import csv
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from billing_world import admin, approved_program, enrol_all, user
from python_calamine import CalamineWorkbook

from jaring.accounts.models import AccessAction, AccessLog, Role
from jaring.contributions import continuation
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Iuran, PorsiPekerja
from jaring.dashboard.queries import build_for_scope
from jaring.enrollment.models import AlasanBerakhir, CaraLanjut, LanjutMandiri, Peserta
from jaring.enrollment.queries import sustainability
from jaring.matching.models import IuranMandiri, Membership
from jaring.programs.models import Penerima

sys.path.insert(0, str(Path(__file__).parent.parent / "programs"))
from programs_world import make_program

pytestmark = pytest.mark.django_db
JAN, FEB, MAR, APR = (dt.date(2027, m, 1) for m in range(1, 5))
NEXT_JAN = dt.date(2028, 1, 1)


@pytest.fixture
def program(tmp_path):
    program = approved_program(pendana={"apbd_provinsi": 60, "mandiri": 40}, kode="LM")
    enrol_all(program, tmp_path, bulan_pertama=JAN)
    return program


def people(program) -> list[Peserta]:
    return list(Peserta.objects.filter(program=program).order_by("nomor_urut"))


def test_those_carried_over_are_not_offered(program):
    first, second, *rest = people(program)
    successor = make_program(kode="LM-2028", bulan_mulai=NEXT_JAN, pendahulu=program)
    Penerima.objects.create(program=successor, person_id=first.person_id, nomor_urut=1,
                            kode_kabupaten=first.kode_kabupaten, skor=0)  # fmt: skip

    offered = list(continuation.candidates(program))

    assert offered == [second, *rest]
    assert continuation.first_own_month(program) == NEXT_JAN


def test_accepting_ends_the_programmes_billing_for_them(program):
    for month in (JAN, FEB, MAR):
        bill_month(user=admin(), program=program, month=month)
    leaving = people(program)[:2]

    result = continuation.accept(user=admin(), program=program,
                                 peserta_ids=[p.pk for p in leaving], bulan_mulai=MAR)  # fmt: skip

    assert (result.recorded, result.already, result.ended) == (2, 0, 2)
    for p in leaving:
        p.refresh_from_db()
        assert (p.bulan_akhir, p.alasan_berakhir) == (FEB, AlasanBerakhir.LANJUT_MANDIRI)
        assert p.lanjut_mandiri.kpj == p.kpj and p.lanjut_mandiri.bulan_mulai == MAR
    ids = [p.pk for p in leaving]
    assert not Iuran.objects.filter(peserta__in=ids, tagihan__bulan__gte=MAR).exists()
    assert not PorsiPekerja.objects.filter(peserta__in=ids, bulan__gte=MAR).exists()
    bill_month(user=admin(), program=program, month=APR)
    assert not Iuran.objects.filter(peserta__in=ids, tagihan__bulan=APR).exists()
    assert Iuran.objects.filter(tagihan__program=program, tagihan__bulan=APR).count() == 3

    again = continuation.accept(user=admin(), program=program, peserta_ids=ids, bulan_mulai=MAR)
    assert (again.recorded, again.already) == (0, 2)


def test_a_month_outside_the_programme_is_refused(program):
    with pytest.raises(continuation.ContinuationError, match="antara"):
        continuation.accept(user=admin(), program=program, peserta_ids=[people(program)[0].pk],
                            bulan_mulai=dt.date(2028, 2, 1))  # fmt: skip
    assert not LanjutMandiri.objects.exists()


def kpj_file(path: Path, rows: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["No KPJ", "Nama"])
        writer.writerows([kpj, "x"] for kpj in rows)
    return path


def test_a_file_with_a_bad_row_records_nobody(program, tmp_path):
    good = [p.kpj for p in people(program)[:3]]
    bad = kpj_file(tmp_path / "a.csv", [good[0], "123", good[1], good[0], "99999999999"])

    with pytest.raises(continuation.ContinuationError) as refused:
        continuation.accept_file(user=admin(), program=program, path=bad)

    assert [row for row, _reason in refused.value.rows] == [3, 5, 6]
    assert not LanjutMandiri.objects.exists()

    result = continuation.accept_file(user=admin(), program=program,
                                      path=kpj_file(tmp_path / "b.csv", good))  # fmt: skip
    assert result.recorded == 3
    assert set(LanjutMandiri.objects.values_list("kpj", "cara")) == {
        (k, CaraLanjut.BERKAS) for k in good
    }


def test_the_page_records_lists_and_downloads_for_bpjs(program, client, tmp_path):
    manager = admin()
    client.force_login(manager)
    first, second = people(program)[:2]
    url = f"/iuran/{program.pk}/lanjut-mandiri/"

    page = client.get(url).content.decode()
    assert f'data-kpj="{first.kpj}"' in page
    client.post(url + "catat/", {"peserta": [first.pk, second.pk], "bulan_mulai": "2028-01"})
    assert LanjutMandiri.objects.count() == 2

    download = client.get(url + "bpjs.xlsx")
    target = tmp_path / "lanjut.xlsx"
    target.write_bytes(download.content)
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["KPJ", "NIK"]
    assert {r[0] for r in rows[1:]} == {first.kpj, second.kpj}  # text: the KPJ as sent
    assert AccessLog.objects.filter(action=AccessAction.EXPORT_PERSONS, target=program.kode,
                                    user=manager).exists()  # fmt: skip


def test_finance_may_not_record_continuations(program, client):
    client.force_login(user("keu", Role.FINANCE, "64"))
    assert client.get(f"/iuran/{program.pk}/lanjut-mandiri/").status_code == 403


def continued(program, how_many: int) -> list[LanjutMandiri]:
    chosen = people(program)[:how_many]
    continuation.accept(user=admin(), program=program, peserta_ids=[p.pk for p in chosen])
    return list(LanjutMandiri.objects.filter(program=program).order_by("peserta__nomor_urut"))


def test_the_sustainability_figure_from_the_membership_file(program):
    a, b, c = continued(program, 3)  # all from January 2028
    assert {r.bulan_mulai for r in (a, b, c)} == {NEXT_JAN}
    # A pays March, June and December 2028 (reported month by month); B's last paid
    # month is April 2028 (the membership snapshot); C never paid.
    for month in (3, 6, 12):
        IuranMandiri.objects.create(
            kpj=a.kpj,
            bulan=dt.date(2028, month, 1),
            lunas=True,
            tanggal_data=dt.date(2028, 12, 20),
            source_import_id=0,
        )
    IuranMandiri.objects.create(
        kpj=c.kpj,
        bulan=dt.date(2028, 3, 1),
        lunas=False,
        tanggal_data=dt.date(2028, 12, 20),
        source_import_id=0,
    )
    Membership.objects.create(
        kpj=b.kpj,
        nik="6471010505850001",
        nama="B",
        tanggal_lahir=dt.date(1985, 5, 5),
        segmen="BPU",
        status="aktif",
        bulan_terakhir_bayar=dt.date(2028, 4, 1),
        tanggal_data=dt.date(2028, 12, 20),
        source_import_id=0,
        row_number=2,
        updated_at=dt.datetime(2028, 12, 20, tzinfo=dt.UTC),
    )
    rows = LanjutMandiri.objects.filter(program=program)

    figure = sustainability(rows, data_month=dt.date(2028, 12, 1))
    assert figure.lanjut == 3
    assert figure.aktif == {3: 2, 6: 1, 12: 1}
    assert figure.diketahui == {3: 3, 6: 3, 12: 3}
    assert figure.persen(3) == 67

    early = sustainability(rows, data_month=dt.date(2028, 6, 1))  # December not yet known
    assert (early.aktif, early.diketahui) == ({3: 2, 6: 1, 12: 0}, {3: 3, 6: 3, 12: 0})

    panel = build_for_scope("", {"dari": "2027-01", "sampai": "2028-12"}).panels["lanjut_mandiri"]
    (row,) = panel.rows
    assert row == ["Uji", "LM", 3, 2, Decimal("66.7"), 1, Decimal("33.3"), 1, Decimal("33.3")]
    assert panel.headlines[0].value == 3
