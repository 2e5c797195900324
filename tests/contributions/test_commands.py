"""The batch commands: jaring enrolment export|import, billing run|reconcile, payments
import and claims import, each a thin layer over the services tested elsewhere."""

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from billing_world import approved_program, kpj, response_csv, user
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from jaring.accounts.models import AccessAction, AccessLog
from jaring.contributions.models import Pembayaran, Tagihan
from jaring.enrollment.models import Peserta

pytestmark = pytest.mark.django_db
YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_enrol_bill_pay_claim_from_the_command_line(tmp_path):
    program = approved_program(months=3)

    out = run("enrolment", "export", "--programme", "P", "--out", str(tmp_path / "b.xlsx"),
              "--first-month", "2027-01")  # fmt: skip
    assert "REG-P-001: 5 peserta" in out
    logged = AccessLog.objects.get(target="REG-P-001")
    assert logged.user is None and logged.action == AccessAction.EXPORT_PERSONS
    assert logged.detail.startswith("baris perintah (") and "5 peserta" in logged.detail
    rows = CalamineWorkbook.from_path(str(tmp_path / "b.xlsx")).get_sheet_by_index(0).to_python()
    answers = [[r[0], r[1], kpj(i), "DITERIMA", ""] for i, r in enumerate(rows[1:])]
    answers[0][2:] = ["", "DITOLAK", "Data tidak padan"]
    path = response_csv(tmp_path / "r.csv", answers)
    result = json.loads(run("enrolment", "import", str(path), "--programme", "P", "--json"))
    assert (result["diterima"], result["ditolak"], result["errors"]) == (4, 1, [])

    billed = json.loads(run("billing", "run", "--programme", "P", "--month", "2027-02",
                            "--through", "--json"))  # fmt: skip
    assert [m["bulan"] for m in billed] == ["2027-01", "2027-02"]
    assert billed[0]["peserta"] == 4 and billed[0]["jumlah"] == 4 * 16_800
    again = json.loads(run("billing", "run", "--programme", "P", "--month", "2027-01", "--json"))
    assert again[0]["baris_baru"] == 0

    invoice = Tagihan.objects.filter(program=program).order_by("bulan").first()
    payments = tmp_path / "p.csv"
    with payments.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [["Nomor Tagihan", "Tanggal Bayar", "Jumlah", "Referensi"],
             [invoice.nomor, YESTERDAY, "40000", "SP2D-1"]]
        )  # fmt: skip
    first, second = user("keu-1", "keuangan", "64"), user("keu-2", "keuangan", "64")
    paid = json.loads(run("payments", "import", str(payments), "--user", "keu-1", "--json"))
    assert paid["recorded"] == 1
    # A payment file counts once a second officer confirms it (the two-person rule).
    waiting = json.loads(run("billing", "reconcile", "--programme", "P", "--json"))
    assert (waiting["dibayar"], waiting["cocok"]) == (0, True)
    with pytest.raises(CommandError, match="Anda catat sendiri") as own:
        run("payments", "konfirmasi", paid["import"], "--user", first.username)
    assert own.value.returncode == 2
    assert "1 pembayaran" in run("payments", "konfirmasi", paid["import"], "--user", "keu-2")
    assert Pembayaran.objects.get().confirmed_by == second
    check = json.loads(run("billing", "reconcile", "--programme", "P", "--json"))
    assert check == {"ditagih": 2 * 4 * 16_800, "dibayar": 40_000,
                     "tunggakan": 2 * 4 * 16_800 - 40_000, "cocok": True, "masalah": 0}  # fmt: skip

    dead = Peserta.objects.filter(program=program, status="diterima").first()
    claims = tmp_path / "k.csv"
    with claims.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [["KPJ", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah", "Ahli Waris"],
             [dead.kpj, "JKM", "2025-12-01", YESTERDAY, "42000000", "Istri"]]
        )  # fmt: skip
    claimed = json.loads(run("claims", "import", str(claims), "--json"))
    assert (claimed["added"], claimed["deaths"]) == (1, 1)


def test_unusable_input_exits_2_with_a_message(tmp_path):
    approved_program(months=3)
    with pytest.raises(CommandError, match="tidak ditemukan") as missing:
        run("payments", "import", str(tmp_path / "none.csv"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError, match="Program X tidak ditemukan"):
        run("billing", "run", "--programme", "X", "--month", "2027-01")
    with pytest.raises(CommandError, match="TTTT-BB"):
        run("billing", "run", "--programme", "P", "--month", "Januari")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="Kolom wajib") as unusable:
        run("claims", "import", str(bad))
    assert unusable.value.returncode == 2
    with pytest.raises(CommandError, match="--user"):
        run("enrolment", "import", str(bad), "--programme", "P", "--ganti")


def test_billing_outside_the_programme_fails_with_the_reason():
    approved_program(months=3)
    with pytest.raises(CommandError, match="di luar masa program"):
        run("billing", "run", "--programme", "P", "--month", "2027-07")


def test_renew_from_the_command_line(tmp_path):
    from billing_world import admin, enrol_all

    program = approved_program(months=3)
    enrol_all(program, tmp_path)
    user = admin()

    out = json.loads(run("enrolment", "renew", "--programme", "P", "--user", user.username,
                         "--code", "P-2", "--json"))  # fmt: skip

    assert out["program"] == "P-2" and out["lanjut"] == 5
    program.refresh_from_db()
    assert program.status == "selesai"


def test_an_import_by_a_user_without_the_right_exits_2_with_the_reason(tmp_path):
    from django.contrib.auth import get_user_model

    from jaring.accounts.models import Role

    approved_program(months=3)
    get_user_model().objects.create_user("pimpinan", None, None, role=Role.VIEWER, wilayah_id="64")
    claims = tmp_path / "k.csv"
    claims.write_text("KPJ,Jenis Klaim,Tanggal Kejadian,Tanggal Bayar,Jumlah\n")

    with pytest.raises(CommandError, match="tidak berwenang") as raised:
        run("claims", "import", str(claims), "--user", "pimpinan")

    assert raised.value.returncode == 2
