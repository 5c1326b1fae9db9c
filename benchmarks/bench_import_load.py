"""Time `import diplo; diplo.load("events")` against `import pandas`, in fresh processes.

Each variant runs in a new interpreter (so imports are never cached), the
variants are interleaved round by round (so a slow moment of the machine
hits them all alike), and the median of the rounds is reported with its
ratio to `import pandas`, the floor any pandas-based loader stands on.

Peers, side by side:

- ``pandas``: ``import pandas`` (the baseline).
- ``pandas.read_csv``: pandas reading events.csv with no types and no checks.
- ``diplo.load``: diplo reading and checking the whole data package (all five
  tables, keys and rules) and typing the events table.
- ``frictionless``: ``frictionless.validate`` of the same data package, the
  ecosystem's reference validator (the check ``make test`` also runs).

Target: diplo.load / pandas <= 1.3.

    python benchmarks/bench_import_load.py [--rounds 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _table import print_medians

DATA = Path(__file__).resolve().parent.parent / "data"

VARIANTS = {
    "pandas": "import pandas",
    "pandas.read_csv": f"import pandas; pandas.read_csv({str(DATA / 'events.csv')!r})",
    "diplo.load": "import diplo; diplo.load('events')",
    "frictionless": f"import frictionless; frictionless.validate({str(DATA / 'datapackage.json')!r})",
}
TARGET = 1.3


# As installed: pip compiles a wheel's modules to bytecode, and Python caches what it compiles, so
# the processes may write __pycache__ (the warm-up run does) even where the caller's environment
# says PYTHONDONTWRITEBYTECODE; else diplo alone would be compiled from source in every run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11, help="rounds (default 11, at least 5)")
    args = parser.parse_args(argv)
    rounds = max(args.rounds, 5)
    for code in VARIANTS.values():  # warm the file-system cache once
        run_once(code)
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(rounds):
        for name, code in VARIANTS.items():
            times[name].append(run_once(code))
    print(f"median of {rounds} interleaved runs, each in a fresh process ({sys.version.split()[0]})")
    base = print_medians(times, "pandas", label="vs pandas")
    ratio = statistics.median(times["diplo.load"]) / base
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"\nimport diplo + load('events') / import pandas = {ratio:.2f} ({verdict} the target of {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
