"""The ``diplo`` command."""

from __future__ import annotations

import argparse
import sys

from .errors import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diplo", description="Curated diplomatic event data of "
                                     "South Korea, Japan, the United States and North Korea.")
    parser.add_argument("--version", action="version", version=f"diplo {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("report", help="run the notebooks of reports.yml into reports/")
    p.add_argument("ids", nargs="*", metavar="ID", help="reports to run (default: all)")
    p.add_argument("--config", default="reports.yml", help="report matrix (default: reports.yml)")
    p.add_argument("--output", default="reports", help="output folder (default: reports)")
    p.add_argument("--with-code", action="store_true", help="show the code cells in the HTML")

    p = sub.add_parser("validate", help="check a data package and list every problem")
    p.add_argument("data_dir", nargs="?", help="folder with datapackage.json (default: diplo's own)")

    sub.add_parser("tables", help="list the tables")

    p = sub.add_parser("cite", help="print how to cite the data")
    p.add_argument("table", nargs="?")

    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (DataError, ValueError) as exc:
        print(f"diplo {args.command}: {exc}", file=sys.stderr)
        return 1


def _report(args) -> int:
    from .report import read_config, run_reports

    reports = read_config(args.config)
    if args.ids:
        known = {r.id for r in reports}
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            raise ValueError(f"unknown report id(s) {', '.join(unknown)}; "
                             f"{args.config} has: {', '.join(sorted(known))}")
        reports = [r for r in reports if r.id in args.ids]
    entries = run_reports(reports, output=args.output, with_code=args.with_code)
    failed = [e["id"] for e in entries if e["status"] != "ok"]
    print(f"diplo report: {len(entries) - len(failed)} ok, {len(failed)} failed; see {args.output}/index.html")
    return 1 if failed else 0


def _validate(args) -> int:
    from .tables import list_tables, load

    tables = list_tables(data_dir=args.data_dir)
    for name in tables:
        load(name, data_dir=args.data_dir)
    counts = ", ".join(f"{name} {len(load(name, data_dir=args.data_dir))}" for name in tables)
    print(f"valid: {counts} rows")
    return 0


def _tables(args) -> int:
    from .tables import describe, list_tables

    for name in list_tables():
        d = describe(name)
        print(f"{name:15} {d.attrs['rows']:6} rows  {d.attrs['title']}")
    return 0


def _cite(args) -> int:
    from .tables import cite

    print(cite(args.table))
    return 0


def _version() -> str:
    from . import __version__

    return __version__


_COMMANDS = {"report": _report, "validate": _validate, "tables": _tables, "cite": _cite}

if __name__ == "__main__":
    sys.exit(main())
