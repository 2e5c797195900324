"""Names as they are heard in East Kalimantan, drawn a column at a time.

Faker's ``id_ID`` lists (read once, not called per row) give the general Indonesian and
Javanese pool; the communities of Kaltim add their own: Banjar (Muhammad, Gusti, Noor,
Siti), Bugis (Andi, Daeng, Sitti, -uddin), Kutai (Aji, Awang, Dayang, -syah), Dayak
(baptismal names with Dayak ones). Women get women's names and men men's, so the
sex written next to a name agrees with it as far as names can tell. Older people
sometimes carry the pilgrimage title H. or Hj. All names are common words of the
language, none is a real person's full name by intent.
"""

from functools import cache

import polars as pl

from jaring.synthetic.draws import Draws

_LOCAL = {
    ("jawa", "L", "first"): [
        "Slamet", "Sugeng", "Suparman", "Sutrisno", "Wagiman", "Sukardi", "Joko", "Bambang",
        "Agus", "Heru", "Eko", "Wahyu", "Budi", "Teguh", "Supriyadi", "Sumarno", "Sugiyanto",
        "Tukiman", "Marjuki", "Suroto", "Priyanto", "Purwanto", "Triyono", "Mulyono",
    ],
    ("jawa", "P", "first"): [
        "Sri", "Tri", "Sumarni", "Suwarni", "Wartini", "Sulastri", "Endang", "Siti",
        "Sumiyati", "Suprapti", "Tumini", "Parmi", "Yuni", "Dwi", "Rukmini", "Wahyuni",
    ],
    ("banjar", "L", "first"): [
        "Ahmad", "Abdul", "Rahmat", "Syahrani", "Fahrul", "Rusdi", "Jumberi", "Arbain",
        "Jumri", "Abdurrahman", "Syamsuri", "Hairul", "Masrani", "Johansyah", "Norhadi",
        "Aliansyah", "Rahmadi", "Husin", "Anang", "Aidil", "Fauzi", "Mursidi", "Salman",
    ],
    ("banjar", "P", "first"): [
        "Siti", "Nor", "Noor", "Aminah", "Rusmini", "Masitah", "Jamilah", "Rabiatul",
        "Normah", "Salasiah", "Hamidah", "Mariyam", "Fatimah", "Rahmah", "Halimah", "Nurul",
        "Rusdiana", "Paridah", "Raudah", "Mahrita", "Hayatun", "Khadijah",
    ],
    ("banjar", "L", "second"): [
        "Noor", "Rahman", "Hidayat", "Ansyari", "Arsyad", "Fadillah", "Saleh", "Husin",
        "Anshari", "Rasyid", "Yusuf", "Syahrani", "Aliansyah", "Hairuddin", "Rahmadi",
        "Fauzi", "Effendi", "Ramli", "Zainuddin",
    ],
    ("banjar", "P", "second"): [
        "Hidayah", "Aisyah", "Rahmah", "Wati", "Sari", "Norhayati", "Hasanah", "Fitriani",
        "Maulida", "Rahmawati", "Zahra", "Jannah", "Noor", "Mahmudah", "Rusmaniah",
    ],
    ("bugis", "L", "first"): [
        "Syamsuddin", "Hasanuddin", "Baharuddin", "Jamaluddin", "Ruslan", "Hamzah", "Arifin",
        "Syahrir", "Amiruddin", "Sudirman", "Basri", "Nasrullah", "Alimuddin", "Darwis",
        "Usman", "Sulaiman", "Kaharuddin", "Ismail", "Rustam", "Ambo", "Baso", "Mappa",
        "Tahir", "Muhtar", "Hasbi",
    ],
    ("bugis", "P", "first"): [
        "Sitti", "Hasniah", "Nurhayati", "Hadijah", "Nurlela", "Hasnawati", "Rosmiati",
        "Kasmawati", "Jumriah", "Nuraeni", "Hasmah", "Sumarni", "Nurjannah", "Fatmawati",
        "Rahmatia", "Indo", "Nurhaedah", "Rosdiana", "Hamsinah", "Kartini",
    ],
    ("bugis", "L", "second"): [
        "Baso", "Tang", "Lolo", "Latif", "Syam", "Rahman", "Makmur", "Nasir", "Saleh",
        "Tahir", "Mappiasse", "Lamba", "Pawelloi", "Ridwan", "Amir", "Kadir", "Said",
    ],
    ("bugis", "P", "second"): [
        "Hasanah", "Rahmah", "Wati", "Ningsih", "Aminah", "Hawang", "Sanna", "Rukiah",
        "Nurung", "Baji", "Tenri", "Mariama", "Sakka",
    ],
    ("kutai", "L", "first"): [
        "Rusdi", "Syahrudin", "Jumransyah", "Aspiansyah", "Eddy", "Marwan", "Hairil",
        "Sahrani", "Syahbudin", "Ardiansyah", "Zulkifli", "Rudiansyah", "Kurniansyah",
        "Hamdani", "Herliansyah", "Samsul", "Irwansyah", "Yusransyah", "Fahmi", "Rusli",
    ],
    ("kutai", "P", "first"): [
        "Siti", "Rusmini", "Nurbaiti", "Masnah", "Ernawati", "Jumiati", "Rosita", "Mardiana",
        "Aidah", "Salmah", "Hartini", "Junaidah", "Normala", "Emi", "Sumiati", "Jamiah",
    ],
    ("kutai", "L", "second"): [
        "Rahman", "Effendi", "Arifin", "Sofyan", "Hidayat", "Ansyah", "Syahrani", "Ramadhan",
        "Saputra", "Hakim", "Rusdiansyah", "Idris",
    ],
    ("kutai", "P", "second"): [
        "Sari", "Wati", "Yanti", "Ningsih", "Hayati", "Aryani", "Rahmah", "Mulyani",
        "Hasanah", "Fitri",
    ],
    ("dayak", "L", "first"): [
        "Yohanes", "Stefanus", "Petrus", "Paulus", "Markus", "Lukas", "Yakobus", "Antonius",
        "Fransiskus", "Benediktus", "Agustinus", "Martinus", "Ignatius", "Yosef", "Andreas",
        "Kristian", "Simon", "Daniel", "Marthen", "Yulius",
    ],
    ("dayak", "P", "first"): [
        "Maria", "Theresia", "Agnes", "Veronika", "Elisabeth", "Margaretha", "Yuliana",
        "Katarina", "Natalia", "Kristina", "Marta", "Lusia", "Rosalia", "Helena",
        "Magdalena", "Regina",
    ],
    ("dayak", "L", "second"): [
        "Lahang", "Ajang", "Lawing", "Ubang", "Bilung", "Jalung", "Hibau", "Luhat", "Anyeq",
        "Ngau", "Lejau", "Ding", "Lencau", "Usat", "Hingan", "Tingang", "Ipuy", "Juk",
        "Lirung", "Bit",
    ],
    ("dayak", "P", "second"): [
        "Ping", "Bulan", "Uyang", "Lirung", "Lenjau", "Ineh", "Peding", "Hunai", "Usun",
        "Dui", "Bawe", "Uvang", "Hanyeq",
    ],
}  # fmt: skip

