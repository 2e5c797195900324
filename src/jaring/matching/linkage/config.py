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
    # Record pairs sampled to estimate u (how often non-matches agree by chance).
    u_max_pairs: float = 3e6
    # Below this many records the model keeps its built-in parameters instead of
    # training on the data: EM needs enough duplicates to learn from.
    min_training_records: int = 5_000
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
