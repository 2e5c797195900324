"""Enrolment workflows: participants from the approved list, registration batches out
to BPJS, rejected persons replaced from the waiting list.

1. ``enrol_beneficiaries`` — every active beneficiary (``programs.Penerima``) gets one
   participant row, set-based. A beneficiary who was an accepted participant of the
   predecessor programme until its last month continues with the same KPJ (accepted at
   once, nothing to register); everyone else waits for a registration batch.
2. ``create_batch`` — the waiting participants go into one batch with the first month
   of their cover; the file BPJS receives is rendered from the batch in the layout the
   batch names (``export``), so it can be downloaded again at any time, unchanged.
3. ``enrollment.responses.import_response`` — BPJS's answer per person.
4. ``replace_rejected`` — persons BPJS rejected leave the list through one amendment
   (``programs.services.replace_from_waiting_list``) with BPJS's reason; the freed
   places go to the same regency's waiting list, and those persons wait for the next
   batch. ``register_again`` is the other way out for one person whose rejection was
   wrong (their data corrected, a complaint upheld): they wait for the next batch.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jaring.accounts.policy import can_enrol, can_manage_program, can_verify_region
from jaring.core.months import month_start
from jaring.enrollment.models import BatchPendaftaran, Peserta, StatusPendaftaran, TataLetak
from jaring.events import Topic, announce
from jaring.programs import services as programs
from jaring.programs.models import Penerima, Program, StatusProgram
from jaring.riwayat import context as riwayat_context


class EnrolmentError(ValueError):
    """A step that cannot be taken now; the message says why, in Indonesian."""


APPROVED = (StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN)


def default_first_month(program: Program, today: dt.date | None = None) -> dt.date:
    """The programme's first month, or the current month once the programme runs
    (a person registered in May is covered from May), never past its last month."""
    month = max(program.bulan_mulai, month_start(today or timezone.localdate()))
    return min(month, program.bulan_akhir)


def default_layout() -> TataLetak:
    layout = TataLetak.objects.filter(bawaan=True).order_by("kode").first()
    if layout is None:
        raise EnrolmentError(
            _("Belum ada tata letak batch pendaftaran bawaan; hubungi administrator.")
        )
    return layout


def enrol_beneficiaries(program: Program) -> dict[str, int]:
    """Create the participant rows the approved list calls for (one statement).

    Returns ``{"baru": n, "lanjutan": m}``: new participants waiting for registration
    and participants continuing the predecessor programme with their KPJ."""
    if program.status not in APPROVED:
        raise EnrolmentError(_("Peserta hanya dibuat dari daftar penerima program yang disetujui."))
    peserta, penerima = Peserta._meta.db_table, Penerima._meta.db_table
    adapt = connection.ops.adapt_datefield_value
    previous = program.pendahulu
    rows = Peserta.objects.filter(program=program)
    before, continuing_before = rows.count(), rows.filter(lanjutan_dari__isnull=False).count()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {peserta} (program_id, person_id, nomor_urut, kode_kabupaten, status,
                kpj, alasan_tolak, bulan_mulai, bulan_akhir, alasan_berakhir,
                keterangan_berakhir, lanjutan_dari_id, updated_at)
            SELECT pe.program_id, pe.person_id, pe.nomor_urut, pe.kode_kabupaten,
                   CASE WHEN prev.id IS NULL THEN %s ELSE %s END,
                   prev.kpj, '',
                   CASE WHEN prev.id IS NULL THEN NULL ELSE %s END,
                   CASE WHEN prev.id IS NULL THEN NULL ELSE %s END,
                   '', '', prev.id, %s
            FROM {penerima} pe
            LEFT JOIN {peserta} prev
              ON prev.program_id = %s AND prev.person_id = pe.person_id
             AND prev.status = %s AND prev.alasan_berakhir = '' AND prev.bulan_akhir = %s
            WHERE pe.program_id = %s AND pe.amandemen_keluar_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM {peserta} p
                              WHERE p.program_id = pe.program_id AND p.person_id = pe.person_id)
            ORDER BY pe.nomor_urut
            """,
            [
                StatusPendaftaran.MENUNGGU,
                StatusPendaftaran.DITERIMA,
                adapt(program.bulan_mulai),
                adapt(program.bulan_akhir),
                connection.ops.adapt_datetimefield_value(timezone.now()),
                previous.pk if previous else None,
                StatusPendaftaran.DITERIMA,
                adapt(previous.bulan_akhir) if previous else None,
                program.pk,
            ],
        )
    created = rows.count() - before
    continuing = rows.filter(lanjutan_dari__isnull=False).count() - continuing_before
    return {"baru": created - continuing, "lanjutan": continuing}


def waiting_for_batch(program: Program):
    """The participants the next batch sends: waiting, and not ended before being sent
    (a person who died or left is not registered)."""
    return Peserta.objects.filter(
        program=program, status=StatusPendaftaran.MENUNGGU, alasan_berakhir=""
    )


def check_batch(*, user, program: Program, bulan_pertama: dt.date | None) -> dt.date:
    """Whether a batch can be made now with this first month of cover, which it returns
    (the default month when none is given: the command line's habit)."""
    if user is not None and not can_enrol(user, program.wilayah_id):
        raise PermissionDenied
    if program.status not in APPROVED:
        raise EnrolmentError(
            _("Batch pendaftaran hanya dapat dibuat untuk program yang sudah disetujui.")
        )
    if bulan_pertama is not None and not isinstance(bulan_pertama, dt.date):
        raise EnrolmentError(
            _(
                "Bulan pertama perlindungan tidak sah; tulis bulan sebagai TTTT-BB, "
                "misalnya 2027-03."
            )
        )
    month = month_start(bulan_pertama) if bulan_pertama else default_first_month(program)
    if not program.bulan_mulai <= month <= program.bulan_akhir:
        raise EnrolmentError(
            _("Bulan pertama %(bulan)s di luar masa program (%(mulai)s–%(akhir)s).")
            % {
                "bulan": f"{month:%m/%Y}",
                "mulai": f"{program.bulan_mulai:%m/%Y}",
                "akhir": f"{program.bulan_akhir:%m/%Y}",
            }
        )
    return month


