"""Time the whole report suite: `diplo report` cold and unchanged, against serial `papermill` commands.

Side by side, in one run, on the same machine:

- ``papermill``: each notebook of reports.yml run with the `papermill` command, one after
  another, with its parameters (what a Makefile of papermill calls does; no HTML);
- ``diplo cold``: `diplo report --force` in a fresh process (one import of papermill and
  nbconvert, parallel kernels, HTML, index and manifest);
- ``diplo unchanged``: `diplo report` again with nothing changed, in a fresh process (the
  cache path: it imports neither papermill nor nbconvert).

Each variant runs ``--rounds`` times (default 3); medians are reported with the ratios.
Goals: cold <= 0.4 x papermill; unchanged <= 1 s for the whole suite.

    python benchmarks/bench_reports.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from _table import print_medians

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kwargs)
    return time.perf_counter() - start


def papermill_serial(out: Path) -> float:
    config = yaml.safe_load((ROOT / "reports.yml").read_text(encoding="utf-8"))["reports"]
    start = time.perf_counter()
    for report in config:
        cmd = [str(BIN / "papermill"), report["notebook"], str(out / f"{report['id']}.ipynb"), "--no-progress-bar",
               "-k", "python3", "--cwd", str(Path(report["notebook"]).parent)]
        for name, value in (report.get("parameters") or {}).items():
            cmd += ["-y", yaml.safe_dump({name: value}, default_flow_style=True).strip()]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    n = len(yaml.safe_load((ROOT / "reports.yml").read_text(encoding="utf-8"))["reports"])
    times = {"papermill (serial commands)": [], "diplo report (cold)": [], "diplo report (unchanged)": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for _ in range(max(args.rounds, 1)):
            pm_out = tmp / "papermill"
            shutil.rmtree(pm_out, ignore_errors=True)
            pm_out.mkdir()
            times["papermill (serial commands)"].append(papermill_serial(pm_out))
            out = tmp / "reports"
            times["diplo report (cold)"].append(timed([str(BIN / "diplo"), "report", "--force", "--output", str(out)]))
            times["diplo report (unchanged)"].append(timed([str(BIN / "diplo"), "report", "--output", str(out)]))
    print(f"{n} reports, median of {args.rounds} rounds, {Path('/proc/cpuinfo').read_text().count('processor')} cores")
    base = print_medians(times, "papermill (serial commands)", label="vs papermill", digits=2)
    cold = statistics.median(times["diplo report (cold)"]) / base
    unchanged = statistics.median(times["diplo report (unchanged)"])
    print(f"\ncold / papermill = {cold:.2f} (goal <= 0.4); unchanged = {unchanged:.2f} s (goal <= 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
