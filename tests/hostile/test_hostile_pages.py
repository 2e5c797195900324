"""Hostile files through the upload pages, as a clerk sends them from a browser: the
payment page (where one 5 KB workbook took ``jaring serve`` down for everyone), the
claim report page and the BPJS response page. Each answers with the app's own reason —
never a 500 — and records nothing."""

import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "contributions"))
sys.path.insert(0, str(Path(__file__).parent))
from billing_world import admin, approved_program
from corpus import far_cell, text

from jaring.claims.models import LaporanKlaim
from jaring.contributions.models import ImporPembayaran
from jaring.enrollment.models import ResponBpjs

pytestmark = pytest.mark.django_db

PAYMENT = (["Nomor Tagihan", "Tanggal Bayar", "Jumlah", "Referensi"],
           ["TG-1", "2025-01-05", "16800", "SP2D-1"])  # fmt: skip
CLAIM = (["KPJ", "Jenis Klaim", "Tanggal Kejadian", "Tanggal Bayar", "Jumlah"],
         ["90000000001", "JKM", "2025-01-01", "2025-01-05", "42000000"])  # fmt: skip
RESPONSE = (["NIK", "Nama", "KPJ", "Status", "Keterangan"],
            ["6471010505850001", "Budi", "90000000001", "diterima", ""])  # fmt: skip


@pytest.fixture
def pages():
    program = approved_program()
    client = Client()
    client.force_login(admin())
    return {
        "payments": (client, reverse("contributions:payments_import"), ImporPembayaran, PAYMENT),
        "claims": (client, reverse("claims:index"), LaporanKlaim, CLAIM),
        "responses": (
            client,
            reverse("enrollment:response_upload", args=[program.pk]),
            ResponBpjs,
            RESPONSE,
        ),
    }


@pytest.mark.parametrize("page", ["payments", "claims", "responses"])
@pytest.mark.parametrize(
    ("name", "make", "fragment"),
    [
        ("bayar.xlsx", lambda h, r: far_cell(h, r, "XFD1048576"), "XFD1048576"),
        ("bayar.csv", lambda h, r: bytes(range(256)) * 20, "bukan teks CSV"),
        ("bayar.csv", lambda h, r: text([h, r]).decode().encode("utf-16"), None),
        ("n" * 246 + ".csv", lambda h, r: text([h, r]), None),
    ],
    ids=["far-cell", "binary-csv", "utf16", "long-name"],
)
def test_a_hostile_upload_gets_a_reason_on_the_page(pages, page, name, make, fragment):
    client, url, model, (header, row) = pages[page]
    upload = SimpleUploadedFile(name, make(header, row))

    response = client.post(url, {"file": upload}, follow=True)

    assert response.status_code == 200
    if fragment is None:  # read: the rows get their own reasons on the result page
        assert model.objects.count() == 1
        assert model.objects.get().original_name == name
    else:
        assert fragment in response.content.decode()
        assert model.objects.count() == 0
