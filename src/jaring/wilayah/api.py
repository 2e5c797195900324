"""``/api/v1/wilayah``: Kemendagri region codes and names (public reference data)."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.wilayah.models import Wilayah

router = Router()


class Bagian(Schema):
    kode: str
    nama: str


class WilayahRinci(Schema):
    kode: str
    nama: str
    tingkat: int
    induk: str | None
    bagian: list[Bagian]


@router.get("/{kode}", response=WilayahRinci, summary="Sebuah wilayah dan bagiannya")
def region(request, kode: str):
    """Provinsi, kabupaten/kota, kecamatan atau desa dengan wilayah tepat di bawahnya."""
    found = Wilayah.objects.filter(kode=kode).first()
    if found is None:
        raise HttpError(404, _("Kode wilayah tidak dikenal."))
    parts = Wilayah.objects.filter(induk_id=found.kode).order_by("kode").values("kode", "nama")
    return {
        "kode": found.kode,
        "nama": found.nama,
        "tingkat": found.tingkat,
        "induk": found.induk_id,
        "bagian": list(parts),
    }
