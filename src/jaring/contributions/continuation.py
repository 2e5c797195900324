"""Continuing on their own (*lanjut mandiri*): at a programme's end or renewal, the
participants not carried over to the next year may continue as self-paying BPU with the
same KPJ.

* ``candidates`` — the programme's participants registered with BPJS whose cover runs
  to its end (or who already chose to continue), and who are not on the list of a
  programme that follows it (``Program.pendahulu``) nor carried into one.
* ``accept`` — the manager records who accepted (from the page, one by one or by
  ticking many, or from a file of KPJ numbers, ``accept_file``): one ``LanjutMandiri``
  row each, with the first month they pay themselves. Cover paid by the programme ends
  the month before (``lifecycle.end_participations`` with reason ``lanjut_mandiri``), so
  no government line and no worker's share is ever billed for them after that month,
  and lines already billed beyond it are removed in the same transaction.
* ``bpjs_list`` — the list for BPJS (KPJ kept, so BPJS moves the same membership to
  self-paying), written as XLSX by the page and logged as a personal-data export.

How many keep paying is BPJS's word in the membership file
(``enrollment.queries.sustainability``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from jaring import exports
from jaring.accounts.policy import can_manage_program
from jaring.contributions.lifecycle import Ending, end_participations
from jaring.core.months import add_months, month_start
from jaring.enrollment.models import (
    AlasanBerakhir,
    CaraLanjut,
    LanjutMandiri,
    Peserta,
    StatusPendaftaran,
)
from jaring.events import Topic, announce
from jaring.programs.models import Penerima, Program
from jaring.sheets import Layout, read_sheet


class ContinuationError(ValueError):
    """The step cannot be taken; the message says why, in Indonesian. ``rows`` holds
    a file's refused rows as (row number, message)."""

    def __init__(self, message: str, rows: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.rows = rows or []


def _require_manager(user, program: Program) -> None:
    if not can_manage_program(user, program.wilayah_id):
        raise PermissionDenied


def candidates(program: Program) -> QuerySet[Peserta]:
    """Participants who may be offered continuation (module docstring), in list order."""
    carried_on_list = Penerima.objects.filter(
        program__pendahulu=program, amandemen_keluar__isnull=True, person_id=OuterRef("person_id")
    )
    carried_over = Peserta.objects.filter(program__pendahulu=program).filter(
        Q(lanjutan_dari=OuterRef("pk")) | Q(person_id=OuterRef("person_id"))
    )
    return (
        Peserta.objects.filter(
            program=program,
            status=StatusPendaftaran.DITERIMA,
            kpj__isnull=False,
            alasan_berakhir__in=["", AlasanBerakhir.LANJUT_MANDIRI],
        )
        .exclude(Exists(carried_on_list))
        .exclude(Exists(carried_over))
        .select_related("person")
        .order_by("nomor_urut")
    )


def first_own_month(program: Program) -> dt.date:
    """The month a continuing worker pays for first, unless the manager says otherwise:
    the month after the programme's last."""
    return add_months(program.bulan_akhir, 1)


def _check_month(program: Program, bulan: dt.date) -> dt.date:
    bulan = month_start(bulan)
    earliest, latest = add_months(program.bulan_mulai, 1), first_own_month(program)
    if not earliest <= bulan <= latest:
        raise ContinuationError(
            _("Bulan pertama bayar sendiri harus antara %(awal)s dan %(akhir)s.")
            % {"awal": f"{earliest:%m/%Y}", "akhir": f"{latest:%m/%Y}"}
        )
    return bulan


@dataclass
class AcceptResult:
    recorded: int  # new LanjutMandiri rows
    already: int  # named again, recorded before
    ended: int  # participants whose paid cover was shortened


@transaction.atomic
def accept(
    *,
    user,
    program: Program,
    peserta_ids: Iterable[int],
    bulan_mulai: dt.date | None = None,
    cara: str = CaraLanjut.FORMULIR,
) -> AcceptResult:
    """Record that these participants continue on their own from ``bulan_mulai``
    (default ``first_own_month``); each must be a ``candidate``. Their paid cover ends
    the month before (module docstring). Recording someone again changes nothing."""
    _require_manager(user, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    start = _check_month(program, bulan_mulai or first_own_month(program))
    wanted = sorted(set(peserta_ids))
    if not wanted:
        raise ContinuationError(_("Pilih peserta yang bersedia lanjut mandiri."))
    found = {p.pk: p for p in candidates(program).filter(pk__in=wanted)}
    outside = [pk for pk in wanted if pk not in found]
    if outside:
        raise ContinuationError(
            _("%(count)d peserta tidak dapat ditawari lanjut mandiri di program ini.")
            % {"count": len(outside)}
        )
    before = set(
        LanjutMandiri.objects.filter(peserta_id__in=wanted).values_list("peserta_id", flat=True)
    )
    fresh = [found[pk] for pk in wanted if pk not in before]
    LanjutMandiri.objects.bulk_create(
        LanjutMandiri(
            peserta=p, program=program, kpj=p.kpj or "", bulan_mulai=start, cara=cara,
            created_by=user,
        )
        for p in fresh
    )  # fmt: skip
    last_paid = add_months(start, -1)
    # The manager's decision, checked above; the end of paid cover follows from it.
    ended = end_participations(
        user=None,
        endings=[
            Ending(p.pk, AlasanBerakhir.LANJUT_MANDIRI, last_paid, _("Lanjut mandiri"))
            for p in fresh
        ],
    )
    announce(Topic.CONTRIBUTIONS)
    return AcceptResult(recorded=len(fresh), already=len(before), ended=len(ended))


# --- A file of those who accepted ------------------------------------------------------

FILE_LAYOUT = Layout(
    variants={
        "kpj": ["kpj", "nokpj", "nomorkpj", "nomorpeserta", "nopeserta", "nomorkepesertaan"],
        "nama": ["nama", "namalengkap", "namapeserta"],
    },
    required=("kpj",),
    labels={"kpj": "Nomor KPJ", "nama": "Nama"},
    example="KPJ, Nama",
    digits=("kpj",),
)


def accept_file(
    *,
    user,
    program: Program,
    path: Path,
    original_name: str | None = None,
    bulan_mulai: dt.date | None = None,
) -> AcceptResult:
    """``accept`` the KPJ numbers of a file (CSV/XLSX, a "KPJ" column; other columns are
    ignored). Every row is checked first: a number that is not 11 digits, not a
    candidate of this programme, or named twice refuses the file whole with each row's
    reason (``ContinuationError.rows``) and nothing is recorded."""
    _require_manager(user, program)
    frame = read_sheet(Path(path), FILE_LAYOUT, original_name)
    by_kpj = dict(candidates(program).values_list("kpj", "pk"))
    rows: list[tuple[int, str]] = []
    chosen: dict[str, int] = {}
    for number, raw in zip(frame.get_column("_row"), frame.get_column("kpj"), strict=True):
        kpj = "".join(ch for ch in (raw or "") if ch.isdigit())
        if not kpj:
            rows.append((number, _("Nomor KPJ kosong.")))
        elif len(kpj) != 11:
            rows.append((number, _("Nomor KPJ harus 11 digit angka (tertulis %(kpj)s).")
                         % {"kpj": raw}))  # fmt: skip
        elif kpj in chosen:
            rows.append((number, _("Nomor KPJ %(kpj)s sudah ada di baris %(baris)s.")
                         % {"kpj": kpj, "baris": chosen[kpj]}))  # fmt: skip
        elif kpj not in by_kpj:
            rows.append((number, _("KPJ %(kpj)s bukan peserta program ini yang dapat ditawari "
                                   "lanjut mandiri.") % {"kpj": kpj}))  # fmt: skip
        else:
            chosen[kpj] = number
    if rows:
        raise ContinuationError(
            _("Berkas ditolak: %(count)d baris bermasalah. Tidak ada yang dicatat.")
            % {"count": len(rows)},
            rows,
        )
    if not chosen:
        raise ContinuationError(_("Berkas tidak berisi nomor KPJ."))
    return accept(
        user=user,
        program=program,
        peserta_ids=[by_kpj[k] for k in chosen],
        bulan_mulai=bulan_mulai,
        cara=CaraLanjut.BERKAS,
    )


# --- The list for BPJS -----------------------------------------------------------------

BPJS_COLUMNS = ("KPJ", "NIK", "Nama", "Tanggal Lahir", "Kab/Kota", "Pekerjaan",
                "Bulan Pertama Bayar Sendiri", "Program Asal")  # fmt: skip


def bpjs_list(program: Program, scope: Q | None = None) -> pl.DataFrame:
    """Who continues on their own, as BPJS takes it: the same KPJ (so the membership
    moves to self-paying, not a new registration), NIK, name, birth date, regency,
    occupation, the first month they pay and the programme they come from. ``scope``
    narrows to the user's regencies (a ``Peserta`` filter under ``peserta__``)."""
    rows = LanjutMandiri.objects.filter(program=program).select_related("peserta__person")
    if scope is not None:
        rows = rows.filter(scope)
    records = [
        (r.kpj, r.peserta.person.nik, r.peserta.person.nama,
         f"{r.peserta.person.tanggal_lahir:%d-%m-%Y}", r.peserta.kode_kabupaten,
         r.peserta.person.pekerjaan_id, f"{r.bulan_mulai:%m/%Y}", program.kode)
        for r in rows.order_by("peserta__nomor_urut")
    ]  # fmt: skip
    return pl.DataFrame(records, schema=dict.fromkeys(BPJS_COLUMNS, pl.Utf8), orient="row")


def bpjs_xlsx(frame: pl.DataFrame) -> bytes:
    """The list as an XLSX whose every cell is text (KPJ and NIK keep their digits)."""
    buffer = io.BytesIO()
    workbook = exports.workbook(buffer, constant_memory=True)
    sheet = workbook.add_worksheet("Lanjut mandiri")
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    sheet.set_column(0, max(0, frame.width - 1), 20)
    sheet.write_row(0, 0, frame.columns, bold)
    for number, row in enumerate(frame.iter_rows(), start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value or "", text)
    workbook.close()
    return buffer.getvalue()