NOTHING_TO_SEND = gettext_noop(
    "Semua penerima sudah dikirim ke BPJS; tidak ada peserta baru untuk batch ini."
)


def batch_outlook(*, user, program: Program, bulan_pertama: dt.date | None) -> programs.Outlook:
    """Who a batch made now would send, from which month, at what iuran — for its
    confirmation. It runs the batch's own first steps (``enrol_beneficiaries``, then
    ``waiting_for_batch``) and rolls them back, so the count is the batch's own and
    nothing stays written."""
    month = check_batch(user=user, program=program, bulan_pertama=bulan_pertama)
    with transaction.atomic():
        enrol_beneficiaries(program)
        count = waiting_for_batch(program).count()
        transaction.set_rollback(True)
    if count == 0:
        raise EnrolmentError(_(NOTHING_TO_SEND))
    return programs.outlook(program, count, month)


@riwayat_context.records_user
@transaction.atomic
def create_batch(
    *,
    user,
    program: Program,
    bulan_pertama: dt.date | None = None,
    tata_letak: TataLetak | None = None,
) -> BatchPendaftaran:
    """Put every participant not yet sent to BPJS into a new registration batch."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    month = check_batch(user=user, program=program, bulan_pertama=bulan_pertama)
    enrol_beneficiaries(program)
    waiting = waiting_for_batch(program)
    if not waiting.exists():
        raise EnrolmentError(_(NOTHING_TO_SEND))
    number = BatchPendaftaran.objects.filter(program=program).count() + 1
    batch = BatchPendaftaran.objects.create(
        program=program,
        nomor=f"REG-{program.kode}-{number:03d}",
        tata_letak=tata_letak or default_layout(),
        bulan_pertama=month,
        created_by=user,
    )
    batch.jumlah = waiting.update(
        batch=batch,
        status=StatusPendaftaran.DIKIRIM,
        bulan_mulai=month,
        bulan_akhir=program.bulan_akhir,
        updated_at=timezone.now(),
    )
    batch.save(update_fields=["jumlah"])
    announce(Topic.ENROLMENT)  # new participants, waiting for BPJS
    return batch


def rejected_to_replace(program: Program) -> dict[int, str]:
    """Persons BPJS rejected who are still on the active list: person → reason."""
    active = programs.active_beneficiaries(program).values("person_id")
    return dict(
        Peserta.objects.filter(
            program=program, status=StatusPendaftaran.DITOLAK, person_id__in=active
        ).values_list("person_id", "alasan_tolak")
    )


@transaction.atomic
def replace_rejected(*, user, program: Program, keterangan: str = "") -> int:
    """Withdraw every person BPJS rejected from the list (one amendment, BPJS's reason
    per person) and fill each freed place from the waiting list of the same
    regency/city; the persons added wait for the next batch. Returns how many were
    added (fewer than withdrawn when a waiting list runs out)."""
    if not can_manage_program(user, program.wilayah_id):
        raise PermissionDenied
    cabut = rejected_to_replace(program)
    if not cabut:
        return 0
    amendment = programs.replace_from_waiting_list(
        user=user,
        program=program,
        cabut={person: f"Ditolak BPJS: {reason}"[:300] for person, reason in cabut.items()},
        alasan=(keterangan or "Penggantian peserta yang ditolak BPJS Ketenagakerjaan")[:500],
    )
    enrol_beneficiaries(program)
    return amendment.ditambahkan.count()


@transaction.atomic
def register_again(*, user, peserta: Peserta) -> Peserta:
    """Send a participant BPJS rejected to BPJS again: back to "not yet sent", so the
    next registration batch (``create_batch``) takes them. Only while they are still on
    the programme's active list (``replace_rejected`` may have withdrawn them already)
    and the programme is approved. Returns the participant with BPJS's former reason
    still in ``alasan_tolak`` for the caller's record, cleared in the database."""
    peserta = Peserta.objects.select_for_update().select_related("program").get(pk=peserta.pk)
    program = peserta.program
    if not can_enrol(user, program.wilayah_id) and not can_verify_region(
        user, peserta.kode_kabupaten
    ):
        raise PermissionDenied
    if peserta.status != StatusPendaftaran.DITOLAK:
        raise EnrolmentError(_("Hanya peserta yang ditolak BPJS yang dapat dikirim lagi."))
    if program.status not in APPROVED:
        raise EnrolmentError(_("Program ini tidak lagi mendaftarkan peserta baru."))
    if not programs.active_beneficiaries(program).filter(person_id=peserta.person_id).exists():
        raise EnrolmentError(
            _("Pekerja sudah dicabut dari daftar penerima program ini; kirim lewat amandemen.")
        )
    former = peserta.alasan_tolak
    Peserta.objects.filter(pk=peserta.pk).update(
        status=StatusPendaftaran.MENUNGGU, alasan_tolak="", updated_at=timezone.now()
    )
    announce(Topic.ENROLMENT)
    peserta.status, peserta.alasan_tolak = StatusPendaftaran.MENUNGGU, former
    return peserta


def counts_by_status(program: Program, scope=None) -> dict[str, int]:
    rows = Peserta.objects.filter(program=program)
    if scope is not None:
        rows = rows.filter(scope)
    counts = dict(rows.values("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in StatusPendaftaran.values}
