"""The SK's beneficiary attachment (*lampiran keputusan*) as PDF and XLSX.

One ``Lampiran`` is read from the database (``build``) and rendered twice (``pdf``,
``xlsx``), so both files always say the same thing: the header block of the decree,
the numbered list of beneficiaries grouped by regency/city with a subtotal per regency
(persons, and their iuran over the programme period), a recapitulation per regency with
the total, and the signature block.

* Until the SK is issued the attachment is marked DRAF on every page: after selection it
  lists the selected persons as approval would freeze them; after approval the frozen
  list (``Penerima``); once the SK is issued, the same list without the mark.
* Personal data follow the reader's role and scope: a regency's user gets the extract of
  their regency only (``queries``), and roles that do not see identities get the NIK and
  birth date masked (``core.masking``).
* The attachment is an official document, and official documents are written in
  Indonesian (UU 24/2009 Pasal 27): its text does not follow the UI language.

Large lists: the rows are read in one bulk query into a frame (``bulk.read_frame``) and
the PDF is drawn directly on the canvas, one text object per column and page, not as a
table of flowables; ``bench/sk_documents.py`` measures both files for 10,000 and
100,000 persons.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import polars as pl
from django.db.models import Max, QuerySet
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from jaring import exports
from jaring.accounts.policy import is_admin, sees_full_identity
from jaring.bulk import read_frame
from jaring.core.masking import mask_date_expr, mask_nik_expr
from jaring.core.money import thousands
from jaring.programs.models import Alasan, Program, StatusAmandemen, StatusProgram
from jaring.programs.queries import beneficiaries_for, regions_for, selection_for
from jaring.programs.selection import cost_per_worker
from jaring.wilayah.models import Wilayah

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip
KOSONG = "...................."

ROW_SCHEMA = {
    "nik": pl.Utf8,
    "nama": pl.Utf8,
    "tanggal_lahir": pl.Date,
    "jenis_kelamin": pl.Utf8,
    "desa": pl.Utf8,
    "kecamatan": pl.Utf8,
    "pekerjaan": pl.Utf8,
    "kode_kabupaten": pl.Utf8,
}
ROW_FIELDS = [
    "person__nik", "person__nama", "person__tanggal_lahir", "person__jenis_kelamin",
    "person__wilayah__nama", "person__wilayah__induk__nama", "person__pekerjaan__label",
    "kode_kabupaten",
]  # fmt: skip
# (title, frame column, width in points on A4 landscape, width in Excel characters)
COLUMNS = [
    ("No.", "no", 40, 7),
    ("NIK", "nik", 90, 19),
    ("Nama", "nama", 168, 32),
    ("Tanggal lahir", "tanggal_lahir", 62, 13),
    ("L/P", "jenis_kelamin", 24, 5),
    ("Desa/Kelurahan", "desa", 125, 24),
    ("Kecamatan", "kecamatan", 115, 22),
    ("Pekerjaan", "pekerjaan", 146, 26),
]


def tanggal(day: dt.date | None) -> str:
    """``15 Desember 2026``, the way a decree writes dates."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}" if day else KOSONG


def bulan(day: dt.date) -> str:
    return f"{BULAN[day.month - 1]} {day.year}"


def rupiah(amount: int) -> str:
    """The amount without "Rp" (the SK's columns say it once)."""
    return thousands(amount)


def default_title(program: Program) -> str:
    """The head of the programme's region, who signs unless the SK names another."""
    nama = program.wilayah.nama
    if len(program.wilayah_id) == 2:
        return f"Gubernur {nama}"
    if nama.startswith("Kota "):
        return f"Wali Kota {nama.removeprefix('Kota ')}"
    return f"Bupati {nama.removeprefix('Kabupaten ')}"


@dataclass(frozen=True)
class Bagian:
    """One regency/city of the attachment: persons listed and their iuran."""

    kode: str
    nama: str
    orang: int
    iuran: int


