"""Claim reports from BPJS: linked to participants by KPJ then NIK, recorded once,
deaths ending cover so they leave next month's billing."""

import csv
import datetime as dt
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
from billing_world import START, admin, approved_program, enrol_all, kpj, user

from jaring.accounts.models import Role
from jaring.claims.models import Klaim, LaporanKlaim
from jaring.claims.services import import_claims
from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.models import Iuran
from jaring.enrollment.models import AlasanBerakhir, Peserta

pytestmark = pytest.mark.django_db
HEADER = ["KPJ", "NIK", "Nama", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah",
          "Ahli Waris"]  # fmt: skip
PAID = (dt.date.today() - dt.timedelta(days=2)).isoformat()


def claims_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def program(tmp_path):
    program = approved_program(months=12, start=dt.date(2026, 1, 1))
    enrol_all(program, tmp_path, bulan_pertama=program.bulan_mulai)
    for month in range(1, 6):
        bill_month(user=admin(), program=program, month=dt.date(2026, month, 1))
    return program


def people(program):
    return list(Peserta.objects.filter(program=program).select_related("person").order_by("id"))


def test_claims_link_by_kpj_then_nik_and_a_death_ends_cover(program, tmp_path):
    a, b, c, *_ = people(program)
    rows = [
        [a.kpj, "", "", "JKK", "2026-02-03", PAID, "12.500.000", ""],
        ["", b.person.nik, "", "Beasiswa", "2026-03-01", PAID, "1500000", "Anak B"],
        [c.kpj, c.person.nik, "", "JKM", "2026-03-20", PAID, "Rp 42.000.000", "Istri C"],
    ]
    result = import_claims(user=admin(), path=claims_csv(tmp_path / "k.csv", rows))

    assert not result.errors
    assert (result.record.added, result.record.deaths) == (3, 1)
    assert set(Klaim.objects.values_list("peserta_id", "jenis", "jumlah")) == {
        (a.pk, "JKK", 12_500_000), (b.pk, "beasiswa", 1_500_000), (c.pk, "JKM", 42_000_000),
    }  # fmt: skip
    c.refresh_from_db()
    assert (c.alasan_berakhir, c.bulan_akhir) == (AlasanBerakhir.MENINGGAL, dt.date(2026, 3, 1))
    billed = set(Iuran.objects.filter(peserta=c).values_list("tagihan__bulan", flat=True))
    assert max(billed) == dt.date(2026, 3, 1)  # April and May removed
    bill_month(user=admin(), program=program, month=dt.date(2026, 6, 1))
    assert not Iuran.objects.filter(peserta=c, tagihan__bulan=dt.date(2026, 6, 1)).exists()
    assert queries.reconciliation(program).ok


def test_cumulative_report_adds_only_new_claims(program, tmp_path):
    a, b, *_ = people(program)
    first_row = [a.kpj, "", "", "JKK", "2026-02-03", PAID, "1000000", ""]
    import_claims(user=admin(), path=claims_csv(tmp_path / "k1.csv", [first_row]))

    again = import_claims(user=admin(), path=claims_csv(tmp_path / "k1.csv", [first_row]))
    assert again.already_imported
    later = import_claims(
        user=admin(),
        path=claims_csv(tmp_path / "k2.csv", [first_row,
                        [b.kpj, "", "", "JKK", "2026-04-01", PAID, "2000000", ""]]),
    )  # fmt: skip

    assert (later.record.added, later.record.unchanged) == (1, 1)
    assert Klaim.objects.count() == 2


