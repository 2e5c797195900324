"""Every role × every page and export × in-scope / out-of-scope target.

The table below is the specification: one row per role, the HTTP status each page
answers. Targets come from the world in conftest.py:

* ``bpn``  — submitted by DKP-6471 (Balikpapan), the operator's own agency;
* ``bpn2`` — submitted by DINSOS-6471, another agency in Balikpapan;
* ``smd``  — submitted by DINSOS-6472 in Samarinda.

The same letters name the person each submission brought in (Budi Santoso, Rudi Hartono,
Yusuf Maulana). Out of scope is 404, never 403, so guessing ids or numbers reveals
nothing; a page the role may not use at all is 403.
"""

import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook
from web_world import BPN2_NAME, BPN_NAME, SMD_NAME, USERS

from jaring.dashboard.services import refresh_summaries
from jaring.intake.models import Submission

pytestmark = pytest.mark.django_db

TARGETS = ("bpn", "bpn2", "smd")
PERSON_NAMES = {"bpn": BPN_NAME, "bpn2": BPN2_NAME, "smd": SMD_NAME}


@dataclass(frozen=True)
class Expect:
    upload: int  # GET of the upload page
    access_log: int  # the personal-data access log page
    submission: tuple[int, int, int]  # submission detail of bpn, bpn2, smd
    rejected: tuple[int, int, int]  # rejected-rows XLSX of bpn, bpn2, smd
    person: tuple[int, int, int]  # person detail of bpn, bpn2, smd
    report: tuple[int, int, int]  # the worker's own data report (UU PDP) of bpn, bpn2, smd


E = Expect
# Home, the submission list, the registry list and the dashboard (its page, its monthly
# report, its chart images) answer 200 to every signed-in role; what they list is checked
# against the submission/person columns further down (the dashboard's regional scope in
# test_dashboard_report_counts_only_persons_in_scope, and in tests/dashboard).
DASHBOARD_PAGES = ("dashboard", "report_pdf", "report_xlsx", "chart_png")
# fmt: off
MATRIX = {
    #                 upload log  submission       rejected xlsx    person detail    data report
    "operator":       E(200, 403, (200, 404, 404), (200, 404, 404), (200, 404, 404), (403, 404, 404)),
    "verifikator":    E(403, 403, (200, 200, 404), (200, 200, 404), (200, 200, 404), (200, 200, 404)),
    "pengelola_kota": E(403, 403, (200, 200, 404), (200, 200, 404), (200, 200, 404), (200, 200, 404)),
    "pengelola_prov": E(403, 403, (200, 200, 200), (200, 200, 200), (200, 200, 200), (200, 200, 200)),
    "keuangan":       E(403, 403, (200, 200, 404), (403, 403, 403), (200, 200, 404), (403, 403, 404)),
    "bpjs":           E(403, 403, (200, 200, 404), (200, 200, 404), (200, 200, 404), (403, 403, 404)),
    "pimpinan":       E(403, 403, (200, 200, 404), (403, 403, 403), (200, 200, 404), (403, 403, 404)),
    "admin":          E(200, 200, (200, 200, 200), (200, 200, 200), (200, 200, 200), (200, 200, 200)),
}
# fmt: on


def test_matrix_covers_every_role():
    assert set(MATRIX) == set(USERS)
    assert {role for role, *_ in USERS.values()} >= {
        "operator", "verifikator", "pengelola", "keuangan", "bpjs", "pimpinan", "admin",
    }  # fmt: skip


def url_of(world, page: str, target: str | None) -> str:
    if page == "home":
        return reverse("home")
    if page == "submission_list":
        return reverse("intake:list")
    if page == "upload":
        return reverse("intake:upload")
    if page == "registry_list":
        return reverse("registry:list")
    if page == "access_log":
        return reverse("access_log")
    if page == "dashboard":
        return reverse("dashboard:index")
    if page in ("report_pdf", "report_xlsx"):
        return reverse(f"dashboard:{page}")
    if page == "chart_png":
        return reverse("dashboard:png", args=["pekerjaan"])
    if page == "submission":
        return reverse("intake:detail", args=[world.submissions[target].nomor])
    if page == "rejected":
        return reverse("intake:rejected", args=[world.submissions[target].nomor])
    if page == "person":
        return reverse("registry:detail", args=[world.persons[target].pk])
    if page == "report":
        return reverse("personal_report", args=[world.persons[target].pk])
    raise AssertionError(page)


def matrix_cases():
    for role, expect in MATRIX.items():
        for page in ("home", "submission_list", "registry_list", *DASHBOARD_PAGES):
            yield pytest.param(role, page, None, 200, id=f"{role}-{page}")
        yield pytest.param(role, "upload", None, expect.upload, id=f"{role}-upload")
        yield pytest.param(role, "access_log", None, expect.access_log, id=f"{role}-access_log")
        for page in ("submission", "rejected", "person", "report"):
            for target, status in zip(TARGETS, getattr(expect, page), strict=True):
                yield pytest.param(role, page, target, status, id=f"{role}-{page}-{target}")


