"""Benchmark: starting Jaring — ``jaring init`` when nothing has to change.

``make run`` runs ``jaring init`` before serving, so its no-op cost is paid on every
start. Timed here as a user pays it: the real console script, in a fresh process, on a
throwaway SQLite var dir that a first ``init`` has filled (migrations and all 91,599
regions). Baselines from the same run: a process that only starts Django
(``django.setup()``), and the full load ``jaring wilayah load`` that init used to repeat.

    python bench/init.py [--runs 5]

Target: a no-op init in under 2 s on this machine.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JARING = Path(sys.executable).parent / "jaring"
TARGET_SECONDS = 2.0


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="jaring-bench-init-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["JARING_VAR_DIR"] = var_dir
        reference = ROOT / "var" / "reference"
        if reference.is_dir():
            (Path(var_dir) / "reference").symlink_to(reference, target_is_directory=True)
        first = timed([str(JARING), "init"], env)
        setup = [sys.executable, "-c", "import django, os; "
                 "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jaring.settings'); "
                 "django.setup()"]  # fmt: skip
        figures = {
            "django.setup() only (baseline)": [timed(setup, env) for _ in range(runs)],
            "jaring init, nothing changed": [
                timed([str(JARING), "init"], env) for _ in range(runs)
            ],
            "jaring wilayah load (full load)": [
                timed([str(JARING), "wilayah", "load"], env) for _ in range(max(1, runs // 2))
            ],
        }
    print(f"first jaring init on an empty database: {first:.2f} s")
    for label, times in figures.items():
        print(f"{label:38} median {statistics.median(times):.2f} s  (best {min(times):.2f} s)")
    noop = statistics.median(figures["jaring init, nothing changed"])
    verdict = "met" if noop < TARGET_SECONDS else "NOT met"
    print(f"target: no-op init under {TARGET_SECONDS:.0f} s — {verdict}")


if __name__ == "__main__":
    main()
