"""Programme workflows: budget, rules, verification, approval, decree, amendments.

Each step is one function taking the acting user, checking what that user may do
(``accounts.policy``) and where, writing in one transaction and leaving a line in the
programme's history (``RiwayatProgram``). Web pages, commands and background tasks call
these; none of them changes a programme's tables any other way.

The life of a programme: a manager creates it as a draft and sets its rules; selection
(``programs.selection``) ranks the registry; each regency/city's verifier checks its
part, striking persons who should not be there (selection then runs again); the manager
approves, which freezes the selected persons into the beneficiary list (``Penerima``);
the decree (SK) is issued with its number and date; afterwards the list changes only
through an amendment with its own number and reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.policy import can_manage_program, can_verify_region, require_second_person
from jaring.core.months import add_months, month_start, months_between
from jaring.events import Topic, announce
from jaring.programs import history, tariffs
from jaring.programs.models import (
    Aksi,
    Alasan,
    Amandemen,
    Komponen,
    KuotaWilayah,
    Pendana,
    Penerima,
    Pengecualian,
    Program,
    ProgramPendana,
    RiwayatProgram,
    Seleksi,
    StatusAmandemen,
    StatusProgram,
    VerifikasiWilayah,
)
from jaring.programs.selection import candidates, capacity, cost_per_worker, evaluate, regencies
from jaring.registry.models import Pekerjaan
from jaring.riwayat import context as riwayat
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat_services


class WorkflowError(ValueError):
    """A step that cannot be taken now; the message says why, in Indonesian."""


# --- Budget calculator -------------------------------------------------------------


# Who pays when a budget names no funder: the regional budget, which no relief covers.
BUDGET_FUNDER = {Pendana.APBD_PROVINSI.value: Decimal(100)}


def next_january(today: dt.date | None = None) -> dt.date:
    """The first month a budget planned now is for: the regional budget is planned a
    year ahead (before the March Musrenbang)."""
    return dt.date((today or timezone.localdate()).year + 1, 1, 1)


@dataclass(frozen=True)
class BulanRencana:
    """One month of a budget plan: one worker's contribution after relief and its
    funder lines (each saying which adjustment, if any, shaped it)."""

    bulan: dt.date
    per_worker: int
    lines: dict[str, tariffs.BarisPendana]
    rincian: tariffs.RincianIuran  # the base breakdown (JKK, JKM, JHT) before relief


@dataclass(frozen=True)
class Rencana:
    """A budget plan month by month under the rule set (``plan``)."""

    workers: int
    months: list[BulanRencana]

    @property
    def per_worker_month(self) -> int:
        return self.months[0].per_worker if self.months else 0

    @property
    def total(self) -> int:
        return sum(month.per_worker for month in self.months) * self.workers

    def by_funder(self) -> dict[str, int]:
        """All workers, all months, per funder: adds up to ``total``."""
        totals: dict[str, int] = {}
        for month in self.months:
            for pendana, line in month.lines.items():
                totals[pendana] = totals.get(pendana, 0) + line.jumlah * self.workers
        return totals

    def adjustments(self) -> list:
        """The adjustments the plan applies (for their legal bases), in order."""
        seen = {
            line.penyesuaian.pk: line.penyesuaian
            for month in self.months
            for line in month.lines.values()
            if line.penyesuaian is not None
        }
        return [seen[pk] for pk in sorted(seen)]


def plan(
    *,
    workers: int,
    months: int,
    income: int | None = None,
    shares: dict[str, Decimal] | None = None,
    pekerjaan: str | None = None,
    mulai: dt.date | None = None,
    with_jht: bool = False,
) -> Rencana:
    """What ``workers`` cost month by month from ``mulai`` (default: next January) under
    the rule set: the funder mix ``shares`` (default: the province's budget alone), the
    occupation's sector (an adjustment may cover one sector only), each month at the
    base rate and adjustments in force then (``tariffs.contribution``)."""
    if workers < 0 or months < 0:
        raise ValueError(_("Jumlah pekerja dan bulan tidak boleh negatif."))
    sektor = ""
    if pekerjaan:
        found = Pekerjaan.objects.filter(kode=pekerjaan).values_list("sektor", flat=True).first()
        if found is None:
            raise ValueError(_("Kode pekerjaan %(kode)s tidak terdaftar.") % {"kode": pekerjaan})
        sektor = found
    first = month_start(mulai) if mulai else next_january()
    last = add_months(first, max(months, 1) - 1)
    rule_set = tariffs.rules(first, last)
    shares = shares or BUDGET_FUNDER
    planned = []
    for i in range(months):
        month = add_months(first, i)
        iuran = tariffs.contribution(
            rule_set, month, income, with_jht=with_jht, sektor=sektor, shares=shares
        )
        planned.append(BulanRencana(month, iuran.total, dict(iuran.baris), iuran.rincian))
    return Rencana(workers=workers, months=planned)


# The split of rupiah among funders lives with the tariff rules that use it.
split = tariffs.split


# --- Rules ----------------------------------------------------------------------------


def _log(program: Program, aksi: str, user, rincian: dict | None = None) -> None:
    """One history entry; ``rincian`` is its note's key and figures (programs.history)."""
    RiwayatProgram.objects.create(
        program=program, aksi=aksi, created_by=user, **(history.stored(rincian) if rincian else {})
    )


def _require_manager(user, program: Program) -> None:
    if not can_manage_program(user, program.wilayah_id):
        raise PermissionDenied


def _require_draft(program: Program) -> None:
    if program.terkunci:
        raise WorkflowError(
            _("Program sudah disetujui; perubahan hanya dapat dilakukan melalui amandemen.")
        )


@riwayat_context.records_user
@transaction.atomic
def save_program(
    *,
    user,
    program: Program,
    pekerjaan: Iterable[Any] | None = None,  # occupation codes (their primary keys)
    pendana: Mapping[str, Decimal] | None = None,
    kuota_tetap: Mapping[str, int | None] | None = None,
    komponen: Mapping[str, Mapping[str, Decimal]] | None = None,
) -> Program:
    """Create or change a draft programme with its target occupations, funder shares
    and fixed regional quotas. The selection must run again afterwards."""
    _require_manager(user, program)
    created = program.pk is None
    if not created:
        _require_draft(Program.objects.select_for_update().get(pk=program.pk))
    if pendana is not None and sum(pendana.values()) != 100:
        raise WorkflowError(_("Porsi pendana harus berjumlah tepat 100%."))
    for part, mix in (komponen or {}).items():
        if part not in Komponen.values or (mix and sum(mix.values()) != 100):
            raise WorkflowError(
                _("Porsi pendana komponen %(komponen)s harus berjumlah tepat 100%%.")
                % {"komponen": part.upper()}
            )
    program.perlu_seleksi_ulang = True
    if created:
        program.created_by = user
    program.full_clean(exclude=["pekerjaan_sasaran"])
    program.save()
    if pekerjaan is not None:
        program.pekerjaan_sasaran.set(list(pekerjaan))
    if pendana is not None:
        program.pendana.filter(komponen="").delete()
        ProgramPendana.objects.bulk_create(
            ProgramPendana(program=program, pendana=k, porsi_persen=v)
            for k, v in pendana.items()
            if v
        )
    if komponen is not None:
        program.pendana.exclude(komponen="").delete()
        ProgramPendana.objects.bulk_create(
            ProgramPendana(program=program, pendana=k, porsi_persen=v, komponen=part)
            for part, mix in komponen.items()
            for k, v in mix.items()
            if v
        )
    if kuota_tetap is not None:
        existing = {k.wilayah_id: k for k in program.kuota_wilayah.all()}
        for kode, places in kuota_tetap.items():
            row = existing.get(kode) or KuotaWilayah(program=program, wilayah_id=kode)
            row.kuota_tetap = places
            row.save()
    if not created:
        # A region changed (province → city): the regencies left outside keep no quota
        # and no verification, or approval would wait for regencies no longer in it.
        inside = regencies(program)
        program.kuota_wilayah.exclude(wilayah_id__in=inside).delete()
        program.verifikasi.exclude(wilayah_id__in=inside).delete()
    _log(program, Aksi.DIBUAT if created else Aksi.DIUBAH, user)
    return program


def funder_shares(program: Program) -> dict[str, Decimal]:
    """Funder → percentage of the whole contribution (the rows without a component);
    a programme without shares is paid wholly by its region's budget (province or
    regency/city)."""
    shares = dict(program.pendana.filter(komponen="").values_list("pendana", "porsi_persen"))
    if shares:
        return shares
    default = "apbd_provinsi" if len(program.wilayah_id) == 2 else "apbd_kabkota"
    return {default: Decimal(100)}


def funder_components(program: Program) -> dict[str, dict[str, Decimal]]:
    """Component (``Komponen``) → funder → percentage, for the components a programme
    splits by their own shares (``tariffs.contribution``'s ``components``); empty when
    every component follows ``funder_shares``."""
    result: dict[str, dict[str, Decimal]] = {}
    for part, pendana, porsi in program.pendana.exclude(komponen="").values_list(
        "komponen", "pendana", "porsi_persen"
    ):
        result.setdefault(part, {})[pendana] = porsi
    return result


def pricing(program: Program) -> Callable[..., tariffs.IuranPeserta]:
    """How one of ``program``'s participant-months is priced — its declared income,
    benefit package and funder split (whole shares and components), read once — as
    ``price(rule_set, month, sektor="")``: the one way billing, the budget proposal and
    the programme page evaluate the programme's tariff."""
    shares, components = funder_shares(program), funder_components(program)

    def price(rule_set: tariffs.RuleSet, month: dt.date, sektor: str = ""):
        return tariffs.contribution(
            rule_set, month, program.penghasilan_dilaporkan, with_jht=program.dengan_jht,
            sektor=sektor, shares=shares, components=components,
        )  # fmt: skip

    return price


def has_worker_share(program: Program) -> bool:
    """The programme's worker pays a share themselves (the *porsi pekerja*)."""
    return program.pendana.filter(pendana=Pendana.MANDIRI).exists()


# --- Verification ---------------------------------------------------------------------


@transaction.atomic
def strike(*, user, program: Program, person_id: int, alasan: str) -> Pengecualian:
    """A verifier takes a person off the list of their regency, with the reason."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_draft(program)
    row = Seleksi.objects.filter(program=program, person_id=person_id).first()
    if row is None:
        raise WorkflowError(_("Pekerja ini bukan kandidat program."))
    if not can_verify_region(user, row.kode_kabupaten):
        raise PermissionDenied
    alasan = alasan.strip()
    if not alasan:
        raise WorkflowError("Tuliskan alasan pencoretan.")
    with riwayat.because(alasan), riwayat.acting(user):
        exclusion, _created = Pengecualian.objects.update_or_create(
            program=program, person_id=person_id,
            defaults={"alasan": alasan[:300], "created_by": user},
        )  # fmt: skip
        program.perlu_seleksi_ulang = True
        program.save(update_fields=["perlu_seleksi_ulang", "updated_at"])
    _log(program, Aksi.DICORET, user, {"pesan": "dicoret", "person": person_id, "alasan": alasan})
    return exclusion


@transaction.atomic
def unstrike(*, user, program: Program, person_id: int) -> None:
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_draft(program)
    exclusion = Pengecualian.objects.filter(program=program, person_id=person_id).first()
    if exclusion is None:
        return
    row = Seleksi.objects.filter(program=program, person_id=person_id).first()
    if row is None or not can_verify_region(user, row.kode_kabupaten):
        raise PermissionDenied
    exclusion.delete()
    program.perlu_seleksi_ulang = True
    program.save(update_fields=["perlu_seleksi_ulang", "updated_at"])
    _log(program, Aksi.DIPULIHKAN, user, {"pesan": "dipulihkan", "person": person_id})


@transaction.atomic
def verify_region(*, user, program: Program, kode: str, catatan: str = "") -> VerifikasiWilayah:
    """The regency/city's verifier confirms its part of the current selection."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_draft(program)
    if not can_verify_region(user, kode):
        raise PermissionDenied
    if program.seleksi_pada is None or program.perlu_seleksi_ulang:
        raise WorkflowError(
            _(
                "Seleksi belum dijalankan ulang setelah perubahan; minta pengelola program "
                "menjalankan seleksi sebelum verifikasi."
            )
        )
    quota = KuotaWilayah.objects.filter(program=program, wilayah_id=kode).first()
    if quota is None:
        raise WorkflowError(_("Kabupaten/kota ini tidak termasuk wilayah program."))
    verification, _created = VerifikasiWilayah.objects.update_or_create(
        program=program,
        wilayah_id=kode,
        defaults={
            "created_by": user,
            "catatan": catatan.strip()[:500],
            "jumlah_terpilih": quota.terpilih,
        },
    )
    _log(
        program,
        Aksi.DIVERIFIKASI,
        user,
        {"pesan": "diverifikasi", "wilayah": kode, "n": quota.terpilih},
    )
    return verification


def unverified_regions(program: Program) -> list[str]:
    """Regencies/cities with selected persons whose verifier has not confirmed yet."""
    verified = set(program.verifikasi.values_list("wilayah_id", flat=True))
    return [
        kode
        for kode in program.kuota_wilayah.filter(terpilih__gt=0)
        .order_by("wilayah_id")
        .values_list("wilayah_id", flat=True)
        if kode not in verified
    ]


# --- Approval and decree --------------------------------------------------------------


@dataclass(frozen=True)
class Outlook:
    """What a step commits the budget to, for its confirmation (``jaring.confirm``):
    ``persons`` covered from ``first`` to ``last`` at ``per_person`` rupiah each (the
    iuran of those months at the tariffs in force, ``selection.cost_per_worker``)."""

    persons: int
    first: dt.date
    last: dt.date
    per_person: int

    @property
    def months(self) -> int:
        return months_between(self.first, self.last)

    @property
    def total(self) -> int:
        return self.persons * self.per_person

    def figures(self) -> dict[str, int | str]:
        return {
            "persons": self.persons, "first": f"{self.first:%Y-%m}",
            "last": f"{self.last:%Y-%m}", "total": self.total,
        }  # fmt: skip


def outlook(program: Program, persons: int, first: dt.date | None = None) -> Outlook:
    """``persons`` of ``program`` covered from ``first`` (its first month) to its end."""
    start = first or program.bulan_mulai
    try:
        per_person = cost_per_worker(program, start)
    except tariffs.NoTariff as exc:
        raise WorkflowError(str(exc)) from exc
    return Outlook(persons, start, program.bulan_akhir, per_person)


def selected(program: Program):
    """The persons approval freezes into the beneficiary list."""
    return Seleksi.objects.filter(program=program, alasan=Alasan.TERPILIH)


def approval_outlook(*, user, program: Program) -> Outlook:
    """What approving would freeze, checked as ``approve`` checks; writes nothing."""
    _check_approvable(user, program)
    return outlook(program, selected(program).count())


def selection_run_by(program: Program) -> int | None:
    """Who ran the selection approval would freeze (its latest run; None: the command
    line)."""
    return (
        program.riwayat.filter(aksi=Aksi.SELEKSI)
        .order_by("-created_at", "-id")
        .values_list("created_by", flat=True)
        .first()
    )


def _check_approvable(user, program: Program) -> None:
    _require_manager(user, program)
    _require_draft(program)
    require_second_person(
        user,
        selection_run_by(program),
        _(
            "Seleksi terakhir dijalankan oleh Anda sendiri; daftar penerima harus disetujui "
            "oleh pengelola program lain."
        ),
    )
    if program.seleksi_pada is None or program.perlu_seleksi_ulang:
        raise WorkflowError(
            _("Jalankan seleksi terlebih dahulu; aturan atau coretan telah berubah.")
        )
    missing = unverified_regions(program)
    if missing:
        raise WorkflowError(
            _(
                "Belum diverifikasi oleh kabupaten/kota: %(wilayah)s. Setiap kabupaten/kota "
                "dengan penerima terpilih harus memverifikasi daftarnya lebih dahulu."
            )
            % {"wilayah": ", ".join(missing)}
        )
    if not selected(program).exists():
        raise WorkflowError(_("Tidak ada penerima terpilih untuk disetujui."))


@riwayat_context.records_user
@transaction.atomic
def approve(*, user, program: Program) -> int:
    """Freeze the verified selection into the beneficiary list; returns its size.

    Numbered by regency/city, then by rank, as the SK attachment lists them."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _check_approvable(user, program)
    rows = selected(program).values_list(
        "program_id", "person_id", "kode_kabupaten", "peringkat", "skor"
    )
    sql, params = rows.query.sql_with_params()
    penerima = Penerima._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {penerima} (program_id, person_id, nomor_urut, kode_kabupaten, skor,
                                    alasan_keluar)
            SELECT s.program_id, s.person_id,
                   ROW_NUMBER() OVER (ORDER BY s.kode_kabupaten, s.peringkat, s.person_id),
                   s.kode_kabupaten, s.skor, ''
            FROM ({sql}) s
            """,
            params,
        )
        count = cursor.rowcount
    if count == 0:
        raise WorkflowError(_("Tidak ada penerima terpilih untuk disetujui."))
    program.status = StatusProgram.DISETUJUI
    program.disetujui_oleh = user
    program.disetujui_pada = timezone.now()
    program.save(update_fields=["status", "disetujui_oleh", "disetujui_pada", "updated_at"])
    _log(program, Aksi.DISETUJUI, user, {"pesan": "disetujui", "n": count})
    announce(Topic.PROGRAMME)
    return count


