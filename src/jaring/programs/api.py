"""``/api/v1/program``: programmes, their rules, quotas and budget, and the approved
beneficiary list, through the same scoped reads as the pages (``programs.queries``).
The list is masked for roles that do not see identities whole, and every page of it is
written to the access log, as a page of persons."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.accounts.audit import log_access, log_nik_search
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_view_programs, sees_full_identity
from jaring.core.masking import shown_identity
from jaring.core.paging import CappedPaginator
from jaring.programs import describe, services
from jaring.programs.forms import program_figures
from jaring.programs.models import Program
from jaring.programs.queries import (
    ListFilter,
    beneficiary_rows,
    program_list,
    regions_for,
)
from jaring.programs.tariffs import NoTariff

router = Router()
PAGE_SIZE = 50


class ProgramRingkas(Schema):
    kode: str
    nama: str
    status: str
    kode_wilayah: str
    bulan_mulai: dt.date
    bulan_akhir: dt.date
    kuota_total: int
    terpilih: int
    penerima: int


class DaftarProgram(Schema):
    jumlah: int
    hasil: list[ProgramRingkas]


class Aturan(Schema):
    usia_min: int | None
    usia_maks: int | None
    pekerjaan_sasaran: list[str]
    kecualikan_peserta_aktif: bool
    kecualikan_program_lain: bool
    batas_penghasilan: int | None
    # The same rules in sentences, as the programme page says them.
    syarat: list[str]
    prioritas: list[str]


class Kuota(Schema):
    kode_kabupaten: str
    nama: str
    kuota_tetap: int | None
    kuota: int
    memenuhi_syarat: int
    terpilih: int


class PorsiPendana(Schema):
    pendana: str
    persen: str  # exact, e.g. "60" or "33.33"
    rupiah: int


class Anggaran(Schema):
    pagu: int | None
    biaya_per_orang: int | None  # whole rupiah over the programme's months
    kapasitas: int | None
    total: int | None
    pendana: list[PorsiPendana]
    # Why there is no figure (a month without a tariff), else "".
    catatan: str


class ProgramRinci(ProgramRingkas):
    dasar_hukum: str
    nomor_sk: str
    tanggal_sk: dt.date | None
    alokasi: str
    aturan: Aturan
    kuota_wilayah: list[Kuota]
    anggaran: Anggaran


class Penerima(Schema):
    nomor_urut: int
    nik: str
    nama: str
    tanggal_lahir: str
    jenis_kelamin: str
    kode_wilayah: str
    kode_kabupaten: str
    pekerjaan: str
    skor: int
    amandemen_masuk: int | None
    amandemen_keluar: int | None


class DaftarPenerima(Schema):
    program: str
    jumlah: int
    lebih_dari: bool  # ``jumlah`` stopped counting at this many
    halaman: int
    jumlah_halaman: int
    hasil: list[Penerima]


def _summary(program: Program) -> dict:
    return {
        "kode": program.kode,
        "nama": program.nama,
        "status": program.status,
        "kode_wilayah": program.wilayah_id,
        "bulan_mulai": program.bulan_mulai,
        "bulan_akhir": program.bulan_akhir,
        "kuota_total": program.kuota_total,
        "terpilih": getattr(program, "jumlah_terpilih", 0),
        "penerima": getattr(program, "jumlah_penerima", 0),
    }


def _require(user) -> None:
    if not can_view_programs(user):
        raise HttpError(403, _("Peran Anda tidak dapat membuka program."))


def _program(user, kode: str) -> Program:
    """The programme with its counts: 403 for a role without programme pages, 404
    outside the user's region (the same answer as a code that does not exist)."""
    _require(user)
    found = program_list(user).filter(kode=kode).first()
    if found is None:
        raise HttpError(404, _("Program tidak ditemukan."))
    return found


@router.get("", response=DaftarProgram, summary="Daftar program")
def list_programs(request):
    """Program yang wilayahnya memuat wilayah pengguna atau berada di dalamnya, dengan
    jumlah terpilih dan penerima (angka, tanpa data pribadi)."""
    _require(request.user)
    programs = [_summary(p) for p in program_list(request.user)]
    return {"jumlah": len(programs), "hasil": programs}


