"""``/api/v1/dasbor/{panel}``: the dashboard's figures for another system (Satu Data,
a leader's own board) — one panel at a time, computed as the page computes it
(``dashboard.queries``: the same region scope, the same filters, the same summaries).
Aggregates only: a panel is counts and rupiah per region, month or category."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from jaring.dashboard.queries import PANELS, build_for_scope, scope_of

router = Router()
Cell = int | str | None  # a share or ratio as an exact decimal string ("12.5")


class Kolom(Schema):
    kunci: str
    label: str
    jenis: str  # text, code, int, pct, ratio


class AngkaUtama(Schema):
    label: str
    nilai: Cell
    jenis: str
    catatan: str


class Saringan(Schema):
    dari: str  # YYYY-MM
    sampai: str
    wilayah: str
    pekerjaan: str
    program: str
    pendana: str


class Panel(Schema):
    panel: str
    judul: str
    cakupan: str  # the user's region ("" for everything)
    wilayah: str  # the region the figures are for, by name
    saringan: Saringan
    kolom: list[Kolom]
    baris: list[list[Cell]]
    jumlah: list[Cell] | None  # the total row, when the panel has one
    angka_utama: list[AngkaUtama]
    catatan: str
    # Filters set that this panel cannot apply (its figures are for all), in words.
    saringan_diabaikan: str
    diperbarui: dt.datetime | None


def _cell(value) -> Cell:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


@router.get("/{panel}", response=Panel, summary="Angka dasbor (satu panel)")
def panel(
    request,
    panel: str,
    dari: str = "",
    sampai: str = "",
    wilayah: str = "",
    pekerjaan: str = "",
    program: str = "",
    pendana: str = "",
):
    """Satu panel dasbor (``cakupan``, ``tren``, ``peserta``, ``peserta_wilayah``,
    ``anggaran``, ``klaim``, ``pengaduan``…) untuk wilayah pengguna, dengan saringan
    yang sama seperti halaman dasbor: ``dari``/``sampai`` (YYYY-MM), ``wilayah``
    (kabupaten/kota dalam cakupan), ``pekerjaan``, ``program`` (kode), ``pendana``.
    Saringan di luar cakupan atau tidak sah diabaikan, seperti di halaman."""
    if panel not in PANELS:
        raise HttpError(
            404,
            _("Panel %(panel)s tidak dikenal; pilih salah satu: %(all)s.")
            % {"panel": panel[:40], "all": ", ".join(PANELS)},
        )
    params = {
        "dari": dari,
        "sampai": sampai,
        "wilayah": wilayah,
        "pekerjaan": pekerjaan,
        "program": program,
        "pendana": pendana,
    }
    dashboard = build_for_scope(scope_of(request.user), params, only=(panel,))
    built = dashboard.panels.get(panel)
    filters = dashboard.filters
    if built is None or filters is None:
        raise HttpError(404, _("Tidak ada angka untuk wilayah Anda."))
    refreshed = [t for t in dashboard.refreshed.values() if t is not None]
    return {
        "panel": panel,
        "judul": str(built.title),
        "cakupan": dashboard.scope or "",
        "wilayah": str(dashboard.region_name),
        "saringan": {
            "dari": f"{filters.dari:%Y-%m}",
            "sampai": f"{filters.sampai:%Y-%m}",
            "wilayah": filters.wilayah,
            "pekerjaan": filters.pekerjaan,
            "program": filters.program,
            "pendana": filters.pendana,
        },
        "kolom": [{"kunci": c.key, "label": str(c.label), "jenis": c.kind} for c in built.columns],
        "baris": [[_cell(v) for v in row] for row in built.rows],
        "jumlah": [_cell(v) for v in built.footer] if built.footer else None,
        "angka_utama": [
            {
                "label": str(h.label),
                "nilai": _cell(h.value),
                "jenis": h.kind,
                "catatan": str(h.note),
            }
            for h in built.headlines
        ],
        "catatan": str(built.note),
        "saringan_diabaikan": str(dashboard.ignored_filters(built)),
        "diperbarui": max(refreshed) if refreshed else None,
    }
