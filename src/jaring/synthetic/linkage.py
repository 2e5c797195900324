"""Held-out linkage data: the same worker listed by several agencies, with the truth.

Matching can only be measured on data whose answer is known, and real lists may not
leave the province's servers. This generator builds households in East Kalimantan,
lists their working members through several offices (fisheries, trade, Dinsos…), and
damages each listing the way clerks and spreadsheets do:

* NIK missing, one digit wrong, two neighbouring digits swapped, or the 16th digit
  zeroed by Excel (domain.md);
* names with Muhammad/Muhamad/M., Nur/Noor, old spellings (oe, dj, tj, ch), a title
  added or dropped, words in another order, a word left out, a typing slip;
* birth dates with day and month swapped, a day off, a wrong year digit, or written
  DD-MM-YYYY / DD/MM/YYYY;
* a new phone number or address, a move to another village.

It also makes the records that fool naive fuzzy matching: twins (same birth date,
address and phone, another first name, a NIK differing only in the
serial), spouses and grown children sharing address and phone, and
namesakes (common names such as "Muhammad Rizki" with other birth dates).

The rates are chosen so that exact-NIK grouping finds about two thirds of the true
duplicate pairs, as real lists show. Column-wise (``Draws`` and
Polars), deterministic for a seed, no Django at import.
"""

import datetime as dt

import polars as pl

from jaring.synthetic.draws import Draws
from jaring.synthetic.names import build_names, vary_names
from jaring.synthetic.places import (
    CITY_STREETS,
    DEFAULT_ETHNIC_MIX,
    ETHNIC_GROUPS,
    ETHNIC_MIX,
    OCCUPATIONS,
    PHONE_PREFIXES,
    PHONE_WEIGHTS,
    POPULATION,
    VILLAGE_STREETS,
)

COLUMNS = [
    "record_id", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
    "alamat", "no_hp", "pekerjaan",
]  # fmt: skip

# How many offices list one person: most once, some twice or more (seeds 000, 002).
LISTINGS = ([1, 2, 3, 4], [58, 28, 10, 4])
# Household members besides the head who are also on some list.
SPOUSE_SHARE = 0.22
CHILD_SHARE = 0.10
TWIN_SHARE = 0.02
NAMESAKE_SHARE = 0.03
# Per-listing damage (shares of listings). NIK: about 18% of listings carry a NIK that
# exact matching cannot use, so exact-NIK grouping finds about (1 - 0.18)² ≈ 2/3 of pairs.
NIK_DAMAGE = (["ok", "kosong", "ganti", "tukar", "excel"], [82, 8, 4, 3, 3])
DATE_DAMAGE = (["ok", "kosong", "tukar", "geser", "tahun"], [90, 2, 3, 3, 2])
DATE_FORMAT = (["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"], [75, 15, 10])
NAME_DAMAGE = (["ok", "ragam", "ejaan", "urutan", "ketik"], [45, 35, 8, 6, 6])
PLACE_DAMAGE = (["ok", "kosong", "desa", "pindah"], [85, 2, 8, 5])
PHONE_DAMAGE = (["ok", "kosong", "baru"], [65, 20, 15])
ADDRESS_DAMAGE = (["ok", "kosong", "tulis", "baru"], [65, 10, 15, 10])
SEX_MISSING = 0.02
RECORDS_PER_PERSON = sum(k * w for k, w in zip(*LISTINGS, strict=True)) / sum(LISTINGS[1])
PERSONS_PER_HOUSEHOLD = 1 + SPOUSE_SHARE + CHILD_SHARE + TWIN_SHARE


def _villages(province: str) -> pl.DataFrame:
    from jaring.wilayah.sources import read_regions

    codes = [k for k, _, _ in read_regions()["villages"] if k.startswith(province + ".")]
    return pl.DataFrame({"kode": sorted(codes)}).with_columns(
        regency=pl.col("kode").str.slice(0, 5), district=pl.col("kode").str.slice(0, 8)
    )


def _households(draws: Draws, n: int, villages: pl.DataFrame) -> pl.DataFrame:
    """Where each household lives (weighted by population), its address and phone."""
    regencies = sorted(villages.get_column("regency").unique().to_list())
    weights = [POPULATION.get(r, 100) for r in regencies]
    regency = draws.choice(n, regencies, weights)
    per = villages.group_by("regency").agg(pl.col("kode").sort()).sort("regency")
    offsets, sizes, pool = {}, {}, []
    for r, codes in per.iter_rows():
        offsets[r], sizes[r] = len(pool), len(codes)
        pool.extend(codes)
    village = draws.pick(
        pl.Series(pool),
        regency.replace_strict(offsets, return_dtype=pl.Int64),
        regency.replace_strict(sizes, return_dtype=pl.Int64),
    )
    ethnic_tables = [
        (list(ETHNIC_GROUPS), [ETHNIC_MIX.get(r, DEFAULT_ETHNIC_MIX)[g] for g in ETHNIC_GROUPS])
        for r in regencies
    ]
    etnis = draws.choice_by(
        regency.replace_strict(regencies, list(range(len(regencies)))), ethnic_tables
    )
    return pl.DataFrame(
        {
            "household": pl.int_range(n, eager=True),
            "kode_wilayah": village,
            "etnis": etnis,
            "street": draws.choice(n, CITY_STREETS + VILLAGE_STREETS),
            "rt": draws.integers(n, 1, 30),
            "house_no": draws.integers(n, 1, 150),
            "phone": _phones(draws, n),
        }
    )


