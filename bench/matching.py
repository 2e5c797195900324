"""Benchmark: deduplicate 1,000,000 generated listings, end to end, as `jaring dedupe` does.

Generates the project's held-out linkage data (``jaring.synthetic.linkage``: the same
workers listed by several offices with NIK, name and date damage, plus twins, spouses
and namesakes), writes it as the CSV `jaring dedupe` reads, then times reading,
training, scoring and clustering in this process, and prints pairwise precision,
recall and F1 against the truth next to the exact-NIK baseline from the same run.
Bars: under 3 minutes on a 2-core machine, peak memory under 4 GB,
precision ≥ 0.99 and F1 ≥ 0.98.

    python bench/matching.py [--records N] [--seed S]

The data is generated in a child process (cached under bench/out/), so the peak
memory printed (ru_maxrss) is that of the dedupe run alone.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

TARGET_SECONDS = 180
TARGET_PEAK_MB = 4096
TARGET_PRECISION = 0.99
TARGET_F1 = 0.98


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    import polars as pl

    from jaring.matching.evaluation import exact_nik_clusters, pairwise_scores
    from jaring.matching.linkage import dedupe
    from jaring.matching.linkage.io import read_records
    from jaring.synthetic.linkage import generate

    if args.child_generate:
        generate(args.records, seed=args.seed).write_parquet(args.child_generate)
        return
    cached = OUT / f"linkage-{args.records}-{args.seed}.parquet"
    if not cached.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--records", str(args.records), "--seed", str(args.seed),
             "--child-generate", str(cached)],
            check=True,
        )  # fmt: skip
        print(f"generated in {time.perf_counter() - started:.1f}s → {cached}")
    truth = pl.read_parquet(cached)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        truth.drop("_person").write_csv(path)
        out = Path(folder) / "clusters.csv"
        started = time.perf_counter()
        result = dedupe(read_records(path))
        result.clusters.write_csv(out)
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    clusters = truth.select("record_id", "_person").join(result.clusters, on="record_id")
    assert clusters.height == truth.height, "every record must have a cluster"
    scores = pairwise_scores(clusters.get_column("cluster_id"), clusters.get_column("_person"))
    baseline = pairwise_scores(exact_nik_clusters(truth), truth.get_column("_person"))
    n_clusters = result.clusters.get_column("cluster_id").n_unique()
    linked = result.pairs.filter(pl.col("linked")).height
    guarded = result.pairs.filter(pl.col("ditolak_aturan")).height

    def bar(ok: bool) -> str:
        return "OK" if ok else "NOT MET"

    rows = [
        ("records", f"{truth.height:,}", ""),
        ("clusters", f"{n_clusters:,}", f"(true persons {truth['_person'].n_unique():,})"),
        ("scored pairs", f"{result.pairs.height:,}",
         f"({linked:,} linked, {guarded:,} kept apart by the family rule)"),
        ("seconds", f"{seconds:.1f}",
         f"target < {TARGET_SECONDS}  {bar(seconds < TARGET_SECONDS)}"),
        ("peak memory MB", f"{peak_mb:,.0f}",
         f"target < {TARGET_PEAK_MB}  {bar(peak_mb < TARGET_PEAK_MB)}"),
        ("precision", f"{scores.precision:.4f}",
         f"target ≥ {TARGET_PRECISION}  {bar(scores.precision >= TARGET_PRECISION)}"),
        ("recall", f"{scores.recall:.4f}", ""),
        ("F1", f"{scores.f1:.4f}", f"target ≥ {TARGET_F1}  {bar(scores.f1 >= TARGET_F1)}"),
        ("exact-NIK baseline F1", f"{baseline.f1:.4f}",
         f"(precision {baseline.precision:.4f}, recall {baseline.recall:.4f})"),
    ]  # fmt: skip
    for name, value, note in rows:
        print(f"{name:>22}  {value:>10}  {note}")
    ok = (
        seconds < TARGET_SECONDS
        and peak_mb < TARGET_PEAK_MB
        and scores.precision >= TARGET_PRECISION
        and scores.f1 >= TARGET_F1
    )
    print("all bars met" if ok else "SOME BARS NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
