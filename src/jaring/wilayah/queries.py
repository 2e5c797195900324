"""Region reads shared by other apps (intake validation, scoping, dashboards).

Everything inside a region is found through its code: a village ``64.71.01.1001`` lies in
``64.71.01``, ``64.71`` and ``64``. Asking "which rows lie in 64.71" is therefore a
question about a code prefix, answered on an index instead of by walking ``induk``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThan, StartsWith

from jaring.wilayah.models import KODE_LENGTH, AngkatanKerja, Tingkat, Wilayah

# "64", "64.71", "64.71.01", "64.71.01.1001" and nothing else.
KODE_PATTERN = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


def is_valid_kode(kode: str) -> bool:
    """True when ``kode`` has the shape of a Kemendagri code at some level."""
    return bool(KODE_PATTERN.fullmatch(kode))


def tingkat_of(kode: str) -> Tingkat:
    """The level of a code, read from its shape alone."""
    for tingkat, length in KODE_LENGTH.items():
        if len(kode) == length and is_valid_kode(kode):
            return Tingkat(tingkat)
    raise ValueError(f"Kode wilayah tidak sah: {kode!r}")


def kode_induk(kode: str) -> str | None:
    """The parent's code ("64.71.01.1001" → "64.71.01"), None for a province."""
    tingkat_of(kode)
    head, dot, _ = kode.rpartition(".")
    return head if dot else None


def kode_leluhur(kode: str) -> list[str]:
    """Codes of every enclosing region, province first ("64", "64.71", "64.71.01")."""
    chain = []
    parent = kode_induk(kode)
    while parent is not None:
        chain.append(parent)
        parent = kode_induk(parent)
    return chain[::-1]


def prefix_range(
    kode: str,
    field: str = "kode",
    *,
    include_self: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> Q:
    """A filter for "``field`` holds a code inside region ``kode``".

    ``field`` may be a code column or a foreign key to :class:`Wilayah` (e.g.
    ``"wilayah"`` on a person). The region itself is excluded unless ``include_self``.

    On SQLite this is the range ``field >= '64.71.' AND field < '64.71/'`` ('/' is the
    character after '.'), which the primary-key or foreign-key index answers. On
    PostgreSQL a range only means "prefix" under a byte-order collation; a database
    created with a language collation (en_US.UTF-8, common on Debian) may ignore the
    punctuation and return wrong rows. There we use ``LIKE '64.71.%'`` instead, which is
    correct under every collation and still uses the ``varchar_pattern_ops`` index
    Django creates for every indexed text column.
    """
    kode = kode.strip()
    if not is_valid_kode(kode):
        raise ValueError(f"Kode wilayah tidak sah: {kode!r}")
    if connections[using].vendor == "postgresql":
        inside = _like_prefix(kode, field)
    else:
        inside = _range_prefix(kode, field)
    if include_self:
        return inside | Q(**{field: kode})
    return inside


def _range_prefix(kode: str, field: str) -> Q:
    return Q(GreaterThanOrEqual(F(field), f"{kode}."), LessThan(F(field), f"{kode}/"))


def _like_prefix(kode: str, field: str) -> Q:
    return Q(StartsWith(F(field), f"{kode}."))


def kode_set(tingkat: int) -> set[str]:
    """Every code at one level, in one query (intake checks a whole file against it)."""
    rows = Wilayah.objects.filter(tingkat=tingkat).order_by().values_list("kode", flat=True)
    return set(rows)


def kabupaten_kota(provinsi: str | None = None) -> QuerySet[Wilayah]:
    """The regencies and cities of a province, by code (default: the province this
    installation serves, ``settings.JARING_PROVINSI``)."""
    return Wilayah.objects.filter(
        tingkat=Tingkat.KABUPATEN_KOTA, induk_id=provinsi or settings.JARING_PROVINSI
    ).order_by("kode")


def dalam_wilayah(kode: str, *, include_self: bool = True) -> QuerySet[Wilayah]:
    """Regions at any level inside ``kode`` (the region itself included by default)."""
    return Wilayah.objects.filter(prefix_range(kode, include_self=include_self))


def labour_force(year: int, regencies: Iterable[str] | None = None) -> dict[str, tuple[int, int]]:
    """Regency/city → (labour force, the year it is of): BPS's figure for ``year`` or,
    until BPS publishes it, the latest earlier year's. The one reading of the labour
    force that selection (proportional quotas), the coverage summary and the programme
    panels share."""
    rows = AngkatanKerja.objects.filter(tahun__lte=year)
    if regencies is not None:
        rows = rows.filter(wilayah_id__in=list(regencies))
    latest: dict[str, tuple[int, int]] = {}
    for kode, tahun, jumlah in rows.order_by("wilayah_id", "tahun").values_list(
        "wilayah_id", "tahun", "angkatan_kerja"
    ):
        latest[kode] = (jumlah, tahun)
    return latest
