"""The standard intake file's columns and the header spellings clerks actually use."""

from jaring.sheets import header_key

REQUIRED = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "pekerjaan")
# File order of domain.md's standard intake file.
CANONICAL = (
    "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
    "alamat", "pekerjaan", "penghasilan", "no_hp", "no_kk",
)  # fmt: skip

LABELS = {
    "nik": "NIK",
    "nama": "Nama",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin",
    "kode_wilayah": "Kode wilayah",
    "alamat": "Alamat",
    "pekerjaan": "Pekerjaan",
    "penghasilan": "Penghasilan",
    "no_hp": "Nomor HP",
    "no_kk": "Nomor KK",
}

# Header variants, compared after lower-casing and removing everything but letters and
# digits ("No. KTP" → "noktp", "Tgl Lahir" → "tgllahir").
VARIANTS = {
    "nik": [
        "nik",
        "noktp",
        "nomorktp",
        "nonik",
        "nomornik",
        "nikktp",
        "nomorindukkependudukan",
        "ktp",
    ],
    "nama": ["nama", "namalengkap", "namapeserta", "namapekerja", "namasesuaiktp", "name"],
    "tanggal_lahir": [
        "tanggallahir",
        "tgllahir",
        "tgllhr",
        "tanggallhr",
        "tanggalkelahiran",
        "lahir",
        "dob",
        "birthdate",
        "dateofbirth",
    ],
    "jenis_kelamin": ["jeniskelamin", "jk", "lp", "kelamin", "gender", "sex", "jenkel"],
    "kode_wilayah": [
        "kodewilayah",
        "kodedesa",
        "kodekelurahan",
        "kodedesakelurahan",
        "kdwilayah",
        "kodewilayahdomisili",
        "wilayah",
        "kodekemendagri",
    ],
    "alamat": ["alamat", "alamatdomisili", "alamatlengkap", "address", "jalan"],
    "pekerjaan": ["pekerjaan", "jenispekerjaan", "profesi", "occupation", "kodepekerjaan"],
    "penghasilan": [
        "penghasilan",
        "penghasilanperbulan",
        "pendapatan",
        "pendapatanperbulan",
        "gaji",
        "upah",
        "income",
        "penghasilanbulanan",
    ],
    "no_hp": [
        "nohp",
        "nomorhp",
        "hp",
        "telepon",
        "notelp",
        "notelepon",
        "nomortelepon",
        "nowa",
        "phone",
    ],
    "no_kk": ["nokk", "nomorkk", "kk", "nomorkartukeluarga", "kartukeluarga"],
}

_LOOKUP = {variant: canonical for canonical, names in VARIANTS.items() for variant in names}


def canonical_name(header: object) -> str | None:
    """The canonical column a header means, or None for columns Jaring does not read."""
    return _LOOKUP.get(header_key(header))


def map_headers(headers: list[object]) -> dict[int, str]:
    """Column position → canonical name, first occurrence wins."""
    mapping: dict[int, str] = {}
    for position, header in enumerate(headers):
        name = canonical_name(header)
        if name and name not in mapping.values():
            mapping[position] = name
    return mapping
