"""A candidate pair in words a verifier reads: for every compared field the two values,
the level the model saw ("one digit of the serial differs"), its weight in bits, and
whether that field agreed fully. The weights add up (with the prior) to the pair's
match weight, so the page shows exactly what the model summed."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jaring.matching.linkage.comparisons import LEVEL_LABELS

FIELDS = {
    "nik": _("NIK"),
    "nama": _("Nama"),
    "tanggal_lahir": _("Tanggal lahir"),
    "jenis_kelamin": _("Jenis kelamin"),
    "kode_wilayah": _("Domisili"),
    "no_hp": _("Nomor HP"),
    "alamat": _("Alamat"),
}
LEVELS = {
    ("nik", "sama"): _("sama persis"),
    ("nik", "excel"): _("digit ke-16 dinolkan Excel"),
    ("nik", "urut_1_digit"): _("beda 1 digit di nomor urut (salah ketik, atau saudara kembar)"),
    ("nik", "1_digit"): _("beda 1 digit"),
    ("nik", "tukar"): _("2 digit bertukar tempat"),
    ("nama", "sama"): _("sama setelah ejaan dan gelar dibakukan"),
    ("nama", "kata_sama"): _("kata-katanya sama, ejaan atau urutan berbeda"),
    ("nama", "kata_sebagian"): _("satu nama memuat semua kata nama lainnya"),
    ("nama", "kata_bertentangan"): _("sebagian kata berbeda (bisa keluarga atau senama)"),
    ("tanggal_lahir", "sama"): _("sama"),
    ("tanggal_lahir", "hari_bulan_tukar"): _("hari dan bulan tertukar"),
    ("tanggal_lahir", "selisih_1_hari"): _("selisih 1 hari"),
    ("tanggal_lahir", "tahun_1_digit"): _("tahun beda 1 digit"),
    ("jenis_kelamin", "sama"): _("sama"),
    ("kode_wilayah", "desa"): _("desa/kelurahan sama"),
    ("kode_wilayah", "kecamatan"): _("kecamatan sama, desa berbeda"),
    ("kode_wilayah", "kabupaten"): _("kabupaten/kota sama, kecamatan berbeda"),
    ("no_hp", "sama"): _("sama"),
    ("no_hp", "1_digit"): _("beda 1 digit"),
    ("alamat", "mirip"): _("sangat mirip"),
    ("alamat", "agak_mirip"): _("agak mirip"),
}
DIFFERENT = _("berbeda")
BLANK = _("kosong di salah satu data")


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    label: str
    value_a: str
    value_b: str
    level: str
    weight: float
    agreed: bool
    against: bool  # the field speaks against the pair (negative weight)


def level_text(field: str, level: str) -> str:
    if level == "kosong":
        return str(BLANK)
    if level == "beda":
        return str(DIFFERENT)
    return str(LEVELS.get((field, level), level))


def evidence_rows(evidence: dict, values_a: dict, values_b: dict) -> list[EvidenceRow]:
    """One row per compared field, in the model's order (the JSON store may reorder)."""
    rows = []
    for field in LEVEL_LABELS:
        seen = evidence.get(field) or {"level": "kosong", "weight": 0.0, "agreed": False}
        weight = float(seen.get("weight") or 0.0)
        rows.append(
            EvidenceRow(
                field=field,
                label=str(FIELDS[field]),
                value_a=values_a.get(field, ""),
                value_b=values_b.get(field, ""),
                level=level_text(field, seen["level"]),
                weight=weight,
                agreed=bool(seen.get("agreed")),
                against=weight < 0,
            )
        )
    return rows
