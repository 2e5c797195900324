"""The open status check (page and API): identical answers for every mismatch, the
limit per client address, nothing whole in an answer, a keyed hash in the log."""

import datetime as dt
import json
import re

import pytest
from cek_world import approved_program, enrol_all
from django.test import Client

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessAction, AccessLog
from jaring.enrollment.models import Peserta
from jaring.registry.models import Person

pytestmark = pytest.mark.django_db
API = "/api/v1/cek"


@pytest.fixture
def participant(tmp_path):
    program = approved_program(per_regency={"64.71": 3}, quota={"64.71": 2}, months=24,
                               start=dt.date(2026, 1, 1))  # fmt: skip
    enrol_all(program, tmp_path, bulan_pertama=dt.date(2026, 1, 1))
    peserta = Peserta.objects.filter(program=program).select_related("person").first()
    Person.objects.filter(pk=peserta.person_id).update(nama="Budi Santoso Wijaya")
    peserta.person.refresh_from_db()
    return peserta


def ask(client, body, ip="10.0.0.1", raw=False):
    data = body if raw else json.dumps(body)
    return client.post(API, data=data, content_type="application/json", REMOTE_ADDR=ip)


def test_a_match_answers_initials_masked_kpj_months_and_steps(participant):
    person = participant.person
    response = ask(Client(), {"nik": person.nik, "tanggal_lahir": person.tanggal_lahir.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["ditemukan"] is True
    assert body["status"] == "aktif"  # nothing billed yet, so nothing unpaid
    assert body["nama"] == "B. S. W."
    assert body["kpj"] == "*******" + participant.kpj[-4:]
    assert body["berlaku_sampai"] == "2027-12"
    assert body["program"] == participant.program.nama
    assert body["kantor_bpjs"] == "BPJS Ketenagakerjaan Kantor Cabang Balikpapan"
    steps = " ".join(body["langkah"])
    assert "Balikpapan" in steps and "/cek/pengaduan/" in steps and "meninggal" in steps
    text = response.content.decode()
    for whole in (person.nik, person.nama, "Santoso", participant.kpj, str(person.tanggal_lahir)):
        assert whole not in text


def test_every_kind_of_mismatch_gives_the_same_status_and_body(participant):
    person = participant.person
    born = person.tanggal_lahir.isoformat()
    other = Person.objects.exclude(pk=person.pk).first()
    kinds = {
        "unknown nik": {"nik": "6471019999990001", "tanggal_lahir": born},
        "wrong date": {"nik": person.nik, "tanggal_lahir": "1990-01-01"},
        "another's date": {
            "nik": person.nik,
            "tanggal_lahir": str(other.tanggal_lahir + dt.timedelta(days=1)),
        },
        "impossible date": {"nik": person.nik, "tanggal_lahir": "1985-02-30"},
        "short nik": {"nik": person.nik[:15], "tanggal_lahir": born},
        "letters": {"nik": "abc", "tanggal_lahir": born},
        "number nik": {"nik": int(person.nik), "tanggal_lahir": born},
        "no date": {"nik": person.nik},
        "list": [person.nik, born],
        "empty": {},
        "not json": "{nik:",
    }
    answers = {}
    for i, (kind, body) in enumerate(kinds.items()):
        response = ask(Client(), body, ip=f"10.0.1.{i}", raw=kind == "not json")
        answers[kind] = (response.status_code, response.content)
    first = next(iter(answers.values()))
    assert first[0] == 200 and json.loads(first[1])["ditemukan"] is False
    for kind, got in answers.items():
        assert got == first, kind


def test_the_page_answers_every_mismatch_alike_and_finds_the_person(participant):
    person = participant.person
    born = person.tanggal_lahir
    page = Client(enforce_csrf_checks=True)
    form = page.get("/cek/")
    assert form.status_code == 200
    token = page.cookies["csrftoken"].value

    def submit(nik, day, month, year, ip):
        data = {"nik": nik, "hari": day, "bulan": month, "tahun": year,
                "csrfmiddlewaretoken": token}  # fmt: skip
        response = page.post("/cek/", data, REMOTE_ADDR=ip)
        main = re.search(
            r'<section class="cek-answer.*?</section>', response.content.decode(), re.S
        )
        return response.status_code, main.group(0) if main else None

    mismatches = [
        submit("6471019999990001", born.day, born.month, born.year, "10.0.2.1"),
        submit(person.nik, born.day + 1, born.month, born.year, "10.0.2.2"),
        submit(person.nik, 31, 2, born.year, "10.0.2.3"),
        submit("12", "x", "", "", "10.0.2.4"),
    ]
    assert mismatches[0][0] == 200 and 'id="not-found"' in mismatches[0][1]
    assert all(m == mismatches[0] for m in mismatches)
    status, found = submit(person.nik, born.day, born.month, born.year, "10.0.2.5")
    assert status == 200 and 'data-status="aktif"' in found and "B. S. W." in found
    assert person.nama not in found and participant.kpj not in found
    # The form needs its CSRF token; the JSON API does not.
    assert page.post("/cek/", {"nik": person.nik}, REMOTE_ADDR="10.0.2.6").status_code == 403
    assert (
        Client(enforce_csrf_checks=True)
        .post(API, "{}", content_type="application/json", REMOTE_ADDR="10.0.2.7")
        .status_code
        == 200
    )


def test_the_eleventh_check_in_the_window_is_refused_until_it_passes(participant, settings):
    person = participant.person
    body = {"nik": person.nik, "tanggal_lahir": person.tanggal_lahir.isoformat()}
    client = Client()
    for _ in range(9):
        assert ask(client, {"nik": "1", "tanggal_lahir": "x"}, ip="10.0.3.1").status_code == 200
    assert ask(client, body, ip="10.0.3.1").json()["ditemukan"] is True
    refused = ask(client, body, ip="10.0.3.1")
    assert refused.status_code == 429
    assert "15 menit" in refused.json()["detail"]
    assert "ditemukan" not in refused.json()
    # The page says the same in its own layout.
    page = Client()
    page.get("/cek/")
    html = page.post("/cek/", {"nik": person.nik, "hari": "1", "bulan": "1", "tahun": "1990"},
                     REMOTE_ADDR="10.0.3.1")  # fmt: skip
    assert html.status_code == 429 and 'id="refused"' in html.content.decode()
    # Another address is not limited; the refused tries do not lengthen the window.
    assert ask(client, body, ip="10.0.3.2").status_code == 200
    assert AccessLog.objects.filter(ip_address="10.0.3.1", action=AccessAction.CEK).count() == 10
    AccessLog.objects.filter(ip_address="10.0.3.1").update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=settings.JARING_CEK["WINDOW_SECONDS"] + 1)
    )
    assert ask(client, body, ip="10.0.3.1").status_code == 200


