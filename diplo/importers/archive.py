"""Stream whole archives into a Parquet dataset partitioned by year, and query it with DuckDB.

Layout of a dataset folder::

    DIR/year=2024/<file key>_0.parquet   the kept rows of each imported file
    DIR/_rejected/<file key>.csv         its rejected rows, with the reason for each
    DIR/_imported.json                   which files the dataset holds, with their counts
    DIR/_import.lock                     held while an import writes (one at a time)

A file's key is its name and a hash of its content, so importing the same
file again does nothing, and a corrected file (same name, other content)
replaces the rows of the version imported before. Each file is written to a
staging folder and moved into the dataset only when complete, then recorded
in ``_imported.json``: a killed import leaves no partial file behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from glob import escape as glob_escape
from pathlib import Path

import pandas as pd

from .. import _args
from .._io import exclusive, write_atomic
from .._optional import require
from ..package import open as open_package
from .core import connect, expand_paths, parse_file, plain_file, write_rejected
from .frames import actor_codes, summary_frame, typed
from .readers import read_gdelt, read_historian, read_icews, read_polecat
from .sources import COLUMNS, SOURCES

__all__ = ["import_files", "load_external", "read_any"]

_REGISTRY = "_imported.json"
#: DuckDB's memory for one file's import. With it a 695 MiB GDELT export imports in about
#: 325 MiB of resident memory, half the file's size with room to spare (benchmarks/bench_import.py).
MEMORY_LIMIT = "160MB"


def file_key(path: Path) -> str:
    """A stable key for a file: its name and a hash of its whole content (a corrected file is a new key)."""
    with open(path, "rb") as f:
        digest = hashlib.file_digest(f, "sha256")
    stem = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in path.name)[:60]
    return f"{stem}-{digest.hexdigest()[:12]}"


def _forget(dest: Path, registry: dict, key: str) -> None:
    """Take a file's rows out of the dataset: its Parquet parts, its rejected rows, its registry entry."""
    for part in dest.glob(f"year=*/{glob_escape(key)}_*.parquet"):
        part.unlink()
    (dest / "_rejected" / f"{key}.csv").unlink(missing_ok=True)
    registry["files"].pop(key, None)


def import_files(kind: str, paths, to, *, actors=None, engine: str = "duckdb", scheduler: str | None = None,
                 memory_limit: str = MEMORY_LIMIT, progress: bool = True, data_dir=None) -> pd.DataFrame:
    """Import files of a dataset into the Parquet dataset in ``to``.

    Parameters
    ----------
    kind : {"gdelt", "icews", "polecat", "historian"}
        The dataset the files belong to; a file of another format is refused.
    paths : path, list of paths or glob pattern
        The files (GDELT ``.zip`` files are read as they are).
    to : path-like
        The dataset folder (created if missing).
    actors : list of str or "KOR,JPN", optional
        Keep only events with one of these countries as a party.
    engine : {"duckdb", "dask"}
        ``duckdb`` imports the files one after another in this process
        (DuckDB uses every core on each file); ``dask`` hands one file to
        each Dask worker, on a ``LocalCluster`` or on the cluster at
        ``scheduler``. Both write the same rows.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``).
    memory_limit : str, default "160MB"
        DuckDB's memory for one file (on each worker); beyond it DuckDB
        spills to a temporary folder inside ``to``. It bounds the import's
        memory however large the files are: a 695 MiB GDELT export imports
        in about 325 MiB of resident memory (see benchmarks/bench_import.py).
    progress : bool, default True
        Show a progress bar.
    data_dir : path-like or DataPackage, optional
        The data package whose ``countries`` and ``event_types`` tables map
        the codes (as in :func:`diplo.open`).

    Returns
    -------
    DataFrame
        One row per file: rows read, kept, outside the actors asked for,
        rejected (and why), whether it was skipped as already imported, and
        whether it replaced the rows of an earlier version of the same file
        (same name, other content).

    Examples
    --------
    >>> import tempfile
    >>> from diplo.importers import import_files
    >>> out = tempfile.mkdtemp()
    >>> s = import_files("gdelt", "tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv", out, progress=False)
    >>> s[["rows", "kept", "rejected"]].iloc[0].tolist()
    [100, 100, 0]
    >>> import_files("gdelt", "tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv", out, progress=False)["skipped"].item()
    True
    """
    if kind not in SOURCES:
        raise ValueError(f"unknown dataset {kind!r}; diplo imports {', '.join(SOURCES)}.")
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", str(memory_limit)):
        raise ValueError(f"memory_limit must be a size such as '128MB' or '2GB'; got {memory_limit!r}.")
    if engine not in ("duckdb", "dask"):
        raise ValueError(f"engine must be 'duckdb' or 'dask'; got {engine!r}.")
    package = open_package(data_dir)
    codes = actor_codes(actors, package)
    files = expand_paths(paths)
    dest = Path(to)
    dest.mkdir(parents=True, exist_ok=True)
    # One import writes to a dataset at a time; the lock lies beside _imported.json (nothing hidden).
    with exclusive(dest / "_import.lock", f"another `diplo import` is writing to {dest} right now; wait for it "
                                          "to finish, then run this one again (files it already imported are "
                                          "skipped)."):
        return _import_into(kind, files, dest, codes, package, engine, scheduler, memory_limit, progress)


