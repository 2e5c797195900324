"""Regency/city names as BPS tables and clerks write them, matched to Kemendagri's.

BPS writes regencies bare ("Majene", "Polewali Mandar") and cities with "Kota"; clerks
write "Kab. Majene", "KAB MAJENE", "Kabupaten Polewali Mandar" or misspell a letter.
Kemendagri always writes "Kabupaten X" / "Kota X" (Jakarta: "Kota Administrasi X"). A
name is read as a kind (kabupaten, kota or unsaid) and a core ("polewalimandar": lower-
case letters and digits, spaces dropped so "Polewali Mandar" and "PolewaliMandar"
agree), then matched within one province: exactly first, then by edit similarity
(rapidfuzz), and refused when two regencies are about equally close. Pure functions: the
callers fetch the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

KABUPATEN, KOTA = "kabupaten", "kota"
# Leading words that say the kind; "administrasi" follows it in Jakarta's names.
KIND_WORDS = {
    "kabupaten": KABUPATEN,
    "kab": KABUPATEN,
    "kota": KOTA,
    "kotamadya": KOTA,
    "kodya": KOTA,
    "kotif": KOTA,
}
NOISE_WORDS = {"administrasi", "adm"}
# Rows of a BPS table that are not a regency: the province's total and its labels.
TOTAL_WORDS = {"jumlah", "total", "provinsi", "jumlahtotal"}
# Similarity (0–100, rapidfuzz ratio on the cores) a misspelt name must reach, and the
# lead it must have over the next regency to be read as the nearer one.
MIN_SCORE = 85
MIN_LEAD = 6
NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Former names BPS tables still carry for a few years after a regency is renamed
# (core → today's core).
FORMER_NAMES = {"mamujuutara": "pasangkayu", "tobasamosir": "toba"}


@dataclass(frozen=True)
class NamaWilayah:
    """A regency/city name split into its kind (None when unsaid) and its core."""

    jenis: str | None
    inti: str


def split_name(text: str) -> NamaWilayah:
    """``"Kab. Polewali  Mandar"`` → (kabupaten, ``polewalimandar``)."""
    words = [w for w in NON_ALNUM.split(text.lower()) if w]
    jenis = None
    if words and words[0] in KIND_WORDS:
        jenis = KIND_WORDS[words.pop(0)]
    while words and words[0] in NOISE_WORDS:
        words.pop(0)
    core = "".join(words)
    return NamaWilayah(jenis, FORMER_NAMES.get(core, core))


def is_total_row(text: str, province_name: str) -> bool:
    """True for a BPS table's total row: "Sulawesi Barat", "Provinsi Sulawesi Barat",
    "Jumlah", "Total"."""
    core = split_name(text).inti
    province = split_name(province_name).inti
    return core in TOTAL_WORDS or core in {province, "provinsi" + province}


@dataclass(frozen=True)
class Hasil:
    """What a name was matched to: ``kode`` or, when refused, ``alasan`` (Indonesian);
    ``mirip`` is True when it was read through a spelling difference."""

    kode: str | None
    alasan: str = ""
    mirip: bool = False


def match_name(
    text: str,
    candidates: dict[str, str],
    *,
    wilayah: str,
    kota_disebut: frozenset[str] = frozenset(),
) -> Hasil:
    """Match ``text`` to one of ``candidates`` (Kemendagri code → Kemendagri name).

    ``wilayah`` names the province in messages. ``kota_disebut`` holds the cores a file
    also writes with "Kota": there a bare name equal to both a kabupaten and a kota is
    the kabupaten, as BPS writes them ("Bandung" beside "Kota Bandung"); elsewhere such
    a name is refused as ambiguous rather than guessed.
    """
    wanted = split_name(text)
    if not wanted.inti:
        return Hasil(None, _("nama kabupaten/kota kosong."))
    split = {kode: split_name(nama) for kode, nama in candidates.items()}
    pool = {k: s for k, s in split.items() if wanted.jenis in (None, s.jenis)}
    exact = [k for k, s in pool.items() if s.inti == wanted.inti]
    if len(exact) > 1 and wanted.jenis is None and wanted.inti in kota_disebut:
        exact = [k for k in exact if split[k].jenis == KABUPATEN]
    if len(exact) == 1:
        return Hasil(exact[0])
    if len(exact) > 1:
        return _ambiguous(text, exact, candidates, wilayah)

    scored = process.extract(
        wanted.inti,
        {k: s.inti for k, s in pool.items()},
        scorer=fuzz.ratio,
        limit=2,
    )
    if scored and scored[0][1] >= MIN_SCORE:
        _name, score, kode = scored[0]
        if len(scored) > 1 and score - scored[1][1] < MIN_LEAD:
            return _ambiguous(text, [kode, scored[1][2]], candidates, wilayah)
        return Hasil(kode, mirip=True)

    other_kind = [k for k, s in split.items() if s.inti == wanted.inti and k not in pool]
    if other_kind:
        return Hasil(
            None,
            _("di %(wilayah)s tidak ada %(nama)s; yang ada %(ada)s.")
            % {"wilayah": wilayah, "nama": repr(text), "ada": candidates[other_kind[0]]},
        )
    reason = _("nama kabupaten/kota %(nama)s tidak ditemukan di %(wilayah)s.") % {
        "nama": repr(text),
        "wilayah": wilayah,
    }
    if scored and scored[0][1] >= MIN_SCORE - 25:
        reason += " " + _("Yang paling mirip: %(saran)s.") % {"saran": candidates[scored[0][2]]}
    return Hasil(None, reason)


def _ambiguous(text: str, codes: list[str], candidates: dict[str, str], wilayah: str) -> Hasil:
    return Hasil(
        None,
        _(
            "nama %(nama)s cocok dengan lebih dari satu kabupaten/kota di %(wilayah)s "
            '(%(calon)s). Tulis lengkap dengan "Kabupaten" atau "Kota", atau pakai kode BPS.'
        )
        % {
            "nama": repr(text),
            "wilayah": wilayah,
            "calon": ", ".join(candidates[k] for k in sorted(codes)),
        },
    )
