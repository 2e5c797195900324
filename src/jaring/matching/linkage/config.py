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
    # Train with the stored u-probabilities (linkage.chance, estimated once by `jaring
    # estimate-u`) instead of sampling random pairs of each file: the sampling was 27 of
    # the 29 seconds a 10,000-record file took. Off, or with no stored u that fits the
    # comparisons: sampled per file as before.
    stored_u: bool = True
    # Record pairs sampled to estimate u (how often non-matches agree by chance).
    u_max_pairs: float = 3e6
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
    # and in a whole-registry run.
    registry_training: bool = False
    seed: int = 42
    # DuckDB's working memory; it spills to disk beyond this.
    duckdb_memory_limit: str = "1500MB"


def matching_config() -> MatchingConfig:
    """Defaults overridden by whatever ``settings.JARING_MATCHING`` names."""
    try:
        from django.conf import settings

        overrides = dict(getattr(settings, "JARING_MATCHING", {}) or {})
    except Exception:  # Django not configured: defaults only.
        overrides = {}
    known = {f.name for f in fields(MatchingConfig)}
    return MatchingConfig(**{k.lower(): v for k, v in overrides.items() if k.lower() in known})