def _phones(draws: Draws, n: int) -> pl.Series:
    prefix = draws.choice(n, PHONE_PREFIXES, PHONE_WEIGHTS)
    return "0" + prefix + draws.integers(n, 10_000_000, 99_999_999).cast(pl.Utf8)


def _persons(draws: Draws, households: pl.DataFrame) -> pl.DataFrame:
    """Heads, spouses, grown children and twins of the heads, with their own NIKs."""
    n = households.height
    roles = [("kepala", None), ("pasangan", SPOUSE_SHARE), ("anak", CHILD_SHARE),
             ("kembar", TWIN_SHARE)]  # fmt: skip
    head_sex = draws.choice(n, ["L", "P"], [70, 30])
    head_birth = draws.integers(n, 0, 16_800)  # 1961 … 2006
    frames = []
    for role, share in roles:
        present = pl.Series([True] * n) if share is None else draws.bernoulli(n, share)
        if role == "kepala":
            sex, birth = head_sex, head_birth
        elif role == "pasangan":
            sex = pl.select(
                pl.when(head_sex == "L").then(pl.lit("P")).otherwise(pl.lit("L"))
            ).to_series()
            birth = (head_birth + draws.integers(n, -3000, 1500)).clip(0, 16_800)
        elif role == "anak":
            # Grown children: at least 18 years younger than the head, born by 2006.
            sex = draws.choice(n, ["L", "P"])
            room = (16_800 - head_birth - 6_600).clip(0, None)
            present = present & (room > 0)
            birth = head_birth + 6_600 + (draws.uniform(n) * room).floor().cast(pl.Int64)
        else:  # twins: same day, often the same sex
            sex = pl.select(
                pl.when(draws.bernoulli(n, 0.7))
                .then(head_sex)
                .otherwise(draws.choice(n, ["L", "P"]))
            ).to_series()
            birth = head_birth
        frames.append(
            households.with_columns(
                role=pl.lit(role), jenis_kelamin=sex, birth=birth, present=present
            ).filter(pl.col("present"))
        )
    persons = pl.concat(frames).drop("present")
    persons = persons.with_columns(
        lahir=pl.lit(dt.date(1961, 1, 1)) + pl.duration(days=pl.col("birth")),
    ).with_columns(umur=2025 - pl.col("lahir").dt.year())
    nama = build_names(draws, persons)
    persons = persons.with_columns(nama=nama)
    # Children and twins carry the head's last name in half the families; twins then
    # differ only in the first name.
    head_last = persons.filter(pl.col("role") == "kepala").select(
        "household", head_last=pl.col("nama").str.extract(r" (\S+)$")
    )
    share_last = draws.bernoulli(persons.height, 0.5)
    persons = persons.join(head_last, on="household", how="left").with_columns(
        nama=pl.when(
            pl.col("role").is_in(["anak", "kembar"])
            & share_last
            & pl.col("head_last").is_not_null()
            & pl.col("nama").str.contains(" ")
        )
        .then(pl.col("nama").str.replace(r"\S+$", pl.col("head_last")))
        .otherwise(pl.col("nama"))
    )
    # Namesakes: someone else's full name, same sex, another life.
    m = persons.height
    namesake = draws.bernoulli(m, NAMESAKE_SHARE)
    donor = draws.integers(m, 0, m - 1)
    donor_name = persons.get_column("nama").gather(donor)
    donor_sex = persons.get_column("jenis_kelamin").gather(donor)
    persons = persons.with_columns(
        nama=pl.when(namesake & (donor_sex == pl.col("jenis_kelamin")))
        .then(donor_name)
        .otherwise(pl.col("nama"))
    )
    persons = persons.with_columns(
        person=pl.int_range(pl.len()),
        own_phone=draws.bernoulli(m, 0.6),
        phone2=_phones(draws, m),
        pekerjaan=draws.choice(m, OCCUPATIONS),
    ).with_columns(
        phone=pl.when(pl.col("own_phone")).then(pl.col("phone2")).otherwise(pl.col("phone"))
    )
    return _with_nik(draws, persons)


