"""Train the linkage model on the records themselves and score candidate pairs.

Unsupervised, because no agency has labelled pairs: u (how often two different people
agree by chance) as stored for the population (``chance``: estimated once from the
registry or a large list; from random pairs of the file itself when none fits), m (how
often the same person agrees) by expectation maximisation on two blocking passes that
each leave some comparisons free to learn — pairs with the same NIK teach names, dates,
region and phone; pairs with the same birth date and district teach the NIK levels.
Small inputs (a test file, one office's list) are too small to learn m from and keep the
built-in starting m below (set by hand near what training on the synthetic Kaltim data
learns), with the stored u; so does the registry's linking (``config.registry_training``).

Runs on DuckDB in memory, or on Spark (``engine``) with the same settings.
"""

import logging
import math
from dataclasses import dataclass

import polars as pl
from splink import Linker, SettingsCreator, block_on

from jaring.matching.linkage import chance, engine
from jaring.matching.linkage import comparisons as cmp
from jaring.matching.linkage.config import MatchingConfig

# Starting m and u per comparison, level order as in ``comparisons`` (null level
# excluded). Set by hand, near what training on the synthetic Kaltim data learns; m used
# as it is below ``min_training_records`` and as EM's starting point above it; u only
# where no stored estimate fits the comparisons (``chance``).
PRIOR = {
    "nik": ([0.80, 0.03, 0.02, 0.03, 0.03, 0.09], [1e-6, 1e-8, 1e-8, 2e-7, 1e-8, 0.999]),
    "nama": ([0.55, 0.25, 0.15, 0.02, 0.03], [1e-4, 1e-4, 5e-4, 0.02, 0.98]),
    "tanggal_lahir": ([0.90, 0.02, 0.03, 0.02, 0.03], [6e-5, 6e-5, 1.2e-4, 2e-4, 0.999]),
    "jenis_kelamin": ([0.99, 0.01], [0.52, 0.48]),
    "kode_wilayah": ([0.85, 0.04, 0.03, 0.08], [0.001, 0.01, 0.15, 0.84]),
    "no_hp": ([0.65, 0.001, 0.35], [1e-5, 1e-6, 0.99999]),
    "alamat": ([0.6, 0.15, 0.25], [0.001, 0.01, 0.989]),
}
PRIOR_PROBABILITY_TWO_RANDOM_RECORDS_MATCH = 3e-6
TRAINING_BLOCKS = [block_on("nik"), block_on("tanggal", "kecamatan")]
COMPARED_COLUMNS = [
    "nik", "nik12", "nama", "tokens", "name_key", "tanggal", "hari", "tahun",
    "jenis_kelamin", "kode_wilayah", "kecamatan", "kabupaten", "no_hp", "alamat",
]  # fmt: skip

logging.getLogger("splink").setLevel(logging.WARNING)
# "Level … not observed in dataset, unable to train m value": a level no pair of this
# file reached keeps its starting m, which is what it should do; said in English on
# every small file, it only alarms the clerk reading the output.
logging.getLogger("splink.internals.expectation_maximisation").setLevel(logging.ERROR)


def settings(
    probability_two_random_records_match: float,
    priors: dict[str, tuple[list[float], list[float]]] = PRIOR,
) -> SettingsCreator:
    comps = cmp.comparisons(priors)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comps,
        blocking_rules_to_generate_predictions=cmp.blocking_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        # Gamma (the level reached) is retained only with the compared columns; those
        # stay in the database (``predict`` fetches what the pairs need).
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["record_id"],
        max_iterations=20,
    )


@dataclass
class Model:
    linker: Linker
    db_api: object  # Splink's DuckDBAPI or SparkAPI (``engine``)
    trained: bool
    # "tersimpan" (chance), "sampel" (this file's pairs), "bawaan" (PRIOR's own u)
    u_source: str = "bawaan"


def build(features: pl.DataFrame, config: MatchingConfig, db_api=None) -> Model:
    """A linker over ``features`` (from ``features.prepare``), trained when the data is
    big enough."""
    if db_api is None:
        db_api = engine.database(config)
    table = db_api.register(
        features.select("unique_id", "record_id", *COMPARED_COLUMNS).to_arrow(),
        dataset_display_name="records",
    )
    n = features.height
    # Expected share of duplicate pairs, from the exact-NIK duplicates (which exact
    # grouping finds about two thirds of): a start that EM refines.
    nik_pairs = (
        features.filter(pl.col("nik").is_not_null()).group_by("nik").len()
        .select((pl.col("len") * (pl.col("len") - 1) / 2).sum()).item()
    )  # fmt: skip
    total_pairs = max(1.0, n * (n - 1) / 2)
    prior = (
        min(0.5, max(1e-9, (nik_pairs * 1.5) / total_pairs))
        if nik_pairs
        else (PRIOR_PROBABILITY_TWO_RANDOM_RECORDS_MATCH)
    )
    trained = False
    # The stored u serve untrained models too (a small file, the registry's linking):
    # on held-out registries they merged fewer wrong pairs than the hand-set u and
    # halved the review queue, at the same recall (docs/architecture.md).
    stored = chance.load() if config.stored_u else None
    if stored is not None:
        priors = {name: (m, stored[name]) for name, (m, _u) in PRIOR.items()}
        linker = Linker(table, settings(prior, priors), log_level=None)
        u_source = "tersimpan"
    else:
        linker = Linker(table, settings(prior), log_level=None)
        u_source = "bawaan"
    if n >= config.min_training_records:
        if stored is None:
            linker.training.estimate_u_using_random_sampling(
                max_pairs=config.u_max_pairs, seed=config.seed
            )
            u_source = "sampel"
        for rule in TRAINING_BLOCKS:
            if rule is TRAINING_BLOCKS[0] and not nik_pairs:
                # The registry holds one golden record per NIK: the exact-NIK pass has
                # nothing to learn from there (Splink refuses an empty pass), and the
                # other pass still frees the NIK levels.
                continue
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=config.em_max_pairs
            )
        trained = True
    return Model(linker=linker, db_api=db_api, trained=trained, u_source=u_source)


def predict(model: Model, threshold: float) -> pl.DataFrame:
    """Scored pairs at or above ``threshold`` (match probability), with gamma levels."""
    weight = math.log2(threshold / (1 - threshold)) if 0 < threshold < 1 else None
    scored = model.linker.inference.predict(threshold_match_weight=weight, warning_mode="never")
    # Levels and weights, not both records' compared columns: at a million records
    # those took a gigabyte more on their way out of the database.
    wanted = ["unique_id_l", "unique_id_r", "record_id_l", "record_id_r", "match_weight",
              "match_probability"]  # fmt: skip
    for name in cmp.COMPARISONS:
        wanted += [f"gamma_{name}", f"mw_{name}"]
    return engine.frame(scored, wanted)
