"""Complaint workflows: filing, taking up, closing — each a status change with its
trail row (``RiwayatPengaduan``: who, when, a reason the worker can read), in one
transaction, announced (``Topic.COMPLAINTS``).

Closing as done (``resolve``) is a real step, taken through the owning app's service
in the same transaction, so the complaint is never "done" while nothing changed:

* ``koreksi`` — the registry: a new source record "pengaduan ADU-…" from which the
  golden record is recomputed (``registry.services.correct_person``);
* ``daftar_tunggu`` — a programme's waiting list, by the programme's own rules
  (``programs.services.put_on_waiting_list``; a worker the rules leave out is refused
  with the rule's reason);
* ``kirim_ulang`` — BPJS again, in the next registration batch
  (``enrollment.services.register_again``);
* ``jawaban`` — an answer that changes no data (a claim explained, say).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.accounts.policy import can_file_complaint, can_handle_complaint
from jaring.core import phone
from jaring.enrollment import services as enrollment
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.events import Topic, announce
from jaring.pengaduan.models import (
    OPEN,
    JenisPengaduan,
    Kanal,
    Pengaduan,
    RiwayatPengaduan,
    StatusPengaduan,
    Tindakan,
)
from jaring.programs import services as programs
from jaring.programs.models import Program
from jaring.registry import services as registry
from jaring.registry.models import Person
from jaring.riwayat import context as riwayat

MAX_URAIAN = 2000


class PengaduanError(ValueError):
    """A step that cannot be taken; the message says why, in Indonesian."""


def deadline_for(filed: dt.date) -> dt.date:
    return filed + dt.timedelta(days=settings.JARING_PENGADUAN["DEADLINE_DAYS"])


def clean_input(jenis: str, uraian: str, no_hp: str) -> tuple[str, str, str]:
    """The complaint's own fields checked and normalised (phone as ``+62…``)."""
    if jenis not in JenisPengaduan.values:
        raise PengaduanError(_("Pilih jenis pengaduan dari daftar."))
    uraian = " ".join((uraian or "").split())
    if not uraian:
        raise PengaduanError(_("Tuliskan apa masalahnya."))
    if len(uraian) > MAX_URAIAN:
        raise PengaduanError(
            _("Uraian terlalu panjang; paling banyak %(n)s huruf.") % {"n": MAX_URAIAN}
        )
    no_hp = (no_hp or "").strip()
    if no_hp:
        normalised = phone.normalise_one(no_hp)
        if normalised is None:
            raise PengaduanError(_("Nomor HP tidak benar. Tulis nomor seperti 0812-3456-7890."))
        no_hp = normalised
    return jenis, uraian, no_hp


def _trail(pengaduan: Pengaduan, status: str, alasan: str, user) -> RiwayatPengaduan:
    return RiwayatPengaduan.objects.create(
        pengaduan=pengaduan, status=status, alasan=alasan[:500], created_by=user
    )


@transaction.atomic
def file_complaint(
    *, person: Person, jenis: str, uraian: str, no_hp: str = "", kanal: str, user=None
) -> Pengaduan:
    """Record a complaint of ``person`` (a golden record). ``user`` is the operator or
    verifier filing on the worker's behalf, None when the worker filed it themselves
    (after the NIK and birth-date check)."""
    jenis, uraian, no_hp = clean_input(jenis, uraian, no_hp)
    if person.merged_into_id is not None:
        person = Person.objects.get(pk=person.merged_into_id)
    kabupaten = person.wilayah_id[:5]
    if user is not None and not can_file_complaint(user, kabupaten):
        raise PermissionDenied
    if kanal not in Kanal.values:
        raise PengaduanError(_("Saluran pengaduan tidak dikenal."))
    batas = deadline_for(timezone.localdate())
    pengaduan = Pengaduan.objects.create(
        nomor=f"TMP-{uuid.uuid4().hex[:24]}",  # replaced by the numbered form below
        person=person,
        kode_kabupaten=kabupaten,
        jenis=jenis,
        uraian=uraian,
        no_hp=no_hp,
        kanal=kanal,
        batas_waktu=batas,
        created_by=user,
    )
    # The primary key numbers it: unique under any concurrency, on both databases (the
    # same rule as a submission's PJ-YYYY-NNNNNN).
    pengaduan.nomor = f"ADU-{timezone.localtime(pengaduan.created_at):%Y}-{pengaduan.pk:06d}"
    pengaduan.save(update_fields=["nomor"])
    _trail(
        pengaduan,
        StatusPengaduan.BARU,
        _("Pengaduan diterima. Petugas akan menjawab paling lambat %(tanggal)s.")
        % {"tanggal": batas.strftime("%d-%m-%Y")},
        user,
    )
    announce(Topic.COMPLAINTS)
    return pengaduan