@pytest.mark.parametrize(("role", "page", "target", "status"), list(matrix_cases()))
def test_role_gets_expected_status(world, role, page, target, status):
    response = world.client(role).get(url_of(world, page, target))

    assert response.status_code == status
    if status == 200 and page == "rejected":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"
    if status == 200 and page == "submission":
        assert world.submissions[target].nomor.encode() in response.content
    if status == 200 and page == "person":
        assert PERSON_NAMES[target].encode() in response.content
    if status == 200 and page == "report":
        assert response["Content-Type"] == "application/pdf"
        assert response.content[:5] == b"%PDF-"


def visible(role: str, column: str) -> dict[str, bool]:
    statuses = getattr(MATRIX[role], column)
    return {target: status == 200 for target, status in zip(TARGETS, statuses, strict=True)}


@pytest.mark.parametrize("role", MATRIX)
def test_registry_list_shows_exactly_the_persons_in_scope(world, role):
    html = world.client(role).get(reverse("registry:list")).content.decode()

    shown = {target: PERSON_NAMES[target] in html for target in TARGETS}
    assert shown == visible(role, "person")


@pytest.mark.parametrize("role", MATRIX)
def test_submission_list_shows_exactly_the_submissions_in_scope(world, role):
    html = world.client(role).get(reverse("intake:list")).content.decode()

    shown = {target: world.submissions[target].nomor in html for target in TARGETS}
    assert shown == visible(role, "submission")


@pytest.mark.parametrize("role", MATRIX)
def test_home_counts_rejected_rows_to_fix_only_in_scope(world, role):
    # Every submission of the world has rejected rows: an operator's home counts its own
    # agency's (the administrator's all), and the list it links to shows exactly the
    # submissions in scope.
    client = world.client(role)
    items = {item.key: item for item in client.get(reverse("home")).context["items"]}
    in_scope = visible(role, "submission")
    if role in ("operator", "admin"):
        assert items["baris_ditolak"].count == sum(in_scope.values())
    else:
        assert "baris_ditolak" not in items
    html = client.get(reverse("intake:list") + "?perlu=perbaikan").content.decode()
    shown = {target: world.submissions[target].nomor in html for target in TARGETS}
    assert shown == in_scope


# DKP-6471's file brings three Balikpapan persons, each other file one.
PERSON_COUNT = {
    "operator": 3, "verifikator": 4, "pengelola_kota": 4, "pengelola_prov": 5,
    "keuangan": 4, "bpjs": 4, "pimpinan": 4, "admin": 5,
}  # fmt: skip


@pytest.mark.parametrize(("role", "count"), PERSON_COUNT.items())
def test_home_counts_only_persons_in_scope(world, role, count):
    response = world.client(role).get(reverse("home"))

    assert response.context["person_count"] == count


# --- Programmes ------------------------------------------------------------------------
# Targets: ``bpn`` — Balikpapan's programme (64.71), approved and decreed; ``smd`` —
# Samarinda's (64.72), a selected draft. Editing an approved programme redirects to its
# page (302); a draft has no beneficiary list yet (404 for everyone); a draft's SK
# attachment is its selection marked DRAF.


@dataclass(frozen=True)
class ProgramExpect:
    list: int
    create: int
    detail: tuple[int, int]  # bpn, smd
    edit: tuple[int, int]
    selection: tuple[int, int]
    beneficiaries: tuple[int, int]
    sk_pdf: tuple[int, int]
    sk_xlsx: tuple[int, int]


