"""The worker's door: the page and the API answer every mismatch alike, throttle per
address across requests, log the NIK only as a keyed hash, and show status to whoever
holds the NIK."""

import pytest
from complaints_world import BORN, make_people
from django.test import Client
from django.urls import reverse

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog
from jaring.pengaduan.models import Pengaduan

pytestmark = pytest.mark.django_db
API = "/api/v1/pengaduan"


@pytest.fixture
def person():
    return make_people([("64.71", BORN, "ojek", None)], first_nik=6471010100009000)[0]


def body(person, **changes):
    return {
        "nik": person.nik, "tanggal_lahir": BORN.isoformat(), "jenis": "ditolak_bpjs",
        "uraian": "Saya ditolak BPJS padahal data benar.", "no_hp": "081234567890",
    } | changes  # fmt: skip


def test_api_files_and_shows_status(person):
    client = Client()
    answer = client.post(API, body(person), content_type="application/json")

    assert answer.status_code == 201
    nomor = answer.json()["nomor"]
    assert answer.json() == {"nomor": nomor, "status": "baru"}
    assert Pengaduan.objects.get(nomor=nomor).kanal == "api"
    shown = client.get(f"{API}/{nomor}", {"nik": person.nik})
    assert shown.status_code == 200
    data = shown.json()
    assert (data["nomor"], data["status"], data["jenis"]) == (nomor, "baru", "ditolak_bpjs")
    assert [r["status"] for r in data["riwayat"]] == ["baru"]
    assert "Petugas akan menjawab" in data["riwayat"][0]["keterangan"]
    text = shown.content.decode()
    assert person.nik not in text and person.nama not in text


def test_every_mismatch_gets_the_same_answer(person):
    client = Client()
    kinds = [
        {"nik": "6471010100009999"},  # unknown
        {"tanggal_lahir": "1985-06-02"},  # wrong birth date
        {"nik": "12345"},  # malformed NIK
        {"tanggal_lahir": "31-02-1985"},  # malformed date
        {"nik": "", "tanggal_lahir": ""},  # missing
    ]
    answers = {
        (r.status_code, r.content)
        for r in (
            client.post(API, body(person, **kind), content_type="application/json")
            for kind in kinds
        )
    }
    missing = client.post(API, {}, content_type="application/json")

    assert len(answers) == 1
    status, content = answers.pop()
    assert status == 404 and (missing.status_code, missing.content) == (status, content)
    assert not Pengaduan.objects.exists()


def test_status_of_unknown_number_and_wrong_nik_alike(person):
    client = Client()
    nomor = client.post(API, body(person), content_type="application/json").json()["nomor"]

    wrong_nik = client.get(f"{API}/{nomor}", {"nik": "6471010100009999"})
    unknown = client.get(f"{API}/ADU-2000-999999", {"nik": person.nik})
    no_nik = client.get(f"{API}/{nomor}")

    assert wrong_nik.status_code == unknown.status_code == no_nik.status_code == 404
    assert wrong_nik.content == unknown.content == no_nik.content


def test_bad_complaint_fields_after_a_match_are_named(person):
    answer = Client().post(API, body(person, jenis="apa"), content_type="application/json")
    assert answer.status_code == 422
    assert "jenis" in answer.json()["detail"]


def test_eleventh_request_in_the_window_is_429_across_clients(person, settings):
    settings.JARING_PENGADUAN = {**settings.JARING_PENGADUAN, "LIMIT": 10, "WINDOW_SECONDS": 900}
    statuses = []
    for i in range(11):
        client = Client(REMOTE_ADDR="10.0.0.7")  # a new client each time: the limit is the DB's
        if i % 2:
            statuses.append(client.get(f"{API}/ADU-2000-000001", {"nik": person.nik}).status_code)
        else:
            statuses.append(
                client.post(
                    API, body(person, nik="6471010100009999"), content_type="application/json"
                ).status_code
            )
    refused = Client(REMOTE_ADDR="10.0.0.7").post(
        reverse("pengaduan_pekerja:file"), {**body(person), "tanggal_lahir": BORN.isoformat()}
    )
    other = Client(REMOTE_ADDR="10.0.0.8").post(API, body(person), content_type="application/json")

    assert statuses[:10] == [404] * 10 and statuses[10] == 429
    assert refused.status_code == 429 and "Tunggu" in refused.content.decode()
    assert other.status_code == 201


def test_access_log_keeps_a_keyed_hash_never_the_nik(person):
    client = Client(REMOTE_ADDR="10.0.0.9")
    client.post(API, body(person), content_type="application/json")
    client.post(reverse("pengaduan_pekerja:file"), body(person))
    client.post(API, body(person, nik="6471010100009999"), content_type="application/json")

    rows = AccessLog.objects.filter(action=AccessAction.WORKER_COMPLAINT)
    assert rows.count() == 3
    assert all(r.user is None and r.ip_address == "10.0.0.9" for r in rows)
    assert {r.detail for r in rows} >= {
        nik_log_detail(person.nik),
        nik_log_detail("6471010100009999"),
    }
    for row in AccessLog.objects.all():
        assert person.nik not in row.detail + row.target
        assert "6471010100009999" not in row.detail + row.target


def test_worker_page_files_and_shows_the_answer(person):
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("pengaduan_pekerja:file"))
    token = form.cookies["csrftoken"].value

    refused = client.post(reverse("pengaduan_pekerja:file"), body(person))  # no token
    wrong = client.post(
        reverse("pengaduan_pekerja:file"),
        body(person, tanggal_lahir="1985-06-02", csrfmiddlewaretoken=token),
    )
    filed = client.post(reverse("pengaduan_pekerja:file"), body(person, csrfmiddlewaretoken=token))

    assert refused.status_code == 403
    assert wrong.status_code == 200 and "tidak cocok" in wrong.content.decode()
    complaint = Pengaduan.objects.get()
    assert complaint.kanal == "web" and complaint.nomor in filed.content.decode()
    status = client.post(
        reverse("pengaduan_pekerja:status"),
        {"nomor": complaint.nomor.lower(), "nik": person.nik, "csrfmiddlewaretoken": token},
    )
    page = status.content.decode()
    assert "Baru, belum dibaca" in page and "Petugas akan menjawab" in page
    assert person.nama not in page
    assert "<script" not in form.content.decode().split("</head>")[1]
