"""Matching thresholds and training sizes, from ``settings.JARING_MATCHING``.

Thresholds are policy (how sure must the system be before it merges two listings
without a verifier?), so they live in settings, not in code; the values here are the
defaults measured on the project's synthetic Kaltim data (README, bench/matching.py).
Read lazily, so the linkage code also runs where Django is not configured (the
benchmark's generator, a notebook).
"""

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class MatchingConfig:
    # At or above: the same person, merged without review (jaring dedupe clusters here).
    merge_threshold: float = 0.95
    # Between review_threshold and merge_threshold: a verifier decides.
    review_threshold: float = 0.50
    # Use the stored u-probabilities (linkage.chance, estimated once by `jaring
    # estimate-u`) instead of sampling random pairs of each file (the sampling was 27 of
    # the 29 seconds a 10,000-record file took), and in untrained models (small files,
    # the registry's linking) instead of the hand-set u. Off, or with no stored u that
    # fits the comparisons: sampled per file, hand-set where untrained, as before.
    stored_u: bool = True
    # Record pairs sampled to estimate u (how often non-matches agree by chance).
    u_max_pairs: float = 3e6
    # Record pairs EM trains on per blocking pass, at most (None: all). Splink then
    # samples records on both sides, so duplicates keep their share. Off by default:
    # a million records give 1.6 million training pairs, and the probe that sizes the
    # sample cost a 10,000-record file a second. For tens of millions on Spark, set it.
    em_max_pairs: float | None = None
    # Below this many records the model keeps its built-in parameters instead of
    # training on the data: EM needs enough duplicates to learn from.
    min_training_records: int = 5_000
    # Whether linking the registry (not a `jaring dedupe` file) trains the model too.
    # Off by default: the registry holds one golden record per NIK, so the exact-NIK
    # pass, which teaches the name and date levels, has nothing to learn from; EM on
    # the birth-date/district pass alone gave no measurable gain (held-out linkage
    # data, 40,000 golden records: precision 0.995 / recall 0.972 trained, 0.993 /
    # 0.974 with the built-in parameters) at 13× the time (62 s against 4.7 s for
    # 100,000 persons), and would score the same pair differently after an intake
    # and in a whole-registry run. Untrained, it scores with the stored u and the
    # hand-set m: on two held-out registries of ~99,000 golden records the merges'
    # precision rose from 0.986/0.989 (hand-set u) to 0.989/0.992 at the same recall
    # (0.978/0.980), and the review queue fell from ~100 pairs to ~57.
    registry_training: bool = False
    seed: int = 42
    # DuckDB's working memory; it spills to disk beyond this.
    duckdb_memory_limit: str = "1500MB"
    # Where the linkage SQL runs (``engine``): "duckdb" in this process, or "spark" —
    # the same model on Splink's Spark backend, for a registry past one server.
    engine: str = "duckdb"
    # Spark's master: "local[*]" runs Spark inside this machine (every core); a
    # cluster's URL ("spark://host:7077", "yarn") runs it there.
    spark_master: str = "local[*]"
    # The driver's memory (it collects the scored pairs) and, on a cluster, a folder
    # every executor can reach for Splink's intermediate tables ("" = a local temporary
    # folder, right for local mode only).
    spark_driver_memory: str = "3g"
    spark_checkpoint_dir: str = ""


def matching_config() -> MatchingConfig:
    """Defaults overridden by whatever ``settings.JARING_MATCHING`` names."""
    try:
        from django.conf import settings

        overrides = dict(getattr(settings, "JARING_MATCHING", {}) or {})
    except Exception:  # Django not configured: defaults only.
        overrides = {}
    known = {f.name for f in fields(MatchingConfig)}
    return MatchingConfig(**{k.lower(): v for k, v in overrides.items() if k.lower() in known})
