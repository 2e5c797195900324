"""``/api/v1/pengajuan``: worker lists sent by another system and their outcome, through
the same scoped queries and the same upload path as the pages."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jaring.accounts.policy import can_upload, sees_full_identity
from jaring.core.paging import CappedPaginator
from jaring.intake.forms import UploadForm
from jaring.intake.models import SubmissionStatus
from jaring.intake.queries import errors_of, submission_for, submissions_for
from jaring.intake.uploads import receive
from jaring.reasons import translate_rows
from jaring.registry.models import Agency

router = Router()
PAGE_SIZE = 25


class BarisDitolak(Schema):
    baris: int
    kolom: str
    alasan: str


class Pengajuan(Schema):
    nomor: str
    instansi: str
    berkas: str
    status: str
    kemajuan: int
    baris: int
    diterima: int
    ditolak: int
    duplikat: int
    diajukan: dt.datetime
    selesai: dt.datetime | None
    gagal: str
    # True when this very file had been sent before: the answer is that earlier submission.
    sudah_dikirim: bool = False


class PengajuanRinci(Pengajuan):
    # The rejected cells quote NIKs and birth dates: only for roles that see them.
    kesalahan: list[BarisDitolak]


class DaftarPengajuan(Schema):
    jumlah: int
    halaman: int
    jumlah_halaman: int
    hasil: list[Pengajuan]


def _row(submission) -> dict:
    return {
        "nomor": submission.nomor, "instansi": submission.agency.kode,
        "berkas": submission.original_name, "status": submission.status,
        "kemajuan": submission.progress, "baris": submission.rows,
        "diterima": submission.accepted, "ditolak": submission.rejected,
        "duplikat": submission.duplicates, "diajukan": submission.created_at,
        "selesai": submission.finished_at, "gagal": submission.failure,
    }  # fmt: skip


@router.get("", response=DaftarPengajuan, summary="Daftar pengajuan")
def list_submissions(request, halaman: int = 1):
    """Pengajuan dalam cakupan pengguna, terbaru dahulu, 25 per halaman."""
    paginator = CappedPaginator(submissions_for(request.user), PAGE_SIZE)
    page = paginator.get_page(halaman)
    return {
        "jumlah": paginator.count,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "hasil": [_row(s) for s in page.object_list],
    }


@router.get("/{nomor}", response=PengajuanRinci, summary="Hasil sebuah pengajuan")
def submission(request, nomor: str):
    """Status, kemajuan dan hitungan; setelah selesai, alasan setiap baris yang ditolak
    (hanya untuk peran yang boleh melihat NIK utuh)."""
    found = submission_for(request.user, nomor)
    if found is None:
        raise HttpError(404, _("Pengajuan tidak ditemukan."))
    errors = []
    if found.status == SubmissionStatus.DONE and sees_full_identity(request.user):
        errors = [
            {"baris": e.row_number, "kolom": e.field, "alasan": e.message}
            for e in translate_rows(errors_of(found))
        ]
    return {**_row(found), "kesalahan": errors}


@router.post("", response={200: Pengajuan, 202: Pengajuan}, summary="Kirim daftar pekerja")
def upload(request, berkas: File[UploadedFile], instansi: Form[str] = ""):
    """Berkas CSV atau XLSX diproses di latar belakang seperti unggahan di halaman;
    pantau hasilnya di ``/pengajuan/{nomor}``. Operator selalu mengirim untuk instansinya;
    peran lain menyebut ``instansi`` (kode)."""
    user = request.user
    if not can_upload(user):
        raise HttpError(403, _("Peran Anda tidak dapat mengunggah daftar pekerja."))
    agency = Agency.objects.filter(kode=instansi, aktif=True).values_list("pk", flat=True).first()
    if instansi and agency is None and not user.agency_id:
        raise HttpError(
            400, _("Instansi %(kode)s tidak dikenal atau tidak aktif.") % {"kode": instansi}
        )
    form = UploadForm({"agency": agency}, {"file": berkas}, user=user)
    if not form.is_valid():
        message = " ".join(str(m) for messages in form.errors.values() for m in messages)
        raise HttpError(400, message)
    received = receive(form.cleaned_data["file"], agency=form.submitting_agency(), user=user)
    if received.sent_before:
        # The same file again: the earlier submission answers, nothing new is queued.
        return Status(200, {**_row(received.submission), "sudah_dikirim": True})
    return Status(202, _row(received.submission))