@dataclass
class Lampiran:
    program: Program
    rows: pl.DataFrame  # display strings, in list order, with ``no`` and ``kode_kabupaten``
    bagian: list[Bagian]
    biaya_per_orang: int
    draf: bool
    disamarkan: bool
    kutipan: str = ""  # "Kota Balikpapan" when the reader sees only their regency's part
    amandemen: int = 0

    @property
    def total_orang(self) -> int:
        return sum(b.orang for b in self.bagian)

    @property
    def total_iuran(self) -> int:
        return sum(b.iuran for b in self.bagian)

    @property
    def jabatan(self) -> str:
        return self.program.penandatangan_jabatan or default_title(self.program)

    @property
    def tentang(self) -> str:
        return (
            "Penetapan Penerima Bantuan Iuran Jaminan Sosial Ketenagakerjaan bagi Pekerja "
            f"Rentan: {self.program.nama}"
        )

    @property
    def judul(self) -> str:
        paket = "JKK, JKM dan JHT" if self.program.dengan_jht else "JKK dan JKM"
        return (
            f"Daftar Penerima Bantuan Iuran {paket} BPJS Ketenagakerjaan, "
            f"{bulan(self.program.bulan_mulai)} s.d. {bulan(self.program.bulan_akhir)} "
            f"({self.program.jumlah_bulan} bulan)"
        )

    @property
    def filename(self) -> str:
        state = "draf-" if self.draf else ""
        kode = re.sub(r"[^A-Za-z0-9._-]+", "-", self.program.kode)
        return f"lampiran-sk-{state}{kode}".lower()


def available(program: Program) -> bool:
    """An attachment exists once the programme has a selection (a draft one) or a list."""
    return program.terkunci or program.seleksi_pada is not None


def build(program: Program, user) -> Lampiran:
    """The attachment as ``user`` may read it (their regencies, their masking).

    Only regencies that are still the programme's are listed: a draft whose region was
    narrowed keeps its old selection rows until the selection runs again."""
    regions = {q.wilayah_id: q.wilayah.nama for q in regions_for(user, program)}
    source: QuerySet  # the approved list, or the selection while it is not approved
    if program.terkunci:
        source = beneficiaries_for(user, program).order_by("kode_kabupaten", "nomor_urut")
    else:
        source = selection_for(user, program).filter(alasan=Alasan.TERPILIH)
        source = source.order_by("kode_kabupaten", "peringkat", "person_id")
    source = source.filter(kode_kabupaten__in=list(regions))
    frame = read_frame(source.values_list(*ROW_FIELDS), ROW_SCHEMA)
    masked = not sees_full_identity(user)
    nik = mask_nik_expr(pl.col("nik")) if masked else pl.col("nik")
    born = (
        mask_date_expr(pl.col("tanggal_lahir"))
        if masked
        else pl.col("tanggal_lahir").dt.strftime("%d-%m-%Y")
    )
    frame = frame.with_columns(
        no=pl.int_range(1, frame.height + 1, dtype=pl.Int64),
        nik=nik.fill_null(""),
        tanggal_lahir=born.fill_null(""),
        nama=pl.col("nama").fill_null(""),
        desa=pl.col("desa").fill_null(""),
        kecamatan=pl.col("kecamatan").fill_null(""),
        pekerjaan=pl.col("pekerjaan").fill_null(""),
    )
    cost = cost_per_worker(program)
    counts = dict(frame.group_by("kode_kabupaten").len().iter_rows())
    parts = [
        Bagian(kode, nama, counts.get(kode, 0), counts.get(kode, 0) * cost)
        for kode, nama in regions.items()
    ]
    return Lampiran(
        program=program,
        rows=frame,
        bagian=parts,
        biaya_per_orang=cost,
        draf=program.status not in (StatusProgram.DITETAPKAN, StatusProgram.SELESAI),
        disamarkan=masked,
        kutipan=_extract_of(program, user),
        # The list as the last amendment in force left it (waiting ones change nothing).
        amandemen=(
            program.amandemen.filter(status=StatusAmandemen.BERLAKU).aggregate(n=Max("nomor"))["n"]
            or 0
        )
        if program.terkunci
        else 0,
    )


def _extract_of(program: Program, user) -> str:
    if is_admin(user) or not user.wilayah_id:
        return ""
    if len(user.wilayah_id) >= 5 and len(program.wilayah_id) == 2:
        return Wilayah.objects.get(kode=user.wilayah_id[:5]).nama
    return ""


