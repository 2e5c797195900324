"""What a programme's history entry says, in the reader's language.

A step writes its note as a key and its figures (``RiwayatProgram.rincian``) and, for
anyone reading the table directly, the same note in Indonesian (``keterangan``). The
page builds the note again from the key in the language of whoever reads it, with the
plural the figures need. Entries written before notes had keys show ``keterangan`` as
it was stored.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

NOTES = {
    "dicoret": _("Pekerja #%(person)s: %(alasan)s"),
    "dipulihkan": _("Pekerja #%(person)s"),
    "daftar_tunggu": _("Pekerja #%(person)s masuk daftar tunggu: %(keterangan)s"),
    "diverifikasi": ngettext_lazy(
        "%(wilayah)s: %(n)d pekerja terpilih", "%(wilayah)s: %(n)d pekerja terpilih", "n"
    ),
    "disetujui": ngettext_lazy("%(n)d penerima", "%(n)d penerima", "n"),
    "sk": _("SK %(nomor)s tanggal %(tanggal)s"),
    "seleksi": ngettext_lazy(
        "%(n)d kandidat, %(eligible)d memenuhi syarat, %(selected)d terpilih dari "
        "%(capacity)d tempat.",
        "%(n)d kandidat, %(eligible)d memenuhi syarat, %(selected)d terpilih dari "
        "%(capacity)d tempat.",
        "n",
    ),
    "verifikasi_gugur": _("Daftar %(wilayah)s berubah setelah diverifikasi."),
    "amandemen": _(
        "Amandemen %(nomor)s: %(dicabut)d dicabut, %(ditambah)d ditambahkan. %(alasan)s"
    ),
    "amandemen_diajukan": _(
        "Amandemen %(nomor)s diajukan (menunggu persetujuan pengelola lain): %(dicabut)d "
        "dicabut, %(ditambah)d ditambahkan. %(alasan)s"
    ),
    "amandemen_batal": _("Amandemen %(nomor)s dibatalkan."),
    "diperpanjang": _("Ditutup dan diperpanjang sebagai %(kode)s."),
}


def note(rincian: dict) -> str:
    """The note of ``rincian`` (``{"pesan": key, **figures}``) in the active language;
    empty for a key this version does not know."""
    template = NOTES.get(rincian.get("pesan", ""))
    if template is None:
        return ""
    return str(template % {k: v for k, v in rincian.items() if k != "pesan"})


def stored(rincian: dict) -> dict:
    """The fields of a history row for ``rincian``: the key with its figures, and the
    note in Indonesian for ``keterangan`` (cut to its column)."""
    with translation.override("id"):
        return {"rincian": rincian, "keterangan": note(rincian)[:500]}
