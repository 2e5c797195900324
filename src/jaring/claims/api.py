"""``/api/v1/klaim`` and ``/api/v1/laporan-klaim``: claims as the claims page shows them
(``claims.queries``: totals by type for everyone who follows programmes; the claims
with names for the roles that exchange with BPJS, NIKs masked for roles that do not
see them, each page written to the access log), and claim reports uploaded for the
worker (``jobs.uploads``; their status at ``/pekerjaan/{id}``)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jaring.accounts.audit import log_access
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import (
    can_follow_enrolment,
    can_import_claims,
    can_view_programs,
    sees_full_identity,
)
from jaring.claims import queries
from jaring.claims.jobs import CLAIMS_IMPORT
from jaring.core.masking import mask_nik
from jaring.core.paging import CappedPaginator
from jaring.jobs.api import Pekerjaan, job_answer
from jaring.jobs.uploads import start_import

router = Router()
reports = Router()
PAGE_SIZE = 50


class JenisKlaim(Schema):
    jenis: str
    jumlah_klaim: int
    dibayar: int  # rupiah


class Klaim(Schema):
    program: str
    kpj: str
    nik: str
    nama: str
    kode_kabupaten: str
    jenis: str
    tanggal_kejadian: dt.date
    tanggal_bayar: dt.date
    jumlah: int
    meninggal: bool
    nomor_klaim: str
    laporan: str


class DaftarKlaim(Schema):
    ringkasan: list[JenisKlaim]
    iuran_dibayar: int  # contributions paid for the same regions (claims per rupiah)
    # False: the role sees the totals only (``hasil`` stays empty).
    rincian: bool
    jumlah: int
    halaman: int
    jumlah_halaman: int
    hasil: list[Klaim]


@router.get("", response=DaftarKlaim, summary="Klaim peserta")
def list_claims(request, jenis: str = "", halaman: int = 1):
    """Jumlah dan nilai klaim per jenis; bagi peran yang bertukar data dengan BPJS juga
    daftar klaimnya, 50 per halaman (``jenis`` menyaring), NIK disamarkan untuk peran
    yang tidak memerlukannya. Setiap halaman daftar dicatat di log akses."""
    user = request.user
    if not can_view_programs(user):
        raise HttpError(403, _("Peran Anda tidak dapat membuka klaim."))
    summary = [
        {"jenis": r["jenis"], "jumlah_klaim": r["n"], "dibayar": r["jumlah"]}
        for r in queries.summary_by_type(user)
    ]
    answer = {
        "ringkasan": summary,
        "iuran_dibayar": queries.contributions_paid(user),
        "rincian": can_follow_enrolment(user),
        "jumlah": 0,
        "halaman": 1,
        "jumlah_halaman": 1,
        "hasil": [],
    }
    if not answer["rincian"]:
        return answer
    claims = queries.claims_for(user).select_related("laporan")
    if jenis:
        claims = claims.filter(jenis=jenis)
    paginator = CappedPaginator(claims.order_by("-tanggal_bayar", "-id"), PAGE_SIZE)
    page = paginator.get_page(halaman)
    full = sees_full_identity(user)
    rows = [
        {
            "program": c.peserta.program.kode,
            "kpj": c.peserta.kpj or "",
            "nik": c.peserta.person.nik if full else mask_nik(c.peserta.person.nik),
            "nama": c.peserta.person.nama,
            "kode_kabupaten": c.peserta.kode_kabupaten,
            "jenis": c.jenis,
            "tanggal_kejadian": c.tanggal_kejadian,
            "tanggal_bayar": c.tanggal_bayar,
            "jumlah": c.jumlah,
            "meninggal": c.meninggal,
            "nomor_klaim": c.nomor_klaim,
            "laporan": c.laporan.nomor,
        }
        for c in page.object_list
    ]
    if rows:
        log_access(
            user,
            AccessAction.VIEW_PERSON,
            "klaim",
            detail=f"API: daftar klaim, halaman {page.number}, {len(rows)} klaim",
            request=request,
        )
    return {
        **answer,
        "jumlah": paginator.count,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "hasil": rows,
    }


@reports.post("", response={202: Pekerjaan}, summary="Kirim laporan klaim BPJS")
def upload_claims(request, berkas: File[UploadedFile]):
    """Laporan klaim dari BPJS diproses di latar belakang seperti di halaman klaim;
    pantau hasilnya di ``/pekerjaan/{id}``."""
    if not can_import_claims(request.user):
        raise HttpError(403, _("Peran Anda tidak dapat mengimpor laporan klaim."))
    job = start_import(
        kind="klaim",
        jenis=_("Impor laporan klaim"),
        handler=CLAIMS_IMPORT,
        user=request.user,
        upload=berkas,
        params={},
    )
    return Status(202, job_answer(job))
