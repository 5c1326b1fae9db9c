"""The table the benchmarks print: each variant's median, min and max, and its ratio to a baseline."""

from __future__ import annotations

import statistics


def print_medians(times: dict[str, list[float]], base: str, *, label: str, digits: int = 3) -> float:
    """Print one row per variant (median, min, max seconds, median / the median of ``base``); return that median."""
    width = max(len(name) for name in times) + 2
    reference = statistics.median(times[base])
    print(f"{'variant':{width}} {'median s':>9} {'min s':>7} {'max s':>7} {label:>13}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:{width}} {med:9.{digits}f} {min(values):7.{digits}f} {max(values):7.{digits}f} "
              f"{med / reference:12.2f}x")
    return reference
