"""What the model compares, level by level, and which pairs it looks at.

Each comparison is a list of levels from strongest to weakest agreement; Splink learns
how much each level says (m and u, hence a match weight) and the sum of weights is the
evidence for a pair. The levels are the errors seen in agencies' lists (domain.md):
a NIK with one digit changed, two digits swapped, or the 16th digit zeroed by
Excel; a name spelt another way, shortened, or in another word order; a birth date
with day and month swapped, a day off, or one digit of the year wrong.

The SQL is common to DuckDB and Spark (``engine``) except where a level says both:
equality, ``substr``, ``levenshtein``, ``length`` and ``abs`` are the same in each;
``damerau_levenshtein`` is DuckDB's own and, on Spark, the UDF Splink registers from
its similarity JAR under the same name; the name-word comparison needs Jaro–Winkler
(``jaro_winkler_similarity`` in DuckDB, the JAR's ``jaro_winkler`` on Spark) and list
lambdas, written for each (``DialectLevel``).
Blocking rules are plain equalities and need no change.
"""

from splink import block_on
from splink import comparison_level_library as cll
from splink import comparison_library as cl

# Two name words are the same word when Jaro–Winkler ≥ this (Rahmat/Rahmad, Nurhayati
# /Nurhayaty) — below it, different names (Rizki/Rizal 0.87) — or when one typing slip
# apart (Emi/Eai, Mahmud/Maumud). The price: twins named one letter apart (Rina/Rini)
# look like one person; the NIK serial then is the only difference left.
WORD_SIMILARITY = 0.88


# One typing slip between words of three letters or more: Damerau–Levenshtein ≤ 1.
# On DuckDB it is written without damerau_levenshtein: inside a list lambda DuckDB
# evaluates every branch of an OR, and that function cost two thirds of deduplicating a
# million records. The same set of word pairs: Levenshtein ≤ 1 is every slip but a swap
# of neighbours; a swap in a word of four letters or more already scores Jaro–Winkler
# ≥ 0.91 (all letters match within the window, one transposition), so only three-letter
# swaps need their own test (tests/matching/test_linkage_levels.py checks the
# equivalence). Spark keeps the plain definition (the JAR's damerau_levenshtein).
SLIP = {
    "duckdb": "(length(x) >= 3 AND length(y) >= 3 AND (levenshtein(x, y) <= 1 OR "
    "(length(x) = 3 AND (x[2] || x[1] || x[3] = y OR x[1] || x[3] || x[2] = y))))",
    "spark": "(length(x) >= 3 AND length(y) >= 3 AND damerau_levenshtein(x, y) <= 1)",
}


def _unmatched(a: str, b: str, dialect: str) -> str:
    """Number of words of side ``a`` with no similar word on side ``b``."""
    if dialect == "spark":
        return (
            f"size(filter({a}, x -> size(filter({b}, y -> "
            f"jaro_winkler(x, y) >= {WORD_SIMILARITY} OR {SLIP['spark']})) = 0))"
        )
    return (
        f"len(list_filter({a}, lambda x: NOT list_bool_or(list_transform({b}, "
        f"lambda y: jaro_winkler_similarity(x, y) >= {WORD_SIMILARITY} "
        f"OR {SLIP['duckdb']}))))"
    )


class DialectLevel(cll.CustomLevel):
    """A level whose condition is written once per backend: ``condition(dialect)``
    gives the SQL for ``"duckdb"`` or ``"spark"``."""

    def __init__(self, condition, label_for_charts: str):
        super().__init__(condition("duckdb"), label_for_charts=label_for_charts)
        self.condition = condition

    def create_sql(self, sql_dialect) -> str:
        return self.condition(sql_dialect.sql_dialect_str)


