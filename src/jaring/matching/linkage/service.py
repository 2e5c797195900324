"""The linkage pipeline: prepare, train, score, apply the family guard, cluster.

One trained model serves both outputs of a run, so ``dedupe`` returns pairs and
clusters together; ``score`` is the same run without clustering (registry linking).
Clusters are connected components of the pairs at or above the merge threshold that
the family guard allows (Splink's own connected-components on the same database).
"""

from dataclasses import dataclass

import polars as pl
from splink.clustering import cluster_pairwise_predictions_at_threshold

from jaring.matching.linkage import comparisons as cmp
from jaring.matching.linkage import engine
from jaring.matching.linkage.config import MatchingConfig, matching_config
from jaring.matching.linkage.features import prepare
from jaring.matching.linkage.model import build, predict
from jaring.matching.linkage.rules import family_guard

COMPARISON_NAMES = list(cmp.COMPARISONS)


@dataclass
class DedupeResult:
    pairs: pl.DataFrame
    """record_id_l, record_id_r, match_weight, match_probability, gamma_* and mw_*
    per comparison (level reached, its weight), ``agreed`` (comparisons that agreed
    at their best level), ``ditolak_aturan`` (kept apart by the family guard) and
    ``linked`` (merged in the clusters)."""
    clusters: pl.DataFrame
    """record_id, cluster_id — every input record, singletons included."""
    trained: bool


def dedupe(
    records: pl.DataFrame, *, config: MatchingConfig | None = None, db_api=None
) -> DedupeResult:
    """Pairs at or above the review threshold, and clusters at the merge threshold.

    ``db_api``: a Splink database API; by default a new one for ``config.engine``
    (DuckDB in memory, bounded, or Spark: ``engine``)."""
    config = config or matching_config()
    features = prepare(records)
    del records  # the caller's frame may be the only other copy; let it go early
    model = build(features, config, db_api=db_api)
    try:
        scored = predict(model, config.review_threshold)
        pairs = _explain(scored, config)
        clusters = _cluster(model, features, pairs)
    finally:
        engine.release(model.db_api)
    return DedupeResult(pairs=pairs, clusters=clusters, trained=model.trained)


def score(
    records: pl.DataFrame, *, config: MatchingConfig | None = None
) -> tuple[pl.DataFrame, bool]:
    """``(pairs, trained)``: the pairs of ``dedupe`` without clustering, for the registry,
    which merges pair by pair under its own rules (``matching.services``)."""
    config = config or matching_config()
    features = prepare(records)
    del records
    model = build(features, config)
    try:
        return _explain(predict(model, config.review_threshold), config), model.trained
    finally:
        engine.release(model.db_api)


def _explain(scored: pl.DataFrame, config: MatchingConfig) -> pl.DataFrame:
    gammas = [f"gamma_{name}" for name in COMPARISON_NAMES]
    best = {name: _top_level(scored, name) for name in COMPARISON_NAMES}
    agreed = pl.concat_list(
        pl.when(pl.col(f"gamma_{name}") == best[name]).then(pl.lit(name))
        for name in COMPARISON_NAMES
    ).list.drop_nulls()
    guarded = family_guard()
    return scored.select(
        "unique_id_l",
        "unique_id_r",
        "record_id_l",
        "record_id_r",
        "match_weight",
        "match_probability",
        *gammas,
        *[f"mw_{name}" for name in COMPARISON_NAMES],
        agreed=agreed,
        ditolak_aturan=guarded,
        linked=(pl.col("match_probability") >= config.merge_threshold) & ~guarded,
    )


def _top_level(scored: pl.DataFrame, name: str) -> int:
    """The gamma value of a comparison's strongest level (level count − 1)."""
    comparison = cmp.COMPARISONS[name]()
    levels = comparison.create_comparison_levels()
    return len([lvl for lvl in levels if not isinstance(lvl, cmp.cll.NullLevel)]) - 1


def _cluster(model, features: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    db_api = model.db_api
    nodes = features.select("unique_id").to_arrow()
    edges = pairs.filter(pl.col("linked")).select("unique_id_l", "unique_id_r").to_arrow()
    components = cluster_pairwise_predictions_at_threshold(
        nodes, edges, db_api=db_api, node_id_column_name="unique_id"
    )
    result = engine.frame(components)
    ids = features.select("unique_id", "record_id")
    labelled = ids.join(result.select("unique_id", "cluster_id"), on="unique_id", how="left")
    # cluster_id: the smallest record_id of the cluster, stable and readable.
    return (
        labelled.with_columns(
            cluster_id=pl.col("record_id").min().over(pl.coalesce("cluster_id", "unique_id"))
        )
        .sort("unique_id")
        .select("record_id", "cluster_id")
    )