def _budget(program: Program) -> dict:
    try:
        figures = program_figures(program)
    except NoTariff as exc:
        return {
            "pagu": program.pagu_anggaran,
            "biaya_per_orang": None,
            "kapasitas": None,
            "total": None,
            "pendana": [],
            "catatan": str(exc),
        }
    shares = services.funder_shares(program)
    parts = services.split(figures["total"], shares)
    return {
        "pagu": program.pagu_anggaran,
        "biaya_per_orang": figures["biaya_per_orang"],
        "kapasitas": figures["kapasitas"],
        "total": figures["total"],
        "pendana": [
            {"pendana": k, "persen": f"{shares[k].normalize():f}", "rupiah": parts[k]}
            for k in sorted(shares, key=lambda k: (-shares[k], k))
        ],
        "catatan": "",
    }


@router.get("/{kode}", response=ProgramRinci, summary="Sebuah program: aturan, kuota, anggaran")
def program_detail(request, kode: str):
    """Aturan seleksi, kuota per kabupaten/kota dalam cakupan pengguna, dan anggaran
    (biaya per orang, kapasitas, porsi setiap pendana, dalam rupiah bulat)."""
    program = _program(request.user, kode)
    rules = {
        "usia_min": program.usia_min,
        "usia_maks": program.usia_maks,
        "pekerjaan_sasaran": sorted(program.pekerjaan_sasaran.values_list("kode", flat=True)),
        "kecualikan_peserta_aktif": program.kecualikan_peserta_aktif,
        "kecualikan_program_lain": program.kecualikan_program_lain,
        "batas_penghasilan": program.batas_penghasilan,
        "syarat": [str(s) for s in describe.eligibility(program)],
        "prioritas": [str(s) for s in describe.priority(program)],
    }
    quotas = [
        {
            "kode_kabupaten": r.wilayah_id,
            "nama": r.wilayah.nama,
            "kuota_tetap": r.kuota_tetap,
            "kuota": r.kuota,
            "memenuhi_syarat": r.memenuhi_syarat,
            "terpilih": r.terpilih,
        }
        for r in regions_for(request.user, program)
    ]
    return {
        **_summary(program),
        "dasar_hukum": f"{program.get_dasar_hukum_jenis_display()} {program.dasar_hukum_nomor}",
        "nomor_sk": program.nomor_sk,
        "tanggal_sk": program.tanggal_sk,
        "alokasi": program.alokasi,
        "aturan": rules,
        "kuota_wilayah": quotas,
        "anggaran": _budget(program),
    }


@router.get("/{kode}/penerima", response=DaftarPenerima, summary="Daftar penerima program")
def beneficiaries(
    request, kode: str, kabupaten: str = "", q: str = "", dicabut: bool = False, halaman: int = 1
):
    """Penerima yang disetujui (``dicabut=true``: yang dicabut lewat amandemen) di
    kabupaten/kota pengguna, 50 per halaman. NIK dan tanggal lahir disamarkan untuk
    peran yang tidak memerlukannya; setiap halaman dicatat sebagai pembacaan data
    pribadi. Program yang belum disetujui belum mempunyai daftar (404)."""
    user = request.user
    program = _program(user, kode)
    if not program.terkunci:
        raise HttpError(404, _("Program ini belum disetujui; daftar penerima belum ada."))
    codes = {r.wilayah_id for r in regions_for(user, program)}
    criteria = ListFilter(kabupaten=kabupaten if kabupaten in codes else "", q=q[:100])
    log_nik_search(user, criteria.q, target=f"program:{program.kode}", request=request)
    paginator = CappedPaginator(
        beneficiary_rows(user, program, criteria, withdrawn=dicabut), PAGE_SIZE
    )
    page = paginator.get_page(halaman)
    full = sees_full_identity(user)
    rows = []
    for row in page.object_list:
        person = row.person
        nik, born = shown_identity(full, person.nik, person.tanggal_lahir, "%Y-%m-%d")
        rows.append(
            {
                "nomor_urut": row.nomor_urut,
                "nik": nik,
                "nama": person.nama,
                "tanggal_lahir": born,
                "jenis_kelamin": person.jenis_kelamin,
                "kode_wilayah": person.wilayah_id,
                "kode_kabupaten": row.kode_kabupaten,
                "pekerjaan": person.pekerjaan_id,
                "skor": row.skor,
                "amandemen_masuk": row.amandemen_masuk.nomor if row.amandemen_masuk else None,
                "amandemen_keluar": row.amandemen_keluar.nomor if row.amandemen_keluar else None,
            }
        )
    log_access(
        user,
        AccessAction.VIEW_PERSON,
        f"program:{program.kode}",
        detail=f"API: daftar penerima, halaman {page.number}, {len(rows)} orang",
        request=request,
    )
    return {
        "program": program.kode,
        "jumlah": min(paginator.count, paginator.cap),
        "lebih_dari": paginator.capped,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        "hasil": rows,
    }
