"""Participant cards: a PDF a village office or an agency prints and hands out.

For one programme and one group of its participants (a village of domicile, or the
agency that first listed them): A4 portrait pages of 8 cards (name, KPJ, programme,
months of cover, the regency's BPJS branch office, and a QR code that opens the status
check ``/cek/``), cut along the dashed lines, then the distribution receipt list
(*tanda terima*) with a column for each worker's signature, so the office can show who
received a card.

Only participants registered with BPJS (they have a KPJ) and whose cover has not been
ended by an event get a card. Like the SK attachment (``programs.documents``) the
cards are drawn on the ReportLab canvas and written in Indonesian whatever the UI
language: they are documents for the worker, not pages of the app.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.db.models import Count, Q, QuerySet
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from jaring.cek.offices import branch_office_id
from jaring.enrollment.models import Peserta, StatusPendaftaran
from jaring.programs.documents import bulan
from jaring.programs.models import Program
from jaring.programs.queries import regency_scope

CARDS_PER_PAGE = 8
COLUMNS, ROWS = 2, 4
PAGE_W, PAGE_H = A4
MARGIN = 28
FOOTER = 16
CARD_W = (PAGE_W - 2 * MARGIN) / COLUMNS
CARD_H = (PAGE_H - 2 * MARGIN - FOOTER) / ROWS
PAD = 10
QR_SIZE = 84
BRAND = (0.043, 0.431, 0.310)  # the app's green (#0b6e4f)
FONT, BOLD = "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True)
class Kelompok:
    """A group cards are printed for: ``jenis`` "desa" (``kode`` a village code) or
    "instansi" (``kode`` an agency's id as text)."""

    jenis: str
    kode: str
    nama: str
    jumlah: int = 0


@dataclass(frozen=True)
class Kartu:
    nama: str
    kpj: str
    kode_kabupaten: str


@dataclass
class Cetakan:
    program: Program
    kelompok: Kelompok
    kartu: list[Kartu]
    alamat_cek: str  # the status check's full address, in the QR code

    @property
    def filename(self) -> str:
        return f"kartu-peserta-{self.program.pk}-{self.kelompok.jenis}-{self.kelompok.kode}.pdf"


def holders(program: Program, user) -> QuerySet[Peserta]:
    """The programme's participants who get a card, in ``user``'s regencies."""
    return Peserta.objects.filter(
        regency_scope(user),
        program=program,
        status=StatusPendaftaran.DITERIMA,
        alasan_berakhir="",
    )


def groups(program: Program, user) -> dict[str, list[Kelompok]]:
    """Villages and agencies with the number of cards each would get."""
    rows = holders(program, user)
    villages = (
        rows.values("person__wilayah_id", "person__wilayah__nama", "person__wilayah__induk__nama")
        .annotate(n=Count("pk"))
        .order_by("person__wilayah_id")
    )
    agencies = (
        rows.filter(person__first_submission__isnull=False)
        .values("person__first_submission__agency_id", "person__first_submission__agency__nama")
        .annotate(n=Count("pk"))
        .order_by("person__first_submission__agency__nama")
    )
    return {
        "desa": [
            Kelompok(
                "desa",
                v["person__wilayah_id"],
                f"{v['person__wilayah__nama']}, {v['person__wilayah__induk__nama']}",
                v["n"],
            )
            for v in villages
        ],
        "instansi": [
            Kelompok(
                "instansi",
                str(a["person__first_submission__agency_id"]),
                a["person__first_submission__agency__nama"],
                a["n"],
            )
            for a in agencies
        ],
    }


def group_of(program: Program, user, jenis: str, kode: str) -> Kelompok | None:
    return next((g for g in groups(program, user).get(jenis, []) if g.kode == kode), None)


def build(program: Program, user, kelompok: Kelompok, alamat_cek: str) -> Cetakan:
    rows = holders(program, user)
    if kelompok.jenis == "desa":
        rows = rows.filter(person__wilayah_id=kelompok.kode)
    else:
        rows = rows.filter(Q(person__first_submission__agency_id=int(kelompok.kode)))
    kartu = [
        Kartu(nama, kpj, kode)
        for nama, kpj, kode in rows.order_by("person__nama", "nomor_urut").values_list(
            "person__nama", "kpj", "kode_kabupaten"
        )
    ]
    return Cetakan(program, kelompok, kartu, alamat_cek)


# --- PDF ------------------------------------------------------------------------------


def pdf(cetakan: Cetakan) -> bytes:
    card_pages = [
        cetakan.kartu[i : i + CARDS_PER_PAGE] for i in range(0, len(cetakan.kartu), CARDS_PER_PAGE)
    ]
    receipt_pages = _receipt_pages(cetakan.kartu)
    total = len(card_pages) + len(receipt_pages)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle(f"Kartu peserta {cetakan.program.nama}: {cetakan.kelompok.nama}")
    c.setAuthor("Jaring")
    qr = segno.make(cetakan.alamat_cek, error="m")
    number = 0
    for cards in card_pages:
        number += 1
        for index, kartu in enumerate(cards):
            column, row = index % COLUMNS, index // COLUMNS
            x = MARGIN + column * CARD_W
            y = PAGE_H - MARGIN - (row + 1) * CARD_H
            _draw_card(c, cetakan, kartu, qr, x, y)
        _footer(c, cetakan, number, total)
        c.showPage()
    for start, rows in receipt_pages:
        number += 1
        _draw_receipt(c, cetakan, start, rows, last=number == total)
        _footer(c, cetakan, number, total)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _wrap(text: str, width: float, font: str, size: float, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        while out[-1] and stringWidth(out[-1] + "…", font, size) > width:
            out[-1] = out[-1][:-1]
        out[-1] += "…"
    return out


def _draw_card(c: canvas.Canvas, cetakan: Cetakan, kartu: Kartu, qr, x: float, y: float) -> None:
    inner_x, inner_w = x + PAD, CARD_W - 2 * PAD
    c.saveState()
    c.setDash(3, 3)
    c.setStrokeColorRGB(0.6, 0.6, 0.6)
    c.setLineWidth(0.5)
    c.rect(x, y, CARD_W, CARD_H)  # cutting line
    c.restoreState()
    # The band.
    band = 30
    top = y + CARD_H - PAD
    c.setFillColorRGB(*BRAND)
    c.rect(inner_x, top - band, inner_w, band, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(BOLD, 9)
    c.drawString(inner_x + 6, top - 12, "KARTU PESERTA BPJS KETENAGAKERJAAN")
    c.setFont(FONT, 7)
    c.drawString(inner_x + 6, top - 23, "Jaminan kecelakaan kerja dan jaminan kematian")
    c.setFillColorRGB(0, 0, 0)
    # The text column, left of the QR code.
    text_w = inner_w - QR_SIZE - 8
    cursor = top - band - 14
    for label, value, font, size, lines in (
        ("Nama", kartu.nama, BOLD, 10.5, 2),
        ("Nomor peserta (KPJ)", kartu.kpj, "Courier-Bold", 11, 1),
        ("Program", cetakan.program.nama, FONT, 8, 2),
        (
            "Masa perlindungan",
            f"{bulan(cetakan.program.bulan_mulai)} s.d. {bulan(cetakan.program.bulan_akhir)}",
            FONT,
            8,
            1,
        ),
        ("Klaim dan layanan", branch_office_id(kartu.kode_kabupaten), FONT, 8, 2),
    ):
        c.setFont(FONT, 6.5)
        c.setFillColorRGB(0.38, 0.43, 0.49)
        c.drawString(inner_x, cursor, label)
        c.setFillColorRGB(0, 0, 0)
        cursor -= size + 1
        c.setFont(font, size)
        for line in _wrap(value, text_w, font, size, lines):
            c.drawString(inner_x, cursor, line)
            cursor -= size + 1.5
        cursor -= 4
    # The QR code and what it is for.
    qr_x = x + CARD_W - PAD - QR_SIZE
    qr_y = top - band - 8 - QR_SIZE
    _draw_qr(c, qr, qr_x, qr_y, QR_SIZE)
    c.setFont(FONT, 6.5)
    caption_y = qr_y - 8
    for line in ("Pindai untuk cek", "status perlindungan"):
        c.drawCentredString(qr_x + QR_SIZE / 2, caption_y, line)
        caption_y -= 8
    c.setFont(FONT, 6.5)
    c.drawString(inner_x, y + PAD - 2, _fit(f"Cek status: {cetakan.alamat_cek}", inner_w))


def _fit(text: str, width: float, font: str = FONT, size: float = 6.5) -> str:
    while stringWidth(text, font, size) > width and len(text) > 1:
        text = text[:-1]
    return text


def _draw_qr(c: canvas.Canvas, qr, x: float, y: float, size: float) -> None:
    """The symbol with its quiet zone (4 modules), drawn as filled runs of modules."""
    border = 4
    modules = qr.symbol_size(scale=1, border=border)[0]
    unit = size / modules
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(qr.matrix):
        top = y + size - (row_index + border + 1) * unit
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                c.rect(
                    x + (start + border) * unit, top, (col_index - start) * unit, unit,
                    stroke=0, fill=1,
                )  # fmt: skip
                start = None
    c.restoreState()


RECEIPT_ROW = 24
RECEIPT_COLUMNS = [("No.", 28), ("Nama", 190), ("Nomor KPJ", 86), ("Tanggal terima", 80)]
SIGNATURE_W = PAGE_W - 2 * MARGIN - sum(w for _, w in RECEIPT_COLUMNS)
RECEIPT_HEAD = 96  # title block on the first receipt page
CLOSING = 120  # signature block after the last row


def _receipt_pages(kartu: list[Kartu]) -> list[tuple[int, list[Kartu]]]:
    room_first = int((PAGE_H - 2 * MARGIN - FOOTER - RECEIPT_HEAD - RECEIPT_ROW) // RECEIPT_ROW)
    room = int((PAGE_H - 2 * MARGIN - FOOTER - RECEIPT_ROW) // RECEIPT_ROW)
    pages: list[tuple[int, list[Kartu]]] = []
    start, size = 0, room_first
    while start < len(kartu) or not pages:
        pages.append((start, kartu[start : start + size]))
        start += size
        size = room
    last_start, last_rows = pages[-1]
    used = (RECEIPT_HEAD if len(pages) == 1 else 0) + (len(last_rows) + 1) * RECEIPT_ROW
    if PAGE_H - 2 * MARGIN - FOOTER - used < CLOSING:
        pages.append((last_start + len(last_rows), []))
    return pages


def _draw_receipt(
    c: canvas.Canvas, cetakan: Cetakan, start: int, rows: list[Kartu], *, last: bool
) -> None:
    top = PAGE_H - MARGIN
    if start == 0:
        c.setFont(BOLD, 13)
        c.drawCentredString(PAGE_W / 2, top - 14, "TANDA TERIMA KARTU PESERTA")
        c.setFont(FONT, 9.5)
        kind = "Desa/Kelurahan" if cetakan.kelompok.jenis == "desa" else "Instansi"
        c.drawString(MARGIN, top - 38, f"Program: {cetakan.program.nama}")
        c.drawString(MARGIN, top - 52, f"{kind}: {cetakan.kelompok.nama}")
        c.drawString(
            MARGIN, top - 66, f"Jumlah kartu: {len(cetakan.kartu)}   ·   Kode program: "
            f"{cetakan.program.kode}",
        )  # fmt: skip
        c.setFont(FONT, 8)
        c.drawString(
            MARGIN, top - 82,
            "Setiap penerima menulis tanggal dan menandatangani (atau membubuhkan cap jempol) "
            "saat menerima kartunya.",
        )  # fmt: skip
        top -= RECEIPT_HEAD
    if rows or start == 0:
        top = _receipt_table(c, start, rows, top)
    if last:
        _receipt_closing(c, top - 24)


def _receipt_table(c: canvas.Canvas, start: int, rows: list[Kartu], top: float) -> float:
    widths = [w for _, w in RECEIPT_COLUMNS] + [SIGNATURE_W]
    titles = [t for t, _ in RECEIPT_COLUMNS] + ["Tanda tangan"]
    c.setLineWidth(0.5)
    x = MARGIN
    c.setFillColorRGB(0.94, 0.96, 0.97)
    c.rect(MARGIN, top - RECEIPT_ROW, sum(widths), RECEIPT_ROW, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 8.5)
    for title, width in zip(titles, widths, strict=True):
        c.drawString(x + 4, top - 15, title)
        x += width
    rows_top = top
    top -= RECEIPT_ROW
    for offset, kartu in enumerate(rows):
        number = start + offset + 1
        c.setFont(FONT, 8.5)
        c.drawRightString(MARGIN + widths[0] - 6, top - 15, str(number))
        c.drawString(MARGIN + widths[0] + 4, top - 15, _fit(kartu.nama, widths[1] - 8, FONT, 8.5))
        c.setFont("Courier", 8.5)
        c.drawString(MARGIN + sum(widths[:2]) + 4, top - 15, kartu.kpj)
        c.setFont(FONT, 7)
        c.setFillColorRGB(0.6, 0.6, 0.6)
        # Signatures alternate left and right, as on paper lists, so they do not overlap.
        c.drawString(
            MARGIN + sum(widths[:4]) + (4 if number % 2 else SIGNATURE_W / 2), top - 15,
            f"{number}.",
        )  # fmt: skip
        c.setFillColorRGB(0, 0, 0)
        top -= RECEIPT_ROW
    # Grid.
    c.setStrokeColorRGB(0.5, 0.5, 0.5)
    y = rows_top
    while y >= top - 0.1:
        c.line(MARGIN, y, MARGIN + sum(widths), y)
        y -= RECEIPT_ROW
    x = MARGIN
    for width in [0, *widths]:
        x += width
        c.line(x, rows_top, x, top)
    c.setStrokeColorRGB(0, 0, 0)
    return top


def _receipt_closing(c: canvas.Canvas, top: float) -> None:
    c.setFont(FONT, 9)
    left, right = MARGIN, PAGE_W / 2 + 20
    c.drawString(left, top, "Yang menyerahkan,")
    c.drawString(right, top, "Mengetahui,")
    c.drawString(right, top - 12, "Kepala Desa/Lurah atau Kepala Instansi")
    c.drawString(left, top - 70, "(.................................................)")
    c.drawString(right, top - 70, "(.................................................)")
    c.drawString(left, top - 84, "Tanggal: ....................")


def _footer(c: canvas.Canvas, cetakan: Cetakan, number: int, total: int) -> None:
    c.setFont(FONT, 7)
    c.drawString(MARGIN, MARGIN - 12, f"{cetakan.program.kode} · {cetakan.kelompok.nama}"[:110])
    c.drawRightString(PAGE_W - MARGIN, MARGIN - 12, f"Halaman {number} dari {total}")
