"""``/api/v1/pengaduan``: the worker's door to complaints for other apps (a mobile app,
a village kiosk) — no key; the same identity check, throttle and access log as the
page (``pengaduan.door``). Nothing here names the worker or shows their NIK."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jaring.pengaduan import door, queries, services
from jaring.pengaduan.models import Kanal
from jaring.registry.queries import person_by_identity

router = Router()


class PengaduanMasuk(Schema):
    # Plain text, all optional to the parser: a missing or malformed NIK or birth date
    # must meet the same refusal as a wrong one, not a validation error naming it.
    nik: str = ""
    tanggal_lahir: str = ""
    jenis: str = ""
    uraian: str = ""
    no_hp: str = ""


class PengaduanDiterima(Schema):
    nomor: str
    status: str


class Langkah(Schema):
    status: str
    keterangan: str
    waktu: dt.datetime


class JawabanPengaduan(Schema):
    nomor: str
    jenis: str
    status: str
    status_label: str
    diajukan: dt.date
    batas_waktu: dt.date
    riwayat: list[Langkah]


class Pesan(Schema):
    detail: str


@router.post(
    "",
    auth=None,
    response={201: PengaduanDiterima, 404: Pesan, 422: Pesan, 429: Pesan},
    summary="Ajukan pengaduan (pekerja)",
)
def file_complaint(request: HttpRequest, data: PengaduanMasuk):
    door.admit(request, data.nik, "pengaduan:api")
    person = person_by_identity(data.nik, data.tanggal_lahir)
    if person is None:
        raise HttpError(404, door.mismatch_message())
    try:
        filed = services.file_complaint(
            person=person, jenis=data.jenis, uraian=data.uraian, no_hp=data.no_hp,
            kanal=Kanal.API,
        )  # fmt: skip
    except services.PengaduanError as error:
        raise HttpError(422, str(error)) from error
    return Status(201, {"nomor": filed.nomor, "status": filed.status})


@router.get(
    "/{nomor}",
    auth=None,
    response={200: JawabanPengaduan, 404: Pesan, 429: Pesan},
    summary="Status pengaduan (pekerja)",
)
def complaint_status(request: HttpRequest, nomor: str, nik: str = ""):
    door.admit(request, nik, "pengaduan:api-status")
    found = queries.for_worker(nomor, nik)
    if found is None:
        raise HttpError(404, door.not_found_message())
    return {
        "nomor": found.nomor,
        "jenis": found.jenis,
        "status": found.status,
        "status_label": found.get_status_display(),
        "diajukan": timezone.localtime(found.created_at).date(),
        "batas_waktu": found.batas_waktu,
        "riwayat": [
            {"status": r.status, "keterangan": r.alasan, "waktu": r.created_at}
            for r in found.riwayat.all()
        ],
    }