def _open_for(user, pengaduan: Pengaduan) -> Pengaduan:
    locked = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if not can_handle_complaint(user, locked.kode_kabupaten):
        raise PermissionDenied
    if locked.status not in OPEN:
        raise PengaduanError(_("Pengaduan ini sudah ditutup."))
    return locked


def _reason(alasan: str) -> str:
    alasan = " ".join((alasan or "").split())
    if not alasan:
        raise PengaduanError(_("Tuliskan keterangan untuk pekerja."))
    return alasan


@transaction.atomic
def take_up(*, user, pengaduan: Pengaduan, alasan: str = "") -> Pengaduan:
    """The verifier starts looking into it (``baru`` → ``diproses``)."""
    pengaduan = _open_for(user, pengaduan)
    if pengaduan.status != StatusPengaduan.BARU:
        raise PengaduanError(_("Pengaduan ini sudah diperiksa."))
    pengaduan.status = StatusPengaduan.DIPROSES
    pengaduan.save(update_fields=["status"])
    _trail(
        pengaduan,
        StatusPengaduan.DIPROSES,
        " ".join(alasan.split()) or _("Petugas sedang memeriksa pengaduan Anda."),
        user,
    )
    announce(Topic.COMPLAINTS)
    return pengaduan


@transaction.atomic
def reject(*, user, pengaduan: Pengaduan, alasan: str) -> Pengaduan:
    """Close it without granting it; the reason tells the worker why."""
    alasan = _reason(alasan)
    pengaduan = _open_for(user, pengaduan)
    return _close(pengaduan, StatusPengaduan.DITOLAK, "", alasan, user)


@transaction.atomic
def resolve(
    *,
    user,
    pengaduan: Pengaduan,
    tindakan: str,
    alasan: str,
    changes: dict | None = None,
    program: Program | None = None,
) -> Pengaduan:
    """Close it as done, taking the step ``tindakan`` names (see the module docstring)
    in the same transaction: if the step fails, nothing is written."""
    alasan = _reason(alasan)
    pengaduan = _open_for(user, pengaduan)
    person = pengaduan.person
    label = f"pengaduan {pengaduan.nomor}"
    try:
        if tindakan == Tindakan.KOREKSI:
            if not changes:
                raise PengaduanError(_("Isi sedikitnya satu data yang dibetulkan."))
            # The person's change history says which complaint corrected it, and why.
            with riwayat.because(f"{label}: {alasan}"), riwayat.acting(user):
                registry.correct_person(person=person, changes=changes, keterangan=label)
        elif tindakan == Tindakan.DAFTAR_TUNGGU:
            if program is None:
                raise PengaduanError(_("Pilih program untuk daftar tunggu."))
            programs.put_on_waiting_list(
                user=user, program=program, person_id=person.pk,
                keterangan=f"{label}: {alasan}",
            )  # fmt: skip
        elif tindakan == Tindakan.KIRIM_ULANG:
            rejected = Peserta.objects.filter(person=person, status=StatusPendaftaran.DITOLAK)
            if program is not None:
                rejected = rejected.filter(program=program)
            peserta = rejected.order_by("-program__bulan_mulai", "-id").first()
            if peserta is None:
                raise PengaduanError(
                    _("Pekerja ini tidak sedang ditolak BPJS di program mana pun.")
                )
            enrollment.register_again(user=user, peserta=peserta)
        elif tindakan != Tindakan.JAWABAN:
            raise PengaduanError(_("Pilih tindakan penyelesaian dari daftar."))
    except (ValidationError, programs.WorkflowError, enrollment.EnrolmentError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        raise PengaduanError(message) from error
    return _close(pengaduan, StatusPengaduan.SELESAI, tindakan, alasan, user)


def _close(pengaduan: Pengaduan, status: str, tindakan: str, alasan: str, user) -> Pengaduan:
    pengaduan.status, pengaduan.tindakan = status, tindakan
    pengaduan.closed_at = timezone.now()
    pengaduan.save(update_fields=["status", "tindakan", "closed_at"])
    _trail(pengaduan, status, alasan, user)
    announce(Topic.COMPLAINTS)
    return pengaduan
