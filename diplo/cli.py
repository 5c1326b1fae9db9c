"""The ``diplo`` command."""

from __future__ import annotations

import argparse
import os
import sys

from ._optional import MissingExtra
from .errors import DataError


def main(argv: list[str] | None = None) -> int:
    from .importers.archive import MEMORY_LIMIT  # the importer's default, shown in --help

    parser = argparse.ArgumentParser(prog="diplo", description="Curated diplomatic event data of "
                                     "South Korea, Japan, the United States and North Korea.")
    parser.add_argument("--version", action="version", version=f"diplo {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("report", help="run the notebooks of reports.yml into reports/",
                       description="Bring the reports of reports.yml up to date: a report whose inputs "
                       "(notebook, parameters, data, diplo, package versions) are unchanged is not run again.")
    p.add_argument("ids", nargs="*", metavar="ID", help="reports to run (default: all)")
    p.add_argument("--config", default="reports.yml", help="report matrix (default: reports.yml)")
    p.add_argument("--output", default="reports", help="output folder (default: reports)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="reports run at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="run every report, even if its inputs are unchanged")
    p.add_argument("--with-code", action="store_true", help="show the code cells in the HTML")
    p.add_argument("--format", action="append", choices=["html", "pdf"], default=[], dest="formats",
                   help="also write this format (pdf: report.pdf, printed by Chromium); repeatable")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help="set a parameter of the reports run (converted to the type the notebook declares)")
    p.add_argument("--timeout", type=int, metavar="SECONDS",
                   help="seconds any one cell may run (default: each report's timeout in reports.yml, 600)")
    p.add_argument("--data", metavar="DIR", help="the data package the reports read (default: $DIPLO_DATA, else "
                   "diplo's own); resolved once to an absolute folder")

    p = sub.add_parser("init", help="write a research project: report notebooks, reports.yml, records",
                       description="Write the report notebooks, the report matrix (reports.yml) and the records "
                       "they read into DIR, so that `cd DIR && diplo report` makes every report. Files already "
                       "in DIR are never overwritten.")
    p.add_argument("folder", metavar="DIR")

    p = sub.add_parser("validate", help="check a data package and list every problem")
    p.add_argument("data_dir", nargs="?", help="folder with datapackage.json (default: diplo's own)")

    sub.add_parser("tables", help="list the tables")

    p = sub.add_parser("import", help="stream machine-coded files into a Parquet dataset",
                       description="Import GDELT, ICEWS, POLECAT or Office of the Historian files into a Parquet "
                       "dataset partitioned by year. Files already in the dataset are skipped; rows that cannot "
                       "be read go to DIR/_rejected/ with their reason.")
    p.add_argument("source", choices=["gdelt", "icews", "polecat", "historian"])
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or glob patterns (GDELT .zip files as they are)")
    p.add_argument("--to", required=True, metavar="DIR", help="the dataset folder")
    p.add_argument("--actors", help="keep events involving these countries, e.g. KOR,JPN,USA,PRK")
    p.add_argument("--engine", choices=["duckdb", "dask"], default="duckdb")
    p.add_argument("--scheduler", help="address of a Dask scheduler (with --engine dask); default: a local cluster")
    p.add_argument("--memory-limit", default=MEMORY_LIMIT,
                   help=f"DuckDB's memory per file before it spills to disk, such as 256MB (default: "
                        f"{MEMORY_LIMIT}: an eighth of the file's size, at least 96MB, at most 1GB)")

    p = sub.add_parser("fetch", help="keep a local copy of GDELT, ICEWS, POLECAT or the Historian's records in sync",
                       description="Download the files of an upstream archive that DIR lacks, verify each against "
                       "its publisher's checksum, and resume interrupted downloads. Files already there and "
                       "verified are skipped; a file changed upstream is fetched again. --dry-run shows the plan.")
    p.add_argument("source", metavar="SOURCE", help="gdelt, historian, icews or polecat")
    p.add_argument("--to", metavar="DIR", help="the folder kept in sync (created if missing)")
    p.add_argument("--start", metavar="DATE", help="gdelt: the first day of files, e.g. 2024-01-01")
    p.add_argument("--end", metavar="DATE", help="gdelt: the last day of files (included)")
    p.add_argument("--version", dest="gdelt_version", metavar="N", default="2",
                   help="gdelt: 2 (15-minute exports, the default) or 1 (daily files and yearly/monthly backfiles)")
    p.add_argument("--dry-run", action="store_true", help="print the plan; download and write nothing")
    p.add_argument("--connections", metavar="N", default="4", help="files downloaded at once (default: 4)")
    p.add_argument("--base-url", metavar="URL", help="a mirror with upstream's paths (default: "
                   "$DIPLO_FETCH_BASE_URL_<SOURCE>, else $DIPLO_FETCH_BASE_URL, else upstream)")
    p.add_argument("--import", dest="dataset", metavar="DATASET",
                   help="then import the fetched event files into this dataset, as `diplo import` does")
    p.add_argument("--actors", help="with --import: keep events involving these countries, e.g. KOR,JPN,USA,PRK")

    p = sub.add_parser("pin", help="store what the cells marked # NBVAL_CHECK_OUTPUT print (for maintainers)",
                       description="Run notebooks with their defaults, store what the cells marked "
                       "# NBVAL_CHECK_OUTPUT print in pinned-facts.json beside them (nbval checks it) and clear "
                       "every output from the notebooks.")
    p.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")

    p = sub.add_parser("cite", help="print how to cite the data")
    p.add_argument("table", nargs="?")
    p.add_argument("--format", choices=["text", "bibtex"], default="text", help="a sentence, or a BibTeX entry")

    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (DataError, ValueError, RuntimeError, OSError, MissingExtra) as exc:  # FormatError is a ValueError
        print(f"diplo {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args.command == "fetch":
            print("diplo fetch: interrupted; verified files are kept, downloads in progress stay as .part files "
                  "and the next run resumes them.", file=sys.stderr)
        else:
            print(f"diplo {args.command}: interrupted; what finished is kept, and a new run picks up the rest.",
                  file=sys.stderr)
        if args.command in ("report", "fetch"):  # do not wait for kernels or downloads: they end with this process
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        return 130


def _report(args) -> int:
    import signal

    from .report import read_config, run_reports

    def stop(signum, frame):  # SIGTERM ends a run as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)

    if args.jobs is not None and args.jobs < 1:
        raise ValueError(f"--jobs must be 1 or more; got {args.jobs}.")
    everything = read_config(args.config)
    reports = everything
    if args.ids:
        known = {r.id for r in everything}
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            raise ValueError(f"unknown report id(s) {', '.join(unknown)}; "
                             f"{args.config} has: {', '.join(sorted(known))}")
        reports = [r for r in everything if r.id in args.ids]
    entries = run_reports(reports, output=args.output, jobs=args.jobs, force=args.force, with_code=args.with_code,
                          overrides=dict(args.parameter), progress=sys.stderr.isatty(), manifest_reports=everything,
                          data=args.data, timeout=args.timeout, formats=args.formats)
    # Timings and "cached" belong to this console, never to the files under reports/.
    width = max(len(e.id) for e in entries)
    print(f"{'report':{width}}  {'status':7} {'seconds':>7}  cached")
    for e in entries:
        print(f"{e.id:{width}}  {e.status:7} {e.seconds:7.1f}  {'yes' if e.cached else 'no'}")
    failed = [e for e in entries if e.status == "failed"]
    ran = sum(not e.cached for e in entries)
    print(f"\n{len(entries)} reports: {ran} run, {len(entries) - ran} unchanged, {len(failed)} failed; "
          f"open {args.output}/index.html")
    for e in failed:
        print(f"FAILED {e.id} ({e.notebook}): {e.error}; see {args.output}/{e.id}/failed.ipynb", file=sys.stderr)
    return 1 if failed else 0


def _init(args) -> int:
    from .project import init

    written = init(args.folder)
    print(f"wrote {len(written)} files into {args.folder}; now: cd {args.folder} && diplo report")
    return 0


def _validate(args) -> int:
    from .tables import list_tables, load

    tables = list_tables(data_dir=args.data_dir)
    for name in tables:
        load(name, data_dir=args.data_dir)
    counts = ", ".join(f"{name} {len(load(name, data_dir=args.data_dir))}" for name in tables)
    print(f"valid: {counts} rows")
    return 0


def _import(args) -> int:
    # The summary as plain rows: `diplo import` runs DuckDB and never loads pandas (0.3 s, 100 MB).
    from .importers.archive import import_rows

    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler goes with --engine dask.")
    summary = import_rows(args.source, args.paths, args.to, actors=args.actors, engine=args.engine,
                          scheduler=args.scheduler, memory_limit=args.memory_limit,
                          progress=sys.stderr.isatty())
    _print_import(summary, args.to)
    return 0


def _print_import(summary: list[dict], to) -> None:
    """The import summary: one row per file, then one line of counts."""
    from .importers.archive import SUMMARY

    print(_text_table(summary, SUMMARY))
    new = [row for row in summary if not row["skipped"]]
    total = {c: sum(int(row[c]) for row in new) for c in ("rows", "kept", "outside_actors", "rejected", "replaced")}
    print(f"\n{_files(len(summary))}: {len(new)} imported, {len(summary) - len(new)} already in {to}; "
          f"{total['rows']} rows read, {total['kept']} kept, "
          f"{total['outside_actors']} outside the actors, {total['rejected']} rejected"
          + (f" (see {to}/_rejected/)" if total["rejected"] else "")
          + (f"; {total['replaced']} replaced an earlier version" if total["replaced"] else ""))


def _files(n: int) -> str:
    """``n`` files, in words: "1 file", "3 files"."""
    return f"{n} file" + ("" if n == 1 else "s")


def _text_table(rows: list[dict], columns: list[str]) -> str:
    """Rows as a plain text table, each column right-aligned under its name (as pandas prints a frame).

    >>> print(_text_table([{"file": "a.CSV", "rows": 10}, {"file": "bb.CSV", "rows": 7}], ["file", "rows"]))
      file rows
     a.CSV   10
    bb.CSV    7
    """
    cells = [[str(row[c]) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    return "\n".join(" ".join(text.rjust(w) for text, w in zip(line, widths)) for line in [columns, *cells])


def _fetch(args) -> int:
    import signal

    from .importers.fetch import SOURCES, FetchError, fetch

    def stop(signum, frame):  # SIGTERM ends a fetch as Ctrl-C does: .part files stay for the next run
        raise KeyboardInterrupt

    if args.source not in SOURCES:
        raise ValueError(f"unknown source {args.source!r}; diplo fetches {', '.join(SOURCES)}.")
    if not args.to:
        raise ValueError("give the folder to keep in sync: --to DIR.")
    if args.gdelt_version not in ("1", "2"):
        raise ValueError(f"--version must be 1 or 2 (GDELT 1.0 or 2.0); got {args.gdelt_version!r}.")
    if args.source != "gdelt" and args.gdelt_version != "2":
        raise ValueError(f"--version chooses the GDELT version; {args.source} has one.")
    if not args.connections.isdigit():
        raise ValueError(f"--connections must be a whole number from 1 to 16; got {args.connections!r}.")
    if args.actors and not args.dataset:
        raise ValueError("--actors chooses the events an import keeps: give --import DATASET too.")
    if args.dry_run and args.dataset:
        raise ValueError("--dry-run downloads nothing, so there is nothing to --import; drop one of the two.")
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        summary = fetch(args.source, args.to, start=args.start, end=args.end, version=int(args.gdelt_version),
                        base_url=args.base_url, dry_run=args.dry_run, connections=int(args.connections),
                        progress=sys.stderr.isatty(), import_to=args.dataset, actors=args.actors)
    except FetchError as exc:
        if exc.summary is None:
            raise
        _print_fetch(exc.summary, args)
        for row in exc.summary[exc.summary["result"] == "failed"].itertuples():
            print(f"diplo fetch: {row.file}: {row.error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    _print_fetch(summary, args)
    return 0


def _print_fetch(summary, args) -> None:
    """The files that need (or needed) something, then one line of counts."""
    shown = summary if args.dry_run else summary[summary["result"] != "skipped"]
    if len(shown):
        status = [f"{s} ({_size(p)} there)" if s == "partial" else s for s, p in zip(shown["status"], shown["part"])]
        print(shown[["file", "size", "status", "result"]].assign(size=[_size(n) for n in shown["size"]],
                                                                 status=status).to_string(index=False))
        print()
    if not len(summary):
        print(f"the listing has no {args.source} files" + (f" from {args.start} to {args.end} (GDELT 2.0 begins on "
                                                           "2015-02-18, GDELT 1.0 in 1979)" if args.start else "")
              + "; nothing to do.")
        return
    status = summary["status"].value_counts()
    there = f"{int(status.get('present', 0))} already in {args.to} and verified"
    if args.dry_run:
        todo = summary[summary["result"] == "planned"]
        notes = [f"{int(status.get(s, 0))} {what}" for s, what in (
            ("partial", "continuing a .part"), ("changed", "changed upstream"), ("differs", "differing from upstream"))
            if status.get(s, 0)]
        if todo["size"].isna().any():
            notes.append(f"{int(todo['size'].isna().sum())} of unknown size")
        print(f"{_files(len(summary))} in the listing: {there}; {len(todo)} to download, "
              f"{_size(int(todo['size'].sum()))}" + (f" ({', '.join(notes)})" if notes else "")
              + (f"; {int(status['refused'])} refused" if status.get("refused", 0) else "")
              + ". Dry run: nothing downloaded.")
        return
    results = summary["result"].value_counts()
    fetched = int(results.get("downloaded", 0) + results.get("resumed", 0))
    changed = int(((summary["status"] == "changed") & summary["result"].isin(["downloaded", "resumed"])).sum())
    print(f"{_files(len(summary))}: {fetched} downloaded"
          + (f" ({int(results['resumed'])} continued from .part)" if results.get("resumed", 0) else "")
          + (f", {changed} of them changed upstream since the last fetch" if changed else "")
          + f", {there}, {int(results.get('failed', 0))} failed; {_size(int(summary['bytes'].sum()))} transferred.")
    if "imported" in summary.attrs:
        print()
        _print_import(summary.attrs["imported"].to_dict("records"), args.dataset)


def _size(n) -> str:
    import pandas as pd

    if n is None or pd.isna(n):
        return "?"
    n = int(n)
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _pin(args) -> int:
    from .report import pin_outputs

    for notebook in args.notebooks:
        print(f"{notebook}: {pin_outputs(notebook)} pinned cells")
    return 0


def _tables(args) -> int:
    from .tables import describe, list_tables

    for name in list_tables():
        d = describe(name)
        print(f"{name:15} {d.attrs['rows']:6} rows  {d.attrs['title']}")
    return 0


def _cite(args) -> int:
    from .tables import cite

    print(cite(args.table, format=args.format))
    return 0


def _version() -> str:
    from . import __version__

    return __version__


_COMMANDS = {"init": _init, "report": _report, "validate": _validate, "tables": _tables, "cite": _cite, "pin": _pin,
             "import": _import, "fetch": _fetch}

if __name__ == "__main__":
    sys.exit(main())
