"""The change history: who, when, from where, old → new and why; the hash chain that
``jaring audit verify`` checks; append-only in the admin and in the database."""

import datetime as dt
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone, translation

from jaring.accounts.models import Role, User
from jaring.registry.models import Agency, Person
from jaring.registry.services import add_agency, correct_person
from jaring.riwayat import context
from jaring.riwayat.chain import verify
from jaring.riwayat.middleware import HistoryMiddleware
from jaring.riwayat.models import Entri, Rantai
from jaring.riwayat.queries import history_of

pytestmark = pytest.mark.django_db
NIK = "6471014107900001"


def entries_of(obj):
    return Entri.objects.filter(object_pk=str(obj.pk), content_type__model=obj._meta.model_name)


def make_person(nik: str = NIK) -> Person:
    now = timezone.now()
    return Person.objects.create(
        nik=nik, nama="Siti Aminah", tanggal_lahir=dt.date(1990, 7, 1), jenis_kelamin="P",
        wilayah_id="64.71.01.1001", pekerjaan_id="nelayan", created_at=now, updated_at=now,
    )  # fmt: skip


@pytest.fixture
def manager():
    return User.objects.create_user("pengelola", password="x", role=Role.MANAGER, wilayah_id="64")


def test_a_change_during_a_request_names_the_user_and_address(manager):
    agency = add_agency(kode="DKP", nama="Dinas Kelautan", wilayah_kode="64")
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    request.user = manager

    def step(request):
        agency.nama = "Dinas Kelautan dan Perikanan"
        agency.save()

    HistoryMiddleware(step)(request)
    entry = entries_of(agency).latest("pk")
    assert entry.action == Entri.Action.UPDATE
    assert entry.actor == manager
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes == {"nama": ["Dinas Kelautan", "Dinas Kelautan dan Perikanan"]}
    row = history_of(agency, masked=True)[0][0]
    assert row.perubahan[0].label == "nama"
    assert (row.perubahan[0].lama, row.perubahan[0].baru) == (
        "Dinas Kelautan",
        "Dinas Kelautan dan Perikanan",
    )


def test_a_correction_carries_its_reason_and_the_acting_user(manager):
    person = make_person()
    with context.because("pengaduan ADU-2027-000001: salah ketik nama"), context.acting(manager):
        correct_person(person=person, changes={"nama": "Siti Aminah Rahman"}, keterangan="uji")
    entry = entries_of(person).filter(action=Entri.Action.UPDATE).latest("pk")
    assert entry.changes["nama"] == ["Siti Aminah", "Siti Aminah Rahman"]
    assert entry.additional_data["alasan"] == "pengaduan ADU-2027-000001: salah ketik nama"
    assert entry.actor == manager


def test_a_command_records_the_server_account():
    call_command("agency", "add", "--code", "DINSOS", "--name", "Dinas Sosial", "--region", "64")
    entry = entries_of(Agency.objects.get(kode="DINSOS")).get()
    assert entry.action == Entri.Action.CREATE
    assert entry.additional_data["asal"].startswith("cli:")
    assert entry.remote_addr is None


def test_the_chain_links_every_entry_and_verifies():
    make_person()
    add_agency(kode="DKP", nama="Dinas Kelautan", wilayah_kode="64")
    checked = verify()
    assert checked.broken is None
    assert checked.count == Entri.objects.count() == Rantai.objects.count() >= 2
    links = list(Rantai.objects.order_by("nomor"))
    for before, after in itertools.pairwise(links):
        assert after.hash_sebelumnya == before.hash
        assert after.nomor == before.nomor + 1


