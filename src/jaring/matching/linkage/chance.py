"""How often two *different* people agree by chance (the u-probabilities), estimated once
and stored, so that deduplicating a file does not pay for it every time.

u depends on the population (how common a name, a birth date or a district is among
workers), not on the file at hand: an office's list of 10,000 and a province's of a
million draw from the same people. Estimating it from three million random pairs took
27 of the 29 seconds `jaring dedupe` spent on a 10,000-record file, a fixed cost paid by
every file. So u is estimated once — from the registry or a large list, by `jaring
estimate-u` — and stored as JSON with the model; training on a file then only runs
expectation maximisation for m (how often the *same* person agrees), which does depend
on how the file was damaged.

Where it is read from: ``VAR_DIR/matching/peluang_kebetulan.json`` when an installation
has estimated its own, else the copy packaged with Jaring (estimated on the synthetic
Kaltim linkage data, see ``data/``). Each file carries the *signature* of the
comparisons it was estimated for (every level's SQL): a changed comparison makes a
stored u unusable, and training then samples u itself as before (``model.build``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

from jaring.matching.linkage import comparisons as cmp

logger = logging.getLogger(__name__)

PACKAGED = Path(__file__).with_name("data") / "peluang_kebetulan.json"
FILE_NAME = "peluang_kebetulan.json"


def signature() -> str:
    """A fingerprint of every comparison's non-null levels, in order."""
    parts = []
    for comparison in cmp.comparisons(_neutral()):
        spec = comparison.get_comparison("duckdb").as_dict()
        levels = [lvl["sql_condition"] for lvl in spec["comparison_levels"]
                  if not lvl.get("is_null_level")]  # fmt: skip
        parts.append([spec["output_column_name"], levels])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def _neutral() -> dict[str, tuple[list[float], list[float]]]:
    """Placeholder (m, u) per level: ``comparisons`` needs some to build the levels."""
    counts = {
        name: sum(1 for lvl in make().create_comparison_levels() if not cmp._is_null(lvl))
        for name, make in cmp.COMPARISONS.items()
    }
    return {name: ([0.5] * n, [0.5] * n) for name, n in counts.items()}


def installation_path() -> Path | None:
    """The installation's own estimate, when Django is configured (else None)."""
    try:
        from django.conf import settings

        return Path(settings.VAR_DIR) / "matching" / FILE_NAME
    except Exception:  # Django not configured (the bench's generator, a notebook)
        return None


def load() -> dict[str, list[float]] | None:
    """u per comparison and level (null level excluded), from the installation's file or
    the packaged one, whichever exists first and fits today's comparisons; None if none
    does."""
    wanted = signature()
    for path in filter(None, (installation_path(), PACKAGED)):
        if not path.is_file():
            continue
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("Peluang kebetulan tersimpan tidak terbaca: %s", path)
            continue
        if stored.get("signature") != wanted:
            logger.warning("Peluang kebetulan di %s untuk perbandingan versi lain", path)
            continue
        return {name: [float(u) for u in levels] for name, levels in stored["u"].items()}
    return None


def from_linker(linker) -> dict[str, list[float]]:
    """The u of every non-null level of a linker, after ``estimate_u_using_random_sampling``."""
    model = linker.misc.save_model_to_json()
    return {
        spec["output_column_name"]: [
            float(level["u_probability"])
            for level in spec["comparison_levels"]
            if not level.get("is_null_level")
        ]
        for spec in model["comparisons"]
    }


def save(u: dict[str, list[float]], path: Path, *, source: str, records: int, pairs: float):
    """Write an estimate with what it was made from; the file replaces the old one whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "signature": signature(),
        "dibuat": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sumber": source,
        "catatan": records,
        "pasangan_acak": int(pairs),
        "u": u,
    }
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    return payload
