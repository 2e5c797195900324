"""``/api/v1/pekerja``: the registry for other systems, through the same scoped queries
as the pages (``registry.queries``), masked and logged as the pages are."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.accounts.audit import log_access, log_nik_search
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_browse_registry, sees_full_identity
from jaring.core.masking import shown_identity
from jaring.registry.queries import (
    DEFAULT_SORT,
    PersonFilter,
    paginate,
    person_detail,
    region_filter_ok,
    search,
    sources_of,
)

router = Router()
PAGE_SIZE = 50


class Pekerja(Schema):
    id: int
    nik: str
    nama: str
    tanggal_lahir: str
    jenis_kelamin: str
    kode_wilayah: str
    pekerjaan: str


class DataSumber(Schema):
    instansi: str
    pengajuan: str
    baris: int
    diterima: dt.datetime
    nik: str
    nama: str
    tanggal_lahir: str
    kode_wilayah: str
    pekerjaan: str


class PekerjaRinci(Pekerja):
    alamat: str
    no_hp: str
    penghasilan: int | None
    digabung_ke: int | None
    sumber: list[DataSumber]


class DaftarPekerja(Schema):
    jumlah: int
    lebih_dari: bool  # ``jumlah`` stopped counting at this many
    halaman: int
    jumlah_halaman: int
    hasil: list[Pekerja]


def _identity(user, nik: str, born: dt.date | None) -> tuple[str, str]:
    return shown_identity(sees_full_identity(user), nik, born, "%Y-%m-%d")


def _row(user, person) -> dict:
    nik, born = _identity(user, person.nik, person.tanggal_lahir)
    return {
        "id": person.pk, "nik": nik, "nama": person.nama, "tanggal_lahir": born,
        "jenis_kelamin": person.jenis_kelamin, "kode_wilayah": person.wilayah_id,
        "pekerjaan": person.pekerjaan_id,
    }  # fmt: skip


@router.get("", response=DaftarPekerja, summary="Cari pekerja")
def list_persons(
    request,
    q: str = "",
    wilayah: str = "",
    pekerjaan: str = "",
    instansi: str = "",
    urut: str = DEFAULT_SORT,
    halaman: int = 1,
):
    """Pekerja dalam cakupan pengguna: ``q`` 16 digit mencari NIK persis, selain itu
    nama (toleran ejaan); ``wilayah`` kode kabupaten/kecamatan/desa; 50 per halaman."""
    user = request.user
    if not can_browse_registry(user):
        raise HttpError(403, _("Peran Anda tidak dapat membuka daftar pekerja."))
    wilayah = wilayah.strip()
    criteria = PersonFilter(
        q=q[:100],
        wilayah=wilayah if region_filter_ok(wilayah) else "",
        pekerjaan=pekerjaan,
        agency=instansi,
        sort=urut,
    )
    log_nik_search(user, criteria.q, target="api:pencarian", request=request)
    paginator = paginate(search(user, criteria), criteria, PAGE_SIZE)
    page = paginator.get_page(halaman)
    return {
        "jumlah": min(paginator.count, paginator.cap),
        "lebih_dari": paginator.capped,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "hasil": [_row(user, person) for person in page.object_list],
    }


@router.get("/{person_id}", response=PekerjaRinci, summary="Data seorang pekerja")
def person(request, person_id: int):
    """Data utama dan setiap data sumber yang pernah dikirim instansi. Di luar cakupan
    pengguna: 404, sama seperti pekerja yang tidak ada. Pembacaan dicatat."""
    user = request.user
    found = person_detail(user, person_id)
    if found is None:
        raise HttpError(404, _("Pekerja tidak ditemukan."))
    log_access(user, AccessAction.VIEW_PERSON, f"pekerja:{found.pk}", detail="API",
               request=request)  # fmt: skip
    sources = []
    for source in sources_of(found):
        nik, born = _identity(user, source.nik, source.tanggal_lahir)
        sources.append(
            {
                "instansi": source.agency.kode if source.agency else "",
                "pengajuan": source.submission.nomor if source.submission else source.keterangan,
                "baris": source.row_number,
                "diterima": source.created_at,
                "nik": nik,
                "nama": source.nama,
                "tanggal_lahir": born,
                "kode_wilayah": source.wilayah_id,
                "pekerjaan": source.pekerjaan_id,
            }
        )
    return {
        **_row(user, found),
        "alamat": found.alamat,
        "no_hp": found.no_hp,
        "penghasilan": found.penghasilan,
        "digabung_ke": found.merged_into_id,
        "sumber": sources,
    }