@riwayat_context.records_user
@transaction.atomic
def issue_decree(
    *,
    user,
    program: Program,
    nomor_sk: str,
    tanggal_sk: dt.date,
    tempat: str,
    jabatan: str,
    nama: str,
) -> Program:
    """Record the decree (SK) that makes the approved list official."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _check_decree(user, program, nomor_sk=nomor_sk, tempat=tempat, jabatan=jabatan, nama=nama)
    program.nomor_sk = nomor_sk.strip()
    program.tanggal_sk = tanggal_sk
    program.tempat_penetapan = tempat.strip()
    program.penandatangan_jabatan = jabatan.strip()
    program.penandatangan_nama = nama.strip()
    program.status = StatusProgram.DITETAPKAN
    program.save()
    _log(
        program,
        Aksi.SK,
        user,
        {"pesan": "sk", "nomor": program.nomor_sk, "tanggal": f"{tanggal_sk:%d-%m-%Y}"},
    )
    return program


def decree_outlook(*, user, program: Program, nomor_sk: str, **signer: str) -> Outlook:
    """What the SK makes official (the active list, its months and iuran), checked as
    ``issue_decree`` checks; writes nothing."""
    _check_decree(user, program, nomor_sk=nomor_sk, **signer)
    return outlook(program, active_beneficiaries(program).count())


def _check_decree(user, program: Program, *, nomor_sk: str, tempat: str, jabatan: str, nama: str):
    _require_manager(user, program)
    if program.status != StatusProgram.DISETUJUI:
        raise WorkflowError(_("SK hanya dapat ditetapkan untuk program yang sudah disetujui."))
    fields = {_("nomor SK"): nomor_sk, _("tempat"): tempat, _("jabatan"): jabatan, _("nama"): nama}
    empty = [label for label, value in fields.items() if not value.strip()]
    if empty:
        raise WorkflowError(_("Lengkapi %(isian)s penetapan SK.") % {"isian": ", ".join(empty)})
    if Program.objects.exclude(pk=program.pk).filter(nomor_sk=nomor_sk.strip()).exists():
        raise WorkflowError(
            _("Nomor SK %(nomor)s sudah dipakai program lain.") % {"nomor": nomor_sk}
        )


# --- Amendments -----------------------------------------------------------------------


def active_beneficiaries(program: Program):
    return Penerima.objects.filter(program=program, amandemen_keluar__isnull=True)


def _proposal(
    program: Program, cabut: Mapping[int, str], tambah: list[int]
) -> tuple[list[Penerima], dict[int, Seleksi]]:
    """Check a proposed change against the list as it stands now: the withdrawn are
    active beneficiaries, the added wait on the waiting list and were never on the list,
    within each regency's quota and the programme's capacity. Returns the rows."""
    withdrawn = list(active_beneficiaries(program).filter(person_id__in=list(cabut)))
    if len(withdrawn) != len(cabut):
        raise WorkflowError(_("Sebagian pekerja yang dicabut bukan penerima aktif program ini."))
    waiting = {
        s.person_id: s
        for s in Seleksi.objects.filter(
            program=program, person_id__in=tambah, alasan=Alasan.DAFTAR_TUNGGU
        )
    }
    if len(waiting) != len(tambah):
        raise WorkflowError(
            _("Hanya pekerja dari daftar tunggu program ini yang dapat ditambahkan.")
        )
    if Penerima.objects.filter(program=program, person_id__in=tambah).exists():
        raise WorkflowError(_("Sebagian pekerja yang ditambahkan pernah menjadi penerima program."))
    _check_room(program, withdrawn, [waiting[p] for p in tambah])
    return withdrawn, waiting


def pending_amendments(program: Program):
    """Amendments prepared and waiting for a second manager's approval."""
    return program.amandemen.filter(status=StatusAmandemen.MENUNGGU)


