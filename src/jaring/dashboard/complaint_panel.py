"""The complaints panel: workers' complaints filed in the period, by regency/city and
kind, with their status, the overdue ones and the average days open. Kept in its own
module (one panel, one source: ``pengaduan.queries.tally``, which reads the complaints
table itself — there is no summary to rebuild)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from jaring.core.months import add_months
from jaring.dashboard import charts
from jaring.dashboard.figures import TEXT, Column, Context, Headline, Panel, regency_q
from jaring.pengaduan.models import JenisPengaduan, StatusPengaduan
from jaring.pengaduan.queries import tally

STATUSES = (
    StatusPengaduan.BARU, StatusPengaduan.DIPROSES, StatusPengaduan.SELESAI,
    StatusPengaduan.DITOLAK,
)  # fmt: skip


def _average(total_days: int, count: int) -> int | None:
    """Whole days, rounded half up."""
    return (2 * total_days + count) // (2 * count) if count else None


def complaints(ctx: Context) -> Panel:
    filters = ctx.filters
    last_day = add_months(filters.sampai, 1) - dt.timedelta(days=1)
    found = tally(regency_q("kode_kabupaten", ctx.region), filters.dari, last_day)
    kinds = dict(JenisPengaduan.choices)
    rows = [
        [
            ctx.names.get(t.kode_kabupaten, t.kode_kabupaten),
            str(kinds.get(t.jenis, t.jenis)),
            *(t.by_status.get(s, 0) for s in STATUSES),
            t.overdue,
            _average(t.days_open, t.total),
        ]
        for t in found
    ]
    sums = [sum(r[i] for r in rows) for i in range(2, 7)]
    total = sum(sums[:4])
    footer = [_("Jumlah"), "", *sums, _average(sum(t.days_open for t in found), total)]
    by_kind: dict[str, list[int]] = {}
    for r in rows:
        kind = by_kind.setdefault(r[1], [0, 0])
        kind[0] += sum(r[2:6])
        kind[1] += r[4] + r[5]
    title = _("Pengaduan pekerja per kabupaten/kota dan jenis")
    return Panel(
        key="pengaduan",
        title=title,
        columns=[
            Column("wilayah", _("Kabupaten/kota"), TEXT),
            Column("jenis", _("Jenis"), TEXT),
            Column("baru", _("Baru")),
            Column("diproses", _("Diperiksa")),
            Column("selesai", _("Selesai")),
            Column("ditolak", _("Tidak dikabulkan")),
            Column("terlambat", _("Melewati batas waktu")),
            Column("hari", _("Rata-rata hari terbuka")),
        ],
        rows=rows,
        footer=footer if rows else None,
        headlines=[
            Headline(_("Pengaduan pekerja dalam periode"), total),
            Headline(_("Pengaduan melewati batas waktu"), sums[4]),
        ],
        ignores=("pekerjaan", "program", "pendana"),
        svg=charts.bars(
            [charts.Bar(kind, n, part=closed) for kind, (n, closed) in sorted(by_kind.items())],
            title=title,
            part_label=_("Ditutup"),
            rest_label=_("Belum selesai"),
        ),
        note=_(
            "Pengaduan yang diajukan dalam periode, menurut kabupaten/kota domisili pekerja. "
            "Rata-rata hari terbuka: sampai ditutup, atau sampai hari ini bila belum selesai."
        ),
    )
