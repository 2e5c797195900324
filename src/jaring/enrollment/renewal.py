"""Renewal: close a programme year and open the next with the continuing participants.

``renew`` (one transaction):

1. **Re-check** every participant of the closing programme who is still on its list:
   who died (a JKM claim or a reported death), moved out of the programme's region,
   became a wage worker registered by an employer (an active PU membership in BPJS's
   file, ``matching.queries.active_memberships``) or was ended for another reason, and
   who will be older than the age limit at the new start. Each is reported with the
   reason; the first three are struck from the new programme (``Pengecualian``, the
   verifiers' own mechanism), so selection shows why they are out; age is the
   selection's own rule.
2. **Open** the next programme as a draft with the same rules, funders and fixed
   quotas, starting the month after the old one ends, ``pendahulu`` = the old one.
3. **Close** the old programme (``selesai``).
4. **Select** the new programme: the continuing beneficiaries rank first in their
   regency (``programs.selection``), and the places left free go to the waiting list
   by the usual priority.

The new programme then follows the normal workflow (verification, approval, SK).
Enrolment carries continuing participants over with their KPJ — no new registration —
and sends only the newcomers to BPJS (``services.enrol_beneficiaries``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jaring.accounts.policy import can_manage_program
from jaring.bulk import read_frame
from jaring.core import dates
from jaring.core.months import add_months
from jaring.enrollment.models import AlasanBerakhir, Peserta, StatusPendaftaran
from jaring.matching.models import Segmen
from jaring.matching.queries import active_memberships
from jaring.programs import history
from jaring.programs import services as programs
from jaring.programs.models import (
    Aksi,
    Alasan,
    Pengecualian,
    Program,
    RiwayatProgram,
    Seleksi,
    StatusProgram,
)
from jaring.programs.selection import run_selection


class RenewalError(ValueError):
    """The programme cannot be renewed now; the message says why, in Indonesian."""


# Stored in Indonesian in the strike's reason; marked for the catalogue so a page can
# show them in the user's language (``gettext(RECHECK[key])``).
RECHECK = {
    "ditolak": gettext_noop("Pendaftaran ditolak BPJS"),
    "meninggal": gettext_noop("Meninggal dunia"),
    "pindah": gettext_noop("Pindah ke luar wilayah program"),
    "pekerja_formal": gettext_noop("Menjadi peserta penerima upah melalui pemberi kerja"),
    "berakhir": gettext_noop("Kepesertaan berakhir sebelum akhir program"),
    "usia": gettext_noop("Melewati batas usia program pada bulan pertama tahun berikutnya"),
}
STRIKE = ("ditolak", "meninggal", "pindah", "pekerja_formal", "berakhir")

COLUMNS = {
    "peserta_id": pl.Int64, "person_id": pl.Int64, "nik": pl.Utf8, "kode_wilayah": pl.Utf8,
    "tanggal_lahir": pl.Date, "status": pl.Utf8, "alasan_berakhir": pl.Utf8,
}  # fmt: skip


@dataclass
class RenewalResult:
    program: Program
    rechecked: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    continuing: int = 0
    newcomers: int = 0

    def as_dict(self) -> dict:
        return {
            "program": self.program.kode,
            "diperiksa": self.rechecked,
            "keluar": self.reasons,
            "lanjut": self.continuing,
            "baru_dari_daftar_tunggu": self.newcomers,
        }


def recheck(program: Program, new_start: dt.date) -> pl.DataFrame:
    """Participants still on ``program``'s list with the reason they cannot continue
    (null = they continue). One bulk read and Polars; the employer check is one
    ``EXISTS`` against the membership snapshot."""
    on_list = programs.active_beneficiaries(program).values("person_id")
    rows = Peserta.objects.filter(program=program, person_id__in=on_list)
    employed = set(
        active_memberships(new_start)
        .filter(segmen=Segmen.PU, nik__in=rows.values("person__nik"))
        .values_list("nik", flat=True)
    )
    frame = read_frame(
        rows.values_list(
            "id", "person_id", "person__nik", "person__wilayah_id", "person__tanggal_lahir",
            "status", "alasan_berakhir",
        ),
        COLUMNS,
    )  # fmt: skip
    age = dates.age_on(pl.col("tanggal_lahir"), new_start)
    region = program.wilayah_id + "."
    too_old = age > program.usia_maks if program.usia_maks is not None else pl.lit(False)
    reason = (
        pl.when(pl.col("status") == StatusPendaftaran.DITOLAK)
        .then(pl.lit("ditolak"))
        .when(pl.col("alasan_berakhir") == AlasanBerakhir.MENINGGAL)
        .then(pl.lit("meninggal"))
        .when(
            (pl.col("alasan_berakhir") == AlasanBerakhir.PINDAH)
            | ~pl.col("kode_wilayah").str.starts_with(region)
        )
        .then(pl.lit("pindah"))
        .when(
            (pl.col("alasan_berakhir") == AlasanBerakhir.PEKERJA_FORMAL)
            | pl.col("nik").is_in(list(employed))
        )
        .then(pl.lit("pekerja_formal"))
        .when(pl.col("alasan_berakhir") != "")
        .then(pl.lit("berakhir"))
        .when(too_old)
        .then(pl.lit("usia"))
    )
    return frame.with_columns(reason.alias("alasan"))


def next_code(program: Program, start: dt.date) -> str:
    base = program.kode
    year = str(program.bulan_mulai.year)
    if year in base:
        return base.replace(year, str(start.year))
    return f"{base}-{start:%Y}"


def _check_renewable(user, old: Program, kode: str | None) -> tuple[dt.date, str]:
    """Whether ``old`` can be renewed now; the next programme's first month and code."""
    if user is None or not can_manage_program(user, old.wilayah_id):
        raise PermissionDenied
    if old.status not in (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN):
        raise RenewalError(
            _("Hanya program yang berjalan (disetujui atau SK ditetapkan) yang dapat diperpanjang.")
        )
    if old.penerus.exists():
        raise RenewalError(_("Program %(kode)s sudah diperpanjang.") % {"kode": old.kode})
    start = add_months(old.bulan_akhir, 1)
    kode = (kode or next_code(old, start)).strip()
    if Program.objects.filter(kode=kode).exists():
        raise RenewalError(_("Kode program %(kode)s sudah dipakai.") % {"kode": kode})
    return start, kode


