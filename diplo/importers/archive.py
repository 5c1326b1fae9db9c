"""Stream whole archives into a Parquet dataset partitioned by year, and query it with DuckDB.

Layout of a dataset folder::

    DIR/year=2024/<file key>_0.parquet   the kept rows of each imported file
    DIR/_rejected/<file key>.csv         its rejected rows, with the reason for each
    DIR/_imported.json                   which files the dataset holds, with their counts
    DIR/_import.lock                     held while an import writes (one at a time)

A file's key is its name and a hash of its content (xxh3-128; the registry
names the hash; a dataset made by diplo 0.2.0 or earlier keeps sha256), so
importing the same file again does nothing, and a corrected file (same
name, other content) replaces the rows of the version imported before.
Each file is written to a staging folder and moved into the dataset only
when complete, then recorded in ``_imported.json``: a killed import leaves
no partial file behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import uuid
from concurrent.futures import Future
from glob import escape as glob_escape
from pathlib import Path

from .. import _args
from .._io import exclusive, read_ledger, write_ledger
from .._lazy import lazy
from .._optional import require
from ..package import open as open_package
from .core import TABLES, connect, expand_paths, map_file, plain_file, write_rejected
from .frames import actor_codes, summary_row, typed
from .readers import read_gdelt, read_historian, read_icews, read_polecat
from .sources import COLUMNS, SOURCES

pd = lazy("pandas")  # loaded when a DataFrame is made, never by `diplo import`

__all__ = ["import_files", "import_rows", "load_external", "read_any"]

_REGISTRY = "_imported.json"
#: The hash of a file's content in its key, as a new dataset's registry names it. xxh3-128 reads a
#: file at memory speed (347 MiB in 0.03 s, where sha256 took 0.2 s of a core the import needs:
#: 1.3 s of a 2.2 GiB file); the key is to tell versions of a file apart, not to resist forgery.
HASH = "xxh3_128"
#: The hash of a registry that names none: every dataset made by diplo 0.2.0 or earlier.
_OLD_HASH = "sha256"
#: DuckDB's memory for one file's import; beyond it DuckDB spills to a folder inside the dataset.
#: "auto": an eighth of the file's size, at least 96 MiB and at most 1 GiB (:data:`AUTO_MEMORY`).
MEMORY_LIMIT = "auto"
#: The bounds of ``memory_limit="auto"``. A file is read, mapped and written in one streaming pass,
#: so the import's memory is bounded however large the file. At 96 MiB a whole `diplo import` of a
#: 347 MiB GDELT export peaks at about 165 MiB, under half the file (at 160 MiB it peaked near
#: 210 MiB, no faster); a 2.2 GiB export spilled to disk at 96 MiB and took a quarter longer than
#: with an eighth of its size, 280 MiB, at which it peaks near 0.13 of the file
#: (benchmarks/bench_import.py --sweep).
AUTO_MEMORY = (96 << 20, 1 << 30)
#: The most memory a Parquet row group takes while it is written (each writing thread holds one).
#: With DuckDB's default, 122,880 rows whatever their width, a streaming write of GDELT's mapped
#: rows ran out of memory at 96MB and at 160MB; bounded by bytes, rows of any width stream through
#: within the limit, as fast. (The files are compressed with zstd at level 1: half the size of
#: DuckDB's default, snappy, for the same writing time.)
ROW_GROUP_BYTES = 8 << 20
#: Rows each DuckDB thread holds for a year before it writes them out, in a pass that writes a file
#: per year. DuckDB's default, 524,288, holds a whole file's rows per year and thread: a nine-year
#: export half of whose rows are kept took 2.3 s at 128 MiB (spilling) where it takes 1.4 s with
#: 2,048, at 96 MiB; row groups then hold some 5,000 rows. (Written by year, a single year's rows
#: still go a third slower than into one plain file: hence the sample that chooses the pass.)
FLUSH_ROWS = 2048
#: The columns of the summary :func:`import_files` returns: one row per file.
SUMMARY = ["file", "rows", "kept", "outside_actors", "rejected", "reasons", "skipped", "replaced"]


def _stem(path: Path) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in path.name)[:60]


def file_key(path: Path, algorithm: str = HASH) -> str:
    """A stable key for a file: its name and a hash of its whole content (a corrected file is a new key).

    ``algorithm`` is :data:`HASH` (xxh3-128) or ``"sha256"`` (the datasets of diplo 0.2.0 and earlier).

    Examples
    --------
    >>> from pathlib import Path
    >>> from diplo.importers.archive import file_key
    >>> file_key(Path("tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv"))
    'gdelt-v2-events-sample.export.tsv-16278eb3d6e2'
    """
    if algorithm == HASH:
        digest = require("xxhash", "import archives").xxh3_128
    elif algorithm == _OLD_HASH:
        digest = hashlib.sha256
    else:
        raise ValueError(f"unknown file hash {algorithm!r} in {_REGISTRY}; diplo knows {HASH} and {_OLD_HASH}.")
    with open(path, "rb") as f:
        return f"{_stem(path)}-{hashlib.file_digest(f, digest).hexdigest()[:12]}"


def _hash_of(registry: dict) -> str:
    """The hash a dataset's keys are made with: the registry's ``hash``, sha256 for an older dataset."""
    return registry.get("hash", HASH if not registry["files"] else _OLD_HASH)


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
    memory_limit : str, default "auto"
        DuckDB's memory for one file (on each worker), such as "256MB";
        beyond it DuckDB spills to a temporary folder inside ``to``. "auto"
        is an eighth of the file's size, at least 96 MiB and at most 1 GiB.
        Each file is read, mapped and written in one streaming pass, so it
        bounds the import's memory however large the files are: a whole
        import peaks under half the file's size (see
        benchmarks/bench_import.py --sweep).
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
    rows = import_rows(kind, paths, to, actors=actors, engine=engine, scheduler=scheduler,
                       memory_limit=memory_limit, progress=progress, data_dir=data_dir)
    return pd.DataFrame(rows, columns=SUMMARY)


def import_rows(kind: str, paths, to, *, actors=None, engine: str = "duckdb", scheduler: str | None = None,
                memory_limit: str = MEMORY_LIMIT, progress: bool = True, data_dir=None) -> list[dict]:
    """:func:`import_files`, its summary as a list of dicts (what ``diplo import`` prints; no pandas)."""
    if kind not in SOURCES:
        raise ValueError(f"unknown dataset {kind!r}; diplo imports {', '.join(SOURCES)}.")
    if memory_limit != "auto" and not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", str(memory_limit)):
        raise ValueError(f"memory_limit must be a size such as '128MB' or '2GB', or 'auto'; got {memory_limit!r}.")
    if engine not in ("duckdb", "dask"):
        raise ValueError(f"engine must be 'duckdb' or 'dask'; got {engine!r}.")
    files = expand_paths(paths)
    dest = Path(to)
    keys = _hash_in_background(files, _hash_of(_read_registry(dest)))
    try:
        # Only the tables the mapping reads are read and checked: the events are no input of an import.
        package = open_package(data_dir, tables=TABLES)
        codes = actor_codes(actors, package)
        dest.mkdir(parents=True, exist_ok=True)
        # One import writes to a dataset at a time; the lock lies beside _imported.json (nothing hidden).
        with exclusive(dest / "_import.lock", f"another `diplo import` is writing to {dest} right now; wait for "
                                              "it to finish, then run this one again (files it already imported "
                                              "are skipped)."):
            registry = _read_registry(dest)
            if _hash_of(registry) != keys.algorithm:  # another import made the dataset meanwhile
                keys.cancel()
                keys = _hash_in_background(files, _hash_of(registry))
            return _import_into(kind, files, keys, registry, dest, codes, package, engine, scheduler, memory_limit,
                                progress)
    finally:
        keys.cancel()  # an error stops the hashing of the files not yet begun


class _Keys(list):
    """The futures of :func:`_hash_in_background`, and the hash they are made with."""

    algorithm: str

    def cancel(self) -> None:
        for key in self:
            key.cancel()


def _hash_in_background(files: list[Path], algorithm: str) -> _Keys:
    """The key of each file (:func:`file_key`), computed in order on a thread of its own.

    Every file is hashed whatever happens (its key says whether it is in the dataset already), so
    the hashing starts at once and runs while the package is opened and DuckDB reads the first
    file. The thread is a daemon: an error or Ctrl-C does not wait for it.
    """
    futures = _Keys(Future() for _ in files)
    futures.algorithm = algorithm

    def run():
        for path, future in zip(files, futures):
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(file_key(path, algorithm))
                except BaseException as exc:  # noqa: BLE001 (handed to whoever waits for this key)
                    future.set_exception(exc)

    threading.Thread(target=run, name="diplo-hash", daemon=True).start()
    return futures


def _import_into(kind, files, keys, registry, dest, codes, package, engine, scheduler, memory_limit,
                 progress) -> list[dict]:
    # What a killed import left behind (no other import runs: this one holds the lock).
    for leftover in [*dest.glob(".staging-*"), *dest.glob(".spill-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    registry["hash"] = keys.algorithm
    known = {k.rsplit("-", 1)[0] for k in registry["files"]}
    todo, summaries, order = [], {}, []
    for path, key in zip(files, keys):
        stem = _stem(path)
        if stem in known or engine != "duckdb":
            # A file of a name seen before is skipped or replaces that one: its hash decides, first.
            key = key.result()
            if key in registry["files"]:
                summaries[key] = dict(registry["files"][key], skipped=True)
                order.append(key)
                continue
        # A name never seen is imported while its hash is computed; its key names the parts at the end.
        known.add(stem)
        todo.append((path, key))
        order.append(key)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"diplo import {kind}", unit="file")

    def record(result: dict) -> None:
        # A file imported before under the same name with other content is a corrected version:
        # its old rows go once the new ones are in, so the dataset never holds both.
        for old in [k for k, v in registry["files"].items() if v.get("file") == result["file"] and k != result["key"]]:
            _forget(dest, registry, old)
            result["replaced"] = True
        registry["files"][result["key"]] = {k: v for k, v in result.items() if k not in ("skipped", "replaced")}
        _write_registry(dest, registry)
        summaries[result["key"]] = result
        if bar is not None:
            bar.update()

    if engine == "duckdb":
        for path, key in todo:
            record(import_one(kind, str(path), str(dest), key, codes, package, memory_limit))
    elif todo:
        _run_on_dask(todo, kind, dest, codes, str(package.folder), scheduler, record, memory_limit)
    if bar is not None:
        bar.close()
    keyed = [key.result() if hasattr(key, "result") else key for key in order]
    return [{c: summaries[key].get(c, False) for c in SUMMARY} for key in keyed]


def import_one(kind: str, path: str, dest: str, key, actors, data_dir=None, memory_limit=MEMORY_LIMIT) -> dict:
    """Import one file into the dataset at ``dest`` (what each engine runs per file).

    ``key`` is the file's key (:func:`file_key`), or a future of it: the file is read while it is
    hashed, and the key names its parts when they move into the dataset.
    """
    dest = Path(dest)
    token = uuid.uuid4().hex[:16]
    staging = dest / f".staging-{token}"
    spill = dest / f".spill-{token}"
    con = connect(open_package(data_dir, tables=TABLES))
    con.execute(f"SET temp_directory = '{_sql(spill)}'")
    con.execute(f"SET partitioned_write_flush_threshold = {FLUSH_ROWS}")
    try:
        with plain_file(Path(path)) as plain:
            if memory_limit == "auto":
                lo, hi = AUTO_MEMORY
                memory_limit = f"{min(max(plain.stat().st_size // 8, lo), hi) >> 20}MiB"
            con.execute(f"SET memory_limit = '{memory_limit}'")
            # One pass: the file's rows stream into Parquet as they are read and mapped; into a
            # file per year when rows sampled over the file fall in several years, else into one
            # file, which moves into its year as it is (see _by_year).
            several = len(SOURCES[kind].sampled_years(plain)) > 1
            write = _write_by_year if several else _write
            mapped = map_file(con, kind, plain, lambda m: write(con, m.query(), staging, "part0"), actors=actors)
            again = mapped.rescued()
            if again:
                write(con, again, staging, "part1", fresh=False)
            years, kept, aside = _by_year(con, staging)
            rejected, summary = mapped.finish(kept, aside)
        summary.file = Path(path).name
        summary.years = years
        key = key.result() if hasattr(key, "result") else key
        write_rejected(dest / "_rejected" / f"{key}.csv", rejected)
        # Move the complete files into the dataset; only then is the file recorded as imported.
        for year in years:
            (dest / f"year={year}").mkdir(exist_ok=True)
            for i, part in enumerate(sorted((staging / f"year={year}").glob("*.parquet"))):
                os.replace(part, dest / f"year={year}" / f"{key}_{i}.parquet")
    finally:
        con.close()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(spill, ignore_errors=True)
    return dict(summary_row(summary), key=key, skipped=False, years=summary.years)


_PARQUET = f"ROW_GROUP_SIZE_BYTES {ROW_GROUP_BYTES}, COMPRESSION zstd, COMPRESSION_LEVEL 1"


def _fresh(staging: Path, fresh: bool) -> None:
    """Empty ``staging`` (of what a strict read that met an unreadable row began), if ``fresh``."""
    if fresh:
        shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)


def _write(con, sql: str, staging: Path, name: str, *, fresh: bool = True) -> int:
    """Stream the rows of ``sql`` into the Parquet file ``staging/<name>.parquet``, without their
    ``year`` (the folder a file moves into names it); the number of rows (no file for none)."""
    _fresh(staging, fresh)
    target = staging / f"{name}.parquet"
    rows = con.execute(f"COPY (SELECT * EXCLUDE (year) FROM ({sql})) TO '{_sql(target)}' (FORMAT parquet, "
                       f"{_PARQUET})").fetchall()[0][0]
    if not rows:
        target.unlink(missing_ok=True)
    return rows


def _write_by_year(con, sql: str, staging: Path, name: str, *, fresh: bool = True) -> int:
    """Stream the rows of ``sql`` into Parquet files ``staging/year=YYYY/<name>_<i>.parquet`` by their
    ``year`` (not written into the files: the folder names it); the number of rows.

    The rows to reject have no year: DuckDB puts them in ``year=__HIVE_DEFAULT_PARTITION__``
    (see :func:`_by_year`). Each thread holds :data:`FLUSH_ROWS` rows of a year at most.
    """
    _fresh(staging, fresh)
    return con.execute(f"COPY ({sql}) TO '{_sql(staging)}' (FORMAT parquet, PARTITION_BY (year), "
                       f"OVERWRITE_OR_IGNORE, FILENAME_PATTERN '{name}_{{i}}', {_PARQUET})").fetchall()[0][0]


def _by_year(con, staging: Path) -> tuple[list[int], int, list[tuple]]:
    """Put the rows written to ``staging`` in ``staging/year=YYYY/``; the years, the number of rows
    kept, and the (record, reason) of the rows to reject, which the pass marked with an empty
    ``start_date`` (:class:`~diplo.importers.core.MappedFile`).

    Files written by year (:func:`_write_by_year`) are in place already. A file written whole
    (:func:`_write`) whose rows fall in one year and need no rejecting, as most files' do, moves
    into its year as it is; otherwise (the sample missed a year) it is written again by year.
    """

    def files(paths) -> str:  # a list, not a pattern: the dataset's name may hold glob characters
        return "[" + ", ".join(f"'{_sql(p)}'" for p in sorted(paths)) + "]"

    whole = sorted(staging.glob("*.parquet"))
    if whole:
        counts = dict(con.execute(f"SELECT year(start_date), count(*) FROM read_parquet({files(whole)}) "
                                  "GROUP BY 1").fetchall())
        if len(counts) == 1 and None not in counts:
            (staging / f"year={next(iter(counts))}").mkdir()
            for part in whole:
                os.replace(part, staging / f"year={next(iter(counts))}" / part.name)
        else:
            _write_by_year(con, f"SELECT *, year(start_date) AS year FROM read_parquet({files(whole)})", staging,
                           "split", fresh=False)
            for part in whole:
                part.unlink()
    folders = {p.name.removeprefix("year="): p for p in staging.glob("year=*") if p.is_dir()}
    aside = []
    marked = folders.pop("__HIVE_DEFAULT_PARTITION__", None)  # DuckDB's folder for a NULL year
    if marked is not None:
        aside = con.execute(f"SELECT event_id, notes FROM read_parquet({files(marked.glob('*.parquet'))})"
                            ).fetchall()
        shutil.rmtree(marked)
    kept = sum(con.execute(f"SELECT sum(num_rows) FROM parquet_file_metadata({files(folder.glob('*.parquet'))})"
                           ).fetchall()[0][0] for folder in folders.values())
    return sorted(int(y) for y in folders), int(kept), aside


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
    return read_ledger(dest / _REGISTRY, "a diplo registry", "it lists which files the dataset holds: restore it "
                       "or import into a new folder.")


def _write_registry(dest: Path, registry: dict) -> None:
    write_ledger(dest / _REGISTRY, registry)


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")
