"""The REST API (/api/v1/) answers as the pages do: the same scope (the permission
matrix's person and submission columns), the same masking, the same access log, and
nothing without a valid key or session."""

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from test_permission_matrix import MATRIX, PERSON_NAMES, TARGETS, visible
from web_world import BPN_NAME, BPN_NIK

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog, ApiToken
from jaring.accounts.policy import sees_full_identity
from jaring.accounts.tokens import create_token, revoke
from jaring.core.masking import mask_nik
from jaring.intake.models import Submission, SubmissionStatus

sys.path.insert(0, str(Path(__file__).parent.parent / "intake"))
from intake_samples import MIXED_ROWS, write_csv

pytestmark = pytest.mark.django_db
API = "/api/v1"


def caller(world, role: str) -> Client:
    """A client that authenticates with a bearer key of ``role``'s user (no session)."""
    _, key = create_token(world.users[role], "uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def cases(column: str):
    for role, expect in MATRIX.items():
        for target, status in zip(TARGETS, getattr(expect, column), strict=True):
            yield pytest.param(role, target, status, id=f"{role}-{target}")


@pytest.mark.parametrize(("role", "target", "status"), list(cases("person")))
def test_person_detail_answers_as_the_page(world, role, target, status):
    response = caller(world, role).get(f"{API}/pekerja/{world.persons[target].pk}")

    assert response.status_code == status
    if status == 200:
        assert response.json()["nama"] == PERSON_NAMES[target]
        assert response.json()["sumber"], "every source record is listed"
    else:
        assert "tidak ditemukan" in response.json()["detail"]


@pytest.mark.parametrize(("role", "target", "status"), list(cases("submission")))
def test_submission_detail_answers_as_the_page(world, role, target, status):
    nomor = world.submissions[target].nomor

    response = caller(world, role).get(f"{API}/pengajuan/{nomor}")

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["nomor"] == nomor
        assert body["baris"] == body["diterima"] + body["ditolak"] + body["duplikat"]
        # Rejected cells quote NIKs: listed only for roles that see them.
        assert bool(body["kesalahan"]) == sees_full_identity(world.users[role])


@pytest.mark.parametrize("role", MATRIX)
def test_lists_hold_exactly_what_is_in_scope(world, role):
    client = caller(world, role)

    names = {p["nama"] for p in client.get(f"{API}/pekerja").json()["hasil"]}
    numbers = {s["nomor"] for s in client.get(f"{API}/pengajuan").json()["hasil"]}

    assert {t: PERSON_NAMES[t] in names for t in TARGETS} == visible(role, "person")
    assert {t: world.submissions[t].nomor in numbers for t in TARGETS} == visible(
        role, "submission"
    )


@pytest.mark.parametrize("role", MATRIX)
def test_nik_is_masked_for_roles_that_do_not_need_it(world, role):
    user = world.users[role]
    full = sees_full_identity(user)
    # A masked role cannot search by a NIK it may not see (tests/web/test_nik_search.py):
    # it finds the person by name.
    response = caller(world, role).get(f"{API}/pekerja", {"q": BPN_NIK if full else BPN_NAME})

    (row,) = [r for r in response.json()["hasil"] if r["id"] == world.persons["bpn"].pk]
    expected = BPN_NIK if full else mask_nik(BPN_NIK)
    assert row["nik"] == expected
    assert row["tanggal_lahir"] == ("1985-05-05" if full else "**-**-1985")
    if full:
        logged = AccessLog.objects.get(user=user, action=AccessAction.SEARCH_NIK)
        assert logged.detail == nik_log_detail(BPN_NIK)


def test_reading_a_person_is_logged_under_the_key_owner(world):
    person = world.persons["bpn"]

    response = caller(world, "verifikator").get(f"{API}/pekerja/{person.pk}")

    assert response.status_code == 200
    entry = AccessLog.objects.get(action=AccessAction.VIEW_PERSON)
    assert (entry.user, entry.target, entry.detail) == (
        world.users["verifikator"],
        f"pekerja:{person.pk}",
        "API",
    )


def test_no_key_an_unknown_key_or_a_revoked_key_is_refused(world):
    person_url = f"{API}/pekerja/{world.persons['bpn'].pk}"
    token, key = create_token(world.users["admin"])

    assert Client().get(person_url).status_code == 401
    refused = Client(HTTP_AUTHORIZATION="Bearer bukan-kunci").get(person_url)
    assert refused.status_code == 401
    assert "Token API" in refused.json()["detail"]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(person_url).status_code == 200
    assert revoke(token.prefix) == 1
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(person_url).status_code == 401
    assert not AccessLog.objects.filter(user__isnull=True).exists()


def test_a_signed_in_browser_uses_its_session(world):
    response = world.client("operator").get(f"{API}/pekerja/{world.persons['bpn'].pk}")

    assert response.status_code == 200
    assert (
        world.client("operator").get(f"{API}/pekerja/{world.persons['smd'].pk}").status_code == 404
    )


def test_only_the_key_digest_is_stored(world):
    token, key = create_token(world.users["admin"])

    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_an_operator_sends_a_list_for_its_own_agency(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    path = write_csv(tmp_path / "daftar.csv", MIXED_ROWS[:4])
    client = caller(world, "operator")

    with path.open("rb") as handle:
        # An operator cannot send for another agency: ``instansi`` is ignored.
        response = client.post(f"{API}/pengajuan", {"berkas": handle, "instansi": "DINSOS-6472"})

    assert response.status_code == 202, response.content
    submission = Submission.objects.get(nomor=response.json()["nomor"])
    assert submission.agency == world.agencies["bpn"]
    assert submission.status == SubmissionStatus.QUEUED
    assert client.get(f"{API}/pengajuan/{submission.nomor}").json()["status"] == "antre"


def test_a_role_that_cannot_upload_is_refused_and_a_bad_file_explained(world, tmp_path):
    text = io.BytesIO(b"bukan daftar")
    text.name = "catatan.pdf"

    refused = caller(world, "pimpinan").post(f"{API}/pengajuan", {"berkas": text})
    text.seek(0)
    explained = caller(world, "operator").post(f"{API}/pengajuan", {"berkas": text})

    assert refused.status_code == 403
    assert explained.status_code == 400
    assert "CSV atau Excel" in explained.json()["detail"]


def test_regions_and_the_schema_are_served(world):
    client = caller(world, "pimpinan")

    region = client.get(f"{API}/wilayah/64.71").json()
    schema = client.get(f"{API}/openapi.json").json()

    assert region["nama"].endswith("Balikpapan") and region["induk"] == "64"
    assert all(part["kode"].startswith("64.71.") for part in region["bagian"])
    assert {"/api/v1/pekerja", "/api/v1/pekerja/{person_id}", "/api/v1/pengajuan"} <= set(
        schema["paths"]
    )


def test_documentation_loads_its_scripts_from_the_app(world):
    html = world.client("admin").get(f"{API}/docs").content.decode()

    assert "swagger" in html.lower()
    assert "cdn." not in html and "https://" not in html


def test_token_command_prints_the_key_once():
    from web_world import make_user

    make_user("sistem.bpjs", "bpjs", "64")
    out, err = io.StringIO(), io.StringIO()

    call_command("token", "create", "--user", "sistem.bpjs", "--name", "SIPP", stdout=out,
                 stderr=err)  # fmt: skip

    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert key.startswith(token.prefix) and "tidak dapat ditampilkan lagi" in err.getvalue()
    listed = io.StringIO()
    call_command("token", "list", stdout=listed)
    assert token.prefix in listed.getvalue() and key not in listed.getvalue()
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert ApiToken.objects.get().revoked_at is not None


def test_an_administrator_revokes_a_key_in_the_admin(world):
    token, key = create_token(world.users["pimpinan"], "dasbor provinsi")
    admin = world.client("admin")

    listed = admin.get("/admin/accounts/apitoken/")
    admin.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )

    assert listed.status_code == 200 and token.prefix in listed.content.decode()
    assert key not in listed.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"{API}/pengajuan").status_code == 401


