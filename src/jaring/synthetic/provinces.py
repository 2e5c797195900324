"""What a demo province looks like: the data table ``jaring demo --provinsi KODE`` reads.

East Kalimantan (64) and West Sulawesi (76, one of the seeds: 13,000 workers at
Rp 16,800) have their own rows: how many people live in each regency, what work fits
the place (fishing coasts, plantations, highlands, trading towns), which regencies have
a sea coast and so a fisheries office, the two places whose officers are demo users,
the labour force and the coverage BPJS reports. Any other province gets a sensible
default built from its Kemendagri regencies (cities trade, regencies fish and farm,
all coastal, equal weights), so a demo can be built anywhere. Orders of magnitude, not
statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# fmt: off
# Occupation mix by kind of place (weights): trading cities, fishing coasts with
# plantations behind them, the plantation and farming interior.
KOTA = {"pedagang_pasar": 5, "pedagang_kaki_lima": 4, "ojek": 5, "prt": 3, "pelaku_umkm": 4,
        "sopir_angkutan": 2, "honorer_non_asn": 2, "pekerja_keagamaan": 1, "nelayan": 2}
PESISIR = {"nelayan": 7, "buruh_harian_lepas": 3, "pekebun": 2, "pedagang_pasar": 2,
           "pelaku_umkm": 2, "ojek": 1, "honorer_non_asn": 1, "petani": 1}
PEDALAMAN = {"buruh_harian_lepas": 7, "pekebun": 4, "petani": 3, "peternak": 1,
             "pengrajin": 1, "pedagang_pasar": 1, "ojek": 1, "honorer_non_asn": 1}
# fmt: on


@dataclass(frozen=True)
class Tempat:
    """A regency/city whose officers are demo users: its code, the short name used in
    usernames (``operator.bpn``) and the name people call it by."""

    kode: str
    singkat: str
    nama: str


@dataclass(frozen=True)
class Profil:
    kode: str
    nama: str  # "Kalimantan Timur"
    singkat: str  # in usernames and programme codes: "kaltim" → pengelola.kaltim, KALTIM-2026
    sebutan: str  # how officials shorten the name: "Kaltim"
    ibu_kota: str  # where the governor signs: "Samarinda"
    kanwil: str  # the BPJS regional office: "Kalimantan"
    tempat: tuple[Tempat, Tempat]  # the two places with demo operators and verifiers
    topup: Tempat  # the regency/city with a top-up programme (APBD-P)
    regencies: dict[str, str]  # Kemendagri code → name, from the reference data
    pekerjaan: dict[str, dict[str, int]]  # regency → occupation weights
    pesisir: frozenset[str]  # regencies with a sea coast (a fisheries office lists fishermen)
    angkatan_kerja: int  # the province's labour force
    # regency → (share of the labour force, coverage a year ago, share in PU)
    cakupan: dict[str, tuple[float, float, float]]
    target: dict[str, Decimal]  # region → coverage target this year, percent
    # regency → extra submitting offices: (code prefix, name, agency kind)
    kantor_lain: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)


# The rows of the table. Each names only what differs from the default.
# fmt: off
TABLE: dict[str, dict] = {
    "64": {
        "singkat": "kaltim", "sebutan": "Kaltim", "ibu_kota": "Samarinda",
        "kanwil": "Kalimantan",
        "tempat": (("64.71", "bpn", "Balikpapan"), ("64.72", "smd", "Samarinda")),
        "topup": ("64.71", "bpn", "Balikpapan"),
        "pekerjaan": {
            "64.71": KOTA, "64.72": KOTA, "64.74": KOTA,
            "64.01": PESISIR, "64.02": PESISIR, "64.03": PESISIR, "64.08": PESISIR,
            "64.09": PESISIR, "64.07": PEDALAMAN, "64.11": PEDALAMAN,
        },
        "pesisir": {"64.01", "64.02", "64.03", "64.08", "64.09", "64.71", "64.74"},
        "populasi": {
            "64.01": 290, "64.02": 730, "64.03": 250, "64.07": 170, "64.08": 430,
            "64.09": 180, "64.11": 35, "64.71": 690, "64.72": 830, "64.74": 180,
        },
        "angkatan_kerja": 1_200_000,
        # Coverage grows towards the seeds' 65%: higher in the cities, low in Mahakam Ulu.
        "cakupan": {
            "64.72": (0.24, 0.64, 0.78),  # Samarinda
            "64.02": (0.21, 0.52, 0.62),  # Kutai Kartanegara
            "64.71": (0.19, 0.74, 0.82),  # Balikpapan
            "64.08": (0.11, 0.58, 0.70),  # Kutai Timur
            "64.01": (0.08, 0.50, 0.64),  # Paser
            "64.03": (0.07, 0.55, 0.66),  # Berau
            "64.74": (0.05, 0.76, 0.85),  # Bontang
            "64.09": (0.03, 0.44, 0.60),  # Penajam Paser Utara
            "64.07": (0.015, 0.40, 0.55),  # Kutai Barat
            "64.11": (0.005, 0.22, 0.45),  # Mahakam Ulu
        },
        "target": {"64": "70.00", "64.71": "80.00", "64.72": "70.00"},
        "kantor_lain": {"64.72": (("POKMAS", "Pokmas Probebaya Samarinda", "pokmas"),)},
    },
    "76": {
        "singkat": "sulbar", "sebutan": "Sulbar", "ibu_kota": "Mamuju",
        "kanwil": "Sulawesi Maluku",
        "tempat": (("76.02", "mmj", "Mamuju"), ("76.04", "pwm", "Polewali Mandar")),
        "topup": ("76.04", "pwm", "Polewali Mandar"),
        "pekerjaan": {
            # Mamuju, the capital: traders, ojek, fishing kampung, plantations behind.
            "76.02": {"pedagang_pasar": 10, "pedagang_kaki_lima": 6, "ojek": 8, "prt": 3,
                      "pelaku_umkm": 6, "sopir_angkutan": 4, "honorer_non_asn": 6,
                      "nelayan": 8, "pekebun": 6, "buruh_harian_lepas": 8, "petani": 4},
            # Polewali Mandar: cacao and rice farmers, fishermen, the market town.
            "76.04": {"petani": 12, "pekebun": 12, "nelayan": 8, "buruh_harian_lepas": 10,
                      "pedagang_pasar": 6, "ojek": 5, "pelaku_umkm": 4, "pengrajin": 3,
                      "honorer_non_asn": 4, "peternak": 2},
            # Majene: Mandar fishermen and silk weavers.
            "76.05": {"nelayan": 14, "pengrajin": 6, "petani": 6, "pekebun": 5,
                      "pedagang_pasar": 6, "buruh_harian_lepas": 8, "ojek": 4,
                      "pelaku_umkm": 4, "honorer_non_asn": 4, "pekerja_keagamaan": 2},
            # Mamasa: the highlands, coffee and rice, no sea.
            "76.03": {"petani": 18, "pekebun": 14, "peternak": 4, "buruh_harian_lepas": 8,
                      "pengrajin": 3, "pedagang_pasar": 3, "ojek": 3, "honorer_non_asn": 4,
                      "pekerja_keagamaan": 2},
            # Pasangkayu and Mamuju Tengah: oil palm, transmigrants' rice fields.
            "76.01": {"buruh_harian_lepas": 20, "pekebun": 16, "petani": 6, "nelayan": 5,
                      "pedagang_pasar": 4, "ojek": 3, "honorer_non_asn": 3,
                      "sopir_angkutan": 3},
            "76.06": {"buruh_harian_lepas": 16, "pekebun": 14, "petani": 10, "nelayan": 4,
                      "peternak": 3, "pedagang_pasar": 3, "ojek": 3, "honorer_non_asn": 3},
        },
        "pesisir": {"76.01", "76.02", "76.04", "76.05", "76.06"},
        "populasi": {"76.04": 480, "76.02": 280, "76.01": 190, "76.05": 175, "76.03": 165,
                     "76.06": 150},
        "angkatan_kerja": 740_000,
        # Low coverage: the seed's 13,000 covered workers are a beginning.
        "cakupan": {
            "76.04": (0.32, 0.20, 0.55),  # Polewali Mandar
            "76.02": (0.21, 0.34, 0.66),  # Mamuju
            "76.01": (0.14, 0.22, 0.62),  # Pasangkayu
            "76.05": (0.12, 0.28, 0.58),  # Majene
            "76.03": (0.11, 0.15, 0.45),  # Mamasa
            "76.06": (0.10, 0.18, 0.55),  # Mamuju Tengah
        },
        "target": {"76": "40.00", "76.02": "50.00"},
    },
}
# fmt: on

DEFAULT_LABOUR_FORCE_PER_REGENCY = 120_000


class UnknownProvince(ValueError):
    """The code names no province in the reference data (message in Indonesian)."""


def _short(name: str) -> str:
    """ "Kabupaten Polewali Mandar" → "Polewali Mandar"."""
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def is_city(kode: str) -> bool:
    """Kemendagri numbers cities from 71 within their province."""
    return int(kode[3:5]) >= 71


def profile(kode: str) -> Profil:
    """The demo profile of province ``kode``: its row of the table over the default."""
    # Imported here: the bulk generator reads this module's table before Django is set up.
    from jaring.wilayah.models import Tingkat, Wilayah

    province = Wilayah.objects.filter(kode=kode, tingkat=Tingkat.PROVINSI).first()
    if province is None:
        raise UnknownProvince(
            f"Provinsi {kode!r} tidak ada di data referensi wilayah; pakai kode Kemendagri "
            "dua angka, mis. 64 (Kalimantan Timur) atau 76 (Sulawesi Barat)."
        )
    regencies = dict(
        Wilayah.objects.filter(induk=province, tingkat=Tingkat.KABUPATEN_KOTA)
        .order_by("kode")
        .values_list("kode", "nama")
    )
    if not regencies:
        raise UnknownProvince(f"Provinsi {kode} tidak memiliki kabupaten/kota di data referensi.")
    row = TABLE.get(kode, {})
    # Default: cities first for the featured places and the top-up.
    ordered = sorted(regencies, key=lambda k: (not is_city(k), k))
    places = [(k, k.replace(".", ""), _short(regencies[k])) for k in ordered[:2]]
    if len(places) == 1:
        places.append(places[0])
    share = 1 / len(regencies)
    return Profil(
        kode=kode,
        nama=province.nama,
        singkat=row.get("singkat", f"prov{kode}"),
        sebutan=row.get("sebutan", province.nama),
        ibu_kota=row.get("ibu_kota", places[0][2]),
        kanwil=row.get("kanwil", province.nama),
        tempat=tuple(Tempat(*p) for p in row.get("tempat", places[:2])),  # type: ignore[arg-type]
        topup=Tempat(*row.get("topup", places[0])),
        regencies=regencies,
        pekerjaan={
            k: row.get("pekerjaan", {}).get(k, KOTA if is_city(k) else PESISIR) for k in regencies
        },
        pesisir=frozenset(row.get("pesisir", regencies)),
        angkatan_kerja=row.get("angkatan_kerja", DEFAULT_LABOUR_FORCE_PER_REGENCY * len(regencies)),
        cakupan=row.get("cakupan", {k: (share, 0.45, 0.65) for k in regencies}),
        target={k: Decimal(v) for k, v in row.get("target", {kode: "60.00"}).items()},
        kantor_lain=row.get("kantor_lain", {}),
    )


def regency_weights(kode_provinsi: str) -> dict[str, int]:
    """Population (thousands) of each regency the table knows (others weigh 100): where
    the bulk generator draws workers, without a database."""
    return dict(TABLE.get(kode_provinsi, {}).get("populasi", {}))
