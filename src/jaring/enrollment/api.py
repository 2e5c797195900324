"""``/api/v1/batch`` and ``/api/v1/respons``: the exchange with BPJS for another system
— registration batches listed and downloaded as the page offers them (the same file,
the same rule, the same access log: ``enrollment.export``), BPJS responses uploaded
and processed by the worker (``jobs.uploads``; their status at ``/pekerjaan/{id}``)."""

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jaring.accounts.policy import can_enrol, can_follow_enrolment
from jaring.core.paging import CappedPaginator
from jaring.enrollment import export
from jaring.enrollment.jobs import RESPONSE_IMPORT
from jaring.enrollment.models import BatchPendaftaran
from jaring.enrollment.queries import batch_for, enrolment_programs
from jaring.jobs.api import Pekerjaan, job_answer
from jaring.jobs.uploads import start_import

router = Router()
responses = Router()
PAGE_SIZE = 50
FILE_TYPES = {"csv": "text/csv", "xlsx": export.CONTENT_TYPES["xlsx"]}


class Batch(Schema):
    nomor: str
    program: str
    bulan_pertama: dt.date
    jumlah: int
    tata_letak: str
    dibuat: dt.datetime


class DaftarBatch(Schema):
    jumlah: int
    halaman: int
    jumlah_halaman: int
    hasil: list[Batch]


def _require(user) -> None:
    if not can_follow_enrolment(user):
        raise HttpError(403, _("Peran Anda tidak dapat membuka pendaftaran BPJS."))


@router.get("", response=DaftarBatch, summary="Daftar batch pendaftaran")
def list_batches(request, program: str = "", halaman: int = 1):
    """Batch pendaftaran program yang sudah disetujui dalam cakupan pengguna, terbaru
    dahulu; ``program`` (kode) menyaring satu program."""
    _require(request.user)
    batches = BatchPendaftaran.objects.filter(
        program__in=enrolment_programs(request.user)
    ).select_related("program", "tata_letak")
    if program:
        batches = batches.filter(program__kode=program)
    paginator = CappedPaginator(batches.order_by("-created_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(halaman)
    return {
        "jumlah": paginator.count,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "hasil": [
            {
                "nomor": b.nomor,
                "program": b.program.kode,
                "bulan_pertama": b.bulan_pertama,
                "jumlah": b.jumlah,
                "tata_letak": b.tata_letak.nama,
                "dibuat": b.created_at,
            }
            for b in page.object_list
        ],
    }


@router.get(
    "/{nomor}/berkas",
    summary="Unduh berkas batch untuk BPJS",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "Berkas batch (CSV atau XLSX)",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in FILE_TYPES.values()
                },
            }
        }
    },
)
def batch_file(request, nomor: str, format: str = "csv"):
    """Berkas yang diterima kantor cabang BPJS (``format`` csv atau xlsx). Berisi NIK:
    hanya untuk peran yang melihat identitas utuh, hanya baris kabupaten/kota
    pengguna, dan dicatat di log akses."""
    _require(request.user)
    if not export.may_download(request.user):
        raise HttpError(403, _("Peran Anda tidak dapat mengunduh berkas yang memuat NIK."))
    batch = batch_for(request.user, nomor)
    if batch is None:
        raise HttpError(404, _("Batch tidak ditemukan."))
    if format not in FILE_TYPES:
        raise HttpError(400, _("Format harus csv atau xlsx."))
    body = export.download(request.user, batch, format, request=request)
    response = HttpResponse(body, content_type=export.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(batch, format)}"'
    return response


@responses.post("", response={202: Pekerjaan}, summary="Kirim berkas respons BPJS")
def upload_response(
    request, program: Form[str], berkas: File[UploadedFile], ganti: Form[bool] = False
):
    """Jawaban BPJS atas batch pendaftaran sebuah program (kode), diproses di latar
    belakang seperti di halaman; pantau hasilnya di ``/pekerjaan/{id}``. ``ganti``:
    peserta yang ditolak langsung diganti dari daftar tunggu."""
    user = request.user
    _require(user)
    found = enrolment_programs(user).filter(kode=program).first()
    if found is None:
        raise HttpError(404, _("Program tidak ditemukan atau belum disetujui."))
    if not can_enrol(user, found.wilayah_id):
        raise HttpError(403, _("Peran Anda tidak dapat mengimpor respons BPJS program ini."))
    job = start_import(
        kind=f"respons:{found.pk}",
        jenis=_("Impor respons BPJS %(kode)s") % {"kode": found.kode},
        handler=RESPONSE_IMPORT,
        user=user,
        upload=berkas,
        params={"program_id": found.pk, "ganti": bool(ganti)},
    )
    return Status(202, job_answer(job))
