"""The sustainability panel: workers who continued on their own (*lanjut mandiri*) when
their programme ended, and how many BPJS's membership file shows still paying 3, 6 and
12 months later — whether a subsidy year leaves workers covered after it. One source,
``enrollment.queries.sustainability``, read live (a few rows per programme; nothing to
summarise)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jaring.dashboard import charts
from jaring.dashboard.figures import (
    CODE,
    INT,
    PCT,
    TEXT,
    Column,
    Context,
    Headline,
    Panel,
    rate,
    regency_q,
)
from jaring.enrollment.models import LanjutMandiri
from jaring.enrollment.queries import FOLLOW_UP_MONTHS, sustainability


def sustainability_panel(ctx: Context) -> Panel:
    rows_of = LanjutMandiri.objects.filter(
        regency_q("peserta__kode_kabupaten", ctx.region), program_id__in=ctx.programme_ids
    )
    rows = []
    for program in sorted(ctx.programmes.values(), key=lambda p: p.kode):
        figure = sustainability(rows_of.filter(program=program))
        if not figure.lanjut:
            continue
        cells: list = [program.nama, program.kode, figure.lanjut]
        for k in FOLLOW_UP_MONTHS:
            cells += [figure.aktif[k], rate(figure.aktif[k], figure.diketahui[k])]
        rows.append(cells)
    total = sustainability(rows_of)
    footer = [_("Jumlah"), "", total.lanjut]
    for k in FOLLOW_UP_MONTHS:
        footer += [total.aktif[k], rate(total.aktif[k], total.diketahui[k])]
    columns = [Column("program", _("Program"), TEXT), Column("kode", _("Kode"), CODE),
               Column("lanjut", _("Lanjut mandiri"), INT)]  # fmt: skip
    for k in FOLLOW_UP_MONTHS:
        columns += [
            Column(f"aktif_{k}", _("Masih membayar %(n)d bulan kemudian") % {"n": k}, INT),
            Column(f"persen_{k}", _("%% setelah %(n)d bulan") % {"n": k}, PCT),
        ]
    title = _("Keberlanjutan: pekerja yang lanjut mandiri")
    return Panel(
        key="lanjut_mandiri",
        title=title,
        columns=columns,
        rows=rows,
        footer=footer if rows else None,
        headlines=[Headline(_("Pekerja lanjut mandiri setelah program"), total.lanjut)],
        ignores=("pekerjaan", "pendana"),
        svg=charts.bars(
            [
                charts.Bar(
                    _("%(n)d bulan kemudian") % {"n": k}, total.diketahui[k], part=total.aktif[k]
                )
                for k in FOLLOW_UP_MONTHS
            ],
            title=title,
            part_label=_("Masih membayar"),
            rest_label=_("Berhenti membayar"),
        ),
        note=_(
            "Peserta yang tidak dilanjutkan ke program berikutnya dan memilih membayar iuran "
            "sendiri dengan KPJ yang sama. Masih membayar: data kepesertaan BPJS mencatat "
            "iuran bulan itu lunas. Persentase dihitung dari yang bulannya sudah tercakup "
            "data BPJS terbaru."
        ),
    )
