"""Every page renders for an administrator, with data, in Indonesian and English."""

import sys
from pathlib import Path

import pytest
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv

from jaring.accounts.models import AccessLog, Role, User
from jaring.intake.services import intake_file
from jaring.registry.models import Person
from jaring.registry.services import add_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path):
    agency = add_agency(kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71")
    result = intake_file(path=write_csv(tmp_path / "a.csv", MIXED_ROWS), agency=agency)
    return result.submission


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("admin", "admin@example.org", "rahasia-panjang-1")
    user.role = Role.ADMIN
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_renders(admin_client, loaded, language):
    admin_client.cookies["django_language"] = language
    person = Person.objects.get(nik="6471054507900002")
    urls = [
        reverse("home"),
        reverse("intake:list"),
        reverse("intake:upload"),
        reverse("intake:detail", args=[loaded.nomor]),
        reverse("registry:list"),
        reverse("registry:list") + "?q=siti+aminah&wilayah=64.71&urut=-nama",
        reverse("registry:detail", args=[person.pk]),
        reverse("access_log"),
        reverse("admin:index"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_rejected_download_is_xlsx_and_logged(admin_client, loaded):
    response = admin_client.get(reverse("intake:rejected", args=[loaded.nomor]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert AccessLog.objects.filter(
        action="ekspor_ditolak", target=f"pengajuan:{loaded.nomor}"
    ).exists()


def test_name_search_tolerates_spelling(admin_client, loaded):
    response = admin_client.get(reverse("registry:list"), {"q": "siti aminnah"})
    assert b"6471054507900002" in response.content
    response = admin_client.get(reverse("registry:list"), {"q": "Budi Santosa"})
    assert b"6471054507900002" not in response.content


def test_login_page_is_public_and_pages_are_not(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("registry:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("code", ["64.1234", "64.7", "abc", "64.71.01.1", "'; drop table"])
def test_malformed_region_filter_is_ignored_not_an_error(admin_client, loaded, code):
    response = admin_client.get(reverse("registry:list"), {"wilayah": code})
    assert response.status_code == 200
    assert b"6471054507900002" in response.content  # unfiltered list
