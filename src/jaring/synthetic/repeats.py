"""Listings that only matching can join, for the demo: the same worker sent again by
another office without the same NIK, and family members who look like one.

Every row stays valid for intake (a NIK that agrees with the birth date, sex and
district; a known village), so it reaches the registry as a new person and the linkage
model, not intake, has to find it:

* ``ketik`` — a mistyped serial digit of the NIK, the name written another way
  ("MUHAMAD", a title, capitals); everything else as before. The model is sure:
  merged automatically.
* ``pindah`` — two serial digits wrong, a typing slip in the name, another village of
  the same district, a new phone and address: probably the same worker, but a verifier
  should say so (review queue).
* ``kembar`` — a twin: same birth date, village, address and phone, the next NIK serial,
  another given name. The family rule keeps the pair away from automatic merging; a
  verifier should answer "different".

Deterministic for a seed; rows for the review kinds are drawn first from ``prefer``
regencies, so each demo verifier has something in the queue.
"""

import random

import polars as pl

from jaring.synthetic.bulk import INTAKE_COLUMNS, STREETS
from jaring.wilayah.sources import read_regions

TITLES = {"L": "H. ", "P": "Hj. "}


def near_duplicates(
    frame: pl.DataFrame,
    *,
    seed: int,
    counts: dict[str, int],
    prefer: tuple[str, ...] = (),
) -> pl.DataFrame:
    """New rows (``INTAKE_COLUMNS`` plus ``_jenis``, the kind, and ``_asal``, the NIK of
    the row it copies) for ``counts[kind]`` distinct valid rows of ``frame``."""
    rng = random.Random(seed)
    valid = frame.filter(pl.col("_invalid").is_null()).unique("nik", keep="first")
    valid = valid.sort("nik")
    taken = set(frame.get_column("nik").to_list())
    villages: dict[str, list[str]] = {}
    for kode, _, _ in read_regions()["villages"]:
        villages.setdefault(kode[:8], []).append(kode)
    names = {
        sex: sorted({n.split()[0] for n in valid.filter(pl.col("jenis_kelamin") == sex)["nama"]})
        for sex in ("L", "P")
    }
    rows = valid.to_dicts()
    rng.shuffle(rows)
    used: set[str] = set()
    out = []
    for kind in ("pindah", "kembar", "ketik"):
        want = counts.get(kind, 0)
        for row in rows if kind == "ketik" else _interleave(rows, prefer):
            if want == 0:
                break
            if row["nik"] in used:
                continue
            new = _variant(kind, row, rng, taken, villages, names)
            if new is None:
                continue
            used.add(row["nik"])
            taken.add(new["nik"])
            out.append({**new, "_jenis": kind, "_asal": row["nik"]})
            want -= 1
    schema = dict.fromkeys([*INTAKE_COLUMNS, "_jenis", "_asal"], pl.Utf8)
    return pl.DataFrame(out, schema=schema) if out else pl.DataFrame(schema=schema)


def _interleave(rows: list[dict], prefer: tuple[str, ...]) -> list[dict]:
    """Rows of the preferred regencies taken in turn (one of each, then again), then
    the others: two review pairs land in two cities, not both in one."""
    by_place = {code: [r for r in rows if r["kode_wilayah"][:5] == code] for code in prefer}
    mixed = []
    while any(by_place.values()):
        for code in prefer:
            if by_place[code]:
                mixed.append(by_place[code].pop(0))
    return mixed + [r for r in rows if r["kode_wilayah"][:5] not in prefer]


def _serial(nik: str, step: int) -> str | None:
    serial = (int(nik[12:]) + step) % 10_000
    return None if serial == 0 else nik[:12] + f"{serial:04d}"


def _variant(kind, row, rng, taken, villages, names) -> dict | None:
    new = dict(row)
    if kind == "ketik":
        nik = _serial(row["nik"], 1 if rng.random() < 0.5 else 2)
        nama = _spelling(row["nama"], row["jenis_kelamin"], rng)
    elif kind == "pindah":
        nik = _serial(row["nik"], 11)
        nama = _slip(row["nama"], rng)
        nearby = [v for v in villages.get(row["kode_wilayah"][:8], []) if v != row["kode_wilayah"]]
        if not nearby:
            return None
        new["kode_wilayah"] = rng.choice(nearby)
        new["no_hp"] = "08" + str(rng.randrange(10**9, 10**10))
        new["alamat"] = f"{rng.choice(STREETS)} RT {rng.randrange(1, 40):02d}"
    else:
        nik = _serial(row["nik"], 1)
        first, _, rest = row["nama"].partition(" ")
        others = [n for n in names[row["jenis_kelamin"]] if n[:3].lower() != first[:3].lower()]
        nama = f"{rng.choice(others)} {rest}".strip()
    if nik is None or nik in taken:
        return None
    new["nik"], new["nama"] = nik, nama
    return {c: new[c] for c in INTAKE_COLUMNS}


def _spelling(nama: str, sex: str, rng: random.Random) -> str:
    """Another office's way of writing the same name."""
    if "Muhammad" in nama:
        return nama.replace("Muhammad", "MUHAMAD")
    choice = rng.randrange(3)
    if choice == 0:
        return nama.upper()
    if choice == 1:
        return TITLES.get(sex, "") + nama
    return nama.upper().replace(" ", "  ")


def _slip(nama: str, rng: random.Random) -> str:
    """One letter of a word longer than four typed wrong (Santoso → Santosi)."""
    words = nama.split()
    long = [i for i, w in enumerate(words) if len(w) > 4]
    if not long:
        return nama.upper()
    i = rng.choice(long)
    word = words[i]
    pos = rng.randrange(2, len(word))
    letter = "a" if word[pos].lower() != "a" else "e"
    letter = letter.upper() if word[pos].isupper() else letter
    words[i] = word[:pos] + letter + word[pos + 1 :]
    return " ".join(words)