def test_every_check_is_logged_with_a_keyed_hash_no_user_and_the_address(participant):
    person = participant.person
    born = person.tanggal_lahir.isoformat()
    ask(Client(), {"nik": person.nik, "tanggal_lahir": born}, ip="10.0.4.1")
    ask(Client(), {"nik": "6471019999990001", "tanggal_lahir": born}, ip="10.0.4.2")
    rows = list(AccessLog.objects.filter(action=AccessAction.CEK).order_by("id"))
    assert len(rows) == 2
    assert [r.ip_address for r in rows] == ["10.0.4.1", "10.0.4.2"]
    assert all(r.user_id is None for r in rows)
    assert rows[0].target == f"pekerja:{person.pk}"
    assert rows[0].detail.startswith(nik_log_detail(person.nik))
    assert rows[1].detail == nik_log_detail("6471019999990001")
    for row in AccessLog.objects.all():
        assert person.nik not in f"{row.target} {row.detail}"
        assert "6471019999990001" not in f"{row.target} {row.detail}"


def test_not_in_any_programme_is_registered_with_steps(participant):
    outsider = Person.objects.exclude(pk__in=Peserta.objects.values("person_id")).first()
    body = ask(Client(), {"nik": outsider.nik, "tanggal_lahir": str(outsider.tanggal_lahir)}).json()
    assert body["ditemukan"] is True
    assert (body["status"], body["program"], body["kpj"], body["berlaku_sampai"]) == (
        "terdaftar", None, None, None,
    )  # fmt: skip
    assert any("/cek/pengaduan/" in step for step in body["langkah"])


def test_schema_documents_the_open_route():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/cek"]["post"]
    assert not operation.get("security")
    assert "nik" in json.dumps(operation["requestBody"])
