"""Comparison levels as the model sees them: each damage a clerk or Excel does lands
on its own level, and the levels do not depend on which record is left or right."""

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from splink.internals.dialects import DuckDBDialect

from jaring.matching.linkage import comparisons as cmp

DIALECT = DuckDBDialect()


def level(comparison, labels, **values) -> str:
    """The label of the first level whose SQL holds for one pair (l/r values)."""
    levels = comparison.create_comparison_levels()
    cases = []
    for lvl, label in zip(levels, ["null", *labels], strict=True):
        sql = lvl.create_sql(DIALECT)
        cases.append(f"WHEN {sql} THEN '{label}'" if sql != "ELSE" else f"ELSE '{label}'")
    columns = ", ".join(f"{_literal(v)} AS {k}" for k, v in values.items())
    query = f"SELECT CASE {' '.join(cases)} END FROM (SELECT {columns})"
    return duckdb.sql(query).fetchall()[0][0]


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, list):
        return "[" + ", ".join(f"'{v}'" for v in value) + "]::VARCHAR[]"
    if isinstance(value, int):
        return str(value)
    return f"'{value}'"


def nik_level(a: str | None, b: str | None) -> str:
    return level(
        cmp.nik_comparison(), cmp.NIK_LEVELS,
        nik_l=a, nik_r=b, nik12_l=a and a[:12], nik12_r=b and b[:12],
    )  # fmt: skip


NIK = "6471054101850001"


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (NIK, "sama"),
        ("6471054101850000", "excel"),  # Excel zeroed the 16th digit
        ("647105410185000", "excel"),  # …or dropped it
        ("6471054101850002", "urut_1_digit"),  # serial typo (or a twin)
        ("6471094101850001", "1_digit"),
        ("6417054101850001", "tukar"),  # neighbouring digits swapped
        ("6472014203900003", "beda"),
        (None, "null"),
    ],
)
def test_nik_levels(other, expected):
    assert nik_level(NIK, other) == expected


digit_strings = st.text(alphabet="0123456789", min_size=16, max_size=16)


@given(digit_strings, st.integers(min_value=0, max_value=14))
def test_transposition_is_detected_both_ways(nik, i):
    swapped = nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
    assert nik_level(nik, swapped) == nik_level(swapped, nik)
    if swapped != nik:
        assert nik_level(nik, swapped) in {"tukar", "excel", "urut_1_digit", "1_digit"}


def date_level(a: str, b: str) -> str:
    import datetime as dt

    days = {d: (dt.date.fromisoformat(d) - dt.date(1970, 1, 1)).days for d in (a, b)}
    return level(
        cmp.date_comparison(), cmp.DATE_LEVELS,
        tanggal_l=a, tanggal_r=b, hari_l=days[a], hari_r=days[b],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ("1985-03-07", "sama"),
        ("1985-07-03", "hari_bulan_tukar"),
        ("1985-03-08", "selisih_1_hari"),
        ("1986-03-07", "tahun_1_digit"),
        ("1995-03-07", "tahun_1_digit"),
        ("1985-04-20", "beda"),
    ],
)
def test_birth_date_levels(other, expected):
    assert date_level("1985-03-07", other) == expected
    assert date_level(other, "1985-03-07") == expected


def name_level(a: list[str], b: list[str]) -> str:
    return level(
        cmp.name_comparison(), cmp.NAME_LEVELS,
        nama_l=" ".join(a), nama_r=" ".join(b), tokens_l=a, tokens_r=b,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["aminah", "siti"], ["aminah", "siti"], "sama"),
        (["nurhayati", "saleh"], ["nurhayaty", "saleh"], "kata_sama"),
        (["emi", "rahmah"], ["eai", "rahmah"], "kata_sama"),  # one typing slip
        (["aminah", "hasanah", "siti"], ["aminah", "siti"], "kata_sebagian"),
        (["muhamad", "rizki", "saleh"], ["fajar", "muhamad", "saleh"], "kata_bertentangan"),
        (["budi", "santoso"], ["agus", "wibowo"], "beda"),
    ],
)
def test_name_levels(a, b, expected):
    assert name_level(a, b) == expected
    assert name_level(b, a) == expected


words = st.text(alphabet="abdehikmnrsuy", min_size=1, max_size=10)


def _one_slip(word: str, draw_index: int, kind: int) -> str:
    """``word`` after one typing slip: a letter changed, dropped, added or swapped."""
    i = draw_index % len(word)
    if kind == 0:
        return word[:i] + ("a" if word[i] != "a" else "e") + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + "u" + word[i:]
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1 :] if j > i else word


@given(words, st.integers(0, 20), st.integers(0, 3), words)
def test_word_similarity_is_jaro_winkler_or_one_damerau_slip(word, index, kind, other):
    # DuckDB's SLIP avoids damerau_levenshtein for speed; the pairs it accepts must be exactly
    # those the plain definition accepts: Jaro–Winkler ≥ 0.88, or both words of three
    # letters or more and at most one insertion, deletion, change or neighbour swap apart.
    similar = f"jaro_winkler_similarity(x, y) >= {cmp.WORD_SIMILARITY} OR {cmp.SLIP['duckdb']}"
    plain = (
        f"jaro_winkler_similarity(x, y) >= {cmp.WORD_SIMILARITY} OR (length(x) >= 3 "
        "AND length(y) >= 3 AND damerau_levenshtein(x, y) <= 1)"
    )
    for x, y in [(word, _one_slip(word, index, kind)), (word, other)]:
        query = f"SELECT {similar}, {plain} FROM (SELECT {_literal(x)} AS x, {_literal(y)} AS y)"
        fast, reference = duckdb.sql(query).fetchall()[0]
        assert fast == reference, (x, y)