def _with_nik(draws: Draws, persons: pl.DataFrame) -> pl.DataFrame:
    """NIK issued in the home district (sometimes another one: people move), serials
    counted per district, birth date and sex so twins get consecutive serials."""
    m = persons.height
    moved = draws.bernoulli(m, 0.12)
    districts = persons.get_column("kode_wilayah").str.slice(0, 8).unique().sort()
    other = districts.gather(draws.integers(m, 0, len(districts) - 1))
    persons = persons.with_columns(
        nik_district=pl.when(moved).then(other).otherwise(pl.col("kode_wilayah").str.slice(0, 8))
    )
    day = pl.col("lahir").dt.day() + pl.when(pl.col("jenis_kelamin") == "P").then(40).otherwise(0)
    return (
        persons.with_columns(
            serial=pl.int_range(pl.len()).over(["nik_district", "lahir", "jenis_kelamin"]) + 1
        )
        .with_columns(
            nik=pl.col("nik_district").str.replace_all(".", "", literal=True)
            + day.cast(pl.Utf8).str.zfill(2)
            + pl.col("lahir").dt.strftime("%m%y")
            + pl.col("serial").cast(pl.Utf8).str.zfill(4)
        )
        .drop("serial", "nik_district")
    )


def _listings(draws: Draws, persons: pl.DataFrame) -> pl.DataFrame:
    copies = draws.choice(persons.height, *LISTINGS).cast(pl.Int64)
    return (
        persons.with_columns(copies=copies)
        .with_columns(copy=pl.int_ranges(pl.col("copies")))
        .explode("copy", empty_as_null=True)
        .drop("copies")
    )


def _damage_nik(draws: Draws, frame: pl.DataFrame) -> pl.Series:
    n = frame.height
    kind = draws.choice(n, *NIK_DAMAGE)
    pos = draws.integers(n, 0, 15)
    swap = draws.integers(n, 0, 14)
    digit = draws.integers(n, 1, 9)
    nik = pl.col("nik")
    old = nik.str.slice(pos, 1).cast(pl.Int64)
    new = ((old + pl.lit(digit)) % 10).cast(pl.Utf8)
    substituted = nik.str.slice(0, pl.lit(pos)) + new + nik.str.slice(pl.lit(pos) + 1)
    s = pl.lit(swap)
    swapped = (
        nik.str.slice(0, s) + nik.str.slice(s + 1, 1) + nik.str.slice(s, 1) + nik.str.slice(s + 2)
    )
    return frame.select(
        pl.when(pl.lit(kind) == "kosong")
        .then(None)
        .when(pl.lit(kind) == "ganti")
        .then(substituted)
        .when(pl.lit(kind) == "tukar")
        .then(swapped)
        .when(pl.lit(kind) == "excel")
        .then(nik.str.slice(0, 15) + "0")
        .otherwise(nik)
    ).to_series()


def _damage_date(draws: Draws, frame: pl.DataFrame) -> pl.Series:
    n = frame.height
    kind = pl.lit(draws.choice(n, *DATE_DAMAGE))
    step = pl.lit(draws.choice(n, [-1, 1]))
    year_step = pl.lit(draws.choice(n, [-10, -1, 1, 10]))
    fmt = draws.choice(n, *DATE_FORMAT)
    d = pl.col("lahir")
    day, month = d.dt.day(), d.dt.month()
    swapped = pl.date(d.dt.year(), day, month)
    damaged = (
        pl.when(kind == "tukar")
        .then(
            pl.when((day <= 12) & (day != month))
            .then(swapped)
            .otherwise(d + pl.duration(days=step))
        )
        .when(kind == "geser")
        .then(d + pl.duration(days=step))
        .when(kind == "tahun")
        .then(d.dt.offset_by(pl.format("{}y", year_step)))
        .otherwise(d)
    )
    out = frame.select(damaged.alias("d"), pl.lit(fmt).alias("f"), kind.alias("k"))
    text = pl.coalesce(
        pl.when(pl.col("f") == f).then(pl.col("d").dt.strftime(f)) for f in DATE_FORMAT[0]
    )
    return out.select(pl.when(pl.col("k") == "kosong").then(None).otherwise(text)).to_series()


# Old (pre-1972) spellings and regional habits, applied to a whole name.
_OLD_SPELLING = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("kh", "ch"), ("y", "j")]


