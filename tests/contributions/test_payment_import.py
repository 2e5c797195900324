"""Payment files: rows checked with reasons, overpayment refused row by row in file
order, re-importing harmless, invoices recomputed in one transaction."""

import csv
import datetime as dt

import pytest
from billing_world import START, admin, admin2, approved_program, enrol_all, user
from django.test import Client
from django.urls import reverse

from jaring.accounts.models import Role
from jaring.accounts.policy import SecondPersonRequired
from jaring.contributions import queries
from jaring.contributions.billing import bill_month
from jaring.contributions.models import ImporPembayaran, Pembayaran, Tagihan
from jaring.contributions.payment_import import import_payments
from jaring.contributions.payments import confirm_payment_file, remaining
from jaring.sheets import UnusableFile

pytestmark = pytest.mark.django_db
DAY = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")


def payments_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["No Tagihan", "Tgl SP2D", "Nilai SP2D", "No SP2D"])
        writer.writerows(rows)
    return path


@pytest.fixture
def invoices(tmp_path):
    program = approved_program(months=2)
    enrol_all(program, tmp_path)
    for month in (START, dt.date(2027, 2, 1)):
        bill_month(user=admin(), program=program, month=month)
    return list(Tagihan.objects.filter(program=program).order_by("bulan"))


def test_payments_are_recorded_and_allocated(invoices, tmp_path):
    jan, feb = invoices
    rows = [[jan.nomor, DAY, "84.000", "SP2D-1"], [feb.nomor.lower(), DAY, "Rp 20.000", "SP2D-2"]]

    result = import_payments(user=admin(), path=payments_csv(tmp_path / "p.csv", rows))

    assert not result.errors and result.record.recorded == 2
    # A payment file waits for a second person: nothing paid, nothing allocated yet, and
    # what it holds is no longer open to be paid twice.
    jan.refresh_from_db(), feb.refresh_from_db()
    assert (jan.dibayar, jan.diterima, feb.dibayar) == (0, 0, 0)
    assert queries.reconciliation(jan.program).ok
    assert remaining(jan) == 0 and remaining(feb) == 64_000
    with pytest.raises(SecondPersonRequired, match="Anda catat sendiri"):
        confirm_payment_file(user=admin(), impor=result.record)

    assert confirm_payment_file(user=admin2(), impor=result.record) == 2
    jan.refresh_from_db(), feb.refresh_from_db()
    assert jan.lunas and (feb.dibayar, feb.tunggakan) == (20_000, 64_000)
    assert queries.reconciliation(jan.program).ok
    assert set(Pembayaran.objects.values_list("confirmed_by", flat=True)) == {admin2().pk}


def test_bad_rows_get_reasons_and_good_rows_still_load(invoices, tmp_path):
    jan, feb = invoices
    future = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    rows = [
        [jan.nomor, DAY, "50000", "A"],  # 2: fine
        [jan.nomor, DAY, "40000", "B"],  # 3: 50,000 + 40,000 > 84,000
        ["TG-TIDAK-ADA", DAY, "100", "C"],  # 4: unknown invoice
        [feb.nomor, DAY, "1,5", "D"],  # 5: not whole rupiah
        [feb.nomor, future, "100", "E"],  # 6: future
        [feb.nomor, DAY, "100", ""],  # 7: no reference
        [jan.nomor, DAY, "100", "A"],  # 8: reference A again for the same invoice
        [feb.nomor, DAY, "0", "F"],  # 9: zero
        [feb.nomor, DAY, "100", "SP2D-" + "9" * 120],  # 10: longer than the column holds
    ]
    result = import_payments(user=admin(), path=payments_csv(tmp_path / "p.csv", rows))

    by_row = {e["row"]: e["message"] for e in result.errors}
    assert by_row[3] == f"Jumlah Rp 40.000 melebihi sisa tagihan {jan.nomor} (Rp 34.000)."
    assert by_row[4] == "Tagihan TG-TIDAK-ADA tidak ditemukan atau bukan wewenang Anda."
    assert "bukan jumlah rupiah" in by_row[5]
    assert "masa depan" in by_row[6]
    assert "wajib diisi" in by_row[7]
    assert by_row[8] == "Referensi A untuk tagihan yang sama sudah ada di baris 2."
    assert "lebih dari nol" in by_row[9]
    assert "terlalu panjang" in by_row[10]
    assert 2 not in by_row
    assert list(Pembayaran.objects.values_list("referensi", "jumlah")) == [("A", 50_000)]


