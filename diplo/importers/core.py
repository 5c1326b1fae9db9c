"""The one pipeline every import runs: open a file, map it with its source's SQL, split kept and rejected rows."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .._io import write_atomic
from .._optional import require
from .sources import COLUMNS, SOURCES, FormatError

__all__ = ["connect", "MappedFile", "map_file", "FileSummary", "expand_paths", "plain_file"]

#: CAMEO root codes (two digits) and the diplo event family they belong to, for
#: codes that no diplo event type lists (see data/README.md, "event_types").
ROOT_FAMILIES = {"01": "rhetoric", "02": "rhetoric", "03": "agreement", "04": "diplomacy", "05": "diplomacy",
                 "06": "diplomacy", "07": "diplomacy", "08": "dispute", "09": "dispute", "10": "rhetoric",
                 "11": "dispute", "12": "dispute", "13": "rhetoric", "14": "dispute", "15": "military",
                 "16": "coercion", "17": "coercion", "18": "military", "19": "military", "20": "military"}
#: PLOVER event types and the diplo family they belong to.
PLOVER_FAMILIES = {"AGREE": "agreement", "CONSULT": "diplomacy", "SUPPORT": "diplomacy", "CONCEDE": "diplomacy",
                   "COOPERATE": "diplomacy", "AID": "diplomacy", "RETREAT": "dispute", "REQUEST": "rhetoric",
                   "ACCUSE": "dispute", "REJECT": "dispute", "THREATEN": "rhetoric", "PROTEST": "dispute",
                   "SANCTION": "coercion", "MOBILIZE": "military", "COERCE": "coercion", "ASSAULT": "military"}
_LOOKUPS = Path(__file__).with_name("lookups")
#: The tables of the data package the mapping reads (an import opens only these: see :func:`connect`).
TABLES = ("countries", "event_types")


@dataclass
class FileSummary:
    """What one file gave: rows read, kept, outside the actors asked for, rejected (by reason)."""

    file: str
    rows: int = 0
    kept: int = 0
    outside: int = 0
    rejected: int = 0
    reasons: dict = field(default_factory=dict)
    years: list = field(default_factory=list)
    skipped: bool = False


def connect(package):
    """A DuckDB connection holding the lookup tables the sources' SQL joins.

    The lookups are built from the package's checked tables as written, not
    from DataFrames: an import then spends neither the time nor the memory
    of typing tables it only joins.
    """
    duckdb = require("duckdb", "import machine-coded archives")

    column = package.column
    con = duckdb.connect()
    # Readers sort what they return and an import writes a dataset that is read sorted: the scan
    # needs not keep the file's order, and threads write what they read without waiting on each other.
    con.execute("SET preserve_insertion_order = false")
    # The lookups are tiny and the file's rows many: each join builds its hash table on the lookup.
    # DuckDB cannot tell how few rows the scan's filter leaves, and by its estimate would build on
    # the file's rows instead, which holds them all in memory (and was why the import once
    # materialised every file before mapping it).
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    iso3 = column("countries", "iso3")
    # A code two countries of the table share (FIPS EZ: Czechoslovakia and Czechia; YI: Yugoslavia
    # and Serbia and Montenegro) names neither: joined on it, a row would come out once per country.
    # Such a place maps to no country, as a CAMEO event code several types share maps to no type.
    unique = {}
    for name in ("cameo", "fips"):
        codes = column("countries", name)
        shared = {code for code, n in Counter(c for c in codes if c).items() if n > 1}
        unique[name] = [None if code in shared else code for code in codes]
    _lookup(con, "diplo_countries", iso3=iso3, **unique)
    names = set()
    for code, name, aliases in zip(iso3, column("countries", "name"), column("countries", "aliases")):
        for text in [code, name, name.lower().replace(" ", "-"), *(aliases.split(";") if aliases else [])]:
            names.add((text.strip().lower(), code))
    names = sorted(names)
    seen: dict[str, list[str]] = {}
    for name, code in names:
        seen.setdefault(name, []).append(code)
    clash = {name: codes for name, codes in seen.items() if len(codes) > 1}
    if clash:
        raise ValueError(f"countries.csv gives one name to two countries: {clash}")
    _lookup(con, "diplo_names", name=[n for n, _ in names], iso3=[c for _, c in names])
    with open(_LOOKUPS / "cameo_events.tsv", encoding="utf-8", newline="") as f:
        cameo = list(csv.reader(f, delimiter="\t"))[1:]
    codes = [code for code, _ in cameo]
    mapped = cameo_types(codes, package)
    # One table per code, not two: each join holds a hash table of some 4 MiB however few its rows.
    _lookup(con, "diplo_cameo", code=codes, description=[d for _, d in cameo], event_type=[t for t, _ in mapped],
            family=[f for _, f in mapped])
    _lookup(con, "diplo_plover_families", plover=list(PLOVER_FAMILIES), family=list(PLOVER_FAMILIES.values()))
    plover = [row for row in zip(column("event_types", "plover"), column("event_types", "plover_mode"),
                                 column("event_types", "code"), column("event_types", "family"))
              if row[0] is not None and row[1] is not None]
    # As for CAMEO codes: a PLOVER type and mode maps to a diplo type only when one type alone has it
    # (CONSULT/visit could be a leaders' or a ministers' visit, so it maps to none).
    pairs = Counter((p, m) for p, m, _, _ in plover)
    plover = [row for row in plover if pairs[row[:2]] == 1]
    _lookup(con, "diplo_plover_types", plover=[r[0] for r in plover], mode=[r[1] for r in plover],
            event_type=[r[2] for r in plover], family=[r[3] for r in plover])
    return con


def _lookup(con, table: str, **columns: list) -> None:
    """Create the temporary text table ``table`` from equally long lists, one per column."""
    select = ", ".join(f"unnest(${i}::VARCHAR[]) AS {c}" for i, c in enumerate(columns, start=1))
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {select}", list(columns.values()))


def cameo_types(codes, package) -> list[tuple[str | None, str | None]]:
    """The diplo event type (where exactly one type lists the code) and family of each CAMEO code.

    The ``event_types`` codebook is the only source: a code that one type
    lists maps to that type; a code several types share (044 is any meeting
    at a third place) maps to none, since machine coding cannot tell a
    leaders' from a ministers' meeting, and its family comes from those
    types when they agree, else from the CAMEO root code.

    Examples
    --------
    >>> import diplo
    >>> from diplo.importers.core import cameo_types
    >>> cameo_types(["057", "044", "190"], diplo.open())
    [('agreement', 'agreement'), (None, 'diplomacy'), (None, 'military')]
    """
    listed: dict[str, list[tuple[str, str]]] = {}
    for code, cameo, family in zip(*(package.column("event_types", f) for f in ("code", "cameo", "family"))):
        for item in cameo.split(";") if cameo else []:
            listed.setdefault(item, []).append((code, family))
    out = []
    for code in codes:
        entries = listed.get(code, [])
        kinds = {k for k, _ in entries}
        families = {f for _, f in entries}
        out.append((next(iter(kinds)) if len(kinds) == 1 else None,
                    next(iter(families)) if len(families) == 1 else ROOT_FAMILIES.get(code[:2])))
    return out


def expand_paths(paths) -> list[Path]:
    """One path, a list of paths, or glob patterns, as a sorted list of files.

    A path that exists is taken literally, even when its name holds glob
    characters (``gdelt[2024].export.CSV``); only a path that does not exist
    is read as a pattern.
    """
    import glob

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out = []
    for item in items:
        text = str(item)
        literal = Path(text).exists() or not any(ch in text for ch in "*?[")
        matches = [text] if literal else sorted(glob.glob(text))
        if not matches:
            raise FileNotFoundError(f"no file matches {text!r}")
        for match in matches:
            path = Path(match)
            if not path.is_file():
                raise FileNotFoundError(f"{path}: no such file")
            out.append(path)
    return out


#: The most diplo extracts from one archive (a GDELT export is tens of MB; ICEWS a few hundred).
MAX_UNZIPPED_BYTES = 4 << 30


@contextmanager
def plain_file(path: Path, *, max_bytes: int | None = None):
    """The file itself, or the one file inside a GDELT-style .zip, extracted to a temporary folder.

    At most ``max_bytes`` (default :data:`MAX_UNZIPPED_BYTES`) are extracted, counted as they are
    written rather than taken from the archive's own claim: a small archive that expands without
    end (a zip bomb) stops at the cap with one clear error and leaves nothing behind.
    """
    cap = MAX_UNZIPPED_BYTES if max_bytes is None else max_bytes
    if path.suffix.lower() != ".zip":
        yield path
        return
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FormatError(f"{path.name}: not a readable .zip file.") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) != 1:
            raise FormatError(f"{path.name}: a GDELT .zip holds one export file; this one holds {len(members)}.")
        with tempfile.TemporaryDirectory(prefix="diplo-unzip-") as tmp:
            target = Path(tmp) / Path(members[0].filename).name
            written = 0
            with archive.open(members[0]) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > cap:
                        raise FormatError(f"{path.name}: expands to more than {cap:,} bytes, the cap on what "
                                          "diplo extracts from an archive. Extract it yourself and import the "
                                          "extracted file (it is then read in place, with bounded memory).")
                    dst.write(chunk)
            yield target


def count_rows(path: Path, *, header: bool) -> int:
    """Records in a tab-separated file (these files quote nothing, so a line is a record).

    The system's ``wc -l`` counts lines at memory speed with almost no CPU,
    which matters while DuckDB parses the same file on every core; Python
    counts where there is no ``wc``.
    """
    import subprocess

    size = path.stat().st_size
    if size == 0:
        return 0
    with open(path, "rb") as f:
        f.seek(size - 1)
        unterminated = f.read(1) != b"\n"  # a last line without a line break is a record too
    wc = shutil.which("wc")
    n = None
    if wc:
        out = subprocess.run([wc, "-l", str(path)], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.split()[:1] and out.stdout.split()[0].isdigit():
            n = int(out.stdout.split()[0])
    if n is None:
        n = 0
        with open(path, "rb") as f:
            while chunk := f.read(1 << 24):
                n += chunk.count(b"\n")
    return max(n + int(unterminated) - (1 if header else 0), 0)


class MappedFile:
    """A file opened as ``kind`` and mapped: SQL for its rows in the events schema, then its summary.

    :meth:`query` is one streaming pass over the file (read, skip the rows
    outside the actors, map), run as the caller likes: into a DataFrame
    (the readers) or straight into a Parquet file (the import), so a file
    is never held whole in memory. The rows it gives are the kept rows and,
    marked by an empty ``start_date`` (every kept row has one), the rows
    to reject, with their own id in ``event_id`` and the reason in
    ``notes``: kept and rejected rows come from one read of the file, and
    the caller sets the marked rows aside (the import does it where it puts
    rows in their year, :func:`diplo.importers.archive.import_one`). After
    the query, :meth:`rescued` gives the rows the CSV reader set aside that
    are rows of the format's other layout (GDELT 1.0's two widths), and
    :meth:`finish` the rejected rows and the summary.

    Examples
    --------
    >>> import diplo
    >>> from pathlib import Path
    >>> con = connect(diplo.open())
    >>> mapped = MappedFile(con, "gdelt", Path("tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv"))
    >>> rows = con.execute(f"SELECT start_date FROM ({mapped.query()})").fetchall()
    >>> rejected, summary = mapped.finish(kept=len(rows), aside=[])
    >>> summary.rows, summary.kept, summary.rejected
    (100, 100, 0)
    """

    def __init__(self, con, kind: str, path: Path, *, actors=None, tolerant: bool = True, rows=None):
        self.con, self.kind, self.path = con, kind, path
        self.source = source = SOURCES[kind]
        # Strict (tolerant=False): the query fails at the first row the CSV reader cannot read,
        # which the caller then reads again tolerantly (see :func:`map_file`).
        self.tolerant = tolerant and kind != "historian"
        con.execute("DROP TABLE IF EXISTS diplo_rejects; DROP TABLE IF EXISTS diplo_scans")
        source.open(con, path, "diplo_raw", tolerant=tolerant)
        self.near = "TRUE"
        if actors and source.party_columns:
            # Rows that cannot involve the actors are dropped as they are read, before any mapping;
            # they are counted as outside the actors, not examined.
            table = "diplo_countries" if source.party_naming == "cameo" else "diplo_names"
            column = "cameo" if source.party_naming == "cameo" else "name"
            codes_sql = ", ".join(f"'{a}'" for a in actors)
            names = [n for (n,) in con.execute(f"SELECT {column} FROM {table} WHERE iso3 IN ({codes_sql})").fetchall()]
            listed = ", ".join("'" + n.replace("'", "''") + "'" for n in names)
            a, b = (f'"{c}"' if source.party_naming == "cameo" else f'lower("{c}")' for c in source.party_columns)
            self.near = f"{a} IN ({listed}) OR {b} IN ({listed})"
        # Only the columns the mapping reads are taken from the reader.
        self.columns = "*" if source.columns_used is None else ", ".join(f'"{c}"' for c in source.columns_used)
        self.keep = "TRUE"
        if actors:
            codes = ", ".join(f"'{a}'" for a in actors)
            match = f"(_a IN ({codes}) OR _b IN ({codes}))"
            # A row whose only fault is a country the table does not know, and whose known party
            # is not one of the actors asked for, is outside the selection, not a rejected row.
            self.keep = (f"CASE WHEN _reject LIKE 'unknown country%' THEN {match} "
                         f"ELSE _reject IS NOT NULL OR {match} END")
        # Count the file's records on a second thread while DuckDB parses it (DuckDB releases the GIL);
        # ``rows``: that count already begun, by the strict read of the same file (map_file).
        self._counter = rows
        if rows is None and kind != "historian":
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=1)
            self._counter = pool.submit(count_rows, path, header=kind != "gdelt")
            pool.shutdown(wait=False)

    def query(self, raw: str = "diplo_raw") -> str:
        """SQL for the rows of the file (or of the table ``raw`` of its rows) typed as :data:`COLUMNS`:
        the kept rows, and the rows to reject marked by an empty ``start_date`` (``event_id``: the
        row's own id; ``notes``: why it is rejected). Rows outside the actors are not among them.
        """
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW diplo_scan AS SELECT {self.columns} FROM {raw} "
                         f"WHERE {self.near}")
        marked = {"start_date": "CASE WHEN _keep THEN start_date END",
                  "event_id": "CASE WHEN _keep THEN event_id ELSE _record END",
                  "notes": "CASE WHEN _keep THEN notes ELSE coalesce(_reject, 'no start date') END"}
        typed = ", ".join(f'({marked.get(c, chr(34) + c + chr(34))})::{t} AS "{c}"' for c, t in COLUMNS.items())
        # A row is kept, rejected with its reason, or (outside the actors asked for) neither.
        return (f"SELECT {typed} FROM (SELECT *, _reject IS NULL AND start_date IS NOT NULL AS _keep "
                f"FROM ({self.source.select('diplo_scan')}) WHERE {self.keep})")

    def rescued(self) -> str | None:
        """After :meth:`query` ran: SQL for the kept rows among those the CSV reader set aside for their
        width that are rows of the format's other layout (a GDELT 1.0 file mixing 57 and 58 fields)."""
        rescue = self.source.rescue(self.path, "diplo_rejects") if self.tolerant else None
        if not rescue:
            return None
        con = self.con
        con.execute(f"CREATE OR REPLACE TEMP TABLE diplo_rescued AS {rescue}")
        if not con.execute("SELECT count(*) FROM diplo_rescued").fetchall()[0][0]:
            return None
        # They are rows read, no longer rejected.
        con.execute("DELETE FROM diplo_rejects WHERE line IN (SELECT _line FROM diplo_rescued)")
        return self.query("diplo_rescued")

    def finish(self, kept: int, aside: list[tuple]) -> tuple[list[dict], FileSummary]:
        """The rejected rows (dicts with file, line, record, reason, raw) and the summary, given the
        number of rows kept and the (record, reason) of the rows :meth:`query` marked."""
        con, path = self.con, self.path
        summary = FileSummary(file=path.name, kept=kept)
        rejected = [{"file": path.name, "line": None, "record": record, "reason": reason, "raw": None}
                    for record, reason in sorted(aside, key=lambda r: (r[0] is None, r[0] or "", r[1]))]
        if self.tolerant:
            # DuckDB reports a short row once per missing column: one rejected row per line.
            expected = self.source.fields_expected(path)
            message = "min(error_message)"
            if expected:  # a row of the wrong width: say how wide it is and how wide it should be
                message = (f"CASE WHEN bool_and(error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')) THEN "
                           f"'the row has ' || len(string_split(min(csv_line), chr(9))) || ' tab-separated "
                           f"fields, not {expected}' ELSE min(error_message) END")
            csv_errors = con.execute(f"SELECT line, string_agg(DISTINCT error_type, ', '), {message}, "
                                     "min(csv_line) FROM diplo_rejects GROUP BY line ORDER BY line").fetchall()
            rejected = [{"file": path.name, "line": line, "record": None, "reason": f"{kind_}: {text}", "raw": raw}
                        for line, kind_, text, raw in csv_errors] + rejected
        if self._counter is not None:
            summary.rows = self._counter.result()
        else:
            summary.rows = con.execute("SELECT count(*) FROM diplo_raw").fetchall()[0][0]
        summary.rejected = len(rejected)
        for row in rejected:
            key = row["reason"].split(":")[0] if row["line"] is not None else row["reason"].split(" '")[0]
            summary.reasons[key] = summary.reasons.get(key, 0) + 1
        summary.outside = summary.rows - summary.kept - summary.rejected
        con.execute("DROP TABLE IF EXISTS diplo_rescued")
        return rejected, summary


def map_file(con, kind: str, path: Path, run, *, actors=None) -> MappedFile:
    """Map ``path`` and hand the :class:`MappedFile` to ``run``, which runs its query; the MappedFile.

    The file is first read strictly, as most files are wholly readable and a strict reader is
    faster. If the CSV reader meets a row it cannot read (too short or long, not UTF-8), ``run``
    is called again on the file read tolerantly, which sets such rows aside with their reasons:
    ``run`` must start afresh each time.
    """
    duckdb = require("duckdb", "import machine-coded archives")

    mapped = MappedFile(con, kind, path, actors=actors, tolerant=False)
    try:
        run(mapped)
        return mapped
    except duckdb.InvalidInputException as exc:
        if not str(exc).startswith("Invalid Input Error: CSV Error"):
            raise
    mapped = MappedFile(con, kind, path, actors=actors, tolerant=True, rows=mapped._counter)
    run(mapped)
    return mapped


def write_rejected(path: Path, rejected: list[dict]) -> None:
    """Write the rejected rows, with their reasons, beside an import's output."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["file", "line", "record", "reason", "raw"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rejected)
    write_atomic(path, text.getvalue().encode("utf-8"))