@dataclass
class RenewalOutlook:
    """What renewing would do, for its confirmation: the new code, who continues
    (``outlook``: persons, months and iuran of the next year) and who does not, per
    reason. Places left free go to the waiting list when the selection runs."""

    kode: str
    outlook: programs.Outlook
    reasons: dict[str, int]

    def figures(self) -> dict[str, int | str]:
        leaving = {f"keluar_{reason}": n for reason, n in sorted(self.reasons.items())}
        return {"kode": self.kode, **self.outlook.figures(), **leaving}


def renewal_outlook(*, user, program: Program, kode: str | None = None) -> RenewalOutlook:
    """The re-check ``renew`` runs first (``recheck``, read only) and the next year's
    months and iuran for those who continue; writes nothing."""
    start, kode = _check_renewable(user, program, kode)
    checked = recheck(program, start)
    reasons = dict(
        checked.filter(pl.col("alasan").is_not_null()).group_by("alasan").len().iter_rows()
    )
    following = Program(
        bulan_mulai=start, jumlah_bulan=program.jumlah_bulan,
        penghasilan_dilaporkan=program.penghasilan_dilaporkan, paket_manfaat=program.paket_manfaat,
    )  # fmt: skip
    continuing = checked.filter(pl.col("alasan").is_null()).height
    return RenewalOutlook(kode, programs.outlook(following, continuing), reasons)


@transaction.atomic
def renew(
    *,
    user,
    program: Program,
    kode: str | None = None,
    nama: str | None = None,
    jumlah_bulan: int | None = None,
    dasar_hukum_nomor: str | None = None,
    as_of: dt.date | None = None,
) -> RenewalResult:
    """Close ``program`` and open the next year's (see the module docstring)."""
    old = Program.objects.select_for_update().get(pk=program.pk)
    start, kode = _check_renewable(user, old, kode)
    checked = recheck(old, start)
    new = Program.objects.get(pk=old.pk)
    new.pk = new.id = None
    new.kode, new.pendahulu = kode, old
    new.nama = (nama or old.nama.replace(str(old.bulan_mulai.year), str(start.year))).strip()
    new.bulan_mulai, new.jumlah_bulan = start, jumlah_bulan or old.jumlah_bulan
    new.dasar_hukum_nomor = dasar_hukum_nomor or old.dasar_hukum_nomor
    new.status, new.seleksi_pada, new.perlu_seleksi_ulang = StatusProgram.DRAF, None, True
    new.disetujui_oleh = new.disetujui_pada = new.tanggal_sk = None
    new.nomor_sk = new.tempat_penetapan = new.penandatangan_jabatan = new.penandatangan_nama = ""
    new._state.adding = True
    shares = dict(old.pendana.filter(komponen="").values_list("pendana", "porsi_persen")) or None
    fixed = dict(
        old.kuota_wilayah.filter(kuota_tetap__isnull=False).values_list("wilayah_id", "kuota_tetap")
    )
    programs.save_program(
        user=user,
        program=new,
        pekerjaan=list(old.pekerjaan_sasaran.values_list("kode", flat=True)),
        pendana=shares,
        komponen=programs.funder_components(old),
        kuota_tetap=fixed or None,
    )
    struck = checked.filter(pl.col("alasan").is_in(STRIKE))
    Pengecualian.objects.bulk_create(
        Pengecualian(
            program=new,
            person_id=person_id,
            alasan=f"Perpanjangan dari {old.kode}: {RECHECK[alasan]}",
            created_by=user,
        )
        for person_id, alasan in struck.select("person_id", "alasan").iter_rows()
    )
    old.status = StatusProgram.SELESAI
    old.save(update_fields=["status", "updated_at"])
    RiwayatProgram.objects.create(
        program=old, aksi=Aksi.DITUTUP, created_by=user,
        **history.stored({"pesan": "diperpanjang", "kode": new.kode}),
    )  # fmt: skip
    run_selection(new, user=user, as_of=as_of or start)
    continuing_ids = checked.filter(pl.col("alasan").is_null()).get_column("person_id").to_list()
    selected = Seleksi.objects.filter(program=new, alasan=Alasan.TERPILIH)
    continuing = selected.filter(person_id__in=continuing_ids).count()
    reasons = dict(
        checked.filter(pl.col("alasan").is_not_null()).group_by("alasan").len().iter_rows()
    )
    return RenewalResult(
        program=new,
        rechecked=checked.height,
        reasons=reasons,
        continuing=continuing,
        newcomers=selected.count() - continuing,
    )