def test_bad_rows_are_refused_with_reasons(program, tmp_path):
    a, *_ = people(program)
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    rows = [
        ["", "", "", "JKK", "2026-02-03", PAID, "100", ""],  # 2: no identity
        [kpj(999_999), "", "", "JKK", "2026-02-03", PAID, "100", ""],  # 3: unknown KPJ
        [a.kpj, "", "", "JKX", "2026-02-03", PAID, "100", ""],  # 4: unknown type
        [a.kpj, "", "", "JKM", "2026-02-03", PAID, "100", ""],  # 5: JKM without heir
        [a.kpj, "", "", "JKK", "2026-02-03", future, "100", ""],  # 6: paid in the future
        [a.kpj, "", "", "JKK", "2026-02-03", "2026-01-01", "100", ""],  # 7: paid before event
        [a.kpj, "", "", "JKK", "2026-02-03", PAID, "seratus", ""],  # 8: amount
        [a.kpj, "", "", "JKK", "2026-02-09", PAID, "100", ""],  # 9: fine
        [a.kpj, "", "", "JKK", "2026-02-09", PAID, "100", ""],  # 10: same as 9
    ]
    result = import_claims(user=admin(), path=claims_csv(tmp_path / "k.csv", rows))

    by_row = {e["row"]: e["message"] for e in result.errors}
    assert by_row[2] == "Isi nomor KPJ atau NIK peserta."
    assert "tidak ditemukan" in by_row[3]
    assert "JKX tidak dikenal" in by_row[4]
    assert "ahli waris" in by_row[5]
    assert "masa depan" in by_row[6]
    assert "sebelum tanggal kejadian" in by_row[7]
    assert "bukan jumlah rupiah" in by_row[8]
    assert by_row[10] == "Klaim yang sama sudah ada di baris 9."
    assert 9 not in by_row
    assert result.record.added == 1 and result.record.rejected == 8
    assert not Peserta.objects.filter(alasan_berakhir=AlasanBerakhir.MENINGGAL).exists()


def test_claims_outside_the_users_region_are_refused(program, tmp_path):
    from jaring.accounts.models import Role, User

    smd = next(p for p in people(program) if p.kode_kabupaten == "64.72")
    officer = User.objects.create_user("bpjs-bpn", None, None, role=Role.BPJS, wilayah_id="64.71")
    rows = [[smd.kpj, "", "", "JKK", "2026-02-03", PAID, "100", ""]]

    result = import_claims(user=officer, path=claims_csv(tmp_path / "k.csv", rows))

    assert "tidak ditemukan" in result.errors[0]["message"]
    assert not Klaim.objects.exists()
    assert LaporanKlaim.objects.get().rejected == 1


def test_claim_goes_to_the_participation_covering_the_event(program, tmp_path):
    from jaring.enrollment.models import StatusPendaftaran

    later = approved_program(
        months=6, start=dt.date(2026, 7, 1), kode="P2", first_nik=6471010200000000
    )
    a = people(program)[0]
    # The same person, with the same KPJ, in a later programme.
    Peserta.objects.create(
        program=later, person=a.person, nomor_urut=999, kode_kabupaten=a.kode_kabupaten,
        status=StatusPendaftaran.DITERIMA, kpj=a.kpj, bulan_mulai=later.bulan_mulai,
        bulan_akhir=later.bulan_akhir,
    )  # fmt: skip
    rows = [[a.kpj, "", "", "JKK", "2026-02-03", PAID, "100", ""],
            [a.kpj, "", "", "JKK", "2026-08-03", PAID, "200", ""]]  # fmt: skip

    import_claims(user=admin(), path=claims_csv(tmp_path / "k.csv", rows))

    assert dict(Klaim.objects.values_list("jumlah", "peserta__program__kode")) == {
        100: "P",
        200: "P2",
    }
    assert START  # the default world's start is unrelated to this programme


def test_a_regency_sees_its_own_claims_against_its_own_contributions(program):
    from jaring.accounts.models import Role, User
    from jaring.claims import queries as claim_queries
    from jaring.contributions.models import Tagihan, TagihanWilayah
    from jaring.contributions.payments import record_payment

    for invoice in Tagihan.objects.filter(program=program):
        record_payment(user=admin(), tagihan=invoice, jumlah=invoice.jumlah,
                       tanggal=dt.date(2026, 6, 1), referensi=f"SP2D-{invoice.pk}")  # fmt: skip
    balikpapan = User.objects.create_user("bpn", None, None, role=Role.VIEWER, wilayah_id="64.71")

    paid = claim_queries.contributions_paid(balikpapan)

    expected = sum(
        TagihanWilayah.objects.filter(tagihan__program=program, kode_kabupaten="64.71").values_list(
            "dibayar", flat=True
        )
    )
    assert 0 < paid == expected < claim_queries.contributions_paid(admin())