GROUPS = ("jawa", "bugis", "banjar", "kutai", "dayak", "umum")
# Share of names that are a single word (common among Javanese), per community.
SINGLE_NAME = {"jawa": 0.22, "bugis": 0.06, "banjar": 0.05, "kutai": 0.06, "dayak": 0.02,
               "umum": 0.08}  # fmt: skip
# Leading names and noble or customary titles: (group, sex) → [(word, share)].
LEADING = {
    ("banjar", "L"): [("Muhammad", 0.30), ("M.", 0.04), ("Gusti", 0.04)],
    ("banjar", "P"): [("Siti", 0.12), ("Gusti", 0.02)],
    ("bugis", "L"): [("Muhammad", 0.20), ("Andi", 0.10), ("Daeng", 0.03)],
    ("bugis", "P"): [("Andi", 0.10), ("Sitti", 0.08)],
    ("kutai", "L"): [("Muhammad", 0.18), ("Aji", 0.06), ("Awang", 0.05)],
    ("kutai", "P"): [("Dayang", 0.12), ("Siti", 0.08)],
    ("jawa", "L"): [("Muhammad", 0.08), ("Moh.", 0.03)],
    ("jawa", "P"): [("Siti", 0.08)],
    ("umum", "L"): [("Muhammad", 0.10)],
}
# Pilgrimage titles for people aged 40 and over (not among the mostly Christian Dayak).
TITLE_SHARE = 0.10
TITLE = {"L": "H.", "P": "Hj."}


@cache
def _pools() -> tuple[pl.Series, dict[tuple[str, str, str], tuple[int, int]]]:
    """All name pools laid end to end in one column, with each pool's (offset, size).

    Built once per process; Faker's lists are read as data, Faker is never called.
    """
    from faker.providers.person.id_ID import Provider

    faker = {
        ("L", "first"): sorted(set(Provider.first_names_male)),
        ("P", "first"): sorted(set(Provider.first_names_female)),
        ("L", "second"): sorted(set(Provider.last_names_male)),
        ("P", "second"): sorted(set(Provider.last_names_female)),
    }
    names: list[str] = []
    slices: dict[tuple[str, str, str], tuple[int, int]] = {}
    for group in GROUPS:
        for sex in ("L", "P"):
            for slot in ("first", "second"):
                local = _LOCAL.get((group, sex, slot))
                if group in ("jawa", "umum"):
                    # Javanese and general names: Faker's pool, plus our Javanese list.
                    pool = sorted(set(faker[sex, slot]) | set(local or []))
                elif local is None:
                    pool = faker[sex, slot]
                else:
                    pool = local
                slices[group, sex, slot] = (len(names), len(pool))
                names.extend(pool)
    return pl.Series("pool", names, dtype=pl.Utf8), slices