P = ProgramExpect
PROGRAM_TARGETS = ("bpn", "smd")
PROGRAM_PAGES = ("detail", "edit", "selection", "beneficiaries", "sk_pdf", "sk_xlsx")
# fmt: off
PROGRAM_MATRIX = {
    #                 list create detail      edit        selection   beneficiaries pdf         xlsx
    "operator":       P(403, 403, (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403)),
    "verifikator":    P(200, 403, (200, 404), (403, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "pengelola_kota": P(200, 200, (200, 404), (302, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "pengelola_prov": P(200, 200, (200, 200), (302, 200), (200, 200), (200, 404), (200, 200), (200, 200)),
    "keuangan":       P(200, 403, (200, 404), (403, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "bpjs":           P(200, 403, (200, 404), (403, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "pimpinan":       P(200, 403, (200, 404), (403, 404), (200, 404), (200, 404), (200, 404), (200, 404)),
    "admin":          P(200, 200, (200, 200), (302, 200), (200, 200), (200, 404), (200, 200), (200, 200)),
}
# fmt: on
PROGRAM_URLS = {
    "detail": "programs:detail",
    "edit": "programs:edit",
    "selection": "programs:selection",
    "beneficiaries": "programs:beneficiaries",
    "sk_pdf": "programs:attachment_pdf",
    "sk_xlsx": "programs:attachment_xlsx",
}  # fmt: skip


def test_program_matrix_covers_every_role():
    assert set(PROGRAM_MATRIX) == set(USERS)


def program_url(world, page: str, target: str | None) -> str:
    if page == "program_list":
        return reverse("programs:list")
    if page == "program_create":
        return reverse("programs:create")
    return reverse(PROGRAM_URLS[page], args=[world.programs[target].pk])


def program_cases():
    for role, expect in PROGRAM_MATRIX.items():
        yield pytest.param(role, "program_list", None, expect.list, id=f"{role}-program_list")
        yield pytest.param(role, "program_create", None, expect.create, id=f"{role}-program_new")
        for page in PROGRAM_PAGES:
            for target, status in zip(PROGRAM_TARGETS, getattr(expect, page), strict=True):
                yield pytest.param(role, page, target, status, id=f"{role}-{page}-{target}")


@pytest.mark.parametrize(("role", "page", "target", "status"), list(program_cases()))
def test_role_gets_expected_status_on_programme_pages(world, role, page, target, status):
    response = world.client(role).get(program_url(world, page, target))

    assert response.status_code == status
    if status == 200 and page in ("detail", "selection", "beneficiaries"):
        assert world.programs[target].nama.encode() in response.content
    if status == 200 and page == "sk_pdf":
        assert response.content[:5] == b"%PDF-"
    if status == 200 and page == "sk_xlsx":
        assert response.content[:2] == b"PK"
    if status == 302:
        assert response["Location"] == reverse("programs:detail", args=[world.programs[target].pk])
    if status == 404:
        assert world.programs[target].nama.encode() not in response.content


@pytest.mark.parametrize("role", PROGRAM_MATRIX)
def test_programme_list_shows_exactly_the_programmes_in_scope(world, role):
    response = world.client(role).get(reverse("programs:list"))
    if PROGRAM_MATRIX[role].list != 200:
        assert response.status_code == 403
        return

    html = response.content.decode()
    shown = {t: f'data-kode="{world.programs[t].kode}"' in html for t in PROGRAM_TARGETS}
    assert shown == {
        t: PROGRAM_MATRIX[role].detail[i] == 200 for i, t in enumerate(PROGRAM_TARGETS)
    }


@pytest.mark.parametrize(
    "page",
    [
        "home", "submission_list", "registry_list", "upload", "access_log",
        "submission", "rejected", "person", *DASHBOARD_PAGES,
        "program_list", "program_create", *PROGRAM_PAGES,
    ],
)  # fmt: skip
def test_anonymous_visitor_is_sent_to_login(world, page):
    if page.startswith("program_") or page in PROGRAM_PAGES:
        url = program_url(world, page, "bpn")
    else:
        target = "bpn" if page in ("submission", "rejected", "person") else None
        url = url_of(world, page, target)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The dashboard's scope is a region (an operator's is their agency's), not an agency:
# persons living in Balikpapan, or in all Kaltim for the province and the administrator.
DASHBOARD_PERSONS = {
    "operator": 4, "verifikator": 4, "pengelola_kota": 4, "pengelola_prov": 5,
    "keuangan": 4, "bpjs": 4, "pimpinan": 4, "admin": 5,
}  # fmt: skip


@pytest.mark.parametrize(("role", "count"), DASHBOARD_PERSONS.items())
def test_dashboard_report_counts_only_persons_in_scope(world, role, count):
    refresh_summaries()
    client = world.client(role)

    def persons(**params) -> float:
        xlsx = client.get(reverse("dashboard:report_xlsx"), params).content
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_name("pekerjaan")
        return next(row for row in sheet.to_python() if row[0] == "Jumlah")[2]

    pdf = client.get(reverse("dashboard:report_pdf")).content

    assert persons() == count
    # Asking for Samarinda narrows a province's report; a Balikpapan user's stays theirs.
    assert persons(wilayah="64.72") == (1 if count == 5 else count)
    document = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    # The registry table's total row: persons, of whom new in the period (all of them).
    assert f"\r\nJumlah {count} {count} " in text


@pytest.mark.parametrize("role", [r for r, e in MATRIX.items() if e.upload == 403])
def test_role_without_upload_right_cannot_post_a_file(world, role):
    before = Submission.objects.count()
    upload = SimpleUploadedFile("daftar.csv", b"nik,nama\n", content_type="text/csv")

    response = world.client(role).post(reverse("intake:upload"), {"file": upload})

    assert response.status_code == 403
    assert Submission.objects.count() == before


# --- Review queue of matching ------------------------------------------------------
# Pairs and merges are seen by the roles that review matches (verifier, programme
# manager, administrator), each in its region; a pair or merge counts as in scope only
# when both persons are (the ``smd`` pair spans Balikpapan and Samarinda). Running the
# linkage over the whole registry is for managers and the administrator.
@dataclass(frozen=True)
class Review:
    queue: int  # the review queue page
    merges: int  # the list of merges
    pair: tuple[int, int]  # pair page of the bpn and smd pairs (decide POST: 302 for 200)
    run: int  # POST "run matching over the whole registry"


R = Review
# fmt: off
REVIEW = {
    #                 queue merges pair bpn, smd  run
    "operator":       R(403, 403, (403, 403), 403),
    "verifikator":    R(200, 200, (200, 404), 403),
    "pengelola_kota": R(200, 200, (200, 404), 302),
    "pengelola_prov": R(200, 200, (200, 200), 302),
    "keuangan":       R(403, 403, (403, 403), 403),
    "bpjs":           R(403, 403, (403, 403), 403),
    "pimpinan":       R(403, 403, (403, 403), 403),
    "admin":          R(200, 200, (200, 200), 302),
}
# fmt: on
PAIRS = ("bpn", "smd")


def test_review_matrix_covers_every_role():
    assert set(REVIEW) == set(USERS)


def review_cases():
    for role, expect in REVIEW.items():
        yield pytest.param(role, reverse("matching:queue"), expect.queue, id=f"{role}-queue")
        yield pytest.param(role, reverse("matching:merges"), expect.merges, id=f"{role}-merges")
        for target, status in zip(PAIRS, expect.pair, strict=True):
            yield pytest.param(role, ("pair", target), status, id=f"{role}-pair-{target}")


@pytest.mark.parametrize(("role", "page", "status"), list(review_cases()))
def test_role_gets_expected_status_on_review_pages(world, role, page, status):
    if isinstance(page, tuple):
        pair = world.pairs[page[1]]
        page = reverse("matching:pair", args=[pair.pk])

    response = world.client(role).get(page)

    assert response.status_code == status
    if "/tinjau/" in page and status == 200 and page != reverse("matching:queue"):
        assert pair.person_a.nama.encode() in response.content
        assert pair.person_b.nama.encode() in response.content


@pytest.mark.parametrize("role", [role for role, e in REVIEW.items() if e.queue == 200])
def test_review_queue_lists_exactly_the_pairs_in_scope(world, role):
    html = world.client(role).get(reverse("matching:queue")).content.decode()

    shown = {key: f'data-pair="{world.pairs[key].pk}"' in html for key in PAIRS}
    expected = zip(PAIRS, REVIEW[role].pair, strict=True)
    assert shown == {key: status == 200 for key, status in expected}


@pytest.mark.parametrize("role", REVIEW)
@pytest.mark.parametrize("target", PAIRS)
def test_deciding_a_pair_follows_the_matrix(world, role, target):
    pair = world.pairs[target]
    expected = REVIEW[role].pair[PAIRS.index(target)]

    response = world.client(role).post(
        reverse("matching:decide", args=[pair.pk]), {"keputusan": "beda"}
    )

    assert response.status_code == (302 if expected == 200 else expected)
    pair.refresh_from_db()
    assert pair.status == ("beda" if expected == 200 else "menunggu")


@pytest.mark.parametrize("role", REVIEW)
@pytest.mark.parametrize("target", PAIRS)
def test_undoing_a_merge_follows_the_matrix(world, role, target):
    from jaring.matching.models import Merge
    from jaring.matching.services import decide_pair

    decide_pair(pair=world.pairs[target], user=world.users["admin"], same=True)
    merge = Merge.objects.get(pair=world.pairs[target])
    expected = REVIEW[role].pair[PAIRS.index(target)]

    response = world.client(role).post(reverse("matching:undo", args=[merge.pk]))

    assert response.status_code == (302 if expected == 200 else expected)
    merge.refresh_from_db()
    assert (merge.undone_at is not None) == (expected == 200)


@pytest.mark.parametrize("role", REVIEW)
def test_running_the_linkage_follows_the_matrix(world, role):
    response = world.client(role).post(reverse("matching:run"))

    assert response.status_code == REVIEW[role].run


@pytest.mark.parametrize("name", ["matching:queue", "matching:merges"])
def test_anonymous_visitor_is_sent_to_login_from_review_pages(world, name):
    response = Client().get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Enrolment, contributions and claims pages -------------------------------------
# Two approved programmes on the world's persons: the province's (64), with the
# Balikpapan and Samarinda persons enrolled and one invoice, and Samarinda's own (64.72),
# outside every Balikpapan user's scope. The batch download holds NIKs: only roles that
# see identities get it, with only their regencies' rows.

BILLING_PAGES = (
    "enrol_index", "enrol_prov", "enrol_smd", "batch_csv", "billing_index", "billing_prov",
    "billing_smd", "invoice_prov", "invoice_smd", "arrears_prov", "payments_import", "claims",
    "continuation_prov",
)  # fmt: skip
# fmt: off
BILLING_MATRIX = {
    #                 enrol: idx prov smd batch  billing: idx prov smd inv  inv_smd arrears pay claims
    #                 lanjut mandiri (the province's manager and the administrator only)
    "operator":       (403, 403, 403, 403,     403, 403, 403, 403, 403, 403, 403, 403, 403),
    "verifikator":    (403, 403, 403, 403,     200, 200, 404, 200, 404, 200, 403, 200, 403),
    "pengelola_kota": (200, 200, 404, 200,     200, 200, 404, 200, 404, 200, 200, 200, 403),
    "pengelola_prov": (200, 200, 200, 200,     200, 200, 200, 200, 200, 200, 200, 200, 200),
    "keuangan":       (403, 403, 403, 403,     200, 200, 404, 200, 404, 200, 200, 200, 403),
    "bpjs":           (200, 200, 404, 200,     200, 200, 404, 200, 404, 200, 403, 200, 403),
    "pimpinan":       (403, 403, 403, 403,     200, 200, 404, 200, 404, 200, 403, 200, 403),
    "admin":          (200, 200, 200, 200,     200, 200, 200, 200, 200, 200, 200, 200, 200),
}
# fmt: on


@pytest.fixture(scope="module")
def billing(world, django_db_blocker):
    import datetime as dt

    from jaring.contributions.billing import bill_month
    from jaring.enrollment.models import BatchPendaftaran, Peserta, TataLetak
    from jaring.programs.models import Program

    with django_db_blocker.unblock():
        programs, invoices = {}, {}
        for key, kode, region, persons in (
            ("prov", "PROV-UJI", "64", ("bpn", "smd")),
            ("smd", "SMD-UJI", "64.72", ("smd",)),
        ):
            program = Program.objects.create(
                kode=kode, nama=kode, dasar_hukum_jenis="pergub", dasar_hukum_nomor="1",
                wilayah_id=region, bulan_mulai=dt.date(2026, 1, 1), jumlah_bulan=12,
                kuota_total=5, alokasi="tetap", status="ditetapkan",
            )  # fmt: skip
            batch = BatchPendaftaran.objects.create(
                program=program, nomor=f"REG-{kode}-001", bulan_pertama=program.bulan_mulai,
                tata_letak=TataLetak.objects.get(bawaan=True), jumlah=len(persons),
            )  # fmt: skip
            for number, target in enumerate(persons, start=1):
                person = world.persons[target]
                Peserta.objects.create(
                    program=program, person=person, nomor_urut=number,
                    kode_kabupaten=person.wilayah_id[:5], status="diterima", batch=batch,
                    kpj=f"{90000000000 + person.pk}", bulan_mulai=program.bulan_mulai,
                    bulan_akhir=program.bulan_akhir,
                )  # fmt: skip
            bill_month(user=None, program=program, month=program.bulan_mulai)
            programs[key] = program
            invoices[key] = program.pk
        from jaring.contributions.models import Tagihan

        invoices = {k: Tagihan.objects.get(program_id=v).nomor for k, v in invoices.items()}
    return {"programs": programs, "invoices": invoices}


def billing_url(billing, page: str) -> str:
    prov, smd = billing["programs"]["prov"], billing["programs"]["smd"]
    return {
        "enrol_index": reverse("enrollment:index"),
        "enrol_prov": reverse("enrollment:program", args=[prov.pk]),
        "enrol_smd": reverse("enrollment:program", args=[smd.pk]),
        "batch_csv": reverse("enrollment:download", args=["REG-PROV-UJI-001", "csv"]),
        "billing_index": reverse("contributions:index"),
        "billing_prov": reverse("contributions:program", args=[prov.pk]),
        "billing_smd": reverse("contributions:program", args=[smd.pk]),
        "invoice_prov": reverse("contributions:invoice", args=[billing["invoices"]["prov"]]),
        "invoice_smd": reverse("contributions:invoice", args=[billing["invoices"]["smd"]]),
        "arrears_prov": reverse("contributions:arrears", args=[prov.pk]),
        "payments_import": reverse("contributions:payments_import"),
        "claims": reverse("claims:index"),
        "continuation_prov": reverse("contributions:continuation", args=[prov.pk]),
    }[page]


def billing_cases():
    for role, statuses in BILLING_MATRIX.items():
        for page, status in zip(BILLING_PAGES, statuses, strict=True):
            yield pytest.param(role, page, status, id=f"{role}-{page}")


def test_billing_matrix_covers_every_role():
    assert set(BILLING_MATRIX) == set(USERS)


@pytest.mark.parametrize(("role", "page", "status"), list(billing_cases()))
def test_billing_pages_answer_by_role_and_scope(world, billing, role, page, status):
    response = world.client(role).get(billing_url(billing, page))

    assert response.status_code == status
    if status == 200 and page == "batch_csv":
        text = response.content.decode("utf-8-sig")
        from jaring.accounts.models import AccessLog

        assert AccessLog.objects.filter(target="REG-PROV-UJI-001").exists()
        assert (world.persons["bpn"].nik in text) is True
        # Balikpapan users get only Balikpapan rows of the province batch.
        assert (world.persons["smd"].nik in text) == (role in ("pengelola_prov", "admin"))


@pytest.mark.parametrize("page", ["enrol_index", "billing_index", "claims", "batch_csv"])
def test_billing_pages_send_anonymous_visitors_to_login(world, billing, page):
    response = Client().get(billing_url(billing, page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Complaints -------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintExpect:
    list: int  # the office's queue
    file: int  # the form to file on a worker's behalf
    detail: tuple[int, int]  # a complaint of a worker of bpn, smd
    take_up: tuple[int, int]  # POST "start looking into it" on bpn, smd


C = ComplaintExpect
# fmt: off
COMPLAINT_MATRIX = {
    #                 list file detail      take up
    "operator":       C(200, 200, (200, 404), (403, 404)),
    "verifikator":    C(200, 200, (200, 404), (302, 404)),
    "pengelola_kota": C(200, 403, (200, 404), (403, 404)),
    "pengelola_prov": C(200, 403, (200, 200), (403, 403)),
    "keuangan":       C(403, 403, (403, 403), (403, 403)),
    "bpjs":           C(403, 403, (403, 403), (403, 403)),
    "pimpinan":       C(403, 403, (403, 403), (403, 403)),
    "admin":          C(200, 200, (200, 200), (302, 302)),
}
# fmt: on


def test_complaint_matrix_covers_every_role():
    assert set(COMPLAINT_MATRIX) == set(USERS)


@pytest.fixture
def complaints(world):
    from jaring.pengaduan.services import file_complaint

    return {
        t: file_complaint(person=world.persons[t], jenis="lainnya", uraian="Uji", kanal="web")
        for t in PROGRAM_TARGETS
    }


def complaint_cases():
    for role, e in COMPLAINT_MATRIX.items():
        yield pytest.param(role, "list", None, e.list, id=f"{role}-complaint_list")
        yield pytest.param(role, "file", None, e.file, id=f"{role}-complaint_file")
        for page in ("detail", "take_up"):
            for target, status in zip(PROGRAM_TARGETS, getattr(e, page), strict=True):
                yield pytest.param(
                    role, page, target, status, id=f"{role}-complaint_{page}-{target}"
                )


@pytest.mark.parametrize(("role", "page", "target", "status"), list(complaint_cases()))
def test_role_gets_expected_status_on_complaint_pages(
    world, complaints, role, page, target, status
):
    client = world.client(role)
    if page in ("list", "file"):
        response = client.get(reverse(f"pengaduan:{page}"))
    elif page == "detail":
        response = client.get(reverse("pengaduan:detail", args=[complaints[target].nomor]))
    else:
        response = client.post(reverse("pengaduan:take_up", args=[complaints[target].nomor]))

    assert response.status_code == status
    complaints[target].refresh_from_db() if target else None
    if page == "take_up":
        assert complaints[target].status == ("diproses" if status == 302 else "baru")
    if page == "detail" and status == 200:
        assert PERSON_NAMES[target].encode() in response.content
    if page == "detail" and status != 200:
        assert PERSON_NAMES[target].encode() not in response.content


@pytest.mark.parametrize("role", COMPLAINT_MATRIX)
def test_complaint_queue_lists_exactly_the_complaints_in_scope(world, complaints, role):
    from jaring.pengaduan.queries import waiting_for

    expect = COMPLAINT_MATRIX[role]
    response = world.client(role).get(reverse("pengaduan:list"))
    shown = {t: complaints[t].nomor in response.content.decode() for t in PROGRAM_TARGETS}
    counted = {c.nomor for c in waiting_for(world.users[role])}

    assert shown == {t: expect.detail[i] == 200 for i, t in enumerate(PROGRAM_TARGETS)}
    assert counted == {complaints[t].nomor for t, seen in shown.items() if seen}


# --- The API over the programme chain (/api/v1/) ---------------------------------------
# Every new endpoint is held to the columns above: a key of each role answers as the
# role's pages do (403 for a role without the page, 404 outside its region or for a
# draft's list), lists hold exactly what is in scope, and writes follow the same rules.
API = "/api/v1"


def api_client(world, role: str, *, read_only: bool = False) -> Client:
    from jaring.accounts.tokens import create_token

    _, key = create_token(world.users[role], "uji", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture(scope="module")
def claims(world, billing, django_db_blocker):
    """A claim report with one claim each for the province programme's Balikpapan and
    Samarinda participants."""
    import datetime as dt

    from jaring.claims.models import Klaim, LaporanKlaim
    from jaring.enrollment.models import Peserta

    with django_db_blocker.unblock():
        report = LaporanKlaim.objects.create(
            nomor="KLM-UJI-1", file="klaim/uji.csv", original_name="uji.csv",
            sha256="0" * 64, rows=2, added=2,
        )  # fmt: skip
        for row, target in enumerate(("bpn", "smd"), start=2):
            Klaim.objects.create(
                laporan=report, row_number=row, jenis="JKK", jumlah=1_000_000 * row,
                peserta=Peserta.objects.get(program=billing["programs"]["prov"],
                                            person=world.persons[target]),
                tanggal_kejadian=dt.date(2026, 1, 5), tanggal_bayar=dt.date(2026, 1, 20),
            )  # fmt: skip
    return report


def api_program_cases():
    for role, expect in PROGRAM_MATRIX.items():
        yield pytest.param(role, "program", None, expect.list, id=f"{role}-program")
        for target, detail, listed in zip(
            PROGRAM_TARGETS, expect.detail, expect.beneficiaries, strict=True
        ):
            yield pytest.param(role, "program_detail", target, detail,
                               id=f"{role}-program-{target}")  # fmt: skip
            yield pytest.param(role, "penerima", target, listed, id=f"{role}-penerima-{target}")


@pytest.mark.parametrize(("role", "page", "target", "status"), list(api_program_cases()))
def test_api_programmes_answer_as_the_pages(world, role, page, target, status):
    client = api_client(world, role)
    program = world.programs[target] if target else None
    url = {
        "program": f"{API}/program",
        "program_detail": f"{API}/program/{program.kode if program else ''}",
        "penerima": f"{API}/program/{program.kode if program else ''}/penerima",
    }[page]

    response = client.get(url)

    assert response.status_code == status, response.content
    body = response.json()
    if status != 200:
        assert body["detail"] and "Traceback" not in body["detail"]
        return
    if page == "program":
        shown = {t: world.programs[t].kode in {p["kode"] for p in body["hasil"]}
                 for t in PROGRAM_TARGETS}  # fmt: skip
        assert shown == {
            t: PROGRAM_MATRIX[role].detail[i] == 200 for i, t in enumerate(PROGRAM_TARGETS)
        }
    if page == "program_detail":
        assert body["kode"] == program.kode and body["anggaran"]["pagu"] == program.pagu_anggaran
        assert {k["kode_kabupaten"] for k in body["kuota_wilayah"]} <= {"64.71", "64.72"}
    if page == "penerima":
        assert body["hasil"] and all(r["kode_kabupaten"] == "64.71" for r in body["hasil"])


def api_billing_cases():
    columns = {name: i for i, name in enumerate(BILLING_PAGES)}
    for role, statuses in BILLING_MATRIX.items():
        for page, column in (
            ("batch", "enrol_index"), ("batch_file", "batch_csv"), ("tagihan", "billing_index"),
            ("tagihan_prov", "invoice_prov"), ("tagihan_smd", "invoice_smd"),
            ("klaim", "claims"),
        ):  # fmt: skip
            yield pytest.param(role, page, statuses[columns[column]], id=f"{role}-{page}")


@pytest.mark.parametrize(("role", "page", "status"), list(api_billing_cases()))
def test_api_enrolment_invoices_and_claims_answer_as_the_pages(
    world, billing, claims, role, page, status
):
    from jaring.accounts.models import AccessLog
    from jaring.accounts.policy import sees_full_identity
    from jaring.core.masking import mask_nik

    invoices = billing["invoices"]
    url = {
        "batch": f"{API}/batch",
        "batch_file": f"{API}/batch/REG-PROV-UJI-001/berkas?format=csv",
        "tagihan": f"{API}/tagihan",
        "tagihan_prov": f"{API}/tagihan/{invoices['prov']}",
        "tagihan_smd": f"{API}/tagihan/{invoices['smd']}",
        "klaim": f"{API}/klaim",
    }[page]

    response = api_client(world, role).get(url)

    assert response.status_code == status, response.content
    if status != 200:
        return
    user = world.users[role]
    in_64_72 = role in ("pengelola_prov", "admin")
    if page == "batch":
        assert {b["nomor"] for b in response.json()["hasil"]} == (
            {"REG-PROV-UJI-001", "REG-SMD-UJI-001"} if in_64_72 else {"REG-PROV-UJI-001"}
        )
    if page == "batch_file":
        text = response.content.decode("utf-8-sig")
        assert world.persons["bpn"].nik in text
        assert (world.persons["smd"].nik in text) == in_64_72
        assert AccessLog.objects.filter(user=user, target="REG-PROV-UJI-001").exists()
    if page == "tagihan":
        body = response.json()
        assert {t["nomor"] for t in body["hasil"]} == (
            set(invoices.values()) if in_64_72 else {invoices["prov"]}
        )
        assert body["tunggakan"] == body["ditagih"] - body["dibayar"] > 0
        assert all(isinstance(t["ditagih"], int) for t in body["hasil"])
    if page == "tagihan_prov":
        body = response.json()
        assert body["ditagih"] == body["dibayar"] + body["tunggakan"]
        assert {w["kode_kabupaten"] for w in body["wilayah"]} == (
            {"64.71", "64.72"} if in_64_72 else {"64.71"}
        )
        assert body["semua_wilayah"] == in_64_72
    if page == "klaim":
        body = response.json()
        assert sum(r["jumlah_klaim"] for r in body["ringkasan"]) == (2 if in_64_72 else 1)
        listed = {c["nama"] for c in body["hasil"]}
        if body["rincian"]:
            assert listed == ({BPN_NAME, SMD_NAME} if in_64_72 else {BPN_NAME})
            nik = world.persons["bpn"].nik
            shown = next(c["nik"] for c in body["hasil"] if c["nama"] == BPN_NAME)
            assert shown == (nik if sees_full_identity(user) else mask_nik(nik))
        else:
            assert listed == set()


@pytest.mark.parametrize("role", MATRIX)
def test_api_dashboard_figures_follow_the_dashboard_scope(world, role):
    refresh_summaries()

    response = api_client(world, role).get(f"{API}/dasbor/pekerjaan")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["jumlah"][[c["kunci"] for c in body["kolom"]].index("pekerja")]
        == (DASHBOARD_PERSONS[role])
    )
    assert not re.search(r"\d{16}", response.content.decode())  # aggregates only


# Writes: who may send BPJS responses (of the province programme), payment files and
# claim reports. A read-only key of a role that may is refused (403) all the same.
API_WRITES = {
    #                 respons  pembayaran  laporan-klaim
    "operator":       (403, 403, 403),
    "verifikator":    (403, 403, 403),
    "pengelola_kota": (403, 202, 202),
    "pengelola_prov": (202, 202, 202),
    "keuangan":       (403, 202, 403),
    "bpjs":           (403, 403, 202),
    "pimpinan":       (403, 403, 403),
    "admin":          (202, 202, 202),
}  # fmt: skip


def api_write_cases():
    for role, statuses in API_WRITES.items():
        for what, status in zip(("respons", "pembayaran", "laporan-klaim"), statuses, strict=True):
            yield pytest.param(role, what, status, False, id=f"{role}-{what}")
            if status == 202:
                yield pytest.param(role, what, 403, True, id=f"{role}-{what}-hanya-baca")


@pytest.mark.parametrize(("role", "what", "status", "read_only"), list(api_write_cases()))
def test_api_uploads_follow_the_matrix(world, billing, role, what, status, read_only):
    from jaring.jobs.models import Job

    before = Job.objects.count()
    upload = SimpleUploadedFile(f"{what}.csv", b"a,b\n1,2\n", content_type="text/csv")
    data = {"berkas": upload}
    if what == "respons":
        data["program"] = billing["programs"]["prov"].kode

    response = api_client(world, role, read_only=read_only).post(f"{API}/{what}", data)

    assert response.status_code == status, response.content
    assert Job.objects.count() == before + (status == 202)
    if read_only:
        assert "hanya untuk membaca" in response.json()["detail"]


def test_api_matrix_covers_every_role():
    assert set(API_WRITES) == set(USERS)


# --- The two-person rule ------------------------------------------------------------
# Whoever prepared a step does not approve it: for each step, the same user is refused
# with the reason (nothing changes), and another user of the right role succeeds.


def two_person_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_person_rule_selection_approval(world):
    from web_world import make_user

    from confirming import confirmed
    from jaring.programs import services
    from jaring.programs.models import Program

    program = world.programs["smd"]  # a draft whose selection pengelola_prov ran
    services.verify_region(user=world.users["admin"], program=program, kode="64.72")
    url = reverse("programs:approve", args=[program.pk])

    refused = world.client("pengelola_prov").post(url, follow=True).content.decode()
    assert "Seleksi terakhir dijalankan oleh Anda sendiri" in refused
    assert Program.objects.get(pk=program.pk).status == "draf"

    other = make_user("pengelola_prov_2", "pengelola", "64")
    confirmed(two_person_client(other), url)
    approved = Program.objects.get(pk=program.pk)
    assert (approved.status, approved.disetujui_oleh) == ("disetujui", other)


def test_two_person_rule_amendment_approval(world):
    from jaring.programs.models import Amandemen, Penerima

    program = world.programs["bpn"]  # decreed; managed by pengelola_kota and pengelola_prov
    gone = Penerima.objects.filter(program=program).order_by("nomor_urut").first()
    preparer = world.client("pengelola_kota")
    preparer.post(reverse("programs:amend", args=[program.pk]), {
        "aksi": "cabut", "alasan": "Meninggal dunia", "cabut": [gone.person_id],
    })  # fmt: skip
    amendment = Amandemen.objects.get(program=program, status="menunggu")
    url = reverse("programs:decide_amendment", args=[program.pk, amendment.nomor])

    refused = preparer.post(url, {"aksi": "setujui"}, follow=True).content.decode()
    assert "Anda siapkan sendiri" in refused
    gone.refresh_from_db()
    assert gone.amandemen_keluar is None and Amandemen.objects.get(pk=amendment.pk).status == (
        "menunggu"
    )
    assert world.client("keuangan").post(url, {"aksi": "setujui"}).status_code == 403

    world.client("pengelola_prov").post(url, {"aksi": "setujui"})
    gone.refresh_from_db()
    assert gone.amandemen_keluar_id == amendment.pk


def test_two_person_rule_payment_confirmation(world, billing, settings):
    import datetime as dt

    from web_world import make_user

    from jaring.contributions.models import Pembayaran, Tagihan

    settings.JARING_PAYMENT_CONFIRM_ABOVE = 10_000
    invoice = Tagihan.objects.get(nomor=billing["invoices"]["prov"])
    url = reverse("contributions:invoice", args=[invoice.nomor])
    recorder = two_person_client(make_user("keu_prov_1", "keuangan", "64"))
    recorder.post(url, {"jumlah": "16.800", "tanggal": dt.date(2026, 2, 3).isoformat(),
                        "referensi": "SP2D/UJI/1"})  # fmt: skip
    payment = Pembayaran.objects.get(tagihan=invoice, referensi="SP2D/UJI/1")
    assert payment.menunggu
    page = recorder.get(url).content.decode()
    assert "menunggu konfirmasi" in page and "oleh petugas keuangan lain" in page
    invoice.refresh_from_db()
    assert invoice.dibayar == 0  # not counted while it waits

    refused = recorder.post(url, {"konfirmasi": payment.pk}, follow=True).content.decode()
    assert "Anda catat sendiri" in refused
    assert Pembayaran.objects.get(pk=payment.pk).menunggu
    # keuangan of Balikpapan may not bill a province programme: not theirs to confirm.
    assert world.client("keuangan").post(url, {"konfirmasi": payment.pk}).status_code == 403

    other = make_user("keu_prov_2", "keuangan", "64")
    two_person_client(other).post(url, {"konfirmasi": payment.pk})
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert (payment.menunggu, payment.confirmed_by) == (False, other)
    assert invoice.dibayar == 16_800


def test_two_person_rule_role_change_confirmation(world):
    from web_world import make_user

    from jaring.accounts import roles
    from jaring.accounts.models import PerubahanPeran, User

    make_user("admin_2", "admin", None)  # a second administrator: changes now wait
    target = world.users["pimpinan"]
    change = roles.propose(
        by=world.users["admin"], user=target, role="verifikator", wilayah_id="64.71"
    )
    assert change.status == "menunggu"
    assert User.objects.get(pk=target.pk).role == "pimpinan"
    url = reverse("admin:accounts_perubahanperan_changelist")
    action = {"action": "confirm_selected", "_selected_action": [change.pk]}

    refused = world.client("admin").post(url, action, follow=True).content.decode()
    assert "Anda ajukan sendiri" in refused
    assert PerubahanPeran.objects.get(pk=change.pk).status == "menunggu"
    assert world.client("pengelola_prov").post(url, action).status_code in (302, 403)
    assert PerubahanPeran.objects.get(pk=change.pk).status == "menunggu"

    second = User.objects.get(username="admin_2")
    two_person_client(second).post(url, action)
    target.refresh_from_db()
    assert (target.role, target.wilayah_id) == ("verifikator", "64.71")
    assert PerubahanPeran.objects.get(pk=change.pk).decided_by == second
