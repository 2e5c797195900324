"""The worker's own data report (UU No. 27/2022 on personal data protection, the data
subject's right of access): for one worker, everything Jaring holds about them, as a PDF
the office hands to the worker.

What it lists, for the golden record and every duplicate merged into it: the identity
as Jaring holds it now; every source record (which agency sent what, when, in which
submission); each programme's selection outcome, list and BPJS participation; the
contributions billed and paid for them per month and funder; claims; complaints; and
who viewed, searched for or checked the worker's data and when (the access log, the
searches matched by the NIK's keyed hash). It is written for the worker, so it shows
the worker's own data whole; who may print it is ``accounts.policy.
can_report_personal_data``, and printing it is itself logged.

The report is an official document in Indonesian (as the SK attachment is,
UU 24/2009 Pasal 27): its text does not follow the UI language.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone, translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jaring.accounts.audit import nik_log_detail
from jaring.accounts.models import AccessLog
from jaring.claims.models import Klaim
from jaring.contributions.models import Iuran, Tagihan
from jaring.core.money import thousands
from jaring.enrollment.models import Peserta
from jaring.pengaduan.models import Pengaduan
from jaring.programs.models import Penerima, Seleksi
from jaring.registry.models import Person, SourceRecord

ACCESS_ROWS = 300  # the latest; the count says how many there are in all


@dataclass
class Bagian:
    """One section: a title, its column heads and rows of text, a note, and which
    columns are amounts (set right-aligned)."""

    judul: str
    kolom: list[str]
    baris: list[list[str]]
    catatan: str = ""
    kosong: str = "Tidak ada."
    angka: tuple[int, ...] = ()


@dataclass
class LaporanData:
    person: Person
    dibuat: dt.datetime
    oleh: str
    identitas: list[tuple[str, str]]
    bagian: list[Bagian] = field(default_factory=list)


def _tanggal(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "—"
    if isinstance(day, dt.datetime):
        return f"{timezone.localtime(day):%d-%m-%Y %H:%M}"
    return f"{day:%d-%m-%Y}"


def _rupiah(amount: int | None) -> str:
    return f"Rp {thousands(amount or 0)}"


def _bulan(day: dt.date | None) -> str:
    return f"{day:%m/%Y}" if day else "—"


def _who(user) -> str:
    if user is None:
        return "Sistem / tanpa login"
    return f"{user.get_full_name() or user.username} ({user.get_role_display()})"


def build(person: Person, user) -> LaporanData:
    """The report of ``person`` (a golden record) for ``user`` to print."""
    with translation.override("id"):
        return _build(person, user)


def _build(person: Person, user) -> LaporanData:
    ids = [person.pk, *Person.objects.filter(merged_into=person.pk).values_list("pk", flat=True)]
    wilayah = person.wilayah
    identitas = [
        ("NIK", person.nik),
        ("Nama", person.nama),
        ("Tanggal lahir", _tanggal(person.tanggal_lahir)),
        ("Jenis kelamin", person.get_jenis_kelamin_display()),
        ("Domisili", f"{wilayah.nama}, {wilayah.induk.nama}, {wilayah.induk.induk.nama}"),
        ("Alamat", person.alamat or "—"),
        ("Pekerjaan", person.pekerjaan.label),
        ("Penghasilan per bulan", _rupiah(person.penghasilan) if person.penghasilan else "—"),
        ("Nomor HP", person.no_hp or "—"),
        ("Nomor KK", person.no_kk or "—"),
        ("Tercatat sejak", _tanggal(person.created_at)),
    ]
    laporan = LaporanData(person, timezone.now(), _who(user), identitas)
    laporan.bagian = [
        _sources(ids),
        _programmes(ids),
        _contributions(ids),
        _claims(ids),
        _complaints(ids),
        _access(ids, person.nik),
    ]
    return laporan


def _sources(ids: list[int]) -> Bagian:
    rows = [
        [
            _tanggal(s.created_at),
            s.agency.nama if s.agency_id else "—",
            f"{s.submission.nomor} baris {s.row_number}" if s.submission_id else s.keterangan,
            s.nama,
            s.nik,
        ]
        for s in SourceRecord.objects.filter(person_id__in=ids)
        .select_related("agency", "submission")
        .order_by("created_at", "id")
    ]
    return Bagian(
        "Sumber data: siapa mengirim data Anda",
        ["Tanggal", "Instansi", "Pengajuan", "Nama yang dikirim", "NIK yang dikirim"],
        rows,
        "Setiap data yang pernah dikirim instansi, sesuai yang dikirim. Data yang salah "
        "dibetulkan dengan data sumber baru beserta alasannya; data lama tidak ditimpa.",
    )


def _programmes(ids: list[int]) -> Bagian:
    # (programme start, programme, step in the chain's order) → row
    steps: list[tuple[tuple, list[str]]] = []
    for s in Seleksi.objects.filter(person_id__in=ids).select_related("program"):
        key = (s.program.bulan_mulai, s.program.nama, 1)
        steps.append((key, [s.program.nama, "Seleksi", s.get_alasan_display(), ""]))
    for p in Penerima.objects.filter(person_id__in=ids).select_related("program"):
        out = " (dicabut dari daftar)" if p.amandemen_keluar_id else ""
        key = (p.program.bulan_mulai, p.program.nama, 2)
        steps.append(
            (key, [p.program.nama, "Daftar penerima", f"Nomor urut {p.nomor_urut}{out}", ""])
        )
    for p in Peserta.objects.filter(person_id__in=ids).select_related("program"):
        cover = f"{_bulan(p.bulan_mulai)}–{_bulan(p.bulan_akhir)}" if p.bulan_mulai else ""
        ended = f", berakhir: {p.get_alasan_berakhir_display()}" if p.alasan_berakhir else ""
        key = (p.program.bulan_mulai, p.program.nama, 3)
        steps.append(
            (key, [p.program.nama, "Peserta BPJS", f"{p.get_status_display()}{ended}",
                   f"KPJ {p.kpj or '—'} {cover}".strip()])
        )  # fmt: skip
    rows = [row for _, row in sorted(steps, key=lambda step: step[0])]
    return Bagian("Program perlindungan", ["Program", "Tahap", "Hasil", "Keterangan"], rows)


def _contributions(ids: list[int]) -> Bagian:
    participations = Peserta.objects.filter(person_id__in=ids).values("pk")
    lines = (
        Iuran.objects.filter(peserta_id__in=participations)
        .values("tagihan__program__nama", "tagihan__bulan", "tagihan__pendana")
        .annotate(ditagih=Sum("jumlah"), dibayar=Sum("dibayar"))
        .order_by("tagihan__bulan", "tagihan__pendana")
    )
    funders = dict(Tagihan._meta.get_field("pendana").choices or [])
    rows = [
        [
            line["tagihan__program__nama"],
            _bulan(line["tagihan__bulan"]),
            str(funders.get(line["tagihan__pendana"], line["tagihan__pendana"])),
            _rupiah(line["ditagih"]),
            _rupiah(line["dibayar"]),
        ]
        for line in lines
    ]
    return Bagian(
        "Iuran yang ditagihkan dan dibayar untuk Anda",
        ["Program", "Bulan", "Pembayar", "Ditagih", "Dibayar"],
        rows,
        angka=(3, 4),
    )


def _claims(ids: list[int]) -> Bagian:
    rows = [
        [k.get_jenis_display(), _tanggal(k.tanggal_kejadian), _tanggal(k.tanggal_bayar),
         _rupiah(k.jumlah), k.ahli_waris or "—"]
        for k in Klaim.objects.filter(peserta__person_id__in=ids).order_by("tanggal_kejadian")
    ]  # fmt: skip
    return Bagian(
        "Klaim",
        ["Jenis", "Tanggal kejadian", "Tanggal dibayar", "Jumlah", "Ahli waris"],
        rows,
        angka=(3,),
    )


def _complaints(ids: list[int]) -> Bagian:
    rows = [
        [c.nomor, _tanggal(c.created_at), c.get_jenis_display(), c.get_status_display()]
        for c in Pengaduan.objects.filter(person_id__in=ids).order_by("created_at")
    ]
    return Bagian("Pengaduan", ["Nomor", "Tanggal", "Jenis", "Status"], rows)


def _access(ids: list[int], nik: str) -> Bagian:
    seen = AccessLog.objects.filter(
        Q(target__in=[f"pekerja:{pk}" for pk in ids]) | Q(detail__startswith=nik_log_detail(nik))
    ).select_related("user")
    total = seen.count()
    rows = [
        [_tanggal(a.at), _who(a.user), a.get_action_display()]
        for a in seen.order_by("-at", "-id")[:ACCESS_ROWS]
    ]
    note = f"{total} catatan akses, terbaru di atas." if total else ""
    if total > ACCESS_ROWS:
        note += f" Hanya {ACCESS_ROWS} yang terbaru dicantumkan; selebihnya ada di log akses."
    return Bagian("Siapa yang melihat atau mencari data Anda", ["Waktu", "Oleh", "Tindakan"],
                  rows, note)  # fmt: skip


# --- PDF --------------------------------------------------------------------------------


def pdf(laporan: LaporanData) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    head = ParagraphStyle("head", parent=styles["Heading2"], fontSize=12, spaceBefore=10)
    story: list = [
        Paragraph("Laporan Data Pribadi Pekerja", styles["Title"]),
        Paragraph(
            "Semua data tentang Anda yang disimpan dalam Jaring, sistem perlindungan "
            "jaminan sosial ketenagakerjaan bagi pekerja rentan, sesuai hak Anda menurut "
            "UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. Jika ada yang salah, "
            "minta petugas membetulkannya; perbaikan dicatat dengan alasannya.",
            body,
        ),
        Spacer(1, 3 * mm),
        Paragraph(f"Dibuat {_tanggal(laporan.dibuat)} oleh {laporan.oleh}.", small),
        Paragraph("Data diri", head),
        _table([[k, v] for k, v in laporan.identitas], None, small, [45 * mm, 125 * mm]),
    ]
    for bagian in laporan.bagian:
        story.append(Paragraph(bagian.judul, head))
        if bagian.catatan:
            story.append(Paragraph(bagian.catatan, small))
            story.append(Spacer(1, 1.5 * mm))
        if bagian.baris:
            story.append(_table(bagian.baris, bagian.kolom, small, None, bagian.angka))
        else:
            story.append(Paragraph(bagian.kosong, body))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title="Laporan Data Pribadi Pekerja", author="Jaring",
    )  # fmt: skip
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _table(
    rows: list[list[str]], heads: list[str] | None, style, widths, amounts: tuple[int, ...] = ()
) -> Table:
    right = ParagraphStyle("right", parent=style, alignment=2)
    cells = [
        [Paragraph(_escape(text), right if i in amounts else style) for i, text in enumerate(row)]
        for row in rows
    ]
    if heads:
        cells.insert(0, [Paragraph(f"<b>{_escape(h)}</b>", style) for h in heads])
    table = Table(cells, colWidths=widths, repeatRows=1 if heads else 0, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if heads:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e7eb")))
    table.setStyle(TableStyle(commands))
    return table


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footer(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.drawString(
        18 * mm, 9 * mm,
        "Laporan data pribadi — Jaring. Dokumen ini memuat data pribadi; simpan baik-baik.",
    )  # fmt: skip
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Halaman {document.page}")
    canvas.restoreState()