def _words(template: str):
    """A name-word condition: ``template`` with ``{l}``/``{r}`` for the count of each
    side's unmatched words and ``{size_l}`` for the number of words on the left."""

    def condition(dialect: str) -> str:
        size = "size" if dialect == "spark" else "len"
        return template.format(
            l=_unmatched("tokens_l", "tokens_r", dialect),
            r=_unmatched("tokens_r", "tokens_l", dialect),
            size_l=f"{size}(tokens_l)",
        )

    return condition


# Level labels, in order; ``model.agreements`` turns gamma values back into these.
NIK_LEVELS = ["sama", "excel", "urut_1_digit", "1_digit", "tukar", "beda"]
NAME_LEVELS = ["sama", "kata_sama", "kata_sebagian", "kata_bertentangan", "beda"]
DATE_LEVELS = ["sama", "hari_bulan_tukar", "selisih_1_hari", "tahun_1_digit", "beda"]
SEX_LEVELS = ["sama", "beda"]
REGION_LEVELS = ["desa", "kecamatan", "kabupaten", "beda"]
PHONE_LEVELS = ["sama", "1_digit", "beda"]
ADDRESS_LEVELS = ["mirip", "agak_mirip", "beda"]


def nik_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.ExactMatchLevel("nik").configure(label_for_charts="sama"),
            # Excel keeps 15 significant digits: the 16th becomes 0 (or is lost).
            # (Twins differ in the last digit too, hence the 0 that Excel leaves.)
            cll.CustomLevel(
                "substr(nik_l, 1, 15) = substr(nik_r, 1, 15) AND (substr(nik_l, 16, 1) IN "
                "('0', '') OR substr(nik_r, 16, 1) IN ('0', ''))",
                label_for_charts="excel",
            ),
            # One digit wrong in the serial (13–16): also what twins look like, which is
            # why names must decide (see rules.py).
            cll.CustomLevel(
                "nik12_l = nik12_r AND levenshtein(nik_l, nik_r) = 1",
                label_for_charts="urut_1_digit",
            ),
            cll.CustomLevel("levenshtein(nik_l, nik_r) = 1", label_for_charts="1_digit"),
            cll.CustomLevel("damerau_levenshtein(nik_l, nik_r) = 1", label_for_charts="tukar"),
            cll.ElseLevel(),
        ],
    )


def name_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nama",
        comparison_levels=[
            cll.NullLevel("nama"),
            cll.ExactMatchLevel("nama").configure(label_for_charts="sama"),
            # Every word has a similar word on the other side: spelling, order.
            DialectLevel(_words("{l} = 0 AND {r} = 0"), label_for_charts="kata_sama"),
            # One name's words all appear in the other: a word or title left out.
            DialectLevel(_words("{l} = 0 OR {r} = 0"), label_for_charts="kata_sebagian"),
            # Some words shared, but each side has a name the other lacks: siblings,
            # twins, namesakes of one word ("Muhammad Rizki" / "Muhammad Fajar").
            DialectLevel(_words("{l} < {size_l}"), label_for_charts="kata_bertentangan"),
            cll.ElseLevel(),
        ],
    )


def date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="tanggal_lahir",
        comparison_levels=[
            cll.NullLevel("tanggal"),
            cll.ExactMatchLevel("tanggal").configure(label_for_charts="sama"),
            cll.CustomLevel(
                "substr(tanggal_l, 1, 4) = substr(tanggal_r, 1, 4) "
                "AND substr(tanggal_l, 6, 2) = substr(tanggal_r, 9, 2) "
                "AND substr(tanggal_l, 9, 2) = substr(tanggal_r, 6, 2)",
                label_for_charts="hari_bulan_tukar",
            ),
            cll.CustomLevel("abs(hari_l - hari_r) <= 1", label_for_charts="selisih_1_hari"),
            cll.CustomLevel(
                "substr(tanggal_l, 6, 5) = substr(tanggal_r, 6, 5) "
                "AND levenshtein(substr(tanggal_l, 1, 4), substr(tanggal_r, 1, 4)) = 1",
                label_for_charts="tahun_1_digit",
            ),
            cll.ElseLevel(),
        ],
    )


