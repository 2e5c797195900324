"""``/api/v1/pekerjaan/{id}``: the status of a background job an API call started (an
upload of BPJS responses, payments or claims), in the shape ``/pengajuan/{nomor}``
answers for worker lists: status, progress, counts and each refused row with its
reason. Only the user who started the job (or an administrator) may read it, as the
progress partial of the pages (``jobs.views``)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.accounts.policy import is_admin
from jaring.jobs.models import Job, JobStatus

router = Router()


class BarisDitolak(Schema):
    baris: int
    kolom: str
    alasan: str


class Pekerjaan(Schema):
    id: int
    jenis: str
    status: str  # antri, berjalan, selesai, gagal
    kemajuan: int
    pesan: str
    dimulai: dt.datetime
    selesai: dt.datetime | None
    gagal: str  # why the job failed, else ""
    # Once done: the import's number, whether this very file was imported before (the
    # answer is then that import's), its counts, and the refused rows.
    impor: str
    sudah_diimpor: bool
    jumlah: dict[str, int]
    kesalahan: list[BarisDitolak]
    # True when this very file's job was still waiting or running: the answer is that job.
    sudah_dikirim: bool = False


def job_answer(job: Job) -> dict:
    result = job.hasil if job.status == JobStatus.DONE and isinstance(job.hasil, dict) else {}
    counts = {
        k: v
        for k, v in result.items()
        if k not in ("import", "already_imported", "errors") and isinstance(v, int)
    }
    return {
        "id": job.pk,
        "jenis": job.jenis,
        "status": job.status,
        "kemajuan": job.progress,
        "pesan": "" if job.status == JobStatus.FAILED else job.pesan,
        "dimulai": job.created_at,
        "selesai": job.finished_at,
        "gagal": job.pesan if job.status == JobStatus.FAILED else "",
        "impor": result.get("import", ""),
        "sudah_diimpor": bool(result.get("already_imported", False)),
        "jumlah": counts,
        "kesalahan": [
            {"baris": e["row"], "kolom": e["field"], "alasan": e["message"]}
            for e in result.get("errors", [])
        ],
        "sudah_dikirim": bool(getattr(job, "already_running", False)),
    }


@router.get("/{job_id}", response=Pekerjaan, summary="Status pekerjaan latar belakang")
def job_status(request, job_id: int):
    """Status, kemajuan dan, setelah selesai, hasil impor beserta alasan setiap baris
    yang ditolak. Hanya untuk pengguna yang memulainya (dan administrator)."""
    job = Job.objects.filter(pk=job_id).first() if 0 < job_id < 2**63 else None
    if job is None or not (is_admin(request.user) or job.created_by_id == request.user.pk):
        raise HttpError(404, _("Pekerjaan tidak ditemukan."))
    return job_answer(job)
