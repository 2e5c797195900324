"""The proposal for next year's regional budget (*usulan anggaran* APBD): what a
programme's workers cost per regency/city, per month and per funder under the tariff
rules in force in each month, with the legal bases the amounts rest on.

The regional budget is planned a year ahead, before the March Musrenbang, so the
proposal is for the months from ``mulai`` (default: next January). ``build`` reads it
once; ``xlsx`` (for the budget team's own sheets: a summary, per regency, per month, and
every regency × month × funder line) and ``pdf`` (to attach to the proposal) render the
same ``Usulan``, so both files always say the same thing.

Who is counted: the programme's active beneficiaries per regency/city and occupation
sector — the list carried into next year. A programme whose list is not approved yet
counts its allocated places per regency (sector unknown, so only an adjustment for every
sector can apply). The reader's scope applies: a regency's user gets their regency only.

Amounts: each (month, sector) participant-month is evaluated once by
``tariffs.contribution`` with the programme's funder shares, declared income and benefit
package — exactly as billing prices it — and multiplied by the workers of that sector,
so a regency's month equals what billing would invoice for those workers.

Only aggregates (counts and rupiah per regency), no personal data, so the access log is
not written. An official document, in Indonesian whatever the UI language, as the SK
attachment (``documents``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from xml.sax.saxutils import escape

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jaring import exports
from jaring.core.money import thousands
from jaring.core.months import add_months, month_start
from jaring.programs import tariffs
from jaring.programs.documents import BULAN
from jaring.programs.models import PENDANA_NEGARA, Pendana, Program, Tarif
from jaring.programs.queries import beneficiaries_for, regions_for
from jaring.programs.services import funder_components, funder_shares, next_january, pricing
from jaring.registry.models import Sektor
from jaring.wilayah.models import Wilayah

MAX_MONTHS = 36
FROM_BENEFICIARIES = "penerima"
FROM_QUOTAS = "kuota"


@dataclass
class Kabupaten:
    """One regency/city of the proposal: its workers and, per (month, funder), the
    rupiah after relief and the relief itself."""

    kode: str
    nama: str
    pekerja: int
    jumlah: dict[tuple[dt.date, str], int] = field(default_factory=dict)
    keringanan: dict[tuple[dt.date, str], int] = field(default_factory=dict)

    def total(self, pendana: str | None = None, bulan: dt.date | None = None) -> int:
        return sum(
            amount
            for (month, funder), amount in self.jumlah.items()
            if (pendana is None or funder == pendana) and (bulan is None or month == bulan)
        )


@dataclass(frozen=True)
class Dasar:
    """One legal basis of the amounts: what it says and whether it shaped them."""

    judul: str
    isi: str
    diterapkan: bool


@dataclass
class Usulan:
    program: Program
    bulan: list[dt.date]
    pendana: list[str]
    porsi: dict[str, str]  # funder → its part in words
    kabupaten: list[Kabupaten]
    sumber: str  # FROM_BENEFICIARIES or FROM_QUOTAS
    dasar: list[Dasar]
    penghasilan_dasar: int
    dibuat: dt.datetime

    @property
    def pekerja(self) -> int:
        return sum(k.pekerja for k in self.kabupaten)

    def total(self, pendana: str | None = None, bulan: dt.date | None = None) -> int:
        return sum(k.total(pendana, bulan) for k in self.kabupaten)

    def keringanan(self, bulan: dt.date | None = None) -> int:
        return sum(
            amount
            for k in self.kabupaten
            for (month, _funder), amount in k.keringanan.items()
            if bulan is None or month == bulan
        )

    @property
    def state_total(self) -> int:
        """What the state's budgets (APBN, APBD) pay: the figure the APBD proposal asks."""
        return sum(self.total(kode) for kode in self.pendana if kode in PENDANA_NEGARA)

    @property
    def tahun(self) -> str:
        years = sorted({month.year for month in self.bulan})
        return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def pendana_label(kode: str) -> str:
    try:
        return str(Pendana(kode).label)
    except ValueError:
        return kode


def month_label(month: dt.date) -> str:
    return f"{BULAN[month.month - 1]} {month.year}"