def test_reimport_is_harmless(invoices, tmp_path):
    jan, _ = invoices
    path = payments_csv(tmp_path / "p.csv", [[jan.nomor, DAY, "10000", "A"]])
    import_payments(user=admin(), path=path)

    assert import_payments(user=admin(), path=path).already_imported
    other = payments_csv(tmp_path / "q.csv", [[jan.nomor, DAY, "10000", " A "],
                                               [jan.nomor, DAY, "5000", "B"]])  # fmt: skip
    result = import_payments(user=admin(), path=other)
    assert (result.record.unchanged, result.record.recorded) == (1, 1)
    conflict = payments_csv(tmp_path / "r.csv", [[jan.nomor, DAY, "12000", "A"]])
    result = import_payments(user=admin(), path=conflict)

    assert "sudah dicatat untuk tagihan ini" in result.errors[0]["message"]
    jan.refresh_from_db()
    assert jan.diterima == 0  # both files wait for a second person
    for record in ImporPembayaran.objects.filter(recorded__gt=0):
        confirm_payment_file(user=admin2(), impor=record)
    jan.refresh_from_db()
    assert jan.diterima == 15_000
    assert ImporPembayaran.objects.count() == 3


def test_missing_column_is_an_unusable_file(invoices, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Tagihan,Jumlah\nX,1\n")
    with pytest.raises(UnusableFile, match="Referensi"):
        import_payments(user=admin(), path=path)
    assert not ImporPembayaran.objects.exists()


def test_a_file_refused_as_out_of_scope_is_imported_for_someone_who_may(invoices, tmp_path):
    jan, _ = invoices  # a province programme: a city's finance officer may not bill it
    officer = user("keu-bpn", Role.FINANCE, "64.71")
    path = payments_csv(tmp_path / "p.csv", [[jan.nomor, DAY, "10000", "A"]])

    refused = import_payments(user=officer, path=path)
    result = import_payments(user=admin(), path=path)

    assert refused.record.recorded == 0 and "bukan wewenang" in refused.errors[0]["message"]
    assert not result.already_imported and result.record.recorded == 1
    assert import_payments(user=admin(), path=path).record == result.record
    # The officer sending it again is told about their own import, not the admin's.
    again = import_payments(user=officer, path=path)
    assert again.already_imported and again.record == refused.record
    confirm_payment_file(user=admin2(), impor=result.record)
    jan.refresh_from_db()
    assert jan.diterima == 10_000


def test_a_reimporter_who_cannot_open_the_earlier_import_gets_their_own(invoices, tmp_path):
    jan, _ = invoices
    manager = user("pengelola-prov", Role.MANAGER, "64")
    path = payments_csv(tmp_path / "p.csv", [[jan.nomor, DAY, "10000", "A"]])
    first = import_payments(user=admin(), path=path)
    client = Client()
    client.force_login(manager)

    with path.open("rb") as handle:
        response = client.post(reverse("contributions:payments_import"), {"file": handle})

    mine = ImporPembayaran.objects.exclude(pk=first.record.pk).get()
    assert (mine.imported_by, mine.recorded, mine.unchanged) == (manager, 0, 1)
    assert response.url == reverse("contributions:payments_result", args=[mine.nomor])
    assert client.get(response.url).status_code == 200
    confirm_payment_file(user=manager, impor=first.record)  # someone other than its importer
    jan.refresh_from_db()
    assert jan.diterima == 10_000


def test_payment_imports_are_listed_and_opened_within_the_users_region(invoices, tmp_path):
    jan, _ = invoices
    bpn = user("keu-bpn", Role.FINANCE, "64.71")
    smd = user("keu-smd", Role.FINANCE, "64.72")
    ours = import_payments(
        user=bpn, path=payments_csv(tmp_path / "a.csv", [[jan.nomor, DAY, "1", "A"]])
    )
    theirs = import_payments(
        user=smd, path=payments_csv(tmp_path / "b.csv", [[jan.nomor, DAY, "2", "B"]])
    )
    client = Client()
    client.force_login(bpn)

    listed = client.get(reverse("contributions:payments_import")).context["imports"]

    assert [i.nomor for i in listed] == [ours.record.nomor]
    result = reverse("contributions:payments_result", args=[theirs.record.nomor])
    assert client.get(result).status_code == 404
    province = Client()
    province.force_login(user("keu-prov", Role.FINANCE, "64"))
    shown = province.get(reverse("contributions:payments_import")).context["imports"]
    assert {i.nomor for i in shown} == {ours.record.nomor, theirs.record.nomor}
