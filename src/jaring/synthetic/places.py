"""What East Kalimantan's regencies and cities look like, as far as the generator needs.

Orders of magnitude, not statistics: how many people live where (BPS 2020 census,
thousands), which work fits the place (fishing coasts, oil-palm and rubber interior,
trading cities), which communities live there (Jawa, Bugis, Banjar, Kutai, Dayak…), and
where migrants' NIKs were issued. Regions outside Kaltim get neutral defaults, so the
generator also works for any list of villages.
"""

# Kemendagri regency/city code → population in thousands (order of magnitude).
POPULATION = {
    "64.01": 290, "64.02": 730, "64.03": 250, "64.07": 170, "64.08": 430,
    "64.09": 180, "64.11": 35, "64.71": 690, "64.72": 830, "64.74": 180,
}  # fmt: skip


OCCUPATIONS = (
    "nelayan", "pedagang_pasar", "pedagang_kaki_lima", "ojek", "sopir_angkutan", "prt",
    "buruh_harian_lepas", "petani", "pekebun", "peternak", "pengrajin", "pelaku_umkm",
    "honorer_non_asn", "pekerja_keagamaan", "pekerja_lainnya",
)  # fmt: skip

_CITY = {
    "pedagang_pasar": 14, "pedagang_kaki_lima": 12, "ojek": 14, "prt": 8, "pelaku_umkm": 12,
    "sopir_angkutan": 6, "honorer_non_asn": 5, "pekerja_keagamaan": 3, "pengrajin": 2,
    "buruh_harian_lepas": 4, "pekerja_lainnya": 2,
}  # fmt: skip
_COAST_AND_PLANTATION = {
    "nelayan": 10, "buruh_harian_lepas": 14, "pekebun": 10, "petani": 7, "peternak": 2,
    "pedagang_pasar": 5, "pelaku_umkm": 4, "ojek": 4, "honorer_non_asn": 4,
    "pekerja_keagamaan": 2, "pengrajin": 1, "pedagang_kaki_lima": 2, "sopir_angkutan": 2,
    "prt": 1, "pekerja_lainnya": 1,
}  # fmt: skip
_INTERIOR = {
    "buruh_harian_lepas": 16, "pekebun": 14, "petani": 10, "peternak": 2, "pengrajin": 3,
    "pedagang_pasar": 4, "ojek": 4, "honorer_non_asn": 5, "pekerja_keagamaan": 2,
    "sopir_angkutan": 3, "nelayan": 2, "pelaku_umkm": 3, "pekerja_lainnya": 1,
}  # fmt: skip

# Occupation weights per regency/city: fishermen on the coast, day labourers and
# smallholders inland, traders, ojek and domestic workers in the cities.
OCCUPATION_MIX = {
    "64.71": {**_CITY, "nelayan": 8},  # Balikpapan: port city with fishing kampung
    "64.72": {**_CITY, "nelayan": 3, "pengrajin": 5},  # Samarinda: river city, sarung weavers
    "64.74": {**_CITY, "nelayan": 16, "ojek": 10, "pedagang_kaki_lima": 8},  # Bontang Kuala
    "64.01": {**_COAST_AND_PLANTATION, "buruh_harian_lepas": 18, "pekebun": 12},  # Paser
    "64.02": {**_COAST_AND_PLANTATION, "petani": 10, "peternak": 3},  # Kutai Kartanegara
    "64.03": {**_COAST_AND_PLANTATION, "nelayan": 18, "pekebun": 8},  # Berau
    "64.08": {**_INTERIOR, "buruh_harian_lepas": 22, "nelayan": 6},  # Kutai Timur
    "64.09": {**_COAST_AND_PLANTATION, "nelayan": 12, "petani": 8, "peternak": 3},  # PPU
    "64.07": _INTERIOR,  # Kutai Barat
    "64.11": {**_INTERIOR, "buruh_harian_lepas": 8, "petani": 14, "pengrajin": 4},  # Mahulu
}
DEFAULT_OCCUPATION_MIX = _COAST_AND_PLANTATION

# Work that is mostly done by one sex, as a factor on the regional weight.
SEX_FACTOR = {
    "P": {"prt": 2.0, "ojek": 0.08, "sopir_angkutan": 0.05, "nelayan": 0.25,
          "buruh_harian_lepas": 0.7, "pedagang_pasar": 1.6, "pedagang_kaki_lima": 1.3,
          "pelaku_umkm": 1.6, "pengrajin": 1.8, "pekerja_keagamaan": 0.6},
    "L": {"prt": 0.05, "pengrajin": 0.6},
}  # fmt: skip

