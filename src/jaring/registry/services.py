"""Writes to the registry that are not bulk intake: agencies and the regency tally."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from jaring.registry.models import Agency, AgencyKind, Person, RegencyTally
from jaring.wilayah.models import Tingkat, Wilayah


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