def _damage_name(draws: Draws, frame: pl.DataFrame) -> pl.Series:
    n = frame.height
    kind = pl.lit(draws.choice(n, *NAME_DAMAGE))
    varied = vary_names(draws, frame.get_column("nama"), frame.get_column("jenis_kelamin"))
    spelling = draws.integers(n, 0, len(_OLD_SPELLING) - 1)
    nama = pl.col("nama")
    old = pl.coalesce(
        pl.when(pl.lit(spelling) == i).then(nama.str.replace(rf"(?i){a}", b))
        for i, (a, b) in enumerate(_OLD_SPELLING[:-1])
    )
    # Token order: the last word first (as on some forms: surname, given name).
    reordered = nama.str.replace(r"^(.*) (\S+)$", "$2 $1")
    pos = pl.lit(draws.integers(n, 1, 6))
    slip = pl.lit(draws.choice(n, list("aeiunrst")))
    typed = nama.str.slice(0, pos) + slip + nama.str.slice(pos + 1)
    return frame.select(
        pl.when(kind == "ragam")
        .then(pl.lit(varied))
        .when(kind == "ejaan")
        .then(pl.coalesce(old, nama))
        .when(kind == "urutan")
        .then(reordered)
        .when((kind == "ketik") & (nama.str.len_chars() > 7))
        .then(typed)
        .otherwise(nama)
    ).to_series()


def _damage_rest(draws: Draws, frame: pl.DataFrame, villages: pl.DataFrame) -> pl.DataFrame:
    n = frame.height
    place = pl.lit(draws.choice(n, *PLACE_DAMAGE))
    phone = pl.lit(draws.choice(n, *PHONE_DAMAGE))
    address = pl.lit(draws.choice(n, *ADDRESS_DAMAGE))
    codes = villages.get_column("kode")
    anywhere = codes.gather(draws.integers(n, 0, len(codes) - 1))
    # A neighbouring village: the next code in the sorted list (same district mostly).
    index = codes.search_sorted(frame.get_column("kode_wilayah"))
    nearby = codes.gather(((index + 1) % len(codes)).cast(pl.Int64))
    street = draws.choice(n, CITY_STREETS + VILLAGE_STREETS)
    new_phone = _phones(draws, n)
    no_sex = draws.bernoulli(n, SEX_MISSING)
    formal = pl.format(
        "{} No. {} RT {}",
        pl.col("street"),
        pl.col("house_no"),
        pl.col("rt").cast(pl.Utf8).str.zfill(3),
    )
    loose = pl.format(
        "{} RT.{} no {}",
        pl.col("street").str.replace(r"^Jl\. ", "Jalan ").str.to_uppercase(),
        pl.col("rt"),
        pl.col("house_no"),
    )
    return frame.with_columns(
        kode_wilayah=pl.when(place == "kosong")
        .then(None)
        .when(place == "desa")
        .then(pl.lit(nearby))
        .when(place == "pindah")
        .then(pl.lit(anywhere))
        .otherwise(pl.col("kode_wilayah")),
        no_hp=pl.when(phone == "kosong")
        .then(None)
        .when(phone == "baru")
        .then(pl.lit(new_phone))
        .otherwise(pl.col("phone")),
        alamat=pl.when(address == "kosong")
        .then(None)
        .when(address == "tulis")
        .then(loose)
        .when(address == "baru")
        .then(pl.format("{} RT {}", pl.lit(street), pl.col("rt")))
        .otherwise(formal),
        jenis_kelamin=pl.when(pl.lit(no_sex)).then(None).otherwise(pl.col("jenis_kelamin")),
    )


def generate(records: int, *, seed: int, province: str = "64") -> pl.DataFrame:
    """``records`` listings (the ``jaring dedupe`` input columns, all text) plus
    ``_person``, the true identity of each listing. The first listing of a person is
    damaged like the others: no office holds the clean original."""
    draws = Draws(seed)
    villages = _villages(province)
    # A few households too many, then exactly ``records`` listings after shuffling.
    households = max(1, round(records * 1.08 / RECORDS_PER_PERSON / PERSONS_PER_HOUSEHOLD) + 5)
    persons = _persons(draws, _households(draws, households, villages))
    frame = _listings(draws, persons)
    frame = frame.with_columns(nik=_damage_nik(draws, frame))
    frame = frame.with_columns(tanggal_lahir=_damage_date(draws, frame))
    frame = frame.with_columns(nama=_damage_name(draws, frame))
    frame = _damage_rest(draws, frame, villages)
    order = draws.permutation(frame.height)
    return (
        frame.select(
            "nik",
            "nama",
            "tanggal_lahir",
            "jenis_kelamin",
            "kode_wilayah",
            "alamat",
            "no_hp",
            "pekerjaan",
            _person=pl.col("person"),
        )
        .select(pl.all().gather(order))
        .head(records)
        .with_columns(record_id=pl.format("R{}", pl.int_range(pl.len()).cast(pl.Utf8).str.zfill(8)))
        .select([*COLUMNS, "_person"])
    )


def write_csv(path, *, records: int, seed: int) -> pl.DataFrame:
    """Write the input file (without the truth) and return the whole frame."""
    frame = generate(records, seed=seed)
    frame.drop("_person").write_csv(path)
    return frame
