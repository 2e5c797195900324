"""Participant cards: 8 to an A4 page with a QR code that opens /cek/, then the receipt
list with a signature column; only for roles that see participants' identities, in
their regencies, and logged."""

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cek_world import admin, approved_program, enrol_all, user
from django.test import Client

from jaring.accounts.models import AccessAction, AccessLog, Role
from jaring.cek import cards
from jaring.enrollment.models import Peserta

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "cek"


@pytest.fixture
def program(tmp_path):
    program = approved_program(
        per_regency={"64.71": 11, "64.72": 2}, quota={"64.71": 11, "64.72": 2}
    )
    enrol_all(program, tmp_path, reject=1)
    return program


def pages_text(body: bytes) -> list[str]:
    document = pdfium.PdfDocument(io.BytesIO(body))
    return [
        " ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))
    ]


def test_cards_eight_a_page_with_a_qr_to_the_status_check_and_the_receipt(program):
    client = Client()
    client.force_login(admin())
    village = Peserta.objects.filter(program=program, kode_kabupaten="64.71", status="diterima")
    holders = list(village.select_related("person"))
    assert len(holders) == 10  # 11 listed, the first rejected by BPJS
    kode = holders[0].person.wilayah_id
    assert all(p.person.wilayah_id == kode for p in holders)

    page = client.get(f"/cek/kartu/{program.pk}/")
    assert page.status_code == 200 and kode in page.content.decode()
    response = client.get(f"/cek/kartu/{program.pk}/kartu.pdf", {"jenis": "desa", "kode": kode})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "kartu-peserta.pdf").write_bytes(response.content)  # for a person to look at
    texts = pages_text(response.content)
    # 10 cards: two pages (8 + 2), then one receipt page.
    assert len(texts) == 3
    assert [t.count("KARTU PESERTA BPJS KETENAGAKERJAAN") for t in texts] == [8, 2, 0]
    for p in holders:
        assert p.kpj in texts[0] + texts[1]
        assert p.kpj in texts[2] and p.person.nama in texts[2]
    assert "TANDA TERIMA KARTU PESERTA" in texts[2] and "Tanda tangan" in texts[2]
    assert "BPJS Ketenagakerjaan Kantor Cabang Balikpapan" in texts[0]
    assert "http://testserver/cek/" in texts[0]

    document = pdfium.PdfDocument(io.BytesIO(response.content))
    image = document[0].render(scale=3).to_pil()
    codes = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 8
    assert {c.text for c in codes} == {"http://testserver/cek/"}

    log = AccessLog.objects.get(
        action=AccessAction.EXPORT_PERSONS, target=f"program:{program.kode}"
    )
    assert log.user == admin() and "Kartu peserta" in log.detail and "10 orang" in log.detail


def test_cards_per_agency_and_the_public_address_setting(program, settings):
    settings.JARING_CEK = {**settings.JARING_CEK, "PUBLIC_URL": "https://jaring.example.go.id/cek/"}
    groups = cards.groups(program, admin())
    assert sum(g.jumlah for g in groups["desa"]) == 12
    # The test world's persons came from no submission: no agency group.
    assert groups["instansi"] == []
    client = Client()
    client.force_login(admin())
    kode = groups["desa"][0].kode
    body = client.get(f"/cek/kartu/{program.pk}/kartu.pdf", {"jenis": "desa", "kode": kode}).content
    assert "https://jaring.example.go.id/cek/" in pages_text(body)[0]


def test_only_roles_that_see_identities_in_their_regencies(program):
    kode = Peserta.objects.filter(program=program, kode_kabupaten="64.72").first().person.wilayah_id
    url = f"/cek/kartu/{program.pk}/kartu.pdf?jenis=desa&kode={kode}"
    for username, role, region, status in [
        ("keuangan", Role.FINANCE, "64", 403),
        ("pimpinan", Role.VIEWER, "64", 403),
        ("operator", Role.OPERATOR, "64.72", 403),
        ("verif-bpn", Role.VERIFIER, "64.71", 404),  # not their regency
        ("verif-smd", Role.VERIFIER, "64.72", 200),
        ("bpjs", Role.BPJS, "64", 200),
    ]:
        client = Client()
        client.force_login(user(username, role, region))
        assert client.get(url).status_code == status, username
    assert Client().get(url).status_code == 302  # to the login page
    detail = Client()
    detail.force_login(admin())
    assert 'id="cards-link"' in detail.get(f"/program/{program.pk}/").content.decode()
