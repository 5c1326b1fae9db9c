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

``--sweep`` runs every file shape instead: the share of rows kept (1 %, 15 %,
50 %) x the years the dates span (1 and 9) at ``--rows`` rows (default there
1 million), then one single-year file of some ``--big-gib`` GiB (default 2: 2.2 GiB)
with half its rows kept. Each peer is a whole process (interpreter start-up
included, timed from outside) doing the same job: read the export, keep the
rows with KOR, JPN, USA or PRK as actor 1 or 2, and write them, every column,
to Parquet partitioned by year:

- ``diplo import``: the command line, ``diplo import gdelt FILE --to DIR --actors KOR,JPN,USA,PRK``;
- ``duckdb SQL``: ``COPY (SELECT ... FROM read_csv(...) WHERE ...) TO DIR (FORMAT parquet, PARTITION_BY (year))``;
- ``polars``: ``scan_csv(...).filter(...).sink_parquet(PartitionBy(DIR, key="year"))``;
- ``pandas pyarrow``: ``read_csv(engine="pyarrow")``, the filter, ``to_parquet(DIR, partition_cols=["year"])``.

Peers run interleaved, round by round, on a file already in the page cache;
it prints, per shape, each median, diplo's ratio to the fastest peer, and
each peer's peak memory (max RSS of the process) over the file's size, as a
Markdown table. ``--baseline DIR`` adds ``diplo import (before)``, run from
another checkout (DIR) of diplo, to compare two versions in the same run.

    python benchmarks/bench_import.py --sweep [--rows 1000000] [--rounds 3] [--big-rounds 1]
        [--big-gib 2] [--keep DIR] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
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
#: What the peers' SQL reads and keeps: every GDELT 2.0 column as text, and the actors' codes.
COLUMNS_SQL = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in GDELT2) + "}"
CODES_SQL = "(" + ", ".join(f"'{c}'" for c in CODES) + ")"


