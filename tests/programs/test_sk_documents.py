"""The SK's beneficiary attachment, read back the way a person reads it: the XLSX opened
with calamine, the PDF's text extracted with PDFium. Numbering, subtotals that add up
to the total, masking per role and scope, DRAF until the SK is issued, the access log."""

import datetime as dt

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.urls import reverse
from programs_world import make_people, make_program
from python_calamine import CalamineWorkbook

from jaring.accounts.models import AccessAction, AccessLog, Role, User
from jaring.programs import documents, services
from jaring.programs.selection import run_selection

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 1, 1)
COST = 12 * 16_800  # twelve months at the floor


def pdf_text(content: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(content)
    return [page.get_textpage().get_text_range() for page in pdf]


def xlsx_rows(content: bytes, tmp_path) -> list[list]:
    path = tmp_path / "lampiran.xlsx"
    path.write_bytes(content)
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def listed(rows: list[list]) -> list[list]:
    """The person rows: a number in the first column, a NIK in the second."""
    start = next(i for i, row in enumerate(rows) if row[0] == "No.")
    out = []
    for row in rows[start + 1 :]:
        if row[0] == "" and row[1] == "":
            break
        if isinstance(row[0], (int, float)) and row[0] != "":
            out.append(row)
    return out


@pytest.fixture
def staff():
    make = lambda name, role, region: User.objects.create(  # noqa: E731
        username=name, role=role, wilayah_id=region, first_name=name
    )
    return {
        "manager": make("pengelola", Role.MANAGER, "64"),
        # Runs the selection and approves amendments (two-person rule).
        "second": make("pengelola-2", Role.MANAGER, "64"),
        "bpn": make("verif-bpn", Role.VERIFIER, "64.71"),
        "smd": make("verif-smd", Role.VERIFIER, "64.72"),
        "keuangan": make("keuangan", Role.FINANCE, "64"),
        "pimpinan": make("pimpinan", Role.VIEWER, "64"),
        "bpjs": make("bpjs", Role.BPJS, "64"),
    }


@pytest.fixture
def program(staff):
    """A province programme: 45 Balikpapan and 5 Samarinda workers, 40 + 3 selected."""
    make_people([("64.71", BORN, "ojek", None)] * 45)
    make_people([("64.72", BORN, "nelayan", None)] * 5, first_nik=6472010100000000)
    program = make_program(kode="KALTIM-27", kuota_total=43, alokasi="tetap")
    services.save_program(
        user=staff["manager"], program=program, kuota_tetap={"64.71": 40, "64.72": 3}
    )
    run_selection(program, user=staff["second"])
    return program


def approve(program, staff):
    services.verify_region(user=staff["bpn"], program=program, kode="64.71")
    services.verify_region(user=staff["smd"], program=program, kode="64.72")
    services.approve(user=staff["manager"], program=program)
    program.refresh_from_db()


def decree(program, staff):
    services.issue_decree(
        user=staff["manager"], program=program, nomor_sk="500.15/2026/K.901",
        tanggal_sk=dt.date(2026, 12, 15), tempat="Samarinda",
        jabatan="Gubernur Kalimantan Timur", nama="Rudy Mas'ud",
    )  # fmt: skip
    program.refresh_from_db()


def active_niks(program) -> set[str]:
    return set(services.active_beneficiaries(program).values_list("person__nik", flat=True))


def test_xlsx_numbers_every_beneficiary_once_grouped_by_regency(program, staff, tmp_path):
    approve(program, staff)

    rows = xlsx_rows(documents.xlsx(documents.build(program, staff["manager"])), tmp_path)

    people = listed(rows)
    assert [int(r[0]) for r in people] == list(range(1, 44))
    assert {r[1] for r in people} == active_niks(program)
    regencies = [r[1][:5] for r in people]  # NIK region digits follow the list's grouping
    assert regencies == sorted(regencies)
    assert [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("KOTA ")] == [
        "KOTA BALIKPAPAN",
        "KOTA SAMARINDA",
    ]


def test_regency_subtotals_add_up_to_the_recapitulated_total(program, staff, tmp_path):
    approve(program, staff)

    rows = xlsx_rows(documents.xlsx(documents.build(program, staff["manager"])), tmp_path)

    subtotals = {r[1]: (int(r[5]), int(r[7])) for r in rows if str(r[1]).startswith("Jumlah ")}
    assert subtotals == {
        "Jumlah Kota Balikpapan": (40, 40 * COST),
        "Jumlah Kota Samarinda": (3, 3 * COST),
    }
    recap_start = next(i for i, r in enumerate(rows) if r[0] == "REKAPITULASI PER KABUPATEN/KOTA")
    recap = {r[1]: r for r in rows[recap_start + 2 :] if r[1]}
    total = recap["JUMLAH"]
    assert int(total[2]) == sum(p for p, _ in subtotals.values()) == 43
    assert int(total[4]) == sum(i for _, i in subtotals.values()) == 43 * COST
    # Every regency of the programme is recapitulated, those without anyone as zero.
    assert len(recap) == 10 + 1
    assert int(recap["Kota Bontang"][2]) == 0
    assert sum(int(r[4]) for k, r in recap.items() if k != "JUMLAH") == int(total[4])


def test_pdf_has_header_list_recapitulation_signature_and_page_numbers(program, staff):
    approve(program, staff)
    decree(program, staff)

    pages = pdf_text(documents.pdf(documents.build(program, staff["manager"])))
    text = "\n".join(pages)

    assert "LAMPIRAN KEPUTUSAN GUBERNUR KALIMANTAN TIMUR" in pages[0]
    assert "500.15/2026/K.901" in pages[0] and "15 Desember 2026" in pages[0]
    assert "DRAF" not in text
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    assert all(nik in text for nik in active_niks(program))
    assert "Jumlah Kota Balikpapan" in text and "40 orang · iuran Rp 8.064.000" in text
    assert "REKAPITULASI PER KABUPATEN/KOTA" in pages[-1]
    assert "8.668.800" in pages[-1]  # 43 × Rp 201,600
    assert "Ditetapkan di Samarinda" in pages[-1] and "RUDY MAS'UD" in pages[-1]


def test_attachment_is_marked_draft_until_the_sk_is_issued(program, staff, tmp_path):
    # After selection: the selected persons, as approval would freeze them.
    draft = documents.build(program, staff["manager"])
    assert draft.draf and draft.total_orang == 43
    assert "DRAF" in pdf_text(documents.pdf(draft))[0]
    assert xlsx_rows(documents.xlsx(draft), tmp_path)[0][0] == "DRAF — BELUM DITETAPKAN"

    approve(program, staff)
    approved = documents.build(program, staff["manager"])
    assert approved.draf
    assert all("DRAF" in page for page in pdf_text(documents.pdf(approved)))

    decree(program, staff)
    issued = documents.build(program, staff["manager"])
    assert not issued.draf
    assert "DRAF" not in "".join(pdf_text(documents.pdf(issued)))
    assert xlsx_rows(documents.xlsx(issued), tmp_path)[0][0].startswith("LAMPIRAN KEPUTUSAN")
    assert issued.filename == "lampiran-sk-kaltim-27"


@pytest.mark.parametrize(("role", "masked"), [
    ("manager", False), ("bpjs", False), ("keuangan", True), ("pimpinan", True),
])  # fmt: skip
def test_nik_and_birth_date_are_masked_for_roles_without_identities(
    program, staff, tmp_path, role, masked
):
    approve(program, staff)
    lampiran = documents.build(program, staff[role])

    text = "\n".join(pdf_text(documents.pdf(lampiran)))
    people = listed(xlsx_rows(documents.xlsx(lampiran), tmp_path))

    niks = active_niks(program)
    assert len(people) == 43
    if masked:
        assert not any(nik in text for nik in niks)
        assert all(r[1][:4] + "********" + r[1][-4:] == r[1] for r in people)
        assert {r[3] for r in people} == {"**-**-1990"}
        assert "01-01-1990" not in text
        assert "disamarkan" in text
    else:
        assert {r[1] for r in people} == niks
        assert {r[3] for r in people} == {"01-01-1990"}


def test_regency_verifier_gets_the_extract_of_their_regency(program, staff, tmp_path):
    approve(program, staff)

    lampiran = documents.build(program, staff["smd"])
    people = listed(xlsx_rows(documents.xlsx(lampiran), tmp_path))

    assert [int(r[0]) for r in people] == [1, 2, 3]
    assert all(r[1].startswith("6472") for r in people)
    assert [b.kode for b in lampiran.bagian] == ["64.72"]
    assert lampiran.total_iuran == 3 * COST
    assert "Kutipan untuk Kota Samarinda" in pdf_text(documents.pdf(lampiran))[0]


def test_withdrawn_beneficiaries_leave_the_list_and_numbering_stays_contiguous(
    program, staff, tmp_path
):
    approve(program, staff)
    decree(program, staff)
    gone = services.active_beneficiaries(program).order_by("nomor_urut")[5]
    amendment = services.replace_from_waiting_list(
        user=staff["manager"], program=program, cabut={gone.person_id: "Meninggal dunia"},
        alasan="Verifikasi lapangan",
    )  # fmt: skip
    services.approve_amendment(user=staff["second"], amendment=amendment)

    lampiran = documents.build(program, staff["manager"])
    people = listed(xlsx_rows(documents.xlsx(lampiran), tmp_path))

    assert [int(r[0]) for r in people] == list(range(1, 44))
    assert gone.person.nik not in {r[1] for r in people}
    assert {r[1] for r in people} == active_niks(program)
    assert lampiran.amandemen == 1
    assert "amandemen ke-1" in pdf_text(documents.pdf(lampiran))[0]


def test_each_download_is_logged_as_an_export_of_persons(program, staff):
    approve(program, staff)
    client = Client()
    client.force_login(staff["keuangan"])

    pdf = client.get(reverse("programs:attachment_pdf", args=[program.pk]), REMOTE_ADDR="10.1.2.3")
    xlsx = client.get(reverse("programs:attachment_xlsx", args=[program.pk]))

    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf["Content-Disposition"] == 'attachment; filename="lampiran-sk-draf-kaltim-27.pdf"'
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    logged = list(AccessLog.objects.order_by("id").values_list("action", "target", "detail"))
    assert logged == [
        (AccessAction.EXPORT_PERSONS, "program:KALTIM-27", "Lampiran SK (PDF), 43 orang, draf"),
        (AccessAction.EXPORT_PERSONS, "program:KALTIM-27", "Lampiran SK (XLSX), 43 orang, draf"),
    ]
    assert AccessLog.objects.order_by("id").first().ip_address == "10.1.2.3"


def test_no_attachment_before_the_first_selection(staff):
    program = make_program(kode="BARU")
    client = Client()
    client.force_login(staff["manager"])

    response = client.get(reverse("programs:attachment_pdf", args=[program.pk]))

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("region", "title"),
    [("64", "Gubernur Kalimantan Timur"), ("64.72", "Wali Kota Samarinda"),
     ("64.02", "Bupati Kutai Kartanegara")],
)  # fmt: skip
def test_default_signatory_is_the_head_of_the_programme_region(region, title):
    assert documents.default_title(make_program(kode=region, wilayah_id=region)) == title


def test_draft_narrowed_to_one_city_lists_only_that_city(program, staff, tmp_path):
    # The old selection rows of Balikpapan stay until the selection runs again; the
    # draft attachment follows the programme's region, not those rows.
    program.wilayah_id = "64.72"
    services.save_program(user=staff["manager"], program=program)
    program.refresh_from_db()

    lampiran = documents.build(program, staff["manager"])

    assert [b.kode for b in lampiran.bagian] == ["64.72"]
    assert lampiran.total_orang == 3
    assert {r[1][:4] for r in listed(xlsx_rows(documents.xlsx(lampiran), tmp_path))} == {"6472"}


def test_a_programme_named_like_a_formula_is_quoted_text_in_the_xlsx(program, staff, tmp_path):
    attack = "@SUM(1+1)*cmd|' /C calc'!A0"
    program.nama = attack
    program.save(update_fields=["nama"])

    rows = xlsx_rows(documents.xlsx(documents.build(program, staff["manager"])), tmp_path)

    cells = [c for row in rows for c in row]
    assert "'" + attack in cells and attack not in cells
