"""``/api/v1/tagihan`` and ``/api/v1/pembayaran``: invoices with what was billed, paid
and is outstanding (whole rupiah), through the same scoped reads as the billing pages
(``contributions.queries``), and payment files uploaded for the worker (``jobs.uploads``;
their status at ``/pekerjaan/{id}``). Invoices carry totals, no identities."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jaring.accounts.policy import can_view_programs
from jaring.contributions import queries
from jaring.contributions.jobs import PAYMENT_IMPORT
from jaring.contributions.models import Tagihan as TagihanModel
from jaring.contributions.views import can_import_payments
from jaring.core.months import parse_month
from jaring.core.paging import CappedPaginator
from jaring.jobs.api import Pekerjaan, job_answer
from jaring.jobs.uploads import start_import

router = Router()
payments = Router()
PAGE_SIZE = 50


class Tagihan(Schema):
    nomor: str
    program: str
    pendana: str
    bulan: str  # YYYY-MM
    peserta: int
    iuran_per_peserta: int
    ditagih: int  # billed, after relief
    keringanan: int
    diterima: int  # payments received
    kredit_masuk: int
    dibayar: int  # paid: received and credit counted against this invoice
    kredit_keluar: int
    tunggakan: int  # outstanding: billed and not (yet) paid
    lunas: bool


class TagihanWilayah(Schema):
    kode_kabupaten: str
    peserta: int
    ditagih: int
    dibayar: int
    tunggakan: int


class Pembayaran(Schema):
    tanggal: dt.date
    jumlah: int
    referensi: str


class TagihanRinci(Tagihan):
    # False: the user's region covers part of the programme; ``wilayah`` lists that part.
    semua_wilayah: bool
    wilayah: list[TagihanWilayah]
    pembayaran: list[Pembayaran]


class DaftarTagihan(Schema):
    jumlah: int
    halaman: int
    jumlah_halaman: int
    ditagih: int  # totals of every invoice listed (all pages)
    dibayar: int
    tunggakan: int
    hasil: list[Tagihan]


def _require(user) -> None:
    if not can_view_programs(user):
        raise HttpError(403, _("Peran Anda tidak dapat membuka tagihan iuran."))


def _row(invoice: TagihanModel) -> dict:
    return {
        "nomor": invoice.nomor,
        "program": invoice.program.kode,
        "pendana": invoice.pendana,
        "bulan": f"{invoice.bulan:%Y-%m}",
        "peserta": invoice.peserta,
        "iuran_per_peserta": invoice.tarif_peserta,
        "ditagih": invoice.jumlah,
        "keringanan": invoice.keringanan,
        "diterima": invoice.diterima,
        "kredit_masuk": invoice.kredit_masuk,
        "dibayar": invoice.dibayar,
        "kredit_keluar": invoice.kredit_keluar,
        "tunggakan": invoice.tunggakan,
        "lunas": invoice.lunas,
    }


@router.get("", response=DaftarTagihan, summary="Daftar tagihan iuran")
def list_invoices(request, program: str = "", bulan: str = "", pendana: str = "", halaman: int = 1):
    """Tagihan program dalam cakupan pengguna, terbaru dahulu, 50 per halaman; saring
    dengan ``program`` (kode), ``bulan`` (YYYY-MM) dan ``pendana``. Jumlah dalam rupiah
    bulat."""
    _require(request.user)
    invoices = queries.invoices_for(request.user)
    if program:
        invoices = invoices.filter(program__kode=program)
    if bulan:
        month = parse_month(bulan)
        if month is None:
            raise HttpError(422, _("Bulan harus berbentuk YYYY-MM, misalnya 2026-01."))
        invoices = invoices.filter(bulan=month)
    if pendana:
        invoices = invoices.filter(pendana=pendana)
    totals = queries.invoice_totals(invoices)
    paginator = CappedPaginator(invoices.order_by("-bulan", "program__kode", "pendana"), PAGE_SIZE)
    page = paginator.get_page(halaman)
    return {
        "jumlah": paginator.count,
        "halaman": page.number,
        "jumlah_halaman": paginator.num_pages,
        **totals,
        "hasil": [_row(t) for t in page.object_list],
    }


@router.get("/{nomor}", response=TagihanRinci, summary="Sebuah tagihan")
def invoice(request, nomor: str):
    """Tagihan dengan rincian per kabupaten/kota dalam cakupan pengguna dan
    pembayarannya. Di luar cakupan: 404, sama seperti nomor yang tidak ada."""
    _require(request.user)
    found = queries.invoice_for(request.user, nomor)
    if found is None:
        raise HttpError(404, _("Tagihan tidak ditemukan."))
    return {
        **_row(found),
        "semua_wilayah": queries.sees_all_regions(request.user, found.program),
        "wilayah": [
            {
                "kode_kabupaten": r.kode_kabupaten,
                "peserta": r.peserta,
                "ditagih": r.jumlah,
                "dibayar": r.dibayar,
                "tunggakan": r.tunggakan,
            }
            for r in queries.regions_of(request.user, found).order_by("kode_kabupaten")
        ],
        "pembayaran": [
            {"tanggal": p.tanggal, "jumlah": p.jumlah, "referensi": p.referensi}
            for p in queries.payments_of(found)
        ],
    }


@payments.post("", response={202: Pekerjaan}, summary="Kirim berkas pembayaran")
def upload_payments(request, berkas: File[UploadedFile]):
    """Berkas pembayaran (SP2D/transfer per tagihan) diproses di latar belakang seperti
    di halaman impor pembayaran; pantau hasilnya di ``/pekerjaan/{id}``."""
    if not can_import_payments(request.user):
        raise HttpError(403, _("Peran Anda tidak dapat mengimpor pembayaran."))
    job = start_import(
        kind="pembayaran",
        jenis=_("Impor pembayaran"),
        handler=PAYMENT_IMPORT,
        user=request.user,
        upload=berkas,
        params={},
    )
    return Status(202, job_answer(job))
