"""BPJS membership file: `jaring membership import`, idempotence, newer-file replacement,
row-level errors, and the "already actively covered" flag with its evidence.

Registry persons come in through the real intake service (MIXED_ROWS of the intake
samples: Budi Santoso, Siti Aminah and Dewi Lestari in Balikpapan).
"""

import datetime as dt
import sys
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv

from jaring.accounts.models import Role, User
from jaring.intake.services import intake_file
from jaring.matching.membership import import_membership
from jaring.matching.models import Membership, MembershipImport, MembershipRowError
from jaring.matching.queries import actively_covered, actively_covered_person_ids, evidence_for
from jaring.registry.models import Person
from jaring.registry.services import add_agency

pytestmark = pytest.mark.django_db

BUDI, SITI, DEWI = "6471010505850001", "6471054507900002", "3578014101950003"
OUTSIDER = "6472011203880001"  # a BPJS participant who is not in the registry
TODAY = dt.date.today()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
LAPSED = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)  # two months ago
HEADER = ["No KPJ", "NIK", "Nama Peserta", "Tgl Lahir", "Segmen", "Status", "Bulan Terakhir Bayar"]


def month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


GOOD_ROWS = [
    # 2: Budi, the same name in capitals, paid this month → covered
    ["21000000001", BUDI, "BUDI SANTOSO", "05-05-1985", "BPU", "AKTIF", month(THIS_MONTH)],
    # 3: Siti, another spelling and another birth date, paid last month → covered
    ["21000000002", SITI, "Sitti Aminah", "1990-07-06", "PU", "Aktif", LAST_MONTH.strftime("%m/%Y")],
    # 4: Dewi, membership ended → matched but not covered
    ["21000000003", DEWI, "Dewi Lestari", "1995-01-01", "BPU", "NON AKTIF", month(LAPSED)],
    # 5: a participant Jaring does not know
    ["21000000004", OUTSIDER, "Yusuf Maulana", "12/03/1988", "Penerima Upah", "AKTIF", month(THIS_MONTH)],
]  # fmt: skip
BAD_ROWS = [
    # 6 kpj: ten digits
    ["2100000005", "6471010606860003", "Dedi Kurniawan", "1986-06-06", "BPU", "AKTIF", ""],
    # 7 segmen unknown
    ["21000000006", "6471010707870004", "Wahyu Pratama", "1987-07-07", "JAKON", "AKTIF", ""],
    # 8 status missing
    ["21000000007", "6471010808880005", "Agus Salim", "1988-08-08", "BPU", "", ""],
    # 9 nik: Excel scientific notation
    ["21000000008", "6.47101E+15", "Rahmat Hidayat", "1985-05-05", "BPU", "AKTIF", ""],
    # 10 kpj: the same as row 2
    ["21000000001", "6471011010900007", "Eko Prasetyo", "1990-10-10", "BPU", "AKTIF", ""],
    # 11 bulan terakhir bayar: month 13
    ["21000000009", "6471011111910008", "Fajar Nugroho", "1991-11-11", "BPU", "AKTIF", "13/2024"],
]  # fmt: skip
EXPECTED_ERRORS = {
    6: "kpj",
    7: "segmen",
    8: "status",
    9: "nik",
    10: "kpj",
    11: "bulan_terakhir_bayar",
}


@pytest.fixture
def registry(tmp_path):
    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    intake_file(path=write_csv(tmp_path / "pekerja.csv", MIXED_ROWS), agency=agency)
    return {p.nik: p for p in Person.objects.filter(nik__in=[BUDI, SITI, DEWI])}


def membership_csv(path: Path, rows, header=HEADER, delimiter=",") -> Path:
    return write_csv(path, rows, header=header, delimiter=delimiter)


def covered_niks(as_of=None) -> set[str]:
    ids = actively_covered_person_ids(as_of)
    return set(Person.objects.filter(id__in=ids).values_list("nik", flat=True))


def snapshot() -> list[tuple]:
    return list(
        Membership.objects.order_by("kpj").values_list(
            "pk", "kpj", "nik", "nama", "status", "bulan_terakhir_bayar", "tanggal_data",
            "source_import_id", "row_number", "updated_at",
        )
    )  # fmt: skip


def test_cli_imports_valid_rows_and_reports_each_bad_row(registry, tmp_path, capsys):
    path = membership_csv(tmp_path / "peserta.csv", GOOD_ROWS + BAD_ROWS)

    call_command("membership", "import", str(path))

    out = capsys.readouterr().out
    assert "10 baris — 4 baru, 0 diperbarui, 0 tidak berubah" in out
    assert "6 ditolak" in out
    assert "baris 6, kolom kpj: Nomor KPJ harus 11 digit angka (tertulis 2100000005)." in out
    assert "baris 10, kolom kpj: Nomor KPJ 21000000001 sudah ada di baris 2" in out
    stored = dict(Membership.objects.values_list("kpj", "nik"))
    assert stored == {
        "21000000001": BUDI, "21000000002": SITI, "21000000003": DEWI, "21000000004": OUTSIDER,
    }  # fmt: skip
    imported = MembershipImport.objects.get()
    assert (imported.rows, imported.added, imported.rejected) == (10, 4, 6)
    errors = dict(MembershipRowError.objects.values_list("row_number", "field"))
    assert errors == EXPECTED_ERRORS