def test_bad_parameters_are_named_in_indonesian(world):
    client = caller(world, "admin")

    not_a_number = client.get(f"{API}/pekerja/abc")
    bad_page = client.get(f"{API}/pekerja", {"halaman": "dua"})
    no_file = client.post(f"{API}/pengajuan", {"instansi": "DKP-6471"})

    assert not_a_number.status_code == bad_page.status_code == no_file.status_code == 422
    assert not_a_number.json()["fields"] == ["person_id"]
    assert "halaman" in bad_page.json()["detail"] and "tidak sah" in bad_page.json()["detail"]
    assert no_file.json()["fields"] == ["berkas"]


def test_an_unknown_agency_is_named(world, tmp_path):
    upload = io.BytesIO("\n".join([",".join(MIXED_ROWS[0])]).encode())
    upload.name = "daftar.csv"

    response = caller(world, "admin").post(
        f"{API}/pengajuan", {"berkas": upload, "instansi": "ENTAH"}
    )

    assert response.status_code == 400
    assert "ENTAH" in response.json()["detail"]
    assert not Submission.objects.filter(original_name="daftar.csv").exists()


def test_every_key_can_be_revoked_from_the_command_line(world):
    # A key's prefix must never read as an option ("-x…") to the command line.
    for _ in range(200):
        token, key = create_token(world.users["admin"])
        assert key.startswith("jrg_") and not token.prefix.startswith("-")
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_key_past_its_term_is_refused(world):
    person_url = f"{API}/pekerja/{world.persons['bpn'].pk}"
    token, key = create_token(world.users["admin"], days=30)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    assert dt.timedelta(days=29) < token.berlaku_sampai - timezone.now() <= dt.timedelta(days=30)
    assert client.get(person_url).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(berlaku_sampai=timezone.now())
    assert client.get(person_url).status_code == 401


def test_every_key_has_a_term_by_default(world, settings):
    settings.JARING_API_KEY_DAYS = 90
    token, _ = create_token(world.users["admin"])

    assert dt.timedelta(days=89) < token.berlaku_sampai - timezone.now() <= dt.timedelta(days=90)
    with pytest.raises(ValueError):
        create_token(world.users["admin"], days=0)


def test_a_read_only_key_reads_and_may_not_write(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    _, key = create_token(world.users["operator"], read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    before = Submission.objects.count()

    assert client.get(f"{API}/pekerja/{world.persons['bpn'].pk}").status_code == 200
    with write_csv(tmp_path / "daftar.csv", MIXED_ROWS[:4]).open("rb") as handle:
        refused = client.post(f"{API}/pengajuan", {"berkas": handle})

    assert refused.status_code == 403
    assert "hanya untuk membaca" in refused.json()["detail"]
    assert Submission.objects.count() == before


def test_the_command_line_makes_a_read_only_key_with_a_term(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token", "create", "--user", world.users["bpjs"].username, "--hari", "7",
        "--hanya-baca", stdout=out, stderr=err,
    )  # fmt: skip

    token = ApiToken.objects.get(prefix=out.getvalue().strip()[:12])
    assert token.hanya_baca
    assert dt.timedelta(days=6) < token.berlaku_sampai - timezone.now() <= dt.timedelta(days=7)
    assert "Hanya untuk membaca" in err.getvalue()
    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert f"{token.prefix}" in listing.getvalue() and " baca " in listing.getvalue()