def build_names(draws: Draws, frame: pl.DataFrame) -> pl.Series:
    """One name per row of ``frame`` (columns ``etnis``, ``jenis_kelamin`` L/P, ``umur``)."""
    pool, slices = _pools()
    n = frame.height
    keys = {f"{g}|{s}|{slot}": v for (g, s, slot), v in slices.items()}
    parts = {}
    for slot in ("first", "second"):
        key = frame.select(
            pl.concat_str([pl.col("etnis"), pl.col("jenis_kelamin"), pl.lit(slot)], separator="|")
        ).to_series()
        offset = key.replace_strict({k: v[0] for k, v in keys.items()}, return_dtype=pl.Int64)
        size = key.replace_strict({k: v[1] for k, v in keys.items()}, return_dtype=pl.Int64)
        parts[slot] = draws.pick(pool, offset, size)
    single = draws.uniform(n) < frame.get_column("etnis").replace_strict(
        SINGLE_NAME, return_dtype=pl.Float64
    )
    leading = _leading(draws, frame)
    titled = (draws.uniform(n) < TITLE_SHARE) & (frame.get_column("umur") >= 40)
    titled = titled & (frame.get_column("etnis") != "dayak")
    title = (
        pl.DataFrame({"titled": titled, "jk": frame.get_column("jenis_kelamin")})
        .select(pl.when(pl.col("titled")).then(pl.col("jk").replace_strict(TITLE)))
        .to_series()
    )
    second = pl.DataFrame({"second": parts["second"], "single": single}).select(
        pl.when(~pl.col("single")).then(pl.col("second"))
    )
    return (
        pl.DataFrame(
            {
                "title": title,
                "leading": leading,
                "first": parts["first"],
                "second": second.to_series(),
            }
        )
        .select(
            pl.concat_str(["title", "leading", "first", "second"], separator=" ", ignore_nulls=True)
        )
        .to_series()
        .alias("nama")
    )


def _leading(draws: Draws, frame: pl.DataFrame) -> pl.Series:
    """A leading name or customary title (Muhammad, Andi, Gusti, Dayang…) or null."""
    tables: list[tuple[list, list[float]]] = [([None], [1.0])]
    index: dict[str, int] = {}
    for (group, sex), options in LEADING.items():
        index[f"{group}|{sex}"] = len(tables)
        words = [word for word, _ in options] + [None]
        shares = [share for _, share in options]
        tables.append((words, [*shares, 1.0 - sum(shares)]))
    group = (
        frame.select(pl.concat_str([pl.col("etnis"), pl.col("jenis_kelamin")], separator="|"))
        .to_series()
        .replace_strict(index, default=0, return_dtype=pl.Int64)
    )
    return draws.choice_by(group, tables).cast(pl.Utf8)


# How another clerk writes the same name: spellings of Muhammad, Siti/Sitti, Nur/Noor,
# capitals, a pilgrimage title added or left out, the last word left out.
VARIATIONS = ("kapital", "muhammad", "ejaan", "gelar", "singkat", "kecil")


def vary_names(draws: Draws, names: pl.Series, sex: pl.Series) -> pl.Series:
    """The same names as another office might have typed them (one change each)."""
    n = len(names)
    kind = draws.choice(n, VARIATIONS, [30, 20, 15, 15, 12, 8])
    muhammad = draws.choice(n, ["MUHAMAD", "Muhamad", "M.", "Moh.", "Mohammad", "Muhammad"])
    frame = pl.DataFrame({"nama": names, "jk": sex, "kind": kind, "muh": muhammad})
    nama = pl.col("nama")
    has_muhammad = nama.str.contains(r"\b(?:Muhammad|M\.|Moh\.)(?:\s|$)")
    has_title = nama.str.contains(r"^(?:H|Hj)\. ")
    words = nama.str.count_matches(" ") + 1
    respelt = (
        nama.str.replace(r"\bSitti\b", "Siti")
        .str.replace(r"\bNoor\b", "Nur")
        .str.replace(r"\bNor\b", "Noor")
        .str.replace(r"\bSyam", "Sam")
        .str.replace(r"\bYohanes\b", "Johanes")
    )
    result = (
        pl.when(pl.col("kind") == "muhammad")
        .then(
            pl.when(has_muhammad)
            .then(
                nama.str.replace(r"\b(?:Muhammad|M\.|Moh\.)(\s|$)", "\x00$1").str.replace(
                    "\x00", pl.col("muh"), literal=True
                )
            )
            .otherwise(nama.str.to_uppercase())
        )
        .when(pl.col("kind") == "ejaan")
        .then(pl.when(respelt != nama).then(respelt).otherwise(nama.str.to_uppercase()))
        .when(pl.col("kind") == "gelar")
        .then(
            pl.when(has_title)
            .then(nama.str.replace(r"^(?:H|Hj)\. ", ""))
            .otherwise(pl.col("jk").replace_strict(TITLE) + pl.lit(" ") + nama)
        )
        .when((pl.col("kind") == "singkat") & (words >= 3))
        .then(nama.str.replace(r" \S+$", ""))
        .when(pl.col("kind") == "kecil")
        .then(nama.str.to_lowercase())
        .otherwise(nama.str.to_uppercase())
    )
    return frame.select(result.alias("nama")).to_series()