ETHNIC_GROUPS = ("jawa", "bugis", "banjar", "kutai", "dayak", "umum")
ETHNIC_MIX = {
    "64.71": {"jawa": 35, "bugis": 25, "banjar": 15, "kutai": 3, "dayak": 3, "umum": 19},
    "64.72": {"jawa": 30, "bugis": 20, "banjar": 28, "kutai": 8, "dayak": 4, "umum": 10},
    "64.74": {"jawa": 30, "bugis": 35, "banjar": 12, "kutai": 8, "dayak": 2, "umum": 13},
    "64.01": {"jawa": 30, "bugis": 25, "banjar": 15, "kutai": 20, "dayak": 3, "umum": 7},
    "64.02": {"jawa": 28, "bugis": 18, "banjar": 14, "kutai": 30, "dayak": 4, "umum": 6},
    "64.03": {"jawa": 25, "bugis": 25, "banjar": 10, "kutai": 15, "dayak": 15, "umum": 10},
    "64.07": {"jawa": 18, "bugis": 4, "banjar": 8, "kutai": 10, "dayak": 55, "umum": 5},
    "64.08": {"jawa": 30, "bugis": 30, "banjar": 10, "kutai": 12, "dayak": 8, "umum": 10},
    "64.09": {"jawa": 35, "bugis": 30, "banjar": 10, "kutai": 15, "dayak": 3, "umum": 7},
    "64.11": {"jawa": 5, "bugis": 2, "banjar": 2, "kutai": 5, "dayak": 85, "umum": 1},
}
DEFAULT_ETHNIC_MIX = {"jawa": 30, "bugis": 15, "banjar": 15, "kutai": 5, "dayak": 5, "umum": 30}

# Where migrants' NIKs were issued: province code → weight (Jawa Timur and Sulawesi
# Selatan first, then Jawa Tengah, Kalimantan Selatan, Jawa Barat, NTB, NTT, Sulteng,
# Sulbar). Only provinces whose districts the caller passes are used.
MIGRANT_ORIGINS = {
    "35": 30, "73": 30, "33": 12, "63": 10, "32": 5, "52": 4, "53": 3, "72": 3, "76": 3,
}  # fmt: skip

# Monthly income range per occupation, in hundred-thousand rupiah.
INCOME_RANGE = {
    "nelayan": (15, 45), "pedagang_pasar": (15, 50), "pedagang_kaki_lima": (10, 35),
    "ojek": (15, 40), "sopir_angkutan": (20, 45), "prt": (8, 25),
    "buruh_harian_lepas": (15, 35), "petani": (8, 30), "pekebun": (10, 40),
    "peternak": (10, 35), "pengrajin": (8, 30), "pelaku_umkm": (15, 60),
    "honorer_non_asn": (10, 30), "pekerja_keagamaan": (5, 20), "pekerja_lainnya": (10, 30),
}  # fmt: skip

# Streets found all over Kaltim's towns (national heroes, sultans, flowers).
CITY_STREETS = (
    "Jl. Pangeran Antasari", "Jl. Mulawarman", "Jl. Jenderal Sudirman", "Jl. Ahmad Yani",
    "Jl. Juanda", "Jl. Slamet Riyadi", "Jl. Kesuma Bangsa", "Jl. Letjen Suprapto",
    "Jl. MT Haryono", "Jl. Soekarno-Hatta", "Jl. Gajah Mada", "Jl. Diponegoro",
    "Jl. Imam Bonjol", "Jl. Pramuka", "Jl. Sultan Hasanuddin", "Jl. Gatot Subroto",
    "Jl. Pangeran Suryanata", "Jl. Cendana", "Jl. Aji Muhammad Idris", "Jl. Pelabuhan",
    "Jl. KH Wahid Hasyim", "Jl. Dr. Soetomo", "Jl. Pattimura", "Jl. Siliwangi",
    "Gg. Mawar", "Gg. Melati", "Gg. Kenanga", "Gg. Family", "Gg. Masjid", "Gg. Damai",
)  # fmt: skip
VILLAGE_STREETS = (
    "Jl. Poros Desa", "Jl. Poros Kecamatan", "Jl. Trans Kalimantan", "Jl. Nelayan",
    "Jl. Pesisir", "Jl. Tepian Sungai", "Jl. Kebun Sawit", "Jl. Simpang Tiga",
    "Jl. Masjid", "Jl. Pasar Lama", "Dusun I", "Dusun II", "Dusun III", "Dusun Sumber Rejo",
    "Dusun Karya Baru", "Dusun Tanjung", "Kampung Baru", "Kampung Tengah",
)  # fmt: skip

# Mobile prefixes after the leading 0 (Telkomsel, Indosat, XL, Tri, Smartfren).
PHONE_PREFIXES = (
    "811", "812", "813", "821", "822", "823", "852", "853", "851",
    "814", "815", "816", "855", "856", "857", "858",
    "817", "818", "819", "859", "877", "878",
    "895", "896", "897", "898", "899", "881", "882", "883",
)  # fmt: skip
PHONE_WEIGHTS = (8, 14, 10, 8, 8, 6, 12, 8, 3, 2, 2, 2, 4, 5, 5, 4, 3, 3, 3, 3, 5, 4,
                 3, 3, 2, 2, 2, 2, 1, 1)  # fmt: skip


def occupation_weights(regency: str, sex: str) -> dict[str, float]:
    """Weights of each occupation for a person of ``sex`` living in ``regency``."""
    mix = OCCUPATION_MIX.get(regency, DEFAULT_OCCUPATION_MIX)
    factor = SEX_FACTOR[sex]
    return {code: mix.get(code, 0) * factor.get(code, 1.0) for code in OCCUPATIONS}