def pending_withdrawals(program: Program) -> dict[int, int]:
    """Persons a waiting amendment would withdraw (not to be proposed twice) → the
    amendment's number."""
    return {
        int(person): nomor
        for nomor, usulan in pending_amendments(program).values_list("nomor", "usulan")
        for person in (usulan or {}).get("cabut", {})
    }


@riwayat_context.records_user
@transaction.atomic
def amend(
    *,
    user,
    program: Program,
    alasan: str,
    tambah: Iterable[int] = (),
    cabut: Mapping[int, str] | None = None,
    nomor_sk: str = "",
    tanggal_sk: dt.date | None = None,
) -> Amandemen:
    """Prepare a change to an approved list: withdraw persons (each with a reason) and
    add persons from the waiting list, within each regency's quota and the programme's
    capacity. The amendment waits (``menunggu``) until another manager approves it
    (``approve_amendment``): whoever prepares a change to the list does not also make
    it take effect. Nothing is deleted; the amendment is the record of what changed
    and why."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_manager(user, program)
    if program.status not in (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN):
        raise WorkflowError(_("Amandemen hanya untuk program yang sudah disetujui."))
    alasan, cabut, tambah = alasan.strip(), dict(cabut or {}), list(dict.fromkeys(tambah))
    if not alasan:
        raise WorkflowError(_("Tuliskan alasan amandemen."))
    if not cabut and not tambah:
        raise WorkflowError(_("Amandemen harus mencabut atau menambah sedikitnya satu penerima."))
    if pending_withdrawals(program).keys() & set(cabut):
        raise WorkflowError(
            _("Sebagian pekerja yang dicabut sudah ada dalam amandemen yang menunggu persetujuan.")
        )
    _proposal(program, cabut, tambah)
    number = (program.amandemen.aggregate(n=Max("nomor"))["n"] or 0) + 1
    amendment = Amandemen.objects.create(
        program=program,
        nomor=number,
        alasan=alasan[:500],
        nomor_sk=nomor_sk.strip(),
        tanggal_sk=tanggal_sk,
        created_by=user,
        status=StatusAmandemen.MENUNGGU,
        usulan={
            "cabut": {str(p): (r.strip()[:300] or alasan[:300]) for p, r in cabut.items()},
            "tambah": tambah,
        },
    )
    _log(
        program,
        Aksi.AMANDEMEN_DIAJUKAN,
        user,
        {"pesan": "amandemen_diajukan", "nomor": number, "dicabut": len(cabut),
         "ditambah": len(tambah), "alasan": alasan},
    )  # fmt: skip
    return amendment


def _pending(user, program: Program, amendment: Amandemen) -> tuple[Program, Amandemen]:
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_manager(user, program)
    amendment = Amandemen.objects.select_for_update().get(pk=amendment.pk, program=program)
    if amendment.status != StatusAmandemen.MENUNGGU:
        raise WorkflowError(
            _("Amandemen ke-%(n)s sudah diputuskan: %(status)s.")
            % {"n": amendment.nomor, "status": amendment.get_status_display()}
        )
    return program, amendment


def check_amendment_approver(user, amendment: Amandemen) -> None:
    """The two-person rule for an amendment (the page asks before offering the button)."""
    require_second_person(
        user,
        amendment.created_by_id,
        _(
            "Amandemen ke-%(n)s Anda siapkan sendiri; persetujuannya harus oleh pengelola "
            "program lain."
        )
        % {"n": amendment.nomor},
    )


@riwayat_context.records_user
@transaction.atomic
def approve_amendment(*, user, amendment: Amandemen) -> Amandemen:
    """A second manager approves a prepared amendment: checked again against the list
    as it stands now, then its lines are written (withdrawn rows marked, added rows
    numbered after the last)."""
    program, amendment = _pending(user, amendment.program, amendment)
    check_amendment_approver(user, amendment)
    usulan = amendment.usulan or {}
    cabut = {int(p): r for p, r in usulan.get("cabut", {}).items()}
    tambah = [int(p) for p in usulan.get("tambah", [])]
    withdrawn, waiting = _proposal(program, cabut, tambah)
    with riwayat.because(amendment.alasan), riwayat.acting(user):
        _write_amendment(program, amendment, cabut, tambah, withdrawn, waiting)
    amendment.status = StatusAmandemen.BERLAKU
    amendment.decided_by = user
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_by", "decided_at"])
    _log(
        program,
        Aksi.AMANDEMEN,
        user,
        {"pesan": "amandemen", "nomor": amendment.nomor, "dicabut": len(withdrawn),
         "ditambah": len(tambah), "alasan": amendment.alasan},
    )  # fmt: skip
    announce(Topic.PROGRAMME)
    return amendment


def _write_amendment(
    program: Program,
    amendment: Amandemen,
    cabut: dict[int, str],
    tambah: list[int],
    withdrawn: list[Penerima],
    waiting: dict,
) -> None:
    """An approved amendment's list changes: withdrawn rows marked, added rows numbered
    after the last; each beneficiary withdrawn or added gets an entry in the change
    history (the list is written set-based)."""
    listed = ("amandemen_keluar", "alasan_keluar", "amandemen_masuk", "person", "nomor_urut")
    before = riwayat_services.snapshot(
        Penerima.objects.filter(pk__in=[row.pk for row in withdrawn]), listed
    )
    for row in withdrawn:
        row.amandemen_keluar = amendment
        row.alasan_keluar = cabut[row.person_id][:300] or amendment.alasan[:300]
    Penerima.objects.bulk_update(withdrawn, ["amandemen_keluar", "alasan_keluar"])
    next_number = (
        (Penerima.objects.filter(program=program).aggregate(n=Max("nomor_urut"))["n"]) or 0
    )
    Penerima.objects.bulk_create(
        Penerima(
            program=program,
            person_id=person_id,
            nomor_urut=next_number + i,
            kode_kabupaten=waiting[person_id].kode_kabupaten,
            skor=waiting[person_id].skor,
            amandemen_masuk=amendment,
        )
        for i, person_id in enumerate(tambah, start=1)
    )
    changed = Penerima.objects.filter(Q(amandemen_masuk=amendment) | Q(amandemen_keluar=amendment))
    riwayat_services.record_changes(Penerima, before, riwayat_services.snapshot(changed, listed))


@riwayat_context.records_user
@transaction.atomic
def cancel_amendment(*, user, amendment: Amandemen) -> Amandemen:
    """A waiting amendment withdrawn (by whoever prepared it) or refused (by another
    manager): it keeps its number and reason, and changes nothing."""
    program, amendment = _pending(user, amendment.program, amendment)
    amendment.status = StatusAmandemen.DIBATALKAN
    amendment.decided_by = user
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_by", "decided_at"])
    _log(program, Aksi.AMANDEMEN_DIBATALKAN, user,
         {"pesan": "amandemen_batal", "nomor": amendment.nomor})  # fmt: skip
    return amendment


def _check_room(program: Program, withdrawn: list[Penerima], added: list[Seleksi]) -> None:
    active = dict(
        active_beneficiaries(program)
        .values("kode_kabupaten")
        .annotate(n=Count("id"))
        .values_list("kode_kabupaten", "n")
    )
    quota = dict(program.kuota_wilayah.values_list("wilayah_id", "kuota"))
    after = dict(active)
    for leaving in withdrawn:
        after[leaving.kode_kabupaten] -= 1
    for joining in added:
        after[joining.kode_kabupaten] = after.get(joining.kode_kabupaten, 0) + 1
    over = [k for k, n in sorted(after.items()) if n > quota.get(k, 0) and n > active.get(k, 0)]
    if over:
        raise WorkflowError(
            f"Kuota kabupaten/kota {', '.join(over)} akan terlampaui; cabut penerima lain "
            "terlebih dahulu."
        )
    if sum(after.values()) > max(capacity(program), sum(active.values())):
        raise WorkflowError(_("Jumlah penerima akan melampaui kuota atau pagu anggaran program."))


def next_on_waiting_list(program: Program, kode_kabupaten: str, count: int) -> list[int]:
    """The ``count`` best-ranked persons of a regency's waiting list not yet on the list."""
    taken = Penerima.objects.filter(program=program).values("person_id")
    return list(
        Seleksi.objects.filter(
            program=program, kode_kabupaten=kode_kabupaten, alasan=Alasan.DAFTAR_TUNGGU
        )
        .exclude(person_id__in=taken)
        .order_by("urutan")
        .values_list("person_id", flat=True)[:count]
    )


