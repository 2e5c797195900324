"""Keeping personal data no longer than needed (UU 27/2022 on personal data protection):
the two retention rules `jaring retensi` runs, planned first and applied in one
transaction.

1. **Original files** of imports (agencies' lists, BPJS responses, payment files, claim
   reports, membership files) older than ``BERKAS_TAHUN`` years: the stored file is
   deleted, and with it the row-level reasons and the rejected rows' original cells
   (they quote the cells). What each import did stays: its number, who sent it, its
   file name, checksum and counts.
2. **Workers never selected**: a golden record that was never on a beneficiary list
   (no ``Penerima``, no ``Peserta``), with no source record newer than
   ``PEKERJA_TAHUN`` years and no complaint still open. Where nothing else refers to
   the worker, the person and their source records (and any person merged into them)
   are deleted. Where a selection outcome, a strike, a complaint or a match refers to
   them — the trail of why someone was or was not chosen — they are **anonymised**
   instead: NIK, name, birth date (its year kept, for age statistics), address, phone
   and family-card number replaced on the person and their source records, region,
   sex and occupation kept for the aggregates.

The change history (``riwayat``) is append-only and tamper-evident, and an audit trail
of public spending is kept under its own legal obligation: retention does not rewrite
it. Anonymisation writes its own entries, with the old values masked. A worker whose
data was changed through the services earlier may still be named in older entries;
see docs/architecture.md ("Change history").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jaring.claims.models import LaporanKlaim, LaporanKlaimBaris
from jaring.contributions.models import ImporPembayaran, ImporPembayaranBaris
from jaring.core.masking import mask_date, mask_nik
from jaring.enrollment.models import Peserta, ResponBaris, ResponBpjs
from jaring.events import Topic, announce
from jaring.intake.models import RejectedRow, RowError, Submission
from jaring.matching.models import (
    CandidatePair,
    MembershipImport,
    MembershipRowError,
    Merge,
)
from jaring.pengaduan.models import Pengaduan, StatusPengaduan
from jaring.programs.models import Penerima, Pengecualian, Seleksi
from jaring.registry.models import Person, SourceRecord
from jaring.registry.services import recount_regencies
from jaring.riwayat import context as riwayat_context
from jaring.riwayat import services as riwayat

# An anonymised NIK: "99" (no province has this code) and the person's id, 16 characters
# as the column requires, unique because the id is.
ANONYMOUS_PREFIX = "99"
ANONYMOUS_NAME = "Data dihapus (retensi)"
PERSONAL = ("nik", "nama", "tanggal_lahir", "alamat", "no_hp", "no_kk")

# Each import kind: its model, and its row-level reasons (model, foreign key to it).
IMPORTS = (
    ("pengajuan", Submission, ((RowError, "submission"), (RejectedRow, "submission"))),
    ("respons BPJS", ResponBpjs, ((ResponBaris, "respon"),)),
    ("berkas pembayaran", ImporPembayaran, ((ImporPembayaranBaris, "impor"),)),
    ("laporan klaim", LaporanKlaim, ((LaporanKlaimBaris, "laporan"),)),
    ("berkas kepesertaan", MembershipImport, ((MembershipRowError, "membership_import"),)),
)
# What refers to a person and keeps them (anonymised) rather than deleted.
REFERENCES = (
    (Seleksi, "person_id"),
    (Pengecualian, "person_id"),
    (Pengaduan, "person_id"),
    (CandidatePair, "person_a_id"),
    (CandidatePair, "person_b_id"),
    (Merge, "survivor_id"),
    (Merge, "merged_id"),
)


@dataclass
class BerkasLama:
    jenis: str
    nomor: str
    nama: str
    tanggal: dt.date


@dataclass
class Rencana:
    """What `jaring retensi` will do (or, after ``apply``, did)."""

    batas_berkas: dt.date
    batas_pekerja: dt.date
    berkas: list[BerkasLama] = field(default_factory=list)
    baris_alasan: int = 0  # row-level reasons and rejected rows' cells removed with them
    hapus: list[int] = field(default_factory=list)  # golden persons deleted
    anonim: list[int] = field(default_factory=list)  # golden persons anonymised
    keluarga: dict[int, list[int]] = field(default_factory=dict)  # golden → merged into it

    def as_dict(self) -> dict:
        return {
            "batas_berkas": self.batas_berkas.isoformat(),
            "batas_pekerja": self.batas_pekerja.isoformat(),
            "berkas": len(self.berkas),
            "baris_alasan": self.baris_alasan,
            "pekerja_dihapus": len(self.hapus),
            "pekerja_dianonimkan": len(self.anonim),
        }


def limits() -> tuple[int, int]:
    rules = getattr(settings, "JARING_RETENSI", {})
    return int(rules.get("BERKAS_TAHUN", 5)), int(rules.get("PEKERJA_TAHUN", 10))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def plan(today: dt.date | None = None) -> Rencana:
    """What the rules would do today; reads only."""
    today = today or timezone.localdate()
    file_years, person_years = limits()
    rencana = Rencana(_years_before(today, file_years), _years_before(today, person_years))
    before_files = _start_of(rencana.batas_berkas)
    for jenis, model, reasons in IMPORTS:
        old = model.objects.filter(created_at__lt=before_files).exclude(file="")
        for nomor, name, created in old.values_list("nomor", "original_name", "created_at"):
            rencana.berkas.append(BerkasLama(jenis, nomor, name, timezone.localdate(created)))
        for reason, fk in reasons:
            rencana.baris_alasan += reason.objects.filter(
                **{f"{fk}__in": model.objects.filter(created_at__lt=before_files)}
            ).count()
    _plan_persons(rencana)
    return rencana


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _plan_persons(rencana: Rencana) -> None:
    cutoff = _start_of(rencana.batas_pekerja)
    merged = dict(
        Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )
    golden_of = lambda pk: merged.get(pk, pk)  # noqa: E731  (a survivor is its own golden)
    seen = {golden_of(pk) for pk in SourceRecord.objects.filter(created_at__gte=cutoff)
            .values_list("person_id", flat=True).distinct()}  # fmt: skip
    chosen = {golden_of(pk) for pk in Penerima.objects.values_list("person_id", flat=True)}
    chosen |= {golden_of(pk) for pk in Peserta.objects.values_list("person_id", flat=True)}
    open_complaints = {
        golden_of(pk)
        for pk in Pengaduan.objects.filter(
            status__in=[StatusPengaduan.BARU, StatusPengaduan.DIPROSES], person__isnull=False
        ).values_list("person_id", flat=True)
    }
    candidates = (
        set(
            Person.objects.filter(merged_into__isnull=True, created_at__lt=cutoff)
            .exclude(nik__startswith=ANONYMOUS_PREFIX)
            .values_list("pk", flat=True)
        )
        - seen
        - chosen
        - open_complaints
    )
    if not candidates:
        return
    family: dict[int, list[int]] = {pk: [] for pk in candidates}
    for child, survivor in merged.items():
        if survivor in family:
            family[survivor].append(child)
    members = {pk: golden for golden, children in family.items() for pk in (golden, *children)}
    referred: set[int] = set()
    for model, column in REFERENCES:
        found = model.objects.filter(**{f"{column}__in": list(members)}).values_list(
            column, flat=True
        )
        referred |= {members[pk] for pk in found}
    rencana.keluarga = family
    rencana.anonim = sorted(pk for pk in candidates if pk in referred or family[pk])
    rencana.hapus = sorted(pk for pk in candidates if pk not in referred and not family[pk])


@transaction.atomic
def apply(rencana: Rencana) -> Rencana:
    """Carry out ``rencana`` in one transaction (files are deleted from storage after
    the rows that name them are written, so a failure leaves every file in place)."""
    stored: list[str] = []
    before_files = _start_of(rencana.batas_berkas)
    for _jenis, model, reasons in IMPORTS:
        old = model.objects.filter(created_at__lt=before_files)
        for reason, fk in reasons:
            reason.objects.filter(**{f"{fk}__in": old}).delete()
        stored += list(old.exclude(file="").values_list("file", flat=True))
        old.exclude(file="").update(file="")
    if rencana.hapus:
        SourceRecord.objects.filter(person_id__in=rencana.hapus).delete()
        Person.objects.filter(pk__in=rencana.hapus).delete()
    if rencana.anonim:
        _anonymise(rencana)
    if rencana.hapus or rencana.anonim:
        recount_regencies()
        announce(Topic.REGISTRY)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    return rencana


def _anonymise(rencana: Rencana) -> None:
    people = [pk for golden in rencana.anonim for pk in (golden, *rencana.keluarga[golden])]
    rows = {p.pk: p for p in Person.objects.filter(pk__in=people).only("pk", *PERSONAL)}
    before = {pk: _masked(person) for pk, person in rows.items()}
    changed = []
    for pk, person in rows.items():
        person.nik = f"{ANONYMOUS_PREFIX}{pk:014d}"
        person.nama = ANONYMOUS_NAME
        person.nama_kunci = ""
        person.tanggal_lahir = person.tanggal_lahir.replace(month=1, day=1)
        person.alamat = person.no_hp = person.no_kk = ""
        changed.append(person)
    Person.objects.bulk_update(changed, [*PERSONAL, "nama_kunci"], batch_size=2000)
    sources = list(SourceRecord.objects.filter(person_id__in=people).only("pk", "person_id",
                                                                          *PERSONAL))  # fmt: skip
    for source in sources:
        source.nik = rows[source.person_id].nik
        source.nama = ANONYMOUS_NAME
        source.tanggal_lahir = source.tanggal_lahir.replace(month=1, day=1)
        source.alamat = source.no_hp = source.no_kk = ""
    SourceRecord.objects.bulk_update(sources, list(PERSONAL), batch_size=2000)
    after = {pk: _masked(person, masked=False) for pk, person in rows.items()}
    with riwayat_context.because("Retensi data pribadi (UU 27/2022)"):
        riwayat.record_changes(Person, before, after, names=dict.fromkeys(rows, ANONYMOUS_NAME))


def _masked(person: Person, *, masked: bool = True) -> dict:
    """The personal fields as the history may keep them: masked before, plain after."""
    if not masked:
        return {"nik": person.nik, "nama": person.nama, "tanggal_lahir": person.tanggal_lahir}
    return {
        "nik": mask_nik(person.nik),
        "nama": (person.nama[:1] + "…") if person.nama else "",
        "tanggal_lahir": mask_date(person.tanggal_lahir),
    }


def due_files(rencana: Rencana) -> list[BerkasLama]:
    """The old files, oldest first (for the command's listing)."""
    return sorted(rencana.berkas, key=lambda b: (b.tanggal, b.nomor))


__all__ = ["Rencana", "apply", "due_files", "limits", "plan"]