def _import_into(kind, files, dest, codes, package, engine, scheduler, memory_limit, progress) -> pd.DataFrame:
    from tqdm.auto import tqdm

    registry = _read_registry(dest)
    todo, summaries, keys = [], {}, []
    for path in files:
        key = file_key(path)
        keys.append(key)
        if key in registry["files"]:
            done = registry["files"][key]
            summaries[key] = dict(done, skipped=True)
        else:
            todo.append((path, key))
    bar = tqdm(total=len(todo), desc=f"diplo import {kind}", unit="file", disable=not progress)

    def record(result: dict) -> None:
        # A file imported before under the same name with other content is a corrected version:
        # its old rows go once the new ones are in, so the dataset never holds both.
        for old in [k for k, v in registry["files"].items() if v.get("file") == result["file"] and k != result["key"]]:
            _forget(dest, registry, old)
            result["replaced"] = True
        registry["files"][result["key"]] = {k: v for k, v in result.items() if k not in ("skipped", "replaced")}
        _write_registry(dest, registry)
        summaries[result["key"]] = result
        bar.update()

    if engine == "duckdb":
        for path, key in todo:
            record(import_one(kind, str(path), str(dest), key, codes, str(package.folder), memory_limit))
    elif todo:
        _run_on_dask(todo, kind, dest, codes, str(package.folder), scheduler, record, memory_limit)
    bar.close()
    rows = [dict(summaries[key], replaced=summaries[key].get("replaced", False)) for key in keys]
    return pd.DataFrame(rows, columns=["file", "rows", "kept", "outside_actors", "rejected", "reasons", "skipped",
                                       "replaced"])


def import_one(kind: str, path: str, dest: str, key: str, actors, data_dir=None, memory_limit=MEMORY_LIMIT) -> dict:
    """Import one file into the dataset at ``dest`` (what each engine runs per file)."""
    dest = Path(dest)
    staging = dest / f".staging-{key}"
    spill = dest / f".spill-{key}"
    shutil.rmtree(staging, ignore_errors=True)
    con = connect(open_package(data_dir))
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{_sql(spill)}'")
    # A partitioned write buffers each partition's rows until this many (default 524,288): for a
    # file whose kept rows all fall in one year, that buffer alone outgrows the memory limit.
    con.execute("SET partitioned_write_flush_threshold = 65536")
    try:
        with plain_file(Path(path)) as plain:
            table, rejected, summary = parse_file(con, kind, plain, actors=actors)
        summary.file = Path(path).name
        if summary.kept:
            con.execute(f"COPY (SELECT * FROM {table}) TO '{_sql(staging)}' "
                        f"(FORMAT parquet, PARTITION_BY (year), FILENAME_PATTERN '{key}_{{i}}', "
                        "OVERWRITE_OR_IGNORE true)")
        write_rejected(dest / "_rejected" / f"{key}.csv", rejected)
        # Move the complete files into the dataset; only then is the file recorded as imported.
        for part in sorted(staging.rglob("*.parquet")) if staging.exists() else []:
            target = dest / part.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
    finally:
        con.close()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(spill, ignore_errors=True)
    row = summary_frame([summary]).iloc[0].to_dict()
    row.update(key=key, skipped=False, years=summary.years)
    return {k: (int(v) if hasattr(v, "item") and not isinstance(v, str) else v) for k, v in row.items()}


