"""Large synthetic worker lists, fast: a million rows in seconds.

Column-wise generation (Python's seeded ``random`` for the draws, Polars for the
strings) instead of one Faker call per row. Deterministic for a seed. The list has what
real submissions have: about 7% repeated persons (same NIK, spelt differently) and about
4% rows with exactly one defect each, so intake benchmarks exercise every path.
"""

import datetime as dt
import random
from pathlib import Path

import polars as pl

from jaring.synthetic.provinces import regency_weights
from jaring.wilayah.sources import read_regions

INTAKE_COLUMNS = [
    "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
    "alamat", "pekerjaan", "penghasilan", "no_hp", "no_kk",
]  # fmt: skip
OCCUPATIONS = [
    "nelayan", "pedagang_pasar", "pedagang_kaki_lima", "ojek", "sopir_angkutan", "prt",
    "buruh_harian_lepas", "petani", "pekebun", "peternak", "pengrajin", "pelaku_umkm",
    "honorer_non_asn", "pekerja_keagamaan",
]  # fmt: skip
STREETS = ["Jl. Mulawarman", "Jl. Pangeran Antasari", "Jl. Ahmad Yani", "Jl. Juanda",
           "Jl. Sultan Hasanuddin", "Jl. Gatot Subroto", "Gg. Mawar", "Jl. Poros"]  # fmt: skip
# Names heard in Kalimantan and Sulawesi besides the Faker id_ID pools: Banjar, Kutai,
# Bugis, Mandar, Dayak.
LOCAL_MALE = ["Muhammad", "Gusti", "Aji", "Andi", "Daeng", "Rahmat", "Syahrani", "Irwan"]
LOCAL_FEMALE = ["Siti", "Dayang", "Nurhayati", "Hajrah", "Rusmini", "Aminah", "Nor"]
LOCAL_FAMILY = ["Saleh", "Ahmad", "Baso", "Lahang", "Nasir", "Hamzah", "Aliansyah"]


def _name_pools(seed: int) -> tuple[list[str], list[str], list[str]]:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    male = sorted({fake.first_name_male() for _ in range(400)} | set(LOCAL_MALE))
    female = sorted({fake.first_name_female() for _ in range(400)} | set(LOCAL_FEMALE))
    family = sorted({fake.last_name() for _ in range(400)} | set(LOCAL_FAMILY))
    return male, female, family


def generate(rows: int, *, seed: int, province: str = "64") -> pl.DataFrame:
    """``rows`` intake rows (the standard columns, all text) plus ``_invalid``: the
    canonical field made invalid, or null for a valid row."""
    rng = random.Random(seed)
    regions = read_regions()
    villages: dict[str, list[str]] = {}
    for kode, _, _ in regions["villages"]:
        if kode.startswith(province + "."):
            villages.setdefault(kode[:5], []).append(kode)
    regencies = sorted(villages)
    population = regency_weights(province)
    weights = [population.get(r, 100) for r in regencies]
    male, female, family = _name_pools(seed)
    unique = max(1, round(rows * 0.93))

    female_flags = [rng.random() < 0.45 for _ in range(unique)]
    births = [dt.date(1961, 1, 1) + dt.timedelta(days=rng.randrange(17_000)) for _ in range(unique)]
    village = [
        rng.choice(villages[regency])
        for regency in rng.choices(regencies, weights=weights, k=unique)
    ]
    first = [rng.choice(female if f else male) for f in female_flags]
    last = [rng.choice(family) for _ in range(unique)]
    # Serials are unique per (district, birth date, sex) so NIKs never collide.
    seen: dict[tuple, int] = {}
    serial = []
    for v, b, f in zip(village, births, female_flags, strict=True):
        key = (v[:8], b, f)
        seen[key] = seen.get(key, 0) + 1
        serial.append(seen[key])
    persons = pl.DataFrame(
        {
            "kode_wilayah": village,
            "female": female_flags,
            "lahir": births,
            "serial": serial,
            "nama": [f"{a} {b}" for a, b in zip(first, last, strict=True)],
            "pekerjaan": [rng.choice(OCCUPATIONS) for _ in range(unique)],
            "penghasilan": [str(rng.randrange(5, 60) * 100_000) for _ in range(unique)],
            "hp": [str(rng.randrange(10**9, 10**10)) for _ in range(unique)],
            "rt": [rng.randrange(1, 40) for _ in range(unique)],
            "jalan": [rng.choice(STREETS) for _ in range(unique)],
        }
    ).with_columns(
        nik=pl.col("kode_wilayah").str.slice(0, 8).str.replace_all(".", "", literal=True)
        + (pl.col("lahir").dt.day() + pl.when(pl.col("female")).then(40).otherwise(0))
        .cast(pl.Utf8)
        .str.zfill(2)
        + pl.col("lahir").dt.strftime("%m%y")
        + pl.col("serial").cast(pl.Utf8).str.zfill(4),
        tanggal_lahir=pl.col("lahir").dt.strftime("%Y-%m-%d"),
        jenis_kelamin=pl.when(pl.col("female")).then(pl.lit("P")).otherwise(pl.lit("L")),
        alamat=pl.format("{} RT {}", pl.col("jalan"), pl.col("rt").cast(pl.Utf8).str.zfill(2)),
        no_hp=pl.lit("08") + pl.col("hp"),
        no_kk=pl.lit(""),
    )
    # Repeats: the same person again, name in capitals as another office typed it.
    repeats = persons.sample(n=rows - unique, with_replacement=True, seed=seed).with_columns(
        pl.col("nama").str.to_uppercase()
    )
    frame = pl.concat([persons, repeats]).sample(fraction=1.0, shuffle=True, seed=seed + 1)
    frame = frame.select(INTAKE_COLUMNS).with_columns(pl.lit(None, pl.Utf8).alias("_invalid"))
    return _spoil(frame, rng, rate=0.04)


# One defect per spoiled row, with the canonical field intake must name.
DEFECTS = [
    ("nik", lambda v: v[:15]),
    ("nik", lambda v: v[:12] + "0000"),
    ("tanggal_lahir", lambda v: "31-02-1980"),
    ("kode_wilayah", lambda v: v[:9] + "9999"),
    ("nama", lambda v: "=" + v),
    ("pekerjaan", lambda v: "astronot"),
    ("penghasilan", lambda v: "-" + v),
    ("no_hp", lambda v: "12345"),
]


def _spoil(frame: pl.DataFrame, rng: random.Random, *, rate: float) -> pl.DataFrame:
    columns = {name: frame.get_column(name).to_list() for name in frame.columns}
    for row in rng.sample(range(frame.height), round(frame.height * rate)):
        field, damage = rng.choice(DEFECTS)
        columns[field][row] = damage(columns[field][row] or "0")
        columns["_invalid"][row] = field
    return pl.DataFrame(columns, schema=frame.schema)


def write_intake_csv(path: Path, *, rows: int, seed: int) -> Path:
    generate(rows, seed=seed).drop("_invalid").write_csv(path)
    return path
