"""Which BPJS Ketenagakerjaan branch office serves a regency/city, for the worker's
status page and the participant cards ("where do I go to claim?").

The reference data has no such table (BPJS does not publish one in a form Jaring can
load), so this is a small constant for the regencies of the demo and the seeds (East
Kalimantan and West Sulawesi). Only offices whose town is known are named; every other
regency gets the general phrase ``FALLBACK``, which is never wrong. An office's name
and town are enough for a worker to find it; street addresses change and are left to
BPJS's own channels (the call centre, ``CALL_CENTRE``)."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CALL_CENTRE = "175"

# regency/city code (Kemendagri) → the town of the branch office that serves it
BRANCH_TOWN = {
    "64.01": "Tanah Grogot",  # Kabupaten Paser
    "64.02": "Tenggarong",  # Kabupaten Kutai Kartanegara
    "64.03": "Tanjung Redeb",  # Kabupaten Berau
    "64.08": "Sangatta",  # Kabupaten Kutai Timur
    "64.71": "Balikpapan",
    "64.72": "Samarinda",
    "64.74": "Bontang",
    "76.02": "Mamuju",  # Kabupaten Mamuju, the province's capital
}

FALLBACK = gettext_lazy("kantor cabang BPJS Ketenagakerjaan terdekat")


def branch_office(kode_kabupaten: str | None) -> str:
    """``BPJS Ketenagakerjaan Kantor Cabang Balikpapan``, or the general phrase."""
    town = BRANCH_TOWN.get((kode_kabupaten or "")[:5])
    if town is None:
        return str(FALLBACK)
    return _("BPJS Ketenagakerjaan Kantor Cabang %(kota)s") % {"kota": town}


def branch_office_id(kode_kabupaten: str | None) -> str:
    """The same in Indonesian whatever the UI language: for printed cards."""
    with translation.override("id"):
        return branch_office(kode_kabupaten)