def _workers(user, program: Program) -> tuple[str, dict[tuple[str, str], int]]:
    """(source, {(regency code, sector): workers}) — beneficiaries when the list exists,
    else the allocated places."""
    rows = (
        beneficiaries_for(user, program)
        .order_by()
        .values("kode_kabupaten", sektor=F("person__pekerjaan__sektor"))
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        sektor = row["sektor"] if row["sektor"] in Sektor.values else ""
        counts[(row["kode_kabupaten"], sektor)] += row["n"]
    if counts:
        return FROM_BENEFICIARIES, dict(counts)
    quotas = regions_for(user, program).filter(kuota__gt=0).values_list("wilayah_id", "kuota")
    return FROM_QUOTAS, {(kode, ""): kuota for kode, kuota in quotas}


def build(user, program: Program, *, mulai: dt.date | None = None, months: int = 12) -> Usulan:
    """The proposal of ``program`` for ``months`` months from ``mulai`` (default: next
    January) as ``user`` may see it. Raises ``tariffs.NoTariff`` when a month has no
    tariff in force, ``ValueError`` for a number of months outside 1..36."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(_("Jumlah bulan harus 1 sampai %(max)d.") % {"max": MAX_MONTHS})
    first = month_start(mulai) if mulai else next_january()
    calendar = [add_months(first, i) for i in range(months)]
    rule_set = tariffs.rules(calendar[0], calendar[-1])
    shares = funder_shares(program)
    components = funder_components(program)  # e.g. the worker pays JKM, APBD the rest
    price = pricing(program)
    sumber, counts = _workers(user, program)
    names = dict(
        Wilayah.objects.filter(kode__in={kode for kode, _sektor in counts}).values_list(
            "kode", "nama"
        )
    )
    regencies: dict[str, Kabupaten] = {}
    for kode, _sektor in sorted(counts):
        regencies.setdefault(kode, Kabupaten(kode, names.get(kode, kode), 0))
    for (kode, _sektor), n in counts.items():
        regencies[kode].pekerja += n
    sectors = sorted({sektor for _kode, sektor in counts})
    funders: dict[str, None] = dict.fromkeys(shares)  # in order: whole shares, then components
    used_tariffs: dict[int, Tarif] = {}
    shaped: set[int] = set()
    base_income = 0
    for month in calendar:
        tarif = rule_set.base(month)
        used_tariffs[tarif.pk] = tarif
        for sektor in sectors:
            iuran = price(rule_set, month, sektor)
            base_income = iuran.rincian.penghasilan_dasar
            for pendana, line in iuran.baris.items():
                funders.setdefault(pendana, None)
                if line.penyesuaian is not None:
                    shaped.add(line.penyesuaian.pk)
                for (kode, of_sector), n in counts.items():
                    if of_sector != sektor:
                        continue
                    regency = regencies[kode]
                    key = (month, pendana)
                    regency.jumlah[key] = regency.jumlah.get(key, 0) + line.jumlah * n
                    regency.keringanan[key] = regency.keringanan.get(key, 0) + line.keringanan * n
    return Usulan(
        program=program,
        bulan=calendar,
        pendana=list(funders),
        porsi=_mix(shares, components),
        kabupaten=sorted(regencies.values(), key=lambda k: k.kode),
        sumber=sumber,
        dasar=_bases(program, used_tariffs.values(), rule_set.penyesuaian, shaped),
        penghasilan_dasar=base_income,
        dibuat=timezone.now(),
    )


def _mix(shares, components) -> dict[str, str]:
    """Funder → its part in words: "60%", or "JKM 100%" for a component it pays."""
    mix = {kode: f"{share.normalize():f}%" for kode, share in shares.items()}
    for part, funders in components.items():
        for kode, share in funders.items():
            text = f"{part.upper()} {share.normalize():f}%"
            mix[kode] = f"{mix[kode]}, {text}" if kode in mix else text
    return mix


def _bases(program: Program, used, adjustments, shaped: set[int]) -> list[Dasar]:
    """The programme's own legal basis, each base tariff the months use, and each
    adjustment whose window meets the months — applied, or why not."""
    nomor = " ".join(
        filter(None, [program.get_dasar_hukum_jenis_display(), program.dasar_hukum_nomor])
    )
    if program.dasar_hukum_tanggal:
        nomor += f" tanggal {program.dasar_hukum_tanggal:%d-%m-%Y}"
    bases = [Dasar("Dasar hukum program", f"{program.nama}: {nomor}", True)]
    for tarif in sorted(used, key=lambda t: t.berlaku_mulai):
        bases.append(
            Dasar(
                "Tarif iuran BPU",
                f"JKK {tarif.jkk_persen.normalize():f}% dari penghasilan (paling sedikit "
                f"Rp {thousands(tarif.penghasilan_minimum)}), JKM Rp "
                f"{thousands(tarif.jkm_rupiah)} per bulan, berlaku mulai "
                f"{tarif.berlaku_mulai:%d-%m-%Y} — {tarif.dasar_hukum}",
                True,
            )
        )
    for adjustment in adjustments:
        window = (
            f"{month_label(adjustment.bulan_pertama)} – {month_label(adjustment.bulan_terakhir)}"
        )
        sektor = adjustment.get_sektor_display() if adjustment.sektor else "semua sektor"
        applied = adjustment.pk in shaped
        isi = (
            f"{adjustment.nama}: potongan {adjustment.potongan_persen.normalize():f}% iuran "
            f"JKK+JKM, bulan iuran {window}, {sektor} — {adjustment.dasar_hukum}. "
            + (
                "Diterapkan pada bagian pendana yang tercakup."
                if applied
                else "Tidak diterapkan: pendana program ini atau sektor pekerjaannya tidak "
                "tercakup (iuran yang dibayar APBN/APBD tidak mendapat keringanan)."
            )
        )
        bases.append(Dasar("Penyesuaian tarif", isi, applied))
    return bases


# --- XLSX ---------------------------------------------------------------------------


def xlsx(usulan: Usulan) -> bytes:
    buffer = io.BytesIO()
    book = exports.workbook(buffer)
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#eef2f5", "border": 1, "text_wrap": True})
    money = book.add_format({"num_format": "#,##0", "border": 1})
    money_bold = book.add_format({"num_format": "#,##0", "border": 1, "bold": True})
    cell = book.add_format({"border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    funders = usulan.pendana

    sheet = book.add_worksheet("Ringkasan")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 100)
    sheet.write(0, 0, f"Usulan Anggaran Iuran Tahun {usulan.tahun}", title)
    facts = _facts(usulan)
    for i, (label, value) in enumerate(facts, start=2):
        sheet.write(i, 0, label, bold)
        sheet.write(i, 1, value)
    row = len(facts) + 3
    sheet.write(row, 0, "Pendana", head)
    sheet.write(row, 1, "Jumlah (Rp)", head)
    for funder in funders:
        row += 1
        sheet.write(row, 0, pendana_label(funder), cell)
        sheet.write_number(row, 1, usulan.total(funder), money)
    row += 1
    sheet.write(row, 0, "Total", head)
    sheet.write_number(row, 1, usulan.total(), money_bold)
    row += 2
    sheet.write(row, 0, "Dasar perhitungan", bold)
    for basis in usulan.dasar:
        row += 1
        sheet.write(row, 0, basis.judul)
        sheet.write(row, 1, basis.isi, wrap)

    sheet = book.add_worksheet("Per kabupaten-kota")
    header = ["Kode", "Kabupaten/kota", "Pekerja", *map(pendana_label, funders), "Total"]
    _table_head(sheet, header, head, widths=[10, 30, 12] + [20] * (len(funders) + 1))
    for i, regency in enumerate(usulan.kabupaten, start=1):
        sheet.write(i, 0, regency.kode, cell)
        sheet.write(i, 1, regency.nama, cell)
        sheet.write_number(i, 2, regency.pekerja, money)
        for j, funder in enumerate(funders, start=3):
            sheet.write_number(i, j, regency.total(funder), money)
        sheet.write_number(i, 3 + len(funders), regency.total(), money_bold)
    last = len(usulan.kabupaten) + 1
    sheet.write(last, 1, "Total", head)
    sheet.write_number(last, 2, usulan.pekerja, money_bold)
    for j, funder in enumerate(funders, start=3):
        sheet.write_number(last, j, usulan.total(funder), money_bold)
    sheet.write_number(last, 3 + len(funders), usulan.total(), money_bold)

    sheet = book.add_worksheet("Per bulan")
    header = ["Bulan", *map(pendana_label, funders), "Total", "Keringanan tarif"]
    _table_head(sheet, header, head, widths=[18] + [20] * (len(funders) + 2))
    for i, month in enumerate(usulan.bulan, start=1):
        sheet.write(i, 0, month_label(month), cell)
        for j, funder in enumerate(funders, start=1):
            sheet.write_number(i, j, usulan.total(funder, month), money)
        sheet.write_number(i, 1 + len(funders), usulan.total(bulan=month), money_bold)
        sheet.write_number(i, 2 + len(funders), usulan.keringanan(month), money)

    sheet = book.add_worksheet("Rinci")
    header = [
        "Kode",
        "Kabupaten/kota",
        "Bulan",
        "Pendana",
        "Pekerja",
        "Jumlah (Rp)",
        "Keringanan (Rp)",
    ]
    _table_head(sheet, header, head, widths=[10, 30, 12, 22, 12, 18, 18])
    sheet.autofilter(0, 0, 0, len(header) - 1)
    row = 0
    for regency in usulan.kabupaten:
        for month in usulan.bulan:
            for funder in funders:
                row += 1
                sheet.write(row, 0, regency.kode)
                sheet.write(row, 1, regency.nama)
                sheet.write(row, 2, f"{month:%Y-%m}")
                sheet.write(row, 3, pendana_label(funder))
                sheet.write_number(row, 4, regency.pekerja)
                sheet.write_number(row, 5, regency.jumlah.get((month, funder), 0))
                sheet.write_number(row, 6, regency.keringanan.get((month, funder), 0))
    book.close()
    return buffer.getvalue()


def _table_head(sheet, header: list[str], style, *, widths: list[int]) -> None:
    for j, (label, width) in enumerate(zip(header, widths, strict=True)):
        sheet.write(0, j, label, style)
        sheet.set_column(j, j, width)
    sheet.freeze_panes(1, 0)


def _facts(usulan: Usulan) -> list[tuple[str, str]]:
    program = usulan.program
    source = (
        "peserta aktif program per kabupaten/kota dan sektor pekerjaan (daftar yang diteruskan)"
        if usulan.sumber == FROM_BENEFICIARIES
        else "kuota teralokasi per kabupaten/kota (daftar penerima belum ditetapkan; "
        "sektor pekerjaan belum diketahui)"
    )
    mix = ", ".join(f"{pendana_label(kode)} {part}" for kode, part in usulan.porsi.items())
    return [
        ("Program", f"{program.kode} — {program.nama}"),
        ("Wilayah program", program.wilayah.nama),
        ("Bulan iuran", f"{month_label(usulan.bulan[0])} – {month_label(usulan.bulan[-1])}"),
        ("Jumlah pekerja", thousands(usulan.pekerja)),
        ("Dasar jumlah pekerja", source),
        ("Pembagian pendanaan", mix),
        ("Penghasilan dasar iuran", f"Rp {thousands(usulan.penghasilan_dasar)} per bulan"),
        ("Manfaat", program.get_paket_manfaat_display()),
        ("Total iuran", f"Rp {thousands(usulan.total())}"),
        ("Dari APBN/APBD", f"Rp {thousands(usulan.state_total)}"),
        ("Dari pekerja dan pendana lain", f"Rp {thousands(usulan.total() - usulan.state_total)}"),
        ("Dibuat", f"{timezone.localtime(usulan.dibuat):%d-%m-%Y %H:%M %Z}"),
    ]


# --- PDF ------------------------------------------------------------------------------

PAGE = landscape(A4)
MARGIN = 14 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
HEADER_BG = colors.HexColor("#eef2f5")
# ReportLab's standard fonts (WinAnsi holds "–", "—" and every Indonesian letter).
FONTS = ("Helvetica", "Helvetica-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = FONTS
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=12, textColor=INK)
    return {
        "body": base,
        "bold": ParagraphStyle("bold", base, fontName=bold),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", base, fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
        "cell_n": ParagraphStyle("cell_n", base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=7.5, leading=9),
        "head_n": ParagraphStyle(
            "head_n", base, fontName=bold, fontSize=7.5, leading=9, alignment=TA_RIGHT
        ),
    }


def _grid(data: list[list], widths: list[float], *, total_row: bool) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cbd2d9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), HEADER_BG))
    table.setStyle(TableStyle(style))
    return table


def pdf(usulan: Usulan) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"Usulan Anggaran Iuran Tahun {usulan.tahun} — {usulan.program.kode}",
        author="Jaring",
    )
    width = PAGE[0] - 2 * MARGIN - 12
    p = partial(_p, styles)
    funders = usulan.pendana
    story: list = [
        p(f"USULAN ANGGARAN IURAN TAHUN {usulan.tahun}", "title"),
        p(
            "Jaminan Kecelakaan Kerja dan Jaminan Kematian BPJS Ketenagakerjaan bagi pekerja "
            "rentan (bukan penerima upah)",
            "body",
        ),
        Spacer(1, 4 * mm),
        _grid(
            [[p(k, "muted"), p(v, "body")] for k, v in _facts(usulan)],
            [55 * mm, width - 55 * mm],
            total_row=False,
        ),
        p("Rekapitulasi per kabupaten/kota dan pendana", "h2"),
    ]
    n = len(funders)
    money_w = min(38 * mm, (width - 110 * mm) / (n + 1))
    rows = [
        [p("No", "head"), p("Kabupaten/kota", "head"), p("Pekerja", "head_n")]
        + [p(pendana_label(f), "head_n") for f in funders]
        + [p("Total (Rp)", "head_n")]
    ]
    for i, regency in enumerate(usulan.kabupaten, start=1):
        rows.append(
            [
                p(str(i), "cell"),
                p(f"{regency.nama} ({regency.kode})", "cell"),
                p(thousands(regency.pekerja), "cell_n"),
            ]
            + [p(thousands(regency.total(f)), "cell_n") for f in funders]
            + [p(thousands(regency.total()), "cell_n")]
        )
    rows.append(
        [p("", "head"), p("Total", "head"), p(thousands(usulan.pekerja), "head_n")]
        + [p(thousands(usulan.total(f)), "head_n") for f in funders]
        + [p(thousands(usulan.total()), "head_n")]
    )
    story.append(_grid(rows, [10 * mm, 75 * mm, 25 * mm] + [money_w] * (n + 1), total_row=True))

    story.append(p("Rekapitulasi per bulan", "h2"))
    rows = [
        [p("Bulan iuran", "head")]
        + [p(pendana_label(f), "head_n") for f in funders]
        + [p("Total (Rp)", "head_n"), p("Keringanan tarif (Rp)", "head_n")]
    ]
    for month in usulan.bulan:
        rows.append(
            [p(month_label(month), "cell")]
            + [p(thousands(usulan.total(f, month)), "cell_n") for f in funders]
            + [
                p(thousands(usulan.total(bulan=month)), "cell_n"),
                p(thousands(usulan.keringanan(month)), "cell_n"),
            ]
        )
    rows.append(
        [p("Total", "head")]
        + [p(thousands(usulan.total(f)), "head_n") for f in funders]
        + [p(thousands(usulan.total()), "head_n"), p(thousands(usulan.keringanan()), "head_n")]
    )
    money_w = min(40 * mm, (width - 40 * mm) / (n + 2))
    story.append(_grid(rows, [40 * mm] + [money_w] * (n + 2), total_row=True))

    story.append(p("Rincian per kabupaten/kota per bulan (semua pendana, Rp)", "h2"))
    months = usulan.bulan
    for start in range(0, len(months), 12):
        chunk = months[start : start + 12]
        month_w = (width - 48 * mm - 24 * mm) / len(chunk)
        rows = [
            [p("Kabupaten/kota", "head")]
            + [p(f"{m:%m/%Y}", "head_n") for m in chunk]
            + [p("Jumlah", "head_n")]
        ]
        for regency in usulan.kabupaten:
            rows.append(
                [p(regency.nama, "cell")]
                + [p(thousands(regency.total(bulan=m)), "cell_n") for m in chunk]
                + [p(thousands(sum(regency.total(bulan=m) for m in chunk)), "cell_n")]
            )
        rows.append(
            [p("Total", "head")]
            + [p(thousands(usulan.total(bulan=m)), "head_n") for m in chunk]
            + [p(thousands(sum(usulan.total(bulan=m) for m in chunk)), "head_n")]
        )
        story.append(_grid(rows, [48 * mm] + [month_w] * len(chunk) + [24 * mm], total_row=True))
        story.append(Spacer(1, 3 * mm))

    bases = [p("Dasar perhitungan", "h2")]
    for basis in usulan.dasar:
        mark = "" if basis.diterapkan else " (tidak diterapkan)"
        bases.append(
            p(f"<b>{escape(basis.judul)}{mark}.</b> {escape(basis.isi)}", "body", raw=True)
        )
        bases.append(Spacer(1, 1.5 * mm))
    bases.append(
        p(
            "Iuran dihitung per pekerja per bulan: JKK dan JKM dari penghasilan dasar, dibulatkan "
            "ke rupiah terdekat (setengah ke atas), dibagi antarpendana menurut porsinya, lalu "
            "keringanan tarif pada bagian pendana yang tercakup. Jumlah per kabupaten/kota sama "
            "dengan tagihan yang akan dibuat Jaring untuk pekerja tersebut.",
            "muted",
        )
    )
    story.append(KeepTogether(bases))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _p(styles, text: str, style: str, *, raw: bool = False) -> Paragraph:
    return Paragraph(text if raw else escape(text), styles[style])


def _footer(canvas, doc) -> None:
    regular, _bold = FONTS
    canvas.saveState()
    canvas.setFont(regular, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 8 * mm, "Dibuat dengan Jaring — usulan anggaran iuran")
    canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"Halaman {doc.page}")
    canvas.restoreState()