def _tamper(sql: str, params: list) -> None:
    """Change a history row behind the application's back: the trigger set aside."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As a superuser can: row triggers do not fire for a replication session.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            cursor.execute("DROP TRIGGER riwayat_entri_tetap")
            cursor.execute(sql, params)


def test_verify_names_the_first_entry_changed_behind_the_apps_back(capsys):
    person = make_person()
    add_agency(kode="DKP", nama="Dinas Kelautan", wilayah_kode="64")
    call_command("audit", "verify")
    assert "Rantai riwayat utuh" in capsys.readouterr().out
    created = entries_of(person).get()
    nomor = Rantai.objects.get(entri=created).nomor
    _tamper("UPDATE riwayat_entri SET object_repr = %s WHERE id = %s", ["orang lain", created.pk])
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    assert refused.value.returncode == 1
    assert f"entri nomor {nomor} (entri {created.pk})" in str(refused.value)
    with translation.override("en"), pytest.raises(CommandError) as in_english:
        call_command("audit", "verify")
    assert f"entry number {nomor} (entry {created.pk})" in str(in_english.value)


def test_an_entry_added_outside_the_chain_is_found():
    make_person()
    loose = Entri.objects.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO riwayat_entri (content_type_id, object_pk, object_repr, action, "
            "changes_text, timestamp) SELECT content_type_id, object_pk, 'x', 1, '', timestamp "
            "FROM riwayat_entri WHERE id = %s",
            [loose.pk],
        )
    assert verify().broken.masalah == "di_luar_rantai"


def test_the_database_refuses_to_change_history():
    make_person()
    entry = Entri.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        Entri.objects.filter(pk=entry.pk).update(object_repr="diubah")
    with pytest.raises(DatabaseError), transaction.atomic():
        Rantai.objects.filter(entri=entry).update(hash="0" * 64)
    if connection.vendor == "postgresql":  # SQLite keeps DELETE for the test runner's flush
        with pytest.raises(DatabaseError), transaction.atomic():
            Rantai.objects.filter(entri=entry).delete()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM riwayat_entri WHERE id = %s", [entry.pk])
    assert verify().broken is None


def test_the_admin_shows_history_but_never_changes_it(client):
    admin = User.objects.create_superuser("admin", password="x", role=Role.ADMIN)
    make_person()
    entry = Entri.objects.first()
    client.force_login(admin)
    assert client.get("/admin/riwayat/entri/").status_code == 200
    assert client.get(f"/admin/riwayat/entri/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/riwayat/entri/{entry.pk}/change/", {}).status_code == 403
    assert client.get(f"/admin/riwayat/entri/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/riwayat/entri/add/").status_code == 403
    assert client.get(f"/admin/riwayat/rantai/{entry.pk}/delete/").status_code == 403
    assert Entri.objects.filter(pk=entry.pk).exists()


def test_the_person_page_masks_identity_in_the_history_for_a_masked_role(client):
    person = make_person()
    with context.because("salah ketik"):
        correct_person(person=person, changes={"tanggal_lahir": dt.date(1990, 7, 2)},
                       keterangan="uji")  # fmt: skip
        person.refresh_from_db()
        person.nik = "6471014207900009"
        person.save()
    viewer = User.objects.create_user("pimpinan", password="x", role=Role.VIEWER, wilayah_id="64")
    client.force_login(viewer)
    page = client.get(f"/pekerja/{person.pk}/").content.decode()
    assert "Riwayat perubahan" in page
    assert "6471014207900009" not in page and NIK not in page
    assert "6471********0009" in page and "**-**-1990" in page
    assert "02-07-1990" not in page and "1990-07-02" not in page
    verifier = User.objects.create_user(
        "verifikator", password="x", role=Role.VERIFIER, wilayah_id="64.71"
    )
    client.force_login(verifier)
    page = client.get(f"/pekerja/{person.pk}/?riwayat=semua").content.decode()
    assert "6471014207900009" in page and "salah ketik" in page


def test_the_user_admin_shows_role_changes_with_who_made_them(client):
    admin = User.objects.create_superuser("admin", password="x", role=Role.ADMIN)
    officer = User.objects.create_user("petugas", password="x", role=Role.VIEWER, wilayah_id="64")
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.8.7")
    request.user = admin

    def promote(request):
        officer.role = Role.FINANCE
        officer.save()

    HistoryMiddleware(promote)(request)
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{officer.pk}/change/").content.decode()
    history = page.split('id="riwayat-perubahan"', 1)[1]
    assert "<strong>peran</strong>: Pimpinan (hanya baca) → Petugas keuangan" in history
    assert "10.9.8.7" in history
    assert "password" not in entries_of(officer).latest("pk").changes
