"""The API over the programme chain beyond the permission matrix (test_permission_matrix.py
holds who gets what): masking and the access log of the beneficiary list, paging,
uploads processed by the worker with their status and refused rows, plain Indonesian
errors, and the DCI-shaped person search — which a masked role cannot use to confirm a
NIK."""

import io

import pytest
from django.test import Client
from test_permission_matrix import billing, claims  # noqa: F401 - fixtures
from web_world import BPN2_NIK, BPN_NAME, BPN_NIK, SMD_NIK

from jaring.accounts.models import AccessAction, AccessLog
from jaring.accounts.tokens import create_token
from jaring.core.masking import mask_nik
from jaring.jobs.models import Job
from jaring.jobs.services import run_job
from jaring.programs import api as programme_api

pytestmark = pytest.mark.django_db
API = "/api/v1"


def caller(world, role: str) -> Client:
    _, key = create_token(world.users[role], "uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize(("role", "full"), [("verifikator", True), ("keuangan", False)])
def test_beneficiaries_are_masked_for_masked_roles_and_every_page_is_logged(world, role, full):
    program = world.programs["bpn"]

    response = caller(world, role).get(f"{API}/program/{program.kode}/penerima")

    assert response.status_code == 200
    row = next(r for r in response.json()["hasil"] if r["nama"] == BPN_NAME)
    assert row["nik"] == (BPN_NIK if full else mask_nik(BPN_NIK))
    assert row["tanggal_lahir"] == ("1985-05-05" if full else "**-**-1985")
    logged = AccessLog.objects.get(user=world.users[role], action=AccessAction.VIEW_PERSON)
    assert logged.target == f"program:{program.kode}" and "halaman 1" in logged.detail


def test_beneficiaries_are_paged(world, monkeypatch):
    monkeypatch.setattr(programme_api, "PAGE_SIZE", 1)
    client = caller(world, "verifikator")
    url = f"{API}/program/{world.programs['bpn'].kode}/penerima"

    first = client.get(url).json()
    second = client.get(url, {"halaman": 2}).json()
    beyond = client.get(url, {"halaman": 999}).json()

    assert first["jumlah"] == first["jumlah_halaman"] >= 2
    assert len(first["hasil"]) == len(second["hasil"]) == 1
    assert first["hasil"][0]["nomor_urut"] != second["hasil"][0]["nomor_urut"]
    assert beyond["halaman"] == first["jumlah_halaman"]  # the last page, as the pages do


def test_a_masked_role_cannot_find_a_beneficiary_by_nik(world):
    url = f"{API}/program/{world.programs['bpn'].kode}/penerima"

    masked = caller(world, "pimpinan").get(url, {"q": BPN_NIK}).json()
    full = caller(world, "verifikator").get(url, {"q": BPN_NIK}).json()

    assert masked["hasil"] == [] and masked["jumlah"] == 0
    assert [r["nama"] for r in full["hasil"]] == [BPN_NAME]


def test_programme_detail_gives_rules_quotas_and_budget(world):
    body = caller(world, "pengelola_kota").get(f"{API}/program/BPN-2027").json()

    assert body["status"] == world.programs["bpn"].status
    assert body["aturan"]["syarat"] and all(isinstance(s, str) for s in body["aturan"]["syarat"])
    assert [q["kode_kabupaten"] for q in body["kuota_wilayah"]] == ["64.71"]
    budget = body["anggaran"]
    assert budget["total"] == budget["biaya_per_orang"] * budget["kapasitas"]
    assert sum(p["rupiah"] for p in budget["pendana"]) == budget["total"]


def test_errors_are_plain_indonesian(world, billing):  # noqa: F811
    client = caller(world, "admin")

    unknown = client.get(f"{API}/program/TIDAK-ADA")
    bad_month = client.get(f"{API}/tagihan", {"bulan": "Januari"})
    bad_panel = client.get(f"{API}/dasbor/entah")
    bad_format = client.get(f"{API}/batch/REG-PROV-UJI-001/berkas", {"format": "pdf"})
    twice = client.get(f"{API}/tagihan", {"halaman": ["1", "2"]})

    assert unknown.status_code == bad_panel.status_code == 404
    assert unknown.json()["detail"] == "Program tidak ditemukan."
    assert bad_month.status_code == 422 and "YYYY-MM" in bad_month.json()["detail"]
    assert "cakupan" in bad_panel.json()["detail"]
    assert bad_format.status_code == 400 and "csv atau xlsx" in bad_format.json()["detail"]
    assert twice.status_code == 422 and twice.json()["fields"] == ["halaman"]


def test_invoices_filter_by_programme_and_month(world, billing):  # noqa: F811
    client = caller(world, "pengelola_prov")

    by_programme = client.get(f"{API}/tagihan", {"program": "SMD-UJI"}).json()
    other_month = client.get(f"{API}/tagihan", {"bulan": "2026-02"}).json()

    assert [t["nomor"] for t in by_programme["hasil"]] == [billing["invoices"]["smd"]]
    assert by_programme["ditagih"] == by_programme["hasil"][0]["ditagih"] > 0
    assert other_month["hasil"] == [] and other_month["ditagih"] == 0


def test_a_bpjs_response_is_processed_by_the_worker_with_its_refused_rows(
    world,
    billing,  # noqa: F811
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path
    text = "NIK,Nama,KPJ,Status,Keterangan\n"
    text += f"{BPN_NIK},{BPN_NAME},{90000000000 + world.persons['bpn'].pk},DITERIMA,\n"
    text += f"{BPN2_NIK},Rudi Hartono,90000000999,DITERIMA,\n"  # not a participant
    upload = io.BytesIO(text.encode())
    upload.name = "respons.csv"
    client = caller(world, "pengelola_prov")

    queued = client.post(f"{API}/respons", {"program": "PROV-UJI", "berkas": upload})

    assert queued.status_code == 202, queued.content
    job = queued.json()
    assert job["status"] == "antri" and job["impor"] == ""
    run_job(job["id"])
    done = client.get(f"{API}/pekerjaan/{job['id']}").json()
    assert done["status"] == "selesai" and done["impor"].startswith("RSP-")
    assert done["jumlah"]["rows"] == 2 and done["jumlah"]["rejected"] == 1
    (refused,) = done["kesalahan"]
    assert refused["baris"] == 3 and refused["alasan"]
    assert not list((tmp_path / "unggahan-api").iterdir())  # the kept file is gone
    # Another user's job is not theirs to read: the same answer as an unknown job.
    assert caller(world, "pengelola_kota").get(f"{API}/pekerjaan/{job['id']}").status_code == 404


def test_an_unusable_file_fails_its_job_with_the_reason(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(b"\x00\x01 bukan berkas")
    upload.name = "klaim.xlsx"
    client = caller(world, "bpjs")

    job = client.post(f"{API}/laporan-klaim", {"berkas": upload}).json()
    run_job(job["id"])
    failed = client.get(f"{API}/pekerjaan/{job['id']}").json()

    assert failed["status"] == "gagal" and failed["gagal"]
    assert "kesalahan sistem" not in failed["gagal"]
    assert Job.objects.get(pk=job["id"]).status == "gagal"


def test_the_same_file_while_its_job_waits_is_that_job(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = caller(world, "keuangan")

    def send():
        upload = io.BytesIO(b"Nomor Tagihan,Tanggal Bayar,Jumlah,Referensi\n")
        upload.name = "bayar.csv"
        return client.post(f"{API}/pembayaran", {"berkas": upload}).json()

    first, again = send(), send()

    assert again["id"] == first["id"] and again["sudah_dikirim"] and not first["sudah_dikirim"]
    assert len(list((tmp_path / "unggahan-api").iterdir())) == 1


# --- DCI-shaped person search --------------------------------------------------------


def dci(client: Client, id_type: str, value: str, **criteria) -> dict:
    body = {
        "header": {"sender_id": "dinsos-kaltim", "action": "search"},
        "message": {
            "transaction_id": "T-77",
            "search_request": [
                {
                    "reference_id": "R-1",
                    "search_criteria": {
                        "reg_type": "ns:org:RegistryType:Social",
                        "query_type": "idtype-value",
                        "query": {"type": id_type, "value": value},
                        **criteria,
                    },
                }
            ],
        },
    }
    response = client.post(f"{API}/dci/registry/sync/search", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_dci_search_finds_by_nik_and_echoes_the_transaction(world):
    answer = dci(caller(world, "verifikator"), "NIK", BPN_NIK)

    assert answer["message"]["transaction_id"] == "T-77" and answer["message"]["correlation_id"]
    assert answer["header"]["receiver_id"] == "dinsos-kaltim"
    (item,) = answer["message"]["search_response"]
    assert (item["reference_id"], item["status"]) == ("R-1", "succ")
    (record,) = item["data"]["reg_records"]
    assert record["name"] == BPN_NAME
    assert record["identifier"] == [{"identifier_type": "NIK", "identifier_value": BPN_NIK}]
    assert item["pagination"] == {"page_size": 10, "page_number": 1, "total_count": 1}
    assert AccessLog.objects.filter(action=AccessAction.SEARCH_NIK).exists()
    assert AccessLog.objects.filter(action=AccessAction.VIEW_PERSON, detail="API DCI").exists()


def test_dci_search_gives_one_answer_for_unknown_out_of_scope_and_masked(world):
    def records(role, nik):
        item = dci(caller(world, role), "NIK", nik)["message"]["search_response"][0]
        return item["status"], item["data"]["reg_records"], item["pagination"]["total_count"]

    unknown = records("verifikator", "6471010101900009")
    out_of_scope = records("verifikator", SMD_NIK)  # Samarinda, outside Balikpapan
    masked_in_scope = records("pimpinan", BPN_NIK)
    masked_unknown = records("pimpinan", "6471010101900009")

    assert unknown == out_of_scope == masked_in_scope == masked_unknown == ("succ", [], 0)


def test_dci_search_by_kpj_masks_the_nik_for_a_masked_role(world, billing):  # noqa: F811
    kpj = str(90000000000 + world.persons["bpn"].pk)

    masked = dci(caller(world, "keuangan"), "KPJ", kpj)["message"]["search_response"][0]
    not_participants = dci(caller(world, "pimpinan"), "KPJ", kpj)["message"]["search_response"]

    (record,) = masked["data"]["reg_records"]
    assert record["identifier"][0]["identifier_value"] == mask_nik(BPN_NIK)
    assert record["birth_date"] == "**-**-1985"
    assert not_participants[0]["data"]["reg_records"] == []


def test_dci_search_rejects_what_it_does_not_serve_with_a_reason(world):
    client = caller(world, "admin")

    by_name = dci(client, "NIK", BPN_NIK, query_type="expression")
    by_passport = dci(client, "PASPOR", "A123")

    assert by_name["header"]["status"] == "rjct"
    item = by_name["message"]["search_response"][0]
    assert item["status_reason_code"] == "rjct.query_type.invalid"
    assert "idtype-value" in item["status_reason_message"]
    reason = by_passport["message"]["search_response"][0]["status_reason_message"]
    assert "NIK, KPJ" in reason


def test_dci_search_pages_and_refuses_a_malformed_envelope(world):
    client = caller(world, "admin")

    second_page = dci(client, "NIK", BPN_NIK, pagination={"page_size": 1, "page_number": 2})
    malformed = client.post(
        f"{API}/dci/registry/sync/search",
        {"message": {"transaction_id": "T"}},
        content_type="application/json",
    )

    item = second_page["message"]["search_response"][0]
    assert item["data"]["reg_records"] == [] and item["pagination"]["total_count"] == 1
    assert malformed.status_code == 422 and "search_request" in malformed.json()["fields"]
