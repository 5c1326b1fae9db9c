"""Import a GDELT-sized export: `diplo import` against hand-written peers, side by side.

Writes a synthetic GDELT 2.0 events export shaped like the real one (61
tab-separated columns, no header; default 2 million rows, about 640 MB;
about 1 row in 100 involves South Korea, Japan, the US or North Korea, as
in GDELT) and then, interleaved round by round, each in a fresh process:

- ``diplo import``: the whole import (validation, code mapping, rejected
  rows, Parquet partitioned by year) of the rows involving KOR, JPN, USA, PRK;
- ``pandas C``: ``pandas.read_csv`` (C engine, all columns as text), then the filter;
- ``pandas pyarrow``: the same with ``engine="pyarrow"``;
- ``duckdb SQL``: DuckDB SQL written by hand: read_csv and the filter, to a DataFrame;
- ``polars``: ``polars.scan_csv`` with the filter, collected.

It prints each median time, its ratio to the fastest peer and to pandas C,
and the peak memory (max RSS) of each process against the file size; then
the time of a KOR-JPN monthly-count query on the imported dataset.
Goals: diplo import <= 1.1 x the fastest peer and <= 0.5 x pandas C; peak
memory <= half the file's size; the query <= 50 ms.

    python benchmarks/bench_import.py [--rows 2000000] [--rounds 3] [--keep DIR]
    python benchmarks/bench_import.py --rows 6800000 --days 365 --share 0.5 --peers "diplo import"
        (a 2 GiB single-year export, half its rows kept: peak memory at the default limit)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diplo.importers.sources import GDELT2  # noqa: E402

CODES = ["KOR", "JPN", "USA", "PRK"]


def write_export(path: Path, rows: int, *, days: int = 3000, share: float = 0.015) -> None:
    """A synthetic GDELT 2.0 export, written by DuckDB (values drawn like GDELT's).

    ``days``: the dates span that many days from 2015-01-01 (3000: about 8 years; 365: one year).
    ``share``: about that share of rows has a Northeast Asian party (GDELT: about 1 in 100).
    """
    import duckdb

    slots = max(3, round(3 / share))  # rows whose hash falls in the first 3 of `slots` get a party

    picks = {
        "country": "['', '', 'USA', 'CHN', 'GBR', 'IND', 'RUS', 'FRA', 'DEU', 'NGA', 'AUS', 'CAN', 'PAK', 'ISR', "
                   "'IRN', 'TUR', 'BRA', 'ZAF', 'PHL', 'KEN']",
        "event": "['010', '020', '036', '040', '042', '043', '046', '051', '057', '111', '112', '120', '130', "
                 "'141', '173', '190', '193', '0214', '1041']",
    }
    cols = {
        "GLOBALEVENTID": "(400000000 + i)::VARCHAR",
        "SQLDATE": f"strftime(DATE '2015-01-01' + (i % {days})::INTEGER, '%Y%m%d')",
        "MonthYear": f"strftime(DATE '2015-01-01' + (i % {days})::INTEGER, '%Y%m')",
        "Year": f"strftime(DATE '2015-01-01' + (i % {days})::INTEGER, '%Y')",
        "FractionDate": "'2015.0000'",
        "Actor1Code": "'GOV'", "Actor1Name": "'GOVERNMENT'",
        # About `share` of rows have a Northeast Asian party (1 % in GDELT).
        "Actor1CountryCode": f"CASE WHEN hash(i) % {slots} = 0 THEN 'KOR' WHEN hash(i) % {slots} = 1 THEN 'JPN' "
                             f"ELSE {picks['country']}[1 + (hash(i * 7) % 20)::INTEGER] END",
        "Actor2Code": "'GOV'", "Actor2Name": "'MINISTRY'",
        "Actor2CountryCode": f"CASE WHEN hash(i) % {slots} = 0 AND hash(i * 5) % 2 = 0 THEN 'JPN' "
                             f"WHEN hash(i) % {slots} = 2 THEN 'PRK' "
                             f"ELSE {picks['country']}[1 + (hash(i * 13) % 20)::INTEGER] END",
        "IsRootEvent": "'1'",
        "EventCode": f"{picks['event']}[1 + (hash(i * 3) % 19)::INTEGER]",
        "QuadClass": "'1'", "GoldsteinScale": "'1.9'", "NumMentions": "(1 + hash(i) % 20)::VARCHAR",
        "NumSources": "'1'", "NumArticles": "'2'", "AvgTone": "'-1.23456789012345'",
        "ActionGeo_CountryCode": "'US'", "ActionGeo_FullName": "'Washington, District of Columbia, United States'",
        "DATEADDED": "'20230101000000'",
        "SOURCEURL": "'https://www.example.com/news/2023/01/01/a-story-about-diplomacy-' || i::VARCHAR || '.html'",
    }
    for c in GDELT2:
        if c not in cols:
            cols[c] = "'4'" if c.endswith("_Type") else "'38.8951'" if c.endswith("_Lat") else (
                "'-77.0364'" if c.endswith("_Long") else "'531871'" if c.endswith("FeatureID") else "''")
    cols["EventBaseCode"] = cols["EventCode"]
    cols["EventRootCode"] = f"substr({cols['EventCode']}, 1, 2)"
    select = ", ".join(f'{cols[c]} AS "{c}"' for c in GDELT2)
    duckdb.execute(f"COPY (SELECT {select} FROM range({rows}) t(i)) TO '{path}' "
                   "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')")


PEERS = {
    "diplo import": """
        from diplo.importers import import_files
        import_files("gdelt", {path!r}, {out!r}, actors={codes!r}, progress=False)
    """,
    "pandas C": """
        import pandas as pd
        df = pd.read_csv({path!r}, sep="\\t", header=None, names={names!r}, dtype=str, keep_default_na=False,
                         quoting=3)
        df = df[df["Actor1CountryCode"].isin({codes!r}) | df["Actor2CountryCode"].isin({codes!r})]
    """,
    "pandas pyarrow": """
        import pandas as pd
        df = pd.read_csv({path!r}, sep="\\t", header=None, names={names!r}, dtype=str, engine="pyarrow",
                         keep_default_na=False)
        df = df[df["Actor1CountryCode"].isin({codes!r}) | df["Actor2CountryCode"].isin({codes!r})]
    """,
    "duckdb SQL": """
        import duckdb
        df = duckdb.sql("SELECT * FROM read_csv('{path}', delim = '\\t', header = false, quote = '', "
                        "columns = {columns_sql}) WHERE Actor1CountryCode IN {codes_sql} "
                        "OR Actor2CountryCode IN {codes_sql}").df()
    """,
    "polars": """
        import polars as pl
        df = (pl.scan_csv({path!r}, separator="\\t", has_header=False, new_columns={names!r}, quote_char=None,
                          infer_schema=False)
              .filter(pl.col("Actor1CountryCode").is_in({codes!r}) | pl.col("Actor2CountryCode").is_in({codes!r}))
              .collect())
    """,
}

RUNNER = """
import resource, time
start = time.perf_counter()
{body}
elapsed = time.perf_counter() - start
print({{"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}})
"""


def run_peer(name: str, path: Path, out: Path) -> dict:
    columns_sql = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in GDELT2) + "}"
    codes_sql = "(" + ", ".join(f"'{c}'" for c in CODES) + ")"
    body = textwrap.dedent(PEERS[name]).format(path=str(path), out=str(out), codes=CODES, names=GDELT2,
                                               columns_sql=columns_sql, codes_sql=codes_sql)
    code = RUNNER.format(body=body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(f"{name} failed:\n{proc.stderr[-2000:]}")
    return eval(proc.stdout.strip().splitlines()[-1])  # the dict printed by RUNNER


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="folder for the export and dataset (default: a temporary one)")
    parser.add_argument("--days", type=int, default=3000, help="days the dates span (365: a single-year export)")
    parser.add_argument("--share", type=float, default=0.015, help="share of rows with a Northeast Asian party")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers to run (default: all)")
    args = parser.parse_args(argv)
    chosen = [name for name in PEERS if name in args.peers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        export = work / f"synthetic-{args.rows}-{args.days}d-{args.share}.export.CSV"
        if not export.exists():
            start = time.perf_counter()
            write_export(export, args.rows, days=args.days, share=args.share)
            print(f"wrote {export.name}: {args.rows:,} rows, {export.stat().st_size / 1e6:.0f} MB "
                  f"in {time.perf_counter() - start:.1f} s")
        size_mb = export.stat().st_size / 2**20
        results: dict[str, list[dict]] = {name: [] for name in chosen}
        for r in range(max(args.rounds, 1)):
            for name in chosen:
                out = work / f"dataset-{r}"
                if name == "diplo import":  # a fresh import each round, never a skipped one
                    shutil.rmtree(out, ignore_errors=True)
                results[name].append(run_peer(name, export, out))
        med = {n: statistics.median(x["seconds"] for x in v) for n, v in results.items()}
        peak = {n: max(x["peak_mb"] for x in v) for n, v in results.items()}
        others = {n: t for n, t in med.items() if n != "diplo import"}
        fastest = min(others, key=others.get) if others else None
        print(f"\n{args.rows:,} rows over {args.days} days, {args.share:.1%} kept, {size_mb:.0f} MiB; median of "
              f"{args.rounds} interleaved rounds, fresh processes")
        print(f"{'':16} {'median s':>9} {'vs fastest':>11} {'vs pandas C':>12} {'peak MiB':>9} {'/ file':>7}")
        for name in chosen:
            vs_fastest = f"{med[name] / med[fastest]:10.2f}x" if fastest else f"{'':>11}"
            vs_pandas = f"{med[name] / med['pandas C']:11.2f}x" if "pandas C" in med else f"{'':>12}"
            print(f"{name:16} {med[name]:9.2f} {vs_fastest} {vs_pandas} {peak[name]:9.0f} {peak[name] / size_mb:6.2f}")
        if "diplo import" not in med:
            return 0
        import duckdb  # noqa: F401

        from diplo.importers import load_external

        dataset = work / "dataset-0"
        query = ("SELECT date_trunc('month', start_date) AS month, count(*) AS events FROM "
                 f"read_parquet('{dataset}/**/*.parquet', hive_partitioning = true) "
                 "WHERE list_has_all(string_split(participants, ';'), ['KOR', 'JPN']) GROUP BY 1 ORDER BY 1")
        times = []
        con = duckdb.connect()
        for _ in range(7):
            start = time.perf_counter()
            monthly = con.execute(query).df()
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        kj = load_external(dataset, dyad=("KOR", "JPN"), columns=["event_id", "start_date"])
        api = time.perf_counter() - start
        print(f"\nKOR-JPN monthly counts on the imported dataset: median {statistics.median(times) * 1000:.1f} ms "
              f"({len(monthly)} months); load_external(dyad=('KOR', 'JPN')): {api * 1000:.0f} ms, {len(kj)} rows")
        print(json.dumps({"diplo_vs_fastest": med["diplo import"] / med[fastest] if fastest else None,
                          "fastest_peer": fastest,
                          "diplo_vs_pandas_c": med["diplo import"] / med["pandas C"] if "pandas C" in med else None,
                          "diplo_peak_over_file": peak["diplo import"] / size_mb,
                          "query_ms": statistics.median(times) * 1000}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