def write_export(path: Path, rows: int, *, days: int = 3000, share: float = 0.015) -> None:
    """A synthetic GDELT 2.0 export, written by DuckDB (values drawn like GDELT's).

    ``days``: the dates span that many days from 2015-01-01 (3000: about 8 years; 365: one year).
    ``share``: that share of rows has a party among KOR, JPN, USA, PRK (GDELT: about 1 in 100);
    the other rows' parties are drawn from 20 other codes (or none), so they are all outside.
    """
    import duckdb

    slots = max(3, round(3 / share))  # rows whose hash falls in the first 3 of `slots` get a party

    picks = {
        "country": "['', '', 'MEX', 'CHN', 'GBR', 'IND', 'RUS', 'FRA', 'DEU', 'NGA', 'AUS', 'CAN', 'PAK', 'ISR', "
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
    body = textwrap.dedent(PEERS[name]).format(path=str(path), out=str(out), codes=CODES, names=GDELT2,
                                               columns_sql=COLUMNS_SQL, codes_sql=CODES_SQL)
    code = RUNNER.format(body=body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(f"{name} failed:\n{proc.stderr[-2000:]}")
    return eval(proc.stdout.strip().splitlines()[-1])  # the dict printed by RUNNER


ACTORS = ",".join(CODES)

#: The sweep's peers: each the whole job (read, keep the actors' rows, write every column to Parquet
#: partitioned by year) as one process; ``out`` does not exist when each starts.
SWEEP_PEERS = {
    "duckdb SQL": """
        import duckdb
        duckdb.execute("COPY (SELECT *, year(strptime(SQLDATE, '%Y%m%d')) AS year FROM read_csv('{path}', "
                       "delim = '\\t', header = false, quote = '', escape = '', columns = {columns_sql}, "
                       "auto_detect = false) WHERE Actor1CountryCode IN {codes_sql} OR Actor2CountryCode IN "
                       "{codes_sql}) TO '{out}' (FORMAT parquet, PARTITION_BY (year))")
    """,
    "polars": """
        import polars as pl
        (pl.scan_csv({path!r}, separator="\\t", has_header=False, new_columns={names!r}, quote_char=None,
                     infer_schema=False)
         .filter(pl.col("Actor1CountryCode").is_in({codes!r}) | pl.col("Actor2CountryCode").is_in({codes!r}))
         .with_columns(year=pl.col("SQLDATE").str.slice(0, 4).cast(pl.Int32))
         .sink_parquet(pl.PartitionBy({out!r}, key="year"), mkdir=True))
    """,
    "pandas pyarrow": """
        import pandas as pd
        df = pd.read_csv({path!r}, sep="\\t", header=None, names={names!r}, dtype=str, engine="pyarrow",
                         keep_default_na=False)
        df = df[df["Actor1CountryCode"].isin({codes!r}) | df["Actor2CountryCode"].isin({codes!r})]
        df = df.assign(year=df["SQLDATE"].str[:4].astype("int32"))
        df.to_parquet({out!r}, partition_cols=["year"], index=False)
    """,
}


def sweep_peer(name: str, path: Path, out: Path, baseline: Path | None) -> dict:
    """Run one sweep peer on ``path`` into the fresh folder ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # diplo's modules compiled once, as an installed package's are
    cwd = ROOT
    if name.startswith("diplo import"):
        # Run from the checkout itself: `python -m` puts the current folder first on sys.path.
        cwd = baseline if name.endswith("(before)") else ROOT
        env["PYTHONPATH"] = str(cwd)
        argv = [sys.executable, "-m", "diplo.cli", "import", "gdelt", str(path), "--to", str(out), "--actors", ACTORS]
    else:
        body = textwrap.dedent(SWEEP_PEERS[name]).format(path=str(path), out=str(out), codes=CODES, names=GDELT2,
                                                         columns_sql=COLUMNS_SQL, codes_sql=CODES_SQL)
        argv = [sys.executable, "-c", body]
    result = _timed(argv, env, cwd)
    if name.startswith("diplo import"):
        line = [x for x in result["stdout"].splitlines() if " rows read, " in x][-1]
        read = int(line.split(" rows read, ")[0].split("; ")[-1])
        kept = int(line.split(" rows read, ")[1].split()[0])
        result["kept_share"] = kept / read
    shutil.rmtree(out, ignore_errors=True)
    return result


def _timed(argv: list[str], env: dict, cwd: Path) -> dict:
    """Wall time of a whole process from its start to its exit, and its own peak memory (``wait4``)."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
    chunks = {}
    readers = [threading.Thread(target=lambda s=stream, k=key: chunks.__setitem__(k, s.read()))
               for stream, key in ((proc.stdout, "out"), (proc.stderr, "err"))]
    for t in readers:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(map(str, argv[:6]))} failed:\n{chunks['err'].decode()[-3000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stdout": chunks["out"].decode()}


def sweep(args) -> int:
    """Every file shape, every peer side by side; a Markdown table of medians, ratios and peak memory."""
    work = Path(args.keep or tempfile.mkdtemp(prefix="diplo-sweep-"))
    work.mkdir(parents=True, exist_ok=True)
    baseline = Path(args.baseline).resolve() if args.baseline else None
    peers = ["diplo import"] + (["diplo import (before)"] if baseline else []) + list(SWEEP_PEERS)
    peers = [p for p in peers if not args.only or p in args.only.split(",")]
    shapes = [(share, days, args.rows, args.rounds) for share in (0.01, 0.15, 0.5) for days in (365, 3285)]
    shapes = [s for s in shapes if not args.shapes or f"{s[0]}/{s[1]}" in args.shapes.split(",")]
    if args.big_gib:
        # 335 bytes a row: the synthetic rows are some 365 bytes, so 2 gives a 2.2 GiB export (6.4 M rows).
        shapes.append((0.5, 365, int(args.big_gib * 2**30 / 335), args.big_rounds))
    table = []
    for share, days, rows, rounds in shapes:
        export = work / f"synthetic-{rows}-{days}d-{share}.export.CSV"
        if not export.exists():
            write_export(export, rows, days=days, share=share)
        size_mb = export.stat().st_size / 2**20
        subprocess.run(["cat", str(export)], stdout=subprocess.DEVNULL, check=True)  # into the page cache
        results: dict[str, list[dict]] = {name: [] for name in peers}
        for r in range(rounds):
            for name in peers:
                results[name].append(sweep_peer(name, export, work / "out", baseline))
                print(f"  {export.name} round {r + 1} {name}: {results[name][-1]['seconds']:.2f} s, "
                      f"{results[name][-1]['peak_mb']:.0f} MiB", file=sys.stderr, flush=True)
        med = {n: statistics.median(x["seconds"] for x in v) for n, v in results.items()}
        peak = {n: max(x["peak_mb"] for x in v) for n, v in results.items()}
        hand = [p for p in peers if not p.startswith("diplo import")]
        kept = [x["kept_share"] for n, v in results.items() if n.startswith("diplo") for x in v]
        table.append(dict(share=kept[0] if kept else share, years=-(-days // 365), rows=rows, mib=size_mb,
                          rounds=rounds, med=med, peak=peak, fastest=min(hand, key=med.get) if hand else None))
        print(json.dumps(table[-1]), file=sys.stderr, flush=True)
    print_sweep(table, peers)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_sweep(table: list[dict], peers: list[str]) -> None:
    """The sweep as Markdown: seconds per peer, diplo / the fastest peer, peak memory / file size."""
    diplos = [p for p in peers if p.startswith("diplo import")]
    head = (["kept", "years", "rows", "file MiB", "rounds"] + [f"{p} s" for p in peers]
            + [f"{p} / fastest" for p in diplos] + [f"{p} peak / file" for p in peers])
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for r in table:
        fastest = r["med"][r["fastest"]] if r["fastest"] else None
        cells = ([f"{r['share']:.0%}", str(r["years"]), f"{r['rows']:,}", f"{r['mib']:,.0f}", str(r["rounds"])]
                 + [f"**{r['med'][p]:.2f}**" if p == r["fastest"] else f"{r['med'][p]:.2f}" for p in peers]
                 + [f"{r['med'][p] / fastest:.2f}x" if fastest else "" for p in diplos]
                 + [f"{r['peak'][p] / r['mib']:.2f}" for p in peers])
        print("| " + " | ".join(cells) + " |")
    print("\nMedian seconds of whole processes, interpreter start-up included (the fastest hand-written peer in "
          "bold); peak = the process's max RSS.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="every file shape, peers writing Parquet (see above)")
    parser.add_argument("--big-gib", type=float, default=2.0, help="--sweep: size of the single-year file (0: none)")
    parser.add_argument("--big-rounds", type=int, default=1, help="--sweep: rounds on the big file")
    parser.add_argument("--baseline", metavar="DIR", help="--sweep: also run diplo import from this checkout")
    parser.add_argument("--only", help="--sweep: comma-separated peers to run (default: all)")
    parser.add_argument("--shapes", help="--sweep: comma-separated shapes SHARE/DAYS, e.g. 0.5/365 (default: all)")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="folder for the export and dataset (default: a temporary one)")
    parser.add_argument("--days", type=int, default=3000, help="days the dates span (365: a single-year export)")
    parser.add_argument("--share", type=float, default=0.015, help="share of rows with a Northeast Asian party")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers to run (default: all)")
    args = parser.parse_args(argv)
    if args.sweep:
        args.rows = args.rows or 1_000_000
        return sweep(args)
    args.rows = args.rows or 2_000_000
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