# --- PDF ------------------------------------------------------------------------------

PAGE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 36, 36, 42
LINE = 12.5
FONT, BOLD, SIZE = "Helvetica", "Helvetica-Bold", 8


@dataclass
class _Line:
    kind: str  # "group", "row", "subtotal"
    text: str = ""
    values: tuple = ()
    bagian: Bagian | None = None


def _fit(text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """Cut a cell's text to its column (only long texts are measured)."""
    if len(text) * size * 0.45 < width - 4:
        return text
    while text and stringWidth(text + "…", font, size) > width - 4:
        text = text[:-1]
    return text + "…"


def _lines(lampiran: Lampiran) -> list[_Line]:
    names = {b.kode: b for b in lampiran.bagian}
    lines: list[_Line] = []
    columns = [c[1] for c in COLUMNS]
    rows = lampiran.rows.select([*columns, "kode_kabupaten"])
    for (kode,), part in rows.group_by(["kode_kabupaten"], maintain_order=True):
        bagian = names[kode]
        lines.append(_Line("group", bagian.nama))
        lines.extend(_Line("row", values=values) for values in part.drop("kode_kabupaten").rows())
        lines.append(_Line("subtotal", bagian=bagian))
    return lines


def _paginate(lampiran: Lampiran, lines: list[_Line]) -> list[list[_Line]]:
    table_top = PAGE[1] - MARGIN_TOP - LINE  # below the column titles
    first = int((table_top - _header_height(lampiran) - MARGIN_BOTTOM) // LINE)
    other = int((table_top - MARGIN_BOTTOM) // LINE)
    pages: list[list[_Line]] = []
    start, room = 0, first
    while start < len(lines) or not pages:
        pages.append(lines[start : start + room])
        start += room
        room = other
    return pages


def _closing_height(lampiran: Lampiran) -> float:
    """The recapitulation (title, column titles, a line per regency, total, note) and
    the signature block below it."""
    return LINE * (len(lampiran.bagian) + 7) + 130


def pdf(lampiran: Lampiran) -> bytes:
    """A4 landscape, page numbers 'Halaman i dari n', DRAF on every page of a draft."""
    lines = _lines(lampiran)
    pages = _paginate(lampiran, lines)
    table_top = PAGE[1] - MARGIN_TOP
    last_used = len(pages[-1]) * LINE + LINE + (_header_height(lampiran) if len(pages) == 1 else 0)
    separate_closing = table_top - last_used - MARGIN_BOTTOM < _closing_height(lampiran)
    total = len(pages) + (1 if separate_closing else 0)

    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf_canvas.setTitle(f"Lampiran SK {lampiran.program.nomor_sk or ''} {lampiran.program.kode}")
    pdf_canvas.setAuthor("Jaring")
    for number, page_lines in enumerate(pages, start=1):
        _start_page(pdf_canvas, lampiran, number, total)
        top = table_top
        if number == 1:
            top = _draw_header(pdf_canvas, lampiran, top)
        bottom = _draw_table(pdf_canvas, page_lines, top)
        if number == len(pages):
            if separate_closing:
                pdf_canvas.showPage()
                _start_page(pdf_canvas, lampiran, total, total)
                bottom = table_top
            _draw_closing(pdf_canvas, lampiran, bottom - LINE)
        pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def _start_page(c: canvas.Canvas, lampiran: Lampiran, number: int, total: int) -> None:
    if lampiran.draf:
        c.saveState()
        c.setFillColorRGB(0.86, 0.86, 0.86)
        c.setFont(BOLD, 140)
        c.translate(PAGE[0] / 2, PAGE[1] / 2)
        c.rotate(30)
        c.drawCentredString(0, -50, "DRAF")
        c.restoreState()
    c.setFont(FONT, 7.5)
    program = lampiran.program
    left = f"Lampiran SK {program.nomor_sk or KOSONG} · {program.kode}"
    if lampiran.draf:
        left += " · DRAF, belum ditetapkan"
    c.drawString(MARGIN_X, MARGIN_BOTTOM - 20, left)
    c.drawRightString(PAGE[0] - MARGIN_X, MARGIN_BOTTOM - 20, f"Halaman {number} dari {total}")


HEADER_X = PAGE[0] - MARGIN_X - 400
TENTANG_WIDTH = 330
TITLE_WIDTH = PAGE[0] - 2 * MARGIN_X - 80


def _header_texts(lampiran: Lampiran) -> tuple[list[str], list[str], str]:
    """The wrapped subject (TENTANG), the wrapped title and the line of notes."""
    tentang = _wrap(lampiran.tentang.upper(), TENTANG_WIDTH, FONT, 9)
    judul = _wrap(lampiran.judul.upper(), TITLE_WIDTH, BOLD, 10.5)
    notes = [lampiran.program.nama]
    if lampiran.kutipan:
        notes.append(f"Kutipan untuk {lampiran.kutipan}")
    if lampiran.amandemen:
        notes.append(f"Keadaan daftar setelah amandemen ke-{lampiran.amandemen}")
    if lampiran.disamarkan:
        notes.append("NIK dan tanggal lahir disamarkan sesuai kewenangan pembaca")
    return tentang, judul, " · ".join(notes)


def _header_height(lampiran: Lampiran) -> float:
    tentang, judul, _ = _header_texts(lampiran)
    return 4 + 12 * (3 + len(tentang)) + (15 if lampiran.draf else 0) + 13 * len(judul) + 20


def _draw_header(c: canvas.Canvas, lampiran: Lampiran, top: float) -> float:
    """The decree's reference block (top right), then the title; returns the y below."""
    program = lampiran.program
    tentang, judul, notes = _header_texts(lampiran)
    x, y = HEADER_X, top - 4
    c.setFont(BOLD, 9)
    c.drawString(x, y, f"LAMPIRAN KEPUTUSAN {lampiran.jabatan.upper()}")
    c.setFont(FONT, 9)
    for label, value in (
        ("NOMOR", program.nomor_sk or KOSONG),
        ("TANGGAL", tanggal(program.tanggal_sk)),
    ):
        y -= 12
        c.drawString(x, y, label)
        c.drawString(x + 62, y, f": {value}")
    for i, text in enumerate(tentang):
        y -= 12
        if i == 0:
            c.drawString(x, y, "TENTANG")
        c.drawString(x + 62, y, (": " if i == 0 else "  ") + text)
    y -= 24
    if lampiran.draf:
        c.setFont(BOLD, 11)
        c.drawCentredString(PAGE[0] / 2, y, "DRAF — BELUM DITETAPKAN")
        y -= 15
    c.setFont(BOLD, 10.5)
    for text in judul:
        c.drawCentredString(PAGE[0] / 2, y, text)
        y -= 13
    c.setFont(FONT, 8.5)
    c.drawCentredString(PAGE[0] / 2, y, notes)
    return top - _header_height(lampiran)


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    return [*lines, current] if current else lines


def _draw_table(c: canvas.Canvas, lines: list[_Line], top: float) -> float:
    """Column titles, then the page's lines; returns the y below the last line."""
    xs = [MARGIN_X]
    for _, _, width, _ in COLUMNS:
        xs.append(xs[-1] + width)
    c.setFillColorRGB(0.93, 0.95, 0.97)
    c.rect(xs[0], top - LINE, xs[-1] - xs[0], LINE, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, SIZE)
    for x, (title, *_rest) in zip(xs, COLUMNS, strict=False):
        c.drawString(x + 2, top - LINE + 3.5, title)
    first_baseline = top - 2 * LINE + 3.5
    columns: list[list[str]] = [[] for _ in COLUMNS]
    for i, line in enumerate(lines):
        y = first_baseline - i * LINE
        if line.kind == "row":
            for j, value in enumerate(line.values):
                columns[j].append(_fit(str(value), COLUMNS[j][2]))
            continue
        for column in columns:
            column.append("")
        if line.kind == "group":
            c.setFillColorRGB(0.97, 0.97, 0.97)
            c.rect(xs[0], y - 3.5, xs[-1] - xs[0], LINE, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(BOLD, SIZE)
            c.drawString(xs[0] + 2, y, line.text.upper())
        else:
            b = line.bagian
            assert b is not None  # a total line always names its part
            c.setFont(BOLD, SIZE)
            c.drawString(xs[1] + 2, y, f"Jumlah {b.nama}")
            c.drawRightString(
                xs[-1] - 2, y, f"{rupiah(b.orang)} orang · iuran Rp {rupiah(b.iuran)}"
            )
    c.setFont(FONT, SIZE)
    for j, texts in enumerate(columns):
        if not any(texts):
            continue
        text = c.beginText(xs[j] + 2, first_baseline)
        text.setFont(FONT, SIZE)
        text.setLeading(LINE)
        text.textLines(texts, trim=0)
        c.drawText(text)
    bottom = top - LINE * (len(lines) + 1)
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0.6, 0.6, 0.6)
    c.lines([(xs[0], top - LINE * k, xs[-1], top - LINE * k) for k in range(len(lines) + 2)])
    c.lines([(x, top, x, bottom) for x in (xs[0], xs[-1])])
    c.setStrokeColorRGB(0, 0, 0)
    return bottom


def _draw_closing(c: canvas.Canvas, lampiran: Lampiran, top: float) -> None:
    """The recapitulation per regency/city and the signature block."""
    y = top - 6
    c.setFont(BOLD, 9.5)
    c.drawString(MARGIN_X, y, "REKAPITULASI PER KABUPATEN/KOTA")
    y -= LINE + 2
    xs = [MARGIN_X, MARGIN_X + 30, MARGIN_X + 230, MARGIN_X + 320, MARGIN_X + 420, MARGIN_X + 540]
    titles = ["No.", "Kabupaten/Kota", "Penerima", "Iuran per orang", "Jumlah iuran (Rp)"]
    c.setFont(BOLD, SIZE)
    for i, title in enumerate(titles):
        if i >= 2:
            c.drawRightString(xs[i + 1] - 4, y, title)
        else:
            c.drawString(xs[i] + 2, y, title)
    c.setFont(FONT, SIZE)
    for i, b in enumerate(lampiran.bagian, start=1):
        y -= LINE
        c.drawString(xs[0] + 2, y, str(i))
        c.drawString(xs[1] + 2, y, b.nama)
        c.drawRightString(xs[3] - 4, y, rupiah(b.orang))
        c.drawRightString(xs[4] - 4, y, rupiah(lampiran.biaya_per_orang))
        c.drawRightString(xs[5] - 4, y, rupiah(b.iuran))
    y -= LINE
    c.setFont(BOLD, SIZE)
    c.drawString(xs[1] + 2, y, "JUMLAH")
    c.drawRightString(xs[3] - 4, y, rupiah(lampiran.total_orang))
    c.drawRightString(xs[5] - 4, y, rupiah(lampiran.total_iuran))
    c.setLineWidth(0.3)
    c.line(xs[0], y + LINE - 3, xs[-1], y + LINE - 3)
    c.setFont(FONT, 7.5)
    y -= LINE
    c.drawString(
        xs[0] + 2,
        y,
        f"Iuran per orang untuk {lampiran.program.jumlah_bulan} bulan menurut tarif BPU "
        "yang berlaku pada tiap bulan.",
    )

    x = PAGE[0] - MARGIN_X - 260
    y -= 2 * LINE
    program = lampiran.program
    c.setFont(FONT, 9.5)
    for text in (
        f"Ditetapkan di {program.tempat_penetapan or KOSONG}",
        f"pada tanggal {tanggal(program.tanggal_sk)}",
    ):
        c.drawString(x, y, text)
        y -= 13
    y -= 4
    c.setFont(BOLD, 9.5)
    for text in _wrap(f"{lampiran.jabatan.upper()},", 250, BOLD, 9.5):
        c.drawString(x, y, text)
        y -= 13
    y -= 48
    c.drawString(x, y, program.penandatangan_nama.upper() if program.penandatangan_nama else KOSONG)


# --- XLSX -----------------------------------------------------------------------------


def xlsx(lampiran: Lampiran) -> bytes:
    """One sheet laid out like the PDF: header, the list with regency subtotals (numbers
    as numbers, NIKs as text), the recapitulation and the signature block."""
    buffer = io.BytesIO()
    book = exports.workbook(buffer, constant_memory=True)
    sheet = book.add_worksheet("Lampiran SK")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 12})
    draft = book.add_format({"bold": True, "font_size": 14, "font_color": "#a61b1b"})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1})
    group = book.add_format({"bold": True, "bg_color": "#F5F5F5"})
    money = book.add_format({"num_format": "#,##0"})
    money_bold = book.add_format({"num_format": "#,##0", "bold": True})
    text = book.add_format({"num_format": "@"})
    for i, (_, _, _, width) in enumerate(COLUMNS):
        sheet.set_column(i, i, width)
    program = lampiran.program

    row = 0
    if lampiran.draf:
        sheet.write(row, 0, "DRAF — BELUM DITETAPKAN", draft)
        row += 1
    header = [
        (f"LAMPIRAN KEPUTUSAN {lampiran.jabatan.upper()}", bold),
        (f"NOMOR : {program.nomor_sk or KOSONG}", None),
        (f"TANGGAL : {tanggal(program.tanggal_sk)}", None),
        (f"TENTANG : {lampiran.tentang.upper()}", None),
        ("", None),
        (lampiran.judul.upper(), title),
        (program.nama, None),
    ]
    if lampiran.kutipan:
        header.append((f"Kutipan untuk {lampiran.kutipan}", None))
    if lampiran.amandemen:
        header.append((f"Keadaan daftar setelah amandemen ke-{lampiran.amandemen}", None))
    if lampiran.disamarkan:
        header.append(("NIK dan tanggal lahir disamarkan sesuai kewenangan pembaca", None))
    for value, style in header:
        sheet.write_string(row, 0, value, style)
        row += 1
    row += 1
    sheet.write_row(row, 0, [c[0] for c in COLUMNS], head)
    row += 1

    names = {b.kode: b for b in lampiran.bagian}
    columns = [c[1] for c in COLUMNS]
    rows = lampiran.rows.select([*columns, "kode_kabupaten"])
    for (kode,), part in rows.group_by(["kode_kabupaten"], maintain_order=True):
        bagian = names[kode]
        sheet.write_string(row, 0, bagian.nama.upper(), group)
        row += 1
        for no, nik, *rest in part.drop("kode_kabupaten").iter_rows():
            sheet.write_number(row, 0, no)
            sheet.write_string(row, 1, nik, text)
            for j, value in enumerate(rest, start=2):
                sheet.write_string(row, j, value)
            row += 1
        sheet.write_string(row, 1, f"Jumlah {bagian.nama}", bold)
        sheet.write_number(row, 5, bagian.orang, money_bold)
        sheet.write_string(row, 6, "orang; iuran (Rp)", bold)
        sheet.write_number(row, 7, bagian.iuran, money_bold)
        row += 1

    row += 1
    sheet.write_string(row, 0, "REKAPITULASI PER KABUPATEN/KOTA", title)
    row += 1
    sheet.write_row(
        row, 0, ["No.", "Kabupaten/Kota", "Penerima", "Iuran per orang (Rp)", "Jumlah iuran (Rp)"],
        head,
    )  # fmt: skip
    row += 1
    for i, b in enumerate(lampiran.bagian, start=1):
        sheet.write_number(row, 0, i)
        sheet.write_string(row, 1, b.nama)
        sheet.write_number(row, 2, b.orang, money)
        sheet.write_number(row, 3, lampiran.biaya_per_orang, money)
        sheet.write_number(row, 4, b.iuran, money)
        row += 1
    sheet.write_string(row, 1, "JUMLAH", bold)
    sheet.write_number(row, 2, lampiran.total_orang, money_bold)
    sheet.write_number(row, 4, lampiran.total_iuran, money_bold)
    row += 3
    for value, style in (
        (f"Ditetapkan di {program.tempat_penetapan or KOSONG}", None),
        (f"pada tanggal {tanggal(program.tanggal_sk)}", None),
        (f"{lampiran.jabatan.upper()},", bold),
        ("", None),
        ("", None),
        ("", None),
        (program.penandatangan_nama.upper() if program.penandatangan_nama else KOSONG, bold),
    ):
        sheet.write_string(row, 5, value, style)
        row += 1
    book.close()
    return buffer.getvalue()