def test_a_death_refused_as_out_of_scope_is_recorded_for_the_administrator(program, tmp_path):
    smd = next(p for p in people(program) if p.kode_kabupaten == "64.72")
    officer = user("bpjs-bpn", Role.BPJS, "64.71")
    rows = [[smd.kpj, "", "", "JKM", "2026-03-20", PAID, "42000000", "Istri"]]
    path = claims_csv(tmp_path / "k.csv", rows)

    refused = import_claims(user=officer, path=path)
    result = import_claims(user=admin(), path=path)

    assert (refused.record.added, refused.record.rejected) == (0, 1)
    assert not result.already_imported
    assert (result.record.added, result.record.deaths) == (1, 1)
    smd.refresh_from_db()
    assert smd.alasan_berakhir == AlasanBerakhir.MENINGGAL
    assert import_claims(user=admin(), path=path).record == result.record


def test_claim_reports_are_listed_and_opened_within_the_users_region(program, tmp_path):
    bpn = user("bpjs-bpn", Role.BPJS, "64.71")
    smd = user("bpjs-smd", Role.BPJS, "64.72")
    row = ["", "", "", "JKK", "2026-02-03", PAID, "100", ""]
    ours = import_claims(user=bpn, path=claims_csv(tmp_path / "a.csv", [row]))
    theirs = import_claims(user=smd, path=claims_csv(tmp_path / "b.csv", [row, row]))
    client = Client()
    client.force_login(bpn)

    listed = client.get(reverse("claims:index")).context["reports"]

    assert [r.nomor for r in listed] == [ours.record.nomor]
    assert client.get(reverse("claims:report", args=[theirs.record.nomor])).status_code == 404
    assert client.get(reverse("claims:report", args=[ours.record.nomor])).status_code == 200


def test_many_deaths_in_one_report_end_cover_once_each_and_leave_credit(program, tmp_path):
    from jaring.contributions.models import Tagihan
    from jaring.contributions.payments import record_payment

    for invoice in Tagihan.objects.filter(program=program):
        record_payment(user=admin(), tagihan=invoice, jumlah=invoice.jumlah,
                       tanggal=dt.date.today(), referensi=f"SP2D-{invoice.pk}")  # fmt: skip
    a, b, c, *_ = people(program)
    rows = [
        [a.kpj, "", "", "JKM", "2026-03-20", PAID, "42000000", "Istri A"],
        [b.kpj, "", "", "JKM", "2026-02-11", PAID, "42000000", "Suami B"],
        # A second death claim for A with another date: the first in the report stands.
        [a.kpj, "", "", "JKM", "2026-01-05", PAID, "1000000", "Istri A"],
        [c.kpj, "", "", "JKK", "2026-02-03", PAID, "500000", ""],  # not a death
    ]
    result = import_claims(user=admin(), path=claims_csv(tmp_path / "k.csv", rows))

    assert not result.errors
    assert result.record.deaths == 2
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert (a.bulan_akhir, b.bulan_akhir) == (dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    assert c.alasan_berakhir == ""
    may = Tagihan.objects.get(program=program, bulan=dt.date(2026, 5, 1))
    share = may.jumlah // may.peserta
    march = Tagihan.objects.get(program=program, bulan=dt.date(2026, 3, 1))
    april = Tagihan.objects.get(program=program, bulan=dt.date(2026, 4, 1))
    # The money of the paid lines removed is a credit that moves to the next month:
    # B's March line (A was alive in March) goes on to April, April's two lines and that
    # credit go on to May, and May — the last month billed — holds its own two as well.
    assert (march.kelebihan, march.kredit_keluar) == (share, share)
    assert (april.kredit_masuk, april.kredit_keluar) == (share, 3 * share)
    assert (may.kredit_masuk, may.kelebihan, may.kredit_keluar) == (3 * share, 5 * share, 0)
    assert queries.reconciliation(program).ok
