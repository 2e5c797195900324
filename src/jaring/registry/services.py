"""Writes to the registry that are not bulk intake: agencies, the regency tally and
corrections of a golden record."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.core.names import search_key_one
from jaring.events import Topic, announce
from jaring.registry.models import (
    Agency,
    AgencyKind,
    Pekerjaan,
    Person,
    RegencyTally,
    SourceRecord,
)
from jaring.wilayah.models import Tingkat, Wilayah

# What a correction may change: everything but the NIK (a wrong NIK is another person,
# which matching joins with a merge, never an edit).
CORRECTABLE = (
    "nama", "tanggal_lahir", "jenis_kelamin", "wilayah_id", "alamat", "pekerjaan_id",
    "penghasilan", "no_hp", "no_kk",
)  # fmt: skip


@transaction.atomic
def add_agency(*, kode: str, nama: str, wilayah_kode: str, jenis: str = AgencyKind.OPD) -> Agency:
    """Create an agency, or update its name, kind and region if the code exists.

    Agencies work for a province or a regency/city; a code that names a district or
    village is refused, because scopes and quotas are set at those two levels.
    """
    kode = kode.strip().upper()
    nama = " ".join(nama.split())
    if not kode or not nama:
        raise ValidationError("Kode dan nama instansi wajib diisi.")
    if jenis not in AgencyKind.values:
        pilihan = ", ".join(AgencyKind.values)
        raise ValidationError(
            _("Jenis instansi %(jenis)r tidak dikenal; pilih salah satu: %(pilihan)s.")
            % {"jenis": jenis, "pilihan": pilihan}
        )
    wilayah = Wilayah.objects.filter(kode=wilayah_kode.strip()).first()
    if wilayah is None:
        raise ValidationError(_("Kode wilayah %(kode)s tidak terdaftar.") % {"kode": wilayah_kode})
    if wilayah.tingkat not in (Tingkat.PROVINSI, Tingkat.KABUPATEN_KOTA):
        raise ValidationError(
            _("Instansi harus berada di tingkat provinsi atau kabupaten/kota, bukan %(wilayah)s.")
            % {"wilayah": wilayah}
        )
    agency, _created = Agency.objects.update_or_create(
        kode=kode, defaults={"nama": nama, "wilayah": wilayah, "jenis": jenis}
    )
    return agency


@transaction.atomic
def recount_regencies() -> dict[str, int]:
    """Rebuild the per-regency tally from the golden persons (set-based)."""
    counts = dict(
        Person.objects.golden()
        .annotate(kabupaten=Substr("wilayah_id", 1, 5))
        .values_list("kabupaten")
        .annotate(jumlah=Count("id"))
        .order_by()
    )
    RegencyTally.objects.all().delete()
    RegencyTally.objects.bulk_create(
        RegencyTally(kode_kabupaten=kode, jumlah=jumlah) for kode, jumlah in counts.items()
    )
    return counts


def shift_regency_tally(changes: dict[str, int]) -> None:
    """Add ``changes`` (regency code → signed count) to the tally, in the caller's
    transaction: a merge takes a golden person away (−1), undoing it gives it back."""
    for kode, change in changes.items():
        if change:
            updated = RegencyTally.objects.filter(kode_kabupaten=kode).update(
                jumlah=F("jumlah") + change
            )
            if not updated:
                RegencyTally.objects.create(kode_kabupaten=kode, jumlah=max(change, 0))


def golden_source(person: Person) -> SourceRecord | None:
    """The source record the golden record's values come from: the newest correction
    (a source record without a submission), else the first source record — intake
    creates a person from the first file that names them and later files only add
    sources."""
    sources = SourceRecord.objects.filter(person=person)
    correction = sources.filter(submission__isnull=True).order_by("-created_at", "-id").first()
    return correction or sources.order_by("created_at", "id").first()


def refresh_golden(person: Person) -> Person:
    """Recompute a golden record from its sources (``golden_source``), in the caller's
    transaction, keeping the name search key and the regency tally in step."""
    source = golden_source(person)
    if source is None:
        return person
    before = person.wilayah_id[:5]
    for field in CORRECTABLE:
        setattr(person, field, getattr(source, field))
    person.nama_kunci = search_key_one(person.nama)[:100]
    person.updated_at = timezone.now()
    person.save(update_fields=[*CORRECTABLE, "nama_kunci", "updated_at"])
    after = person.wilayah_id[:5]
    if before != after and person.merged_into_id is None:
        shift_regency_tally({before: -1, after: 1})
    return person


@transaction.atomic
def correct_person(*, person: Person, changes: dict, keterangan: str) -> SourceRecord:
    """Correct a golden record: a new source record with its current values and
    ``changes`` (fields of ``CORRECTABLE``), named ``keterangan`` (e.g. "pengaduan
    ADU-2026-000001"), from which the golden record is recomputed. Nothing is
    overwritten by hand: the sources keep what every list said and what was
    corrected, and when."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError(
            _("Kolom %(kolom)s tidak dapat dibetulkan.") % {"kolom": ", ".join(sorted(unknown))}
        )
    if "wilayah_id" in changes:
        kode = changes["wilayah_id"]
        if not Wilayah.objects.filter(kode=kode, tingkat=Tingkat.DESA).exists():
            raise ValidationError(
                _("Kode desa/kelurahan %(kode)s tidak terdaftar.") % {"kode": kode}
            )
    if (
        "pekerjaan_id" in changes
        and not Pekerjaan.objects.filter(kode=changes["pekerjaan_id"]).exists()
    ):
        raise ValidationError(
            _("Kode pekerjaan %(kode)s tidak terdaftar.") % {"kode": changes["pekerjaan_id"]}
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    values = {field: getattr(person, field) for field in CORRECTABLE} | changes
    text = "\x1f".join(str(values[f] if values[f] is not None else "") for f in CORRECTABLE)
    source = SourceRecord.objects.create(
        person=person,
        agency=None,
        submission=None,
        keterangan=keterangan[:60],
        row_number=0,
        values_hash=hashlib.md5(
            (keterangan + "\x1f" + text).encode(), usedforsecurity=False
        ).hexdigest(),
        nik=person.nik,
        created_at=timezone.now(),
        **values,
    )
    refresh_golden(person)
    announce(Topic.REGISTRY)
    return source