def _run_on_dask(todo, kind, dest, codes, data_dir, scheduler, record, memory_limit) -> None:
    require("distributed", "import archives on Dask")
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(n_workers=min(len(todo), os.cpu_count() or 1),
                                                  threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(import_one, kind, str(path), str(dest.resolve()), key, codes, data_dir,
                                 memory_limit, pure=False) for path, key in todo]
        for future in as_completed(futures):
            record(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def load_external(path, *, actors=None, dyad=None, start=None, end=None, columns=None, data_dir=None):
    """Query an imported dataset with DuckDB and return a DataFrame in the events schema.

    Parameters
    ----------
    path : path-like
        A dataset folder written by :func:`import_files` / ``diplo import``.
    actors : list of str, optional
        Keep events in which any of these countries is a party.
    dyad : tuple of two str, optional
        Keep events in which both countries are parties.
    start, end : date-like, optional
        Keep events that overlap this period (both days included).
    columns : list of str, optional
        Only these columns (the query reads nothing else from disk).
    data_dir : path-like or DataPackage, optional
        The data package whose codes type the result; the result carries it.

    Returns
    -------
    DataFrame
        The matching events in date order, in the events schema plus the
        sources' own columns (or only ``columns``).

    Raises
    ------
    ValueError
        If ``path`` is not a dataset made by ``diplo import``, or for an
        unknown column, country code or a bad date.

    Examples
    --------
    >>> import tempfile
    >>> from diplo.importers import import_files, load_external
    >>> out = tempfile.mkdtemp()
    >>> _ = import_files("icews", "tests/fixtures/icews/icews_events.2018.sample.tab", out, progress=False)
    >>> kp = load_external(out, dyad=("KOR", "PRK"), columns=["event_id", "start_date", "cameo_code"])
    >>> list(kp.columns), len(kp) > 0
    (['event_id', 'start_date', 'cameo_code'], True)
    """
    duckdb = require("duckdb", "read imported archives")

    package = open_package(data_dir)
    folder = Path(path)
    if not (folder / _REGISTRY).is_file():
        raise ValueError(f"{folder}: not a diplo dataset (no {_REGISTRY}); create one with `diplo import`.")
    _read_registry(folder)  # a damaged registry is one clear error, not a wrong result
    chosen = list(COLUMNS) if columns is None else _args.as_list(columns, "columns")
    if not chosen:
        raise ValueError(f"columns must name at least one column (or be None for all); the columns are "
                         f"{', '.join(COLUMNS)}.")
    unknown = [c for c in chosen if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}.")
    where, params = [], []
    members = "string_split(coalesce(participants, ''), ';')"
    if actors is not None:
        where.append(f"list_has_any({members}, ?::VARCHAR[])")
        params.append(package.countries(actors, "actors"))
    if dyad is not None:
        where.append(f"list_has_all({members}, ?::VARCHAR[])")
        params.append(sorted(package.dyad(dyad)))
    lo, hi = _args.period(start, end)
    # Overlap, as everywhere: an event that started before the period and ends in it is kept.
    # Partitions are by the start's year, so only the upper bound prunes them.
    if lo is not None:
        where.append("coalesce(end_date, start_date) >= ?")
        params.append(lo.date())
    if hi is not None:
        where += ["year <= ?", "start_date <= ?"]
        params += [hi.year, hi.date()]
    # Only the dataset's own partitions (never an unfinished import's staging folder), listed here
    # and passed as data, with glob characters of the folder's name taken literally.
    files = [glob_escape(str(p)) for p in sorted(folder.glob("year=*/*.parquet"))]
    if not files:
        return typed(pd.DataFrame(columns=list(COLUMNS)), package)[chosen]
    select = ", ".join(f'"{c}"' for c in chosen)
    sql = (f"SELECT {select} FROM read_parquet(?, hive_partitioning = true, union_by_name = true)"
           + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY start_date, event_id")
    frame = duckdb.connect().execute(sql, [files, *params]).df()
    return typed(frame, package)[chosen]


def read_any(source: str, path, *, actors=None, start=None, end=None, data_dir=None) -> pd.DataFrame:
    """Events of ``source`` from files, or from a dataset folder made by ``diplo import``, in a period.

    Parameters
    ----------
    source : {"gdelt", "icews", "polecat", "historian"}
        The dataset.
    path : path or glob
        Files of that dataset, or a dataset folder (it holds ``_imported.json``).
    actors : list of str, optional
        Keep events involving these countries.
    start, end : date-like, optional
        Keep events that overlap this period.
    data_dir : path-like or DataPackage, optional
        As in :func:`read_gdelt`.

    Returns
    -------
    DataFrame
        The events of the period, as the reader of ``source`` or
        :func:`load_external` returns them.

    Examples
    --------
    >>> from diplo.importers import read_any
    >>> ev = read_any("historian", "tests/fixtures/us_historian/visits/2020.xml", actors=["JPN"], start="2024-01-01")
    >>> sorted(ev["start_date"].dt.year.unique().tolist())
    [2024]
    """
    readers = {"gdelt": read_gdelt, "icews": read_icews, "polecat": read_polecat, "historian": read_historian}
    if source not in readers:
        raise ValueError(f"unknown source {source!r}; diplo reads {', '.join(readers)}.")
    _args.period(start, end)  # a bad date is refused before any file is read
    folder = Path(str(path))
    if folder.is_dir():
        frame = load_external(folder, actors=actors, start=start, end=end, data_dir=data_dir)
        return frame[frame["source"] == source].reset_index(drop=True)
    frame = readers[source](path, actors=actors, data_dir=data_dir)
    out = frame[_args.overlapping(frame, start, end)].reset_index(drop=True)
    out.attrs = frame.attrs
    return out


def _read_registry(dest: Path) -> dict:
    path = dest / _REGISTRY
    if not path.is_file():
        return {"files": {}}
    try:
        registry = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise ValueError(f"{path} is damaged (not JSON); it lists which files the dataset holds. Restore it "
                         "or import into a new folder.") from None
    if not isinstance(registry, dict) or not isinstance(registry.get("files", {}), dict):
        raise ValueError(f"{path} is damaged (not a diplo registry: it should be an object whose 'files' maps "
                         "each imported file to its counts). Restore it or import into a new folder.")
    registry.setdefault("files", {})
    return registry


def _write_registry(dest: Path, registry: dict) -> None:
    write_atomic(dest / _REGISTRY, (json.dumps(registry, indent=1, sort_keys=True, default=str) + "\n").encode())


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")