def test_values_are_normalised(registry, tmp_path):
    import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))

    siti = Membership.objects.get(kpj="21000000002")
    assert (siti.segmen, siti.status, siti.bulan_terakhir_bayar) == ("PU", "aktif", LAST_MONTH)
    assert siti.tanggal_lahir == dt.date(1990, 7, 6)
    assert Membership.objects.get(kpj="21000000003").status == "nonaktif"
    assert Membership.objects.get(kpj="21000000004").segmen == "PU"  # "Penerima Upah"


def test_reimporting_the_same_file_changes_nothing(registry, tmp_path, capsys):
    path = membership_csv(tmp_path / "peserta.csv", GOOD_ROWS + BAD_ROWS)
    call_command("membership", "import", str(path))
    before = snapshot()
    capsys.readouterr()

    call_command("membership", "import", str(path))

    assert "sudah diimpor" in capsys.readouterr().out
    assert snapshot() == before
    assert MembershipImport.objects.count() == 1
    assert MembershipRowError.objects.count() == len(EXPECTED_ERRORS)


def test_the_same_rows_in_another_file_change_nothing(registry, tmp_path):
    first = import_membership(
        path=membership_csv(tmp_path / "a.csv", GOOD_ROWS), tanggal_data=TODAY
    )
    before = snapshot()

    # Same content, semicolon-separated and in another order: other bytes, same facts.
    second = import_membership(
        path=membership_csv(tmp_path / "b.csv", GOOD_ROWS[::-1], delimiter=";"),
        tanggal_data=TODAY,
    )

    assert not second.already_imported
    counts = second.membership_import
    assert (counts.added, counts.updated, counts.unchanged, counts.older) == (0, 0, 4, 0)
    assert snapshot() == before
    assert set(Membership.objects.values_list("source_import", flat=True)) == {
        first.membership_import.pk
    }


def test_a_newer_file_replaces_per_kpj_and_an_older_one_does_not(registry, tmp_path):
    import_membership(path=membership_csv(tmp_path / "okt.csv", GOOD_ROWS), tanggal_data=TODAY)
    assert covered_niks() == {BUDI, SITI}
    ended = [
        ["21000000001", BUDI, "BUDI SANTOSO", "05-05-1985", "BPU", "NONAKTIF", month(THIS_MONTH)]
    ]

    newer = import_membership(
        path=membership_csv(tmp_path / "nov.csv", ended), tanggal_data=TODAY + dt.timedelta(days=1)
    )

    assert newer.membership_import.updated == 1
    budi = Membership.objects.get(kpj="21000000001")
    assert (budi.status, budi.source_import_id) == ("nonaktif", newer.membership_import.pk)
    assert covered_niks() == {SITI}
    assert Membership.objects.count() == 4  # KPJs absent from the newer file stay as they were

    # Last month's file, loaded late, cannot bring the ended membership back.
    stale = import_membership(
        path=membership_csv(tmp_path / "sep.csv", GOOD_ROWS[:1]),
        tanggal_data=TODAY - dt.timedelta(days=30),
    )
    assert (stale.membership_import.older, stale.membership_import.updated) == (1, 0)
    assert Membership.objects.get(kpj="21000000001").status == "nonaktif"


def test_covered_means_active_with_a_recent_paid_month(registry, tmp_path):
    import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))

    assert covered_niks() == {BUDI, SITI}  # Dewi's membership is not active
    # Next month Siti's last paid month (last month) is two months behind: lapsed.
    next_month = (THIS_MONTH + dt.timedelta(days=32)).replace(day=1)
    assert covered_niks(next_month) == {BUDI}
    assert covered_niks(TODAY.replace(year=TODAY.year + 1)) == set()


def test_flag_is_an_expression_programmes_can_filter_on(registry, tmp_path):
    import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))

    not_covered = Person.objects.filter(~actively_covered()).values_list("nik", flat=True)
    annotated = dict(Person.objects.annotate(sudah=actively_covered()).values_list("nik", "sudah"))

    assert DEWI in set(not_covered) and BUDI not in set(not_covered)
    assert annotated[BUDI] is True and annotated[DEWI] is False


