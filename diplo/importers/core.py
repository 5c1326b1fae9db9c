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
from .sources import SOURCES, FormatError

__all__ = ["connect", "parse_file", "FileSummary", "expand_paths", "plain_file"]

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
    # Rows are written sorted by event id, so the scan needs not keep the file's order.
    con.execute("SET preserve_insertion_order = false")
    iso3 = column("countries", "iso3")
    _lookup(con, "diplo_countries", iso3=iso3, cameo=column("countries", "cameo"), fips=column("countries", "fips"))
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
    _lookup(con, "diplo_cameo", code=codes, description=[d for _, d in cameo])
    mapped = cameo_types(codes, package)
    _lookup(con, "diplo_cameo_types", code=codes, event_type=[t for t, _ in mapped], family=[f for _, f in mapped])
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


def parse_file(con, kind: str, path: Path, *, actors=None) -> tuple[str, list[dict], FileSummary]:
    """Open ``path`` as a ``kind`` file and map it; the kept rows are then in the view ``diplo_kept``.

    Returns
    -------
    tuple
        The name of the table of kept rows, the rejected rows (dicts with
        file, line, record, reason, raw) and the file's summary.
    """
    source = SOURCES[kind]
    summary = FileSummary(file=path.name)
    con.execute("DROP TABLE IF EXISTS diplo_rejects; DROP TABLE IF EXISTS diplo_scans")
    source.open(con, path, "diplo_raw")
    near = "TRUE"
    if actors and source.party_columns:
        # Skip in the scan itself the rows that cannot involve the actors (DuckDB pushes the
        # filter into the CSV reader); they are counted as outside the actors, not examined.
        table = "diplo_countries" if source.party_naming == "cameo" else "diplo_names"
        column = "cameo" if source.party_naming == "cameo" else "name"
        codes_sql = ", ".join(f"'{a}'" for a in actors)
        names = [n for (n,) in con.execute(f"SELECT {column} FROM {table} WHERE iso3 IN ({codes_sql})").fetchall()]
        listed = ", ".join("'" + n.replace("'", "''") + "'" for n in names)
        a, b = (f'"{c}"' if source.party_naming == "cameo" else f'lower("{c}")' for c in source.party_columns)
        near = f"{a} IN ({listed}) OR {b} IN ({listed})"
    # Count the file's records on a second thread while DuckDB parses it (DuckDB releases the GIL).
    counter = None
    if kind != "historian":
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1)
        counter = pool.submit(count_rows, path, header=kind != "gdelt")
        pool.shutdown(wait=False)
    keep = "TRUE"
    if actors:
        codes = ", ".join(f"'{a}'" for a in actors)
        match = f"(_a IN ({codes}) OR _b IN ({codes}))"
        # A row whose only fault is a country the table does not know, and whose known party
        # is not one of the actors asked for, is outside the selection, not a rejected row.
        keep = f"CASE WHEN _reject LIKE 'unknown country%' THEN {match} ELSE _reject IS NOT NULL OR {match} END"
    # Two steps: first keep the scanned rows (only the columns the mapping reads), then map them.
    # In one step DuckDB cannot know how few rows the scan gives, and builds its joins on the
    # wrong side: twice the time and memory on a GDELT-sized file.
    columns = "*" if source.columns_used is None else ", ".join(f'"{c}"' for c in source.columns_used)
    con.execute(f"CREATE OR REPLACE TEMP TABLE diplo_scanned AS SELECT {columns} FROM diplo_raw WHERE {near}")
    rescue = source.rescue(path, "diplo_rejects") if kind != "historian" else None
    if rescue:
        # Rows the reader set aside for their width that are rows of the format's other layout
        # (GDELT 1.0: 57 or 58 fields) are read from their text, and are no longer rejected.
        con.execute(f"CREATE OR REPLACE TEMP TABLE diplo_rescued AS {rescue}")
        con.execute(f"INSERT INTO diplo_scanned BY NAME SELECT {columns} FROM diplo_rescued WHERE {near}")
        con.execute("DELETE FROM diplo_rejects WHERE line IN (SELECT _line FROM diplo_rescued)")
        con.execute("DROP TABLE diplo_rescued")
    con.execute(f"CREATE OR REPLACE TEMP TABLE diplo_parsed AS SELECT * FROM ({source.select('diplo_scanned')}) "
                f"WHERE {keep}")
    con.execute("DROP TABLE diplo_scanned")
    rejected = [{"file": path.name, "line": None, "record": record, "reason": reason, "raw": None}
                for record, reason in con.execute("SELECT _record, _reject FROM diplo_parsed "
                                                  "WHERE _reject IS NOT NULL").fetchall()]
    if kind != "historian":
        # DuckDB reports a short row once per missing column: one rejected row per line.
        expected = source.fields_expected(path)
        message = "min(error_message)"
        if expected:  # a row of the wrong width: say how wide it is and how wide it should be
            message = (f"CASE WHEN bool_and(error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')) THEN 'the row "
                       f"has ' || len(string_split(min(csv_line), chr(9))) || ' tab-separated fields, not "
                       f"{expected}' ELSE min(error_message) END")
        csv_errors = con.execute(f"SELECT line, string_agg(DISTINCT error_type, ', '), {message}, "
                                 "min(csv_line) FROM diplo_rejects GROUP BY line ORDER BY line").fetchall()
        rejected = [{"file": path.name, "line": line, "record": None, "reason": f"{kind_}: {message}", "raw": raw}
                    for line, kind_, message, raw in csv_errors] + rejected
        summary.rows = counter.result()
    else:
        summary.rows = con.execute("SELECT count(*) FROM diplo_raw").fetchone()[0]
    con.execute("CREATE OR REPLACE TEMP VIEW diplo_kept AS SELECT * EXCLUDE (_a, _b, _record, _reject) "
                "FROM diplo_parsed WHERE _reject IS NULL")
    summary.kept = con.execute("SELECT count(*) FROM diplo_kept").fetchone()[0]
    summary.years = [y for (y,) in con.execute("SELECT DISTINCT year FROM diplo_kept ORDER BY year").fetchall()]
    summary.rejected = len(rejected)
    for row in rejected:
        key = row["reason"].split(":")[0] if row["line"] is not None else row["reason"].split(" '")[0]
        summary.reasons[key] = summary.reasons.get(key, 0) + 1
    summary.outside = summary.rows - summary.kept - summary.rejected
    return "diplo_kept", rejected, summary


def write_rejected(path: Path, rejected: list[dict]) -> None:
    """Write the rejected rows, with their reasons, beside an import's output."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["file", "line", "record", "reason", "raw"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rejected)
    write_atomic(path, text.getvalue().encode("utf-8"))