def region_comparison() -> cl.CustomComparison:
    """Domicile, by Kemendagri code prefix: village, district, regency."""
    return cl.CustomComparison(
        output_column_name="kode_wilayah",
        comparison_levels=[
            cll.NullLevel("kode_wilayah"),
            cll.ExactMatchLevel("kode_wilayah").configure(label_for_charts="desa"),
            cll.ExactMatchLevel("kecamatan").configure(label_for_charts="kecamatan"),
            cll.ExactMatchLevel("kabupaten").configure(label_for_charts="kabupaten"),
            cll.ElseLevel(),
        ],
    )


def sex_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="jenis_kelamin",
        comparison_levels=[
            cll.NullLevel("jenis_kelamin"),
            cll.ExactMatchLevel("jenis_kelamin").configure(label_for_charts="sama"),
            cll.ElseLevel(),
        ],
    )


def phone_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="no_hp",
        comparison_levels=[
            cll.NullLevel("no_hp"),
            cll.ExactMatchLevel("no_hp").configure(label_for_charts="sama"),
            cll.CustomLevel("levenshtein(no_hp_l, no_hp_r) = 1", label_for_charts="1_digit"),
            cll.ElseLevel(),
        ],
    )


def address_comparison() -> cl.CustomComparison:
    """Weak evidence: families share an address, clerks write it many ways."""
    return cl.CustomComparison(
        output_column_name="alamat",
        comparison_levels=[
            cll.NullLevel("alamat"),
            cll.JaroWinklerLevel("alamat", 0.95).configure(label_for_charts="mirip"),
            cll.JaroWinklerLevel("alamat", 0.85).configure(label_for_charts="agak_mirip"),
            cll.ElseLevel(),
        ],
    )


# Every comparison's level labels, strongest first, for explaining a pair (the review
# queue shows them); a test checks each list against its comparison's levels.
LEVEL_LABELS = {
    "nik": NIK_LEVELS,
    "nama": NAME_LEVELS,
    "tanggal_lahir": DATE_LEVELS,
    "jenis_kelamin": SEX_LEVELS,
    "kode_wilayah": REGION_LEVELS,
    "no_hp": PHONE_LEVELS,
    "alamat": ADDRESS_LEVELS,
}

COMPARISONS = {
    "nik": nik_comparison,
    "nama": name_comparison,
    "tanggal_lahir": date_comparison,
    "jenis_kelamin": sex_comparison,
    "kode_wilayah": region_comparison,
    "no_hp": phone_comparison,
    "alamat": address_comparison,
}


def comparisons(priors: dict[str, tuple[list[float], list[float]]]) -> list:
    """All comparisons, each non-null level starting from the (m, u) in ``priors``."""
    built = []
    for name, make in COMPARISONS.items():
        comparison = make()
        m, u = priors[name]
        levels = [lvl for lvl in comparison.create_comparison_levels() if not _is_null(lvl)]
        for level, m_p, u_p in zip(levels, m, u, strict=True):
            level.configure(m_probability=m_p, u_probability=u_p)
        built.append(comparison)
    return built


def _is_null(level) -> bool:
    return isinstance(level, cll.NullLevel)


def blocking_rules() -> list:
    """Pairs worth scoring. Each rule catches duplicates the others miss, and each
    keeps blocks small at a million records (a few million pairs in all):

    * same NIK; same first 12 digits (serial typos, Excel zeroing — and twins);
    * same birth date and district (any NIK damage, any name spelling);
    * same name key and birth year, or name key and district (date typos too);
    * same phone number (moved, NIK and date both damaged).
    """
    return [
        block_on("nik"),
        block_on("nik12"),
        block_on("tanggal", "kecamatan"),
        block_on("name_key", "tahun"),
        block_on("name_key", "kecamatan"),
        block_on("no_hp"),
    ]
