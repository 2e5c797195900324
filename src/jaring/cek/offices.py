"""Which BPJS Ketenagakerjaan branch office serves a regency/city, for the worker's
status page and the participant cards ("where do I go to claim?").

The reference data has no such table (BPJS does not publish one in a form Jaring can
load), so this is a small data file, ``cek/data/kantor_cabang.csv``, for the regencies
of the demo and the seeds (East Kalimantan and West Sulawesi); a province adds its own
rows there. Only offices whose town is known are named; every other
regency gets the general phrase ``FALLBACK``, which is never wrong. An office's name
and town are enough for a worker to find it; street addresses change and are left to
BPJS's own channels (the call centre, ``CALL_CENTRE``)."""

import csv
from functools import cache
from importlib import resources

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CALL_CENTRE = "175"


@cache
def branch_towns() -> dict[str, str]:
    """Regency/city code (Kemendagri) → the town of the branch office that serves it."""
    source = resources.files("jaring.cek") / "data" / "kantor_cabang.csv"
    with source.open("r", encoding="utf-8-sig", newline="") as handle:
        return {row["kode_wilayah"]: row["kota_kantor"] for row in csv.DictReader(handle)}


FALLBACK = gettext_lazy("kantor cabang BPJS Ketenagakerjaan terdekat")


def branch_office(kode_kabupaten: str | None) -> str:
    """``BPJS Ketenagakerjaan Kantor Cabang Balikpapan``, or the general phrase."""
    town = branch_towns().get((kode_kabupaten or "")[:5])
    if town is None:
        return str(FALLBACK)
    return _("BPJS Ketenagakerjaan Kantor Cabang %(kota)s") % {"kota": town}


def branch_office_id(kode_kabupaten: str | None) -> str:
    """The same in Indonesian whatever the UI language: for printed cards."""
    with translation.override("id"):
        return branch_office(kode_kabupaten)