@transaction.atomic
def replace_from_waiting_list(
    *,
    user,
    program: Program,
    cabut: Mapping[int, str],
    alasan: str,
    nomor_sk: str = "",
    tanggal_sk: dt.date | None = None,
) -> Amandemen:
    """Withdraw persons and give each freed place to the next person waiting in the
    same regency/city (as far as the waiting list reaches), in one amendment."""
    rows = active_beneficiaries(program).filter(person_id__in=list(cabut))
    freed: dict[str, int] = {}
    for row in rows:
        freed[row.kode_kabupaten] = freed.get(row.kode_kabupaten, 0) + 1
    tambah = [
        person_id
        for kode, count in sorted(freed.items())
        for person_id in next_on_waiting_list(program, kode, count)
    ]
    return amend(
        user=user, program=program, alasan=alasan, cabut=cabut, tambah=tambah,
        nomor_sk=nomor_sk, tanggal_sk=tanggal_sk,
    )  # fmt: skip


# --- One worker's case ----------------------------------------------------------------


@transaction.atomic
def put_on_waiting_list(*, user, program: Program, person_id: int, keterangan: str) -> Seleksi:
    """Put one worker on a programme's waiting list after their case was looked at again
    (a complaint, a corrected record), by the programme's own rules (``selection.evaluate``
    on that one person). An eligible worker gets a ``daftar_tunggu`` outcome, from which
    an amendment can add them to an approved list; a worker the rules leave out is refused
    with the rule's reason. The next selection run of a draft programme decides afresh."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status == StatusProgram.SELESAI:
        raise WorkflowError(_("Program sudah selesai; daftar tunggunya tidak berubah lagi."))
    frame = evaluate(program, candidates(program, as_of=timezone.localdate(), only=person_id))
    if frame.is_empty():
        raise WorkflowError(_("Pekerja tidak berdomisili di wilayah program ini."))
    row = frame.row(0, named=True)
    if not can_verify_region(user, row["kode_kabupaten"]) and not can_manage_program(
        user, program.wilayah_id
    ):
        raise PermissionDenied
    if row["alasan"] is not None:
        raise WorkflowError(
            _("Pekerja tidak memenuhi syarat program ini: %(alasan)s.")
            % {"alasan": Alasan(row["alasan"]).label}
        )
    current = Seleksi.objects.filter(program=program, person_id=person_id).first()
    if current is not None and current.alasan in (Alasan.TERPILIH, Alasan.DAFTAR_TUNGGU):
        raise WorkflowError(
            _("Pekerja sudah ada dalam hasil seleksi program ini: %(alasan)s.")
            % {"alasan": current.get_alasan_display()}
        )
    last = Seleksi.objects.filter(program=program).aggregate(n=Max("urutan"))["n"] or 0
    chosen, _created = Seleksi.objects.update_or_create(
        program=program,
        person_id=person_id,
        defaults={
            "terpilih": False,
            "alasan": Alasan.DAFTAR_TUNGGU,
            "skor": row["skor"],
            "peringkat": None,
            "dtks": bool(row["dtks"]),
            "kode_kabupaten": row["kode_kabupaten"],
            "urutan": last + 1,
        },
    )
    _log(
        program,
        Aksi.DAFTAR_TUNGGU,
        user,
        {"pesan": "daftar_tunggu", "person": person_id, "keterangan": keterangan[:400]},
    )
    announce(Topic.PROGRAMME)
    return chosen