def test_a_person_registered_after_the_import_is_flagged(tmp_path):
    import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))
    agency = add_agency(kode="DINSOS-6472", nama="Dinsos Samarinda", wilayah_kode="64.72")
    row = [OUTSIDER, "Yusuf Maulana", "1988-03-12", "L", "64.72.01.1001", "", "ojek", "", "", ""]

    intake_file(path=write_csv(tmp_path / "smd.csv", [row]), agency=agency)

    assert covered_niks() == {OUTSIDER}


def test_evidence_records_which_row_and_what_agrees(registry, tmp_path):
    result = import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))

    [budi] = evidence_for(registry[BUDI])
    [siti] = evidence_for(registry[SITI])
    [dewi] = evidence_for(registry[DEWI])

    assert budi.source == result.membership_import and budi.membership.row_number == 2
    assert (budi.covered, budi.nama_sama, budi.tanggal_lahir_sama) == (True, True, True)
    # "Sitti" is a spelling variant of "Siti"; the birth date differs by a day.
    assert (siti.covered, siti.nama_sama, siti.nama_mirip) == (True, False, True)
    assert siti.tanggal_lahir_sama is False
    assert dewi.covered is False


def test_xlsx_with_numeric_nik_and_kpj_cells_is_read_exactly(registry, tmp_path):
    path = tmp_path / "peserta.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_number(1, 0, 21000000001)
    sheet.write_number(1, 1, int(BUDI))
    sheet.write_row(1, 2, ["Budi Santoso"])
    sheet.write_datetime(
        1, 3, dt.datetime(1985, 5, 5), workbook.add_format({"num_format": "d/m/yyyy"})
    )
    sheet.write_row(1, 4, ["BPU", "AKTIF", month(THIS_MONTH)])
    workbook.close()

    result = import_membership(path=path)

    assert result.errors == []
    budi = Membership.objects.get()
    assert (budi.kpj, budi.nik, budi.tanggal_lahir) == ("21000000001", BUDI, dt.date(1985, 5, 5))


def test_unusable_file_exits_2_and_writes_nothing(registry, tmp_path, settings):
    path = membership_csv(tmp_path / "salah.csv", [["x", "y"]], header=["NIK", "Nama"])

    with pytest.raises(CommandError) as raised:
        call_command("membership", "import", str(path))

    assert raised.value.returncode == 2
    assert "Kolom wajib tidak ditemukan: Nomor KPJ" in str(raised.value)
    assert not MembershipImport.objects.exists() and not Membership.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "kepesertaan").exists()


def test_a_failure_after_loading_leaves_nothing_behind(registry, tmp_path, settings):
    """The worker may be stopped at any step; a failure after the rows are written
    must take back the import record, the rows, the errors and the kept file."""
    import_membership(path=membership_csv(tmp_path / "a.csv", GOOD_ROWS[:1]))
    before = snapshot()
    kept = sorted((Path(settings.MEDIA_ROOT) / "kepesertaan").iterdir())

    class Stopped(Exception):
        pass

    def stop_when_saved(percent, message):
        if percent == 95:
            raise Stopped

    with pytest.raises(Stopped):
        import_membership(
            path=membership_csv(tmp_path / "b.csv", GOOD_ROWS + BAD_ROWS),
            tanggal_data=TODAY + dt.timedelta(days=1),
            progress=stop_when_saved,
        )

    assert snapshot() == before
    assert MembershipImport.objects.count() == 1
    assert not MembershipRowError.objects.exists()
    assert sorted((Path(settings.MEDIA_ROOT) / "kepesertaan").iterdir()) == kept


def make_user(role: str, wilayah: str = "64.71") -> User:
    return User.objects.create_user(
        role, f"{role}@example.org", None, role=role, wilayah_id=wilayah
    )


def test_person_page_shows_the_flag_and_its_evidence(registry, tmp_path, client):
    result = import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))
    client.force_login(make_user(Role.VERIFIER))

    html = client.get(reverse("registry:detail", args=[registry[BUDI].pk])).content.decode()

    assert "Sudah terlindungi aktif" in html
    assert "21000000001" in html and result.membership_import.nomor in html
    html = client.get(reverse("registry:detail", args=[registry[DEWI].pk])).content.decode()
    assert "Tidak terlindungi aktif" in html


def test_person_page_masks_membership_identity_for_leadership(registry, tmp_path, client):
    import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS))
    client.force_login(make_user(Role.VIEWER))

    html = client.get(reverse("registry:detail", args=[registry[BUDI].pk])).content.decode()

    assert "Sudah terlindungi aktif" in html
    assert "21000000001" not in html and "2100***0001" in html
    assert "05-05-1985" not in html


def test_membership_import_list_page(registry, tmp_path, client):
    result = import_membership(path=membership_csv(tmp_path / "p.csv", GOOD_ROWS + BAD_ROWS))
    client.force_login(make_user(Role.VIEWER))

    response = client.get(reverse("matching:membership_imports"))

    assert response.status_code == 200
    assert result.membership_import.nomor in response.content.decode()
    assert BUDI not in response.content.decode()
