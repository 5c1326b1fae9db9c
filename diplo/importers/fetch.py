"""Keep a local copy of the upstream archives in sync: list, plan, download, verify, resume.

Four publishers, one procedure::

    gdelt      GDELT 2.0 15-minute event exports, listed with size and MD5 in masterfilelist.txt
               (or GDELT 1.0 daily files and yearly/monthly backfiles, MD5 in events/md5sums)
    historian  the Office of the Historian's travels and visits XML, listed with each blob's
               git SHA-1 by the GitHub trees API of HistoryAtState/travels and /visits
    icews      Harvard Dataverse doi:10.7910/DVN/28075, listed with size and MD5 by the native API
    polecat    Harvard Dataverse doi:10.7910/DVN/AJGVIT, the same way

Layout of a folder kept in sync (``--to DIR``)::

    DIR/<file>            every file verified against its upstream checksum
    DIR/<file>.part       a download in progress; the next run continues it (HTTP Range)
    DIR/_fetched.json     what was verified: url, size, checksum and the local file's mtime
    DIR/_fetch.lock       held while a fetch writes (one at a time)

A file is downloaded to ``<file>.part``, its checksum computed over the whole
file and compared with the listing's, and only then renamed into place; a file
whose checksum differs is reported and not kept. ``_fetched.json`` lets a
re-run skip files without reading them again, as long as their size and
modification time are those recorded (otherwise they are hashed again).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .. import _args
from .._io import exclusive, read_ledger, write_ledger
from .._lazy import lazy
from .._optional import require
from .sources import ICEWS, POLECAT

pd = lazy("pandas")  # loaded when a listing is planned, never by `diplo import`

__all__ = ["fetch", "fetch_plan", "gdelt_listing", "RemoteFile", "FetchError"]

#: The sources ``fetch`` knows.
SOURCES = ("gdelt", "historian", "icews", "polecat")

#: Where each source lives upstream. A base URL (``base_url=``, ``$DIPLO_FETCH_BASE_URL_<SOURCE>``,
#: ``$DIPLO_FETCH_BASE_URL``) replaces these hosts and keeps every path, so a mirror with upstream's
#: paths works; for the Historian the one base URL stands for both GitHub hosts.
UPSTREAM = {
    "gdelt": {"list": "http://data.gdeltproject.org", "files": "http://data.gdeltproject.org"},
    "historian": {"list": "https://api.github.com", "files": "https://raw.githubusercontent.com"},
    "icews": {"list": "https://dataverse.harvard.edu", "files": "https://dataverse.harvard.edu"},
    "polecat": {"list": "https://dataverse.harvard.edu", "files": "https://dataverse.harvard.edu"},
}
_DOI = {"icews": "doi:10.7910/DVN/28075", "polecat": "doi:10.7910/DVN/AJGVIT"}
#: The Historian's repositories, which of their files are records, and where each goes in DIR
#: (the layout of diplo's own records/us_historian/). up-to-reagan.xml repeats the trips of
#: the presidents' own files (under other ids), so importing it would count them twice.
_HISTORIAN = {
    "travels": (re.compile(r"(president|secretary)-travels/[A-Za-z0-9._-]+\.xml"), lambda p: p),
    "visits": (re.compile(r"data/[A-Za-z0-9._-]+\.xml"), lambda p: "visits/" + p.split("/", 1)[1]),
}
_HISTORIAN_SKIP = {"president-travels/up-to-reagan.xml"}

_MANIFEST = "_fetched.json"
_LOCK = "_fetch.lock"
#: Tries per request (the first and three more), waiting BACKOFF, 2 x BACKOFF, 4 x BACKOFF seconds between.
TRIES = 4
BACKOFF = 1.0
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_MAX_CONNECTIONS = 16
#: GDELT's master list is in time order and holds about a million lines: it is read from a line
#: stamped this many days before ``start`` and up to one this many days past ``end`` (a margin for
#: lines written slightly out of order).
_GDELT_LIST_MARGIN_DAYS = 2


class FetchError(RuntimeError):
    """A list could not be read, or files could not be fetched or verified.

    Parameters
    ----------
    message : str
        What failed, where, and what to do.
    summary : DataFrame, optional
        When files failed: the whole summary (as :func:`fetch` returns it),
        failed rows included, with the reason in ``error``.

    Attributes
    ----------
    summary : DataFrame or None
        As given.
    """

    def __init__(self, message: str, summary: pd.DataFrame | None = None):
        super().__init__(message)
        self.summary = summary


@dataclass(frozen=True)
class RemoteFile:
    """One file of an upstream listing.

    Parameters
    ----------
    name : str
        Where the file goes, relative to the folder kept in sync (``/``-separated).
    url : str
        Where it is downloaded from.
    size : int or None
        Its size in bytes, when the listing gives it.
    checksum : str or None
        ``"ALGORITHM:HEX"``: ``md5``, ``sha1``, ``sha256``, ``sha512``, or ``git-sha1`` (the
        SHA-1 of git's ``blob SIZE\\0`` header and the content, as GitHub lists it).
    problem : str or None
        Why the file cannot be fetched (an unreadable line of the listing, no checksum).
    """

    name: str
    url: str
    size: int | None
    checksum: str | None
    problem: str | None = None


# ---------------------------------------------------------------------------------------------------------------
# Listings


def gdelt_listing(lines, *, start, end, version: int = 2, base_url: str | None = None) -> list[RemoteFile]:
    """The GDELT event files of a period, from the lines of GDELT's own list of files.

    Parameters
    ----------
    lines : iterable of str
        Lines of ``gdeltv2/masterfilelist.txt`` (``SIZE MD5 URL``; version 2) or of
        ``events/md5sums`` (``MD5  NAME``; version 1).
    start, end : date-like
        The first and last day (both included). GDELT 2.0 files are chosen by the day
        of their 15-minute stamp (UTC, as GDELT names them); GDELT 1.0 daily files by
        their day, and the yearly (``YYYY.zip``, 1979-2005) and monthly (``YYYYMM.zip``,
        2006 to March 2013) backfiles when their year or month overlaps the period: a
        backfile is fetched whole.
    version : {2, 1}
        The list's format.
    base_url : str, optional
        A mirror of ``http://data.gdeltproject.org`` with the same paths.

    Returns
    -------
    list of RemoteFile
        In the list's order. An unreadable line that names an event file of the period is
        kept as a file with its ``problem``, so that it is reported rather than missed.

    Raises
    ------
    ValueError
        For a bad date, ``start`` after ``end``, or a version other than 1 or 2.

    Examples
    --------
    Lines as GDELT writes them (the checksums but the first are placeholders):

    >>> at, md5 = "http://data.gdeltproject.org/gdeltv2/", "0" * 32
    >>> lines = [f"150383 297a16b493de7cf6ca809a7cc31d0b93 {at}20150218230000.export.CSV.zip",
    ...          f"318084 {md5} {at}20150218230000.mentions.CSV.zip",
    ...          f"149211 {md5} {at}20150219000000.export.CSV.zip"]
    >>> files = gdelt_listing(lines, start="2015-02-18", end="2015-02-18")
    >>> [(f.name, f.size, f.checksum) for f in files]
    [('20150218230000.export.CSV.zip', 150383, 'md5:297a16b493de7cf6ca809a7cc31d0b93')]
    >>> v1 = [f"{md5}  1979.zip", f"{md5}  200601.zip", f"{md5}  20130401.export.CSV.zip"]
    >>> [f.name for f in gdelt_listing(v1, start="2006-01-15", end="2013-04-01", version=1)]
    ['200601.zip', '20130401.export.CSV.zip']
    """
    lo, hi = _days(start, end)
    if version not in (1, 2):
        raise ValueError(f"GDELT version must be 1 or 2; got {version!r}.")
    base = _clean_base(base_url) if base_url else UPSTREAM["gdelt"]["files"]
    return list(_gdelt_v2(lines, lo, hi, base) if version == 2 else _gdelt_v1(lines, lo, hi, base))


def _gdelt_v2(lines, lo, hi, base):
    stop_after = hi + pd.Timedelta(days=_GDELT_LIST_MARGIN_DAYS)
    for line in lines:
        line = line.strip()
        match = re.fullmatch(r"(\d+) ([0-9a-fA-F]{32}) (\S+)", line)
        stamp = re.search(r"/(\d{14})\.export\.CSV\.zip$", match.group(3) if match else line)
        if stamp is None:
            other = _STAMP.search(line)  # another kind of file (mentions, gkg): only its stamp matters
            if other and (day := _day(other.group(1))) is not None and day > stop_after:
                return
            continue
        day = _day(stamp.group(1)[:8])
        if day is None:
            continue
        if day > stop_after:
            return
        if not lo <= day <= hi:
            continue
        name = f"{stamp.group(1)}.export.CSV.zip"
        url = f"{base}/gdeltv2/{name}"
        if match is None:
            yield RemoteFile(name, url, None, None, problem="a line of the master file list is unreadable: "
                                                            f"{line[:120]!r}")
            continue
        path = urlsplit(match.group(3)).path
        if path != f"/gdeltv2/{name}":
            yield RemoteFile(name, url, None, None, problem="a line of the master file list names "
                                                            f"{match.group(3)!r}, not a file under /gdeltv2/")
            continue
        yield RemoteFile(name, url, int(match.group(1)), "md5:" + match.group(2).lower())


def _gdelt_v1(lines, lo, hi, base):
    for line in lines:
        match = re.fullmatch(r"([0-9a-fA-F]{32})\s+\*?(\S+)", line.strip())
        if match is None:
            continue
        name = match.group(2)
        if m := re.fullmatch(r"(\d{8})\.export\.CSV\.zip", name):
            first = last = _day(m.group(1))
        elif m := re.fullmatch(r"(\d{4})(\d{2})\.zip", name):
            first = _day(m.group(1) + m.group(2) + "01")
            last = None if first is None else first + pd.offsets.MonthEnd(0)
        elif m := re.fullmatch(r"(\d{4})\.zip", name):
            first, last = _day(m.group(1) + "0101"), _day(m.group(1) + "1231")
        else:
            continue
        if first is None or last < lo or first > hi:
            continue
        yield RemoteFile(name, f"{base}/events/{name}", None, "md5:" + match.group(1).lower())


def _day(text: str) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(f"{text[:4]}-{text[4:6]}-{text[6:8]}")
    except ValueError:
        return None


def _days(start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    if start is None or end is None:
        raise ValueError("GDELT files are chosen by day: give start and end (--start and --end), e.g. "
                         "2024-01-01 and 2024-01-31; GDELT 2.0 has 96 files a day.")
    for value, what in ((start, "start"), (end, "end")):
        stamp = _args.timestamp(value, what)
        if stamp != stamp.normalize():
            raise ValueError(f"GDELT files are chosen by whole days: give {what} as a day like "
                             f"'{stamp.date()}', not {value!r}.")
    return _args.period(start, end)


def _historian_listing(client, list_base: str, files_base: str) -> list[RemoteFile]:
    out = []
    for repo, (wanted, local) in _HISTORIAN.items():
        url = f"{list_base}/repos/HistoryAtState/{repo}/git/trees/HEAD?recursive=1"
        tree = _json(client, url, "a GitHub tree")
        if not isinstance(tree, dict) or not isinstance(tree.get("tree"), list):
            raise FetchError(f"{url}: not a GitHub tree listing (no 'tree' list); is the base URL a mirror of "
                             "api.github.com with its paths?")
        if tree.get("truncated"):
            raise FetchError(f"{url}: GitHub truncated the listing; diplo cannot tell which files are missing.")
        for item in tree["tree"]:
            path = item.get("path") if isinstance(item, dict) else None
            if (item or {}).get("type") != "blob" or not isinstance(path, str) or not wanted.fullmatch(path) \
                    or path in _HISTORIAN_SKIP:
                continue
            sha, size = item.get("sha"), item.get("size")
            ok = isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{40}", sha) and isinstance(size, int)
            out.append(RemoteFile(local(path), f"{files_base}/HistoryAtState/{repo}/HEAD/{path}",
                                  size if ok else None, f"git-sha1:{sha}" if ok else None,
                                  None if ok else f"{url} gives no blob SHA-1 and size for {path}"))
    return sorted(out, key=lambda f: f.name)


_DATAVERSE_CHECKSUMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"}


def _dataverse_listing(client, source: str, list_base: str, files_base: str) -> list[RemoteFile]:
    url = f"{list_base}/api/datasets/:persistentId/?persistentId={_DOI[source]}"
    answer = _json(client, url, "a Dataverse dataset")
    try:
        files = answer["data"]["latestVersion"]["files"]
        assert isinstance(files, list)
    except (KeyError, TypeError, AssertionError):
        raise FetchError(f"{url}: not a Dataverse dataset description (no data.latestVersion.files); is the base "
                         "URL a Dataverse installation?") from None
    out = []
    for entry in files:
        entry = entry if isinstance(entry, dict) else {}
        data = entry.get("dataFile") if isinstance(entry.get("dataFile"), dict) else {}
        file_id = data.get("id")
        # An ingested tabular file is served as Dataverse's archival .tab unless the original is asked
        # for; the checksum and the original name and size are those of the file as deposited.
        original = bool(data.get("originalFileFormat") or data.get("originalFileName"))
        filename = data.get("originalFileName") if original and data.get("originalFileName") else data.get("filename")
        size = data.get("originalFileSize") if original and data.get("originalFileSize") is not None \
            else data.get("filesize")
        label = entry.get("directoryLabel")
        name = f"{label.strip('/')}/{filename}" if isinstance(label, str) and label.strip("/") else filename
        checksum = data.get("checksum") if isinstance(data.get("checksum"), dict) else {}
        algorithm = _DATAVERSE_CHECKSUMS.get(str(checksum.get("type", "")).upper())
        value = str(checksum.get("value", ""))
        download = f"{files_base}/api/access/datafile/{file_id}" + ("?format=original" if original else "")
        problem = None
        if not isinstance(file_id, int) or not isinstance(name, str):
            problem, name = f"{url} lists a file without an id or a name: {str(entry)[:120]}", f"file-{file_id}"
        elif entry.get("restricted"):
            problem = "restricted on Dataverse: it needs an account with access, and diplo fetches public files only"
        elif algorithm is None or not re.fullmatch(r"[0-9a-fA-F]+", value):
            problem = f"the listing gives no checksum diplo can verify ({checksum!r})"
        out.append(RemoteFile(name, download, size if isinstance(size, int) else None,
                              None if problem else f"{algorithm}:{value.lower()}", problem))
    # Dataverse allows one name twice in a dataset (ICEWS has such a pair): both get their file id.
    counts: dict[str, int] = {}
    for f in out:
        counts[f.name] = counts.get(f.name, 0) + 1
    renamed = []
    for f in out:
        if counts[f.name] > 1:
            folder, _, base = f.name.rpartition("/")
            stem, dot, ext = base.partition(".")
            file_id = f.url.split("/api/access/datafile/")[-1].split("?")[0]
            f = RemoteFile(f"{folder}{'/' if folder else ''}{stem}.id{file_id}{dot}{ext}", f.url, f.size, f.checksum,
                           f.problem)
        renamed.append(f)
    return sorted(renamed, key=lambda f: f.name)


# ---------------------------------------------------------------------------------------------------------------
# Plan


def fetch_plan(files, to) -> pd.DataFrame:
    """What a fetch of ``files`` into ``to`` would do, reading only the folder.

    Parameters
    ----------
    files : list of RemoteFile
        An upstream listing (as :func:`gdelt_listing` gives, or made by hand).
    to : path-like
        The folder kept in sync (it need not exist).

    Returns
    -------
    DataFrame
        One row per file: ``file``, ``size`` (bytes, ``<NA>`` where the listing gives none),
        ``status``, ``part`` (bytes of a ``.part`` left by an interrupted download),
        ``checksum``, ``url`` and ``error``. ``status`` is ``present`` (there and verified:
        skipped), ``new``, ``partial`` (resumed from the ``.part``), ``changed`` (the
        checksum upstream is not the one fetched before: fetched again), ``differs``
        (a local file that does not match upstream: replaced) or ``refused`` (the listing
        gives no way to verify it; ``error`` says why).

    Raises
    ------
    ValueError
        If a file's name would leave the folder, or ``_fetched.json`` is damaged.

    Examples
    --------
    >>> import tempfile
    >>> files = gdelt_listing(["150383 297a16b493de7cf6ca809a7cc31d0b93 "
    ...                        "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip"],
    ...                       start="2015-02-18", end="2015-02-18")
    >>> fetch_plan(files, tempfile.mkdtemp())[["file", "size", "status"]]
                                file    size status
    0  20150218230000.export.CSV.zip  150383    new
    """
    folder = Path(to)
    manifest = _read_manifest(folder)
    rows = [_inspect(f, folder, manifest)[0] for f in files]
    return _frame(rows, _PLAN_COLUMNS)


_PLAN_COLUMNS = ["file", "size", "status", "part", "checksum", "url", "error"]
_SUMMARY_COLUMNS = ["file", "size", "status", "part", "result", "bytes", "error", "checksum", "url"]


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("size", "part"):
        frame[column] = frame[column].astype("Int64")
    if "bytes" in frame:
        frame["bytes"] = frame["bytes"].astype("int64")
    return frame


def _inspect(f: RemoteFile, folder: Path, manifest: dict) -> tuple[dict, dict | None]:
    """A file's plan row, and a manifest entry when a local file was hashed and found verified."""
    row = {"file": f.name, "size": f.size, "status": "new", "part": None, "checksum": f.checksum, "url": f.url,
           "error": f.problem or ""}
    if f.problem:
        row["status"] = "refused"
        return row, None
    path = folder / _safe_name(f.name)
    entry = manifest["files"].get(f.name)
    if path.is_file():
        stat = path.stat()
        if entry and entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
            local, record = entry.get("checksum"), None  # unchanged since it was verified: no need to read it
        elif f.size is not None and stat.st_size != f.size:
            local, record = None, None
        else:
            local = _digest(path, f.checksum)
            record = _record(f, path) if local == f.checksum else None
        if local == f.checksum:
            row["status"] = "present"
            return row, record
        row["status"] = "changed" if entry and local == entry.get("checksum") else "differs"
        return row, None
    part = path.with_name(path.name + ".part")
    if part.is_file() and part.stat().st_size > 0 and (f.size is None or part.stat().st_size <= f.size):
        row["status"], row["part"] = "partial", part.stat().st_size
    return row, None


def _record(f: RemoteFile, path: Path) -> dict:
    stat = path.stat()
    return {"url": f.url, "size": stat.st_size, "checksum": f.checksum, "mtime_ns": stat.st_mtime_ns}


def _safe_name(name: str) -> PurePosixPath:
    """A listing's file name as a path inside the folder, or an error: nothing upstream chooses where we write."""
    path = PurePosixPath(name)
    parts = path.parts
    if (not parts or path.is_absolute() or any(p in ("", ".", "..") for p in parts) or "\\" in name
            or any(ord(ch) < 32 or ch == "\x7f" for ch in name) or name.endswith(".part")
            or parts[0] in (_MANIFEST, _LOCK) or len(name) > 255):
        raise ValueError(f"the listing names a file {name!r}, which diplo will not write (a name must stay inside "
                         "the folder, be printable, and not end in .part); the listing may be damaged.")
    return path


def _digest(path: Path, checksum: str | None) -> str | None:
    """The checksum of a file in the listing's algorithm, as ``ALGORITHM:HEX``."""
    if not checksum:
        return None
    algorithm = checksum.split(":", 1)[0]
    if algorithm == "git-sha1":  # git hashes a blob after a header of its size
        digest = hashlib.sha1(b"blob %d\0" % path.stat().st_size)
    else:
        digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        return f"{algorithm}:{hashlib.file_digest(f, lambda: digest).hexdigest()}"


def _read_manifest(folder: Path) -> dict:
    return read_ledger(folder / _MANIFEST, "a diplo fetch manifest", "delete it and fetch again: files already "
                       "there are then verified by their checksums, not downloaded.")


def _write_manifest(folder: Path, manifest: dict) -> None:
    write_ledger(folder / _MANIFEST, manifest)


# ---------------------------------------------------------------------------------------------------------------
# Fetch


def fetch(source: str, to, *, start=None, end=None, version: int = 2, base_url: str | None = None,
          dry_run: bool = False, connections: int = 4, progress: bool = True, import_to=None,
          actors=None) -> pd.DataFrame:
    """Bring a local copy of an upstream archive up to date, verifying every file.

    Parameters
    ----------
    source : {"gdelt", "historian", "icews", "polecat"}
        The archive: GDELT event exports, the Office of the Historian's travels and
        visits XML (GitHub: HistoryAtState), or the ICEWS or POLECAT Dataverse dataset.
    to : path-like
        The folder kept in sync (created if missing).
    start, end : date-like, optional
        GDELT only, and required there: the first and last day of files (see
        :func:`gdelt_listing` for how GDELT 1.0 backfiles are chosen).
    version : {2, 1}
        GDELT only: 2.0 (15-minute exports since 2015-02-18) or 1.0 (daily files since
        2013-04-01, yearly and monthly backfiles before).
    base_url : str, optional
        A mirror with upstream's paths, replacing upstream's host(s); by default
        ``$DIPLO_FETCH_BASE_URL_<SOURCE>`` (``..._GDELT``), else ``$DIPLO_FETCH_BASE_URL``,
        else the publisher (data.gdeltproject.org, api.github.com and raw.githubusercontent.com,
        dataverse.harvard.edu).
    dry_run : bool, default False
        Read the listing and the folder, download nothing and write nothing.
    connections : int, default 4
        Files downloaded at once (1 to 16).
    progress : bool, default True
        Show a progress bar of bytes and files.
    import_to : path-like, optional
        Then import the fetched event files into this dataset, with
        :func:`~diplo.importers.import_files` (exactly what ``diplo import`` does). Files
        that are not events (Dataverse codebooks and manuals) are not imported.
    actors : list of str or "KOR,JPN", optional
        With ``import_to``: keep only events with one of these countries as a party.

    Returns
    -------
    DataFrame
        The plan (as :func:`fetch_plan`) with what was done: ``result`` is ``skipped``
        (present and verified), ``downloaded``, ``resumed`` (continued from a ``.part``),
        ``failed`` or, in a dry run, ``planned``; ``bytes`` counts the bytes transferred.
        With ``import_to``, ``attrs["imported"]`` holds the import's summary.

    Raises
    ------
    ValueError
        For an unknown source, bad dates, an option that does not apply to the source,
        a bad base URL or a folder that cannot be written.
    FetchError
        If the listing cannot be read (after retries), or if files failed (a checksum that
        does not match, a file missing upstream, no connection after retries): the other
        files are kept (and imported), and ``summary`` holds the whole summary.
    KeyboardInterrupt
        On Ctrl-C: downloads in progress stay as ``.part`` files, and the next run resumes them.

    Examples
    --------
    A fetch needs a server; the plan of a listing needs none (see :func:`fetch_plan`):

    >>> fetch("worldbank", "raw/")
    Traceback (most recent call last):
    ...
    ValueError: unknown source 'worldbank'; diplo fetches gdelt, historian, icews, polecat.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; diplo fetches {', '.join(SOURCES)}.")
    if source == "gdelt":
        _days(start, end)
        if version not in (1, 2):
            raise ValueError(f"GDELT version must be 1 or 2; got {version!r}.")
    elif start is not None or end is not None or version != 2:
        raise ValueError(f"start, end and version choose GDELT files; {source} is fetched whole (every file of "
                         f"its {'repositories' if source == 'historian' else 'dataset'}).")
    if isinstance(connections, bool) or not isinstance(connections, int) or not 1 <= connections <= _MAX_CONNECTIONS:
        raise ValueError(f"connections must be a whole number from 1 to {_MAX_CONNECTIONS}; got {connections!r}.")
    if actors is not None and import_to is None:
        raise ValueError("actors choose the events an import keeps: give import_to (--import DATASET) too.")
    if dry_run and import_to is not None:
        raise ValueError("a dry run downloads nothing, so there is nothing to import; drop dry_run or import_to.")
    if import_to is not None:
        from ..package import open as open_package
        from .frames import actor_codes

        actor_codes(actors, open_package(None))  # an unknown country is refused before any download
    bases = _bases(source, base_url)
    folder = Path(to)
    if dry_run:
        with _client(connections) as client:
            files = _listing(client, source, bases, start, end, version)
        plan = fetch_plan(files, folder)
        results = {"present": "skipped", "refused": "failed"}
        plan["result"] = [results.get(s, "planned") for s in plan["status"]]
        plan["bytes"] = 0
        return plan[_SUMMARY_COLUMNS]
    _writable(folder)
    with exclusive(folder / _LOCK, f"another `diplo fetch` is writing to {folder} right now; wait for it to "
                                   "finish, then run this one again (files it verified are skipped)."):
        with _client(connections) as client:
            files = _listing(client, source, bases, start, end, version)
            summary = _fetch_into(client, files, folder, connections, progress, source)
    failed = summary[summary["result"] == "failed"]
    if import_to is not None:
        from .archive import import_files

        kept = summary[summary["result"] != "failed"]
        paths = [folder / name for name in sorted(kept["file"]) if _importable(source, folder / name)]
        summary.attrs["imported"] = import_files(source, paths, import_to, actors=actors, progress=progress)
    if len(failed):
        reasons = "; ".join(f"{row.file}: {row.error}" for row in failed.itertuples())
        raise FetchError(f"{len(failed)} of {len(summary)} files failed (the others are kept): {reasons}", summary)
    return summary


def _fetch_into(client, files, folder, connections, progress, source) -> pd.DataFrame:
    from tqdm.auto import tqdm

    manifest = _read_manifest(folder)
    rows, todo = [], []
    for f in files:
        row, record = _inspect(f, folder, manifest)
        row.update(result="skipped" if row["status"] == "present" else "failed", bytes=0)
        if record is not None:  # verified by reading it: remember, so the next run need not
            manifest["files"][f.name] = record
        if row["status"] not in ("present", "refused"):
            todo.append((f, row))
        rows.append(row)
    _write_manifest(folder, manifest)
    total = sum((f.size or 0) - (row["part"] or 0) for f, row in todo)
    bar = tqdm(total=total, desc=f"diplo fetch {source}", unit="B", unit_scale=True, unit_divisor=1024,
               disable=not progress, postfix={"files": f"0/{len(todo)}"})
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=connections, thread_name_prefix="diplo-fetch")
    try:
        futures = {pool.submit(_download, client, f, folder, stop, bar): (f, row) for f, row in todo}
        for done, future in enumerate(as_completed(futures), 1):
            f, row = futures[future]
            outcome = future.result()
            row.update(outcome)
            if outcome["result"] != "failed":
                manifest["files"][f.name] = _record(f, folder / f.name)
                _write_manifest(folder, manifest)  # after each file: an interrupted run keeps what finished
            bar.set_postfix(files=f"{done}/{len(todo)}")
    except BaseException:
        stop.set()  # workers stop at their next block and leave their .part files for the next run
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        bar.close()
    pool.shutdown()
    return _frame(rows, _SUMMARY_COLUMNS)


class _Stopped(Exception):
    pass


class _Transient(Exception):
    """A failure worth another try: a time-out, a dropped connection, a 5xx."""


class _Permanent(Exception):
    """A failure another try will not mend: a 404, a 403."""


def _download(client, f: RemoteFile, folder: Path, stop: threading.Event, bar) -> dict:
    """Download one file to its .part, continuing what is there, verify it and move it into place."""
    httpx = require("httpx", "fetch archives from their publishers")
    path = folder / _safe_name(f.name)
    part = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    transferred, continued, restarted, tries, last = 0, False, False, 0, None
    while True:
        offset = part.stat().st_size if part.is_file() else 0
        if f.size is not None and offset > f.size:  # longer than the file: not a beginning of it
            part.unlink()
            offset = 0
        if f.size is None or offset < f.size or not part.is_file():
            if tries == TRIES:
                return {"result": "failed", "bytes": transferred,
                        "error": f"no complete download after {TRIES} tries ({last}); run again to resume"}
            if tries:
                time.sleep(BACKOFF * 2 ** (tries - 1))
            tries += 1
            if stop.is_set():
                raise _Stopped
            try:
                written, continued, whole = _stream(client, f.url, part, offset, stop, bar)
            except (httpx.TimeoutException, httpx.TransportError, _Transient) as exc:
                last = _describe(exc)
                continue
            except _Permanent as exc:
                return {"result": "failed", "bytes": transferred, "error": str(exc)}
            transferred += written
            if f.size is not None and part.stat().st_size < f.size and not whole:
                last = f"the server ended the file after {part.stat().st_size} of {f.size} bytes"
                continue
        got = _digest(part, f.checksum)
        if got != f.checksum:
            part.unlink()
            if continued and not restarted:
                # The .part may hold the beginning of an earlier version of the file: start over, once.
                continued, restarted, tries = False, True, 0
                continue
            return {"result": "failed", "bytes": transferred,
                    "error": f"checksum mismatch: expected {f.checksum}, got {got}; the download was not kept"}
        os.replace(part, path)
        return {"result": "resumed" if continued else "downloaded", "bytes": transferred, "error": ""}


def _stream(client, url: str, part: Path, offset: int, stop: threading.Event, bar) -> tuple[int, bool, bool]:
    """GET ``url`` into ``part`` from ``offset``; the bytes written, whether they continued the .part, and
    whether the server said the .part was already whole (416 to a Range from its end)."""
    # identity: a range and a checksum are of the file's bytes, not of a compressed transfer of them.
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    written = 0
    with client.stream("GET", url, headers=headers) as response:
        status = response.status_code
        if status == 416 and offset:
            return 0, True, True
        _retry_if_busy(response, f"{url}: ")
        if status not in (200, 206):
            raise _Permanent(f"{url}: {status} {response.reason_phrase}")
        resumed = False
        mode = "wb"  # 200: the whole file, whether or not a range was asked for
        if status == 206:
            first = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
            if not offset or first is None or int(first.group(1)) != offset:
                part.unlink(missing_ok=True)
                raise _Transient(f"{url}: the server answered another range ({response.headers.get('Content-Range')})")
            mode, resumed = "ab", True
        with open(part, mode) as out:
            for block in response.iter_bytes():
                if stop.is_set():
                    raise _Stopped
                out.write(block)
                out.flush()  # what arrived is on disk, so an interrupted run resumes after it
                written += len(block)
                bar.update(len(block))
    return written, resumed, False


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, _Transient) else f"{type(exc).__name__}: {text}"


def _retry_if_busy(response, where: str = "") -> None:
    """Raise ``_Transient`` for a status worth another try (a time-out, too many requests, a 5xx)."""
    if response.status_code in _RETRY_STATUS or response.status_code >= 500:
        raise _Transient(f"{where}{response.status_code} {response.reason_phrase}")


def _listing_response(response, url: str, what: str) -> None:
    """Raise ``_Transient`` for a status worth another try, ``FetchError`` for one that is final."""
    _retry_if_busy(response)
    if response.status_code not in (200, 206):  # 206: a list read from an offset (_gdelt_lines)
        raise FetchError(f"{url}: {response.status_code} {response.reason_phrase}: {what} is not there; "
                         "is the base URL a mirror with upstream's paths?")


def _with_retries(url: str, what: str, attempt):
    """``attempt()``, tried again with backoff after a time-out, a dropped connection or a 5xx."""
    httpx = require("httpx", "fetch archives from their publishers")
    last = None
    for n in range(TRIES):
        if n:
            time.sleep(BACKOFF * 2 ** (n - 1))
        try:
            return attempt()
        except (httpx.TimeoutException, httpx.TransportError, _Transient) as exc:
            last = _describe(exc)
    raise FetchError(f"cannot read {what} from {url} after {TRIES} tries ({last}); check the network, or "
                     "--base-url / DIPLO_FETCH_BASE_URL.")


def _get(client, url: str, what: str):
    """GET a listing with retries; the response, or one FetchError naming the URL."""
    def attempt():
        response = client.get(url)
        _listing_response(response, url, what)
        return response

    return _with_retries(url, what, attempt)


def _json(client, url: str, what: str):
    response = _get(client, url, what)
    try:
        return response.json()
    except ValueError:
        raise FetchError(f"{url}: not JSON, so not {what}; is the base URL a mirror with upstream's paths?") from None


def _gdelt_lines(client, url: str, what: str, since: pd.Timestamp, until: pd.Timestamp) -> list[str]:
    """The master list's lines from one stamped before ``since`` up to the first stamped after ``until``.

    The list holds about a million lines (over 100 MB) in time order. A period in the past needs
    its beginning only; for a recent one, where the server answers HTTP Range requests (GDELT's
    does), :func:`_gdelt_list_offset` finds where ``since`` begins with a few small reads, so the
    list is read from there rather than downloaded whole on every update.
    """
    offset = _with_retries(url, what, lambda: _gdelt_list_offset(client, url, since))

    def attempt():
        lines = []
        with client.stream("GET", url, headers={"Range": f"bytes={offset}-"} if offset else {}) as response:
            _listing_response(response, url, what)
            for line in response.iter_lines():
                lines.append(line)
                stamp = _STAMP.search(line)
                if stamp and (day := _day(stamp.group(1))) is not None and day > until:
                    break
        return lines

    return _with_retries(url, what, attempt)


#: The bisection of the master list stops when fewer bytes than this are left between its bounds.
_GDELT_LIST_SPAN = 1 << 16
#: Bytes read at each step of the bisection (a line of the list is some 110).
_GDELT_LIST_PROBE = 4096


def _gdelt_list_offset(client, url: str, since: pd.Timestamp) -> int:
    """The byte offset of a line of the master list stamped before ``since``; 0 to read it from the start.

    A bisection on the list's bytes: each step reads a few KiB at the middle of what is left and
    compares the stamp of the first whole line there with ``since``. A server that does not answer
    Range requests, or a line without a stamp, ends the search where it is (at worst, the start).
    """

    def read(first: int, last: int) -> tuple[bytes | None, str]:
        # Streamed, so that a server that ignores Range and answers with the whole list is not read.
        with client.stream("GET", url, headers={"Range": f"bytes={first}-{last}"}) as response:
            _retry_if_busy(response)
            if response.status_code != 206:
                return None, ""
            return response.read(), response.headers.get("Content-Range", "")

    data, extent = read(0, 0)
    total = extent.rpartition("/")[2]
    if data is None or not total.isdigit():
        return 0
    lo, hi = 0, int(total)  # the line that begins at lo is stamped before since (or lo is 0)
    while hi - lo > _GDELT_LIST_SPAN:
        middle = (lo + hi) // 2
        data, _ = read(middle, middle + _GDELT_LIST_PROBE - 1)
        cut = -1 if data is None else data.find(b"\n")
        stamp = _STAMP.search(data[cut + 1:].split(b"\n", 1)[0].decode("ascii", "replace")) if cut >= 0 else None
        day = _day(stamp.group(1)) if stamp else None
        if day is None:
            break
        if day < since:
            lo = middle + cut + 1
        else:
            hi = middle
    return lo


_STAMP = re.compile(r"/(\d{8})\d{6}\.")


def _listing(client, source, bases, start, end, version) -> list[RemoteFile]:
    if source == "gdelt":
        if version == 2:
            margin = pd.Timedelta(days=_GDELT_LIST_MARGIN_DAYS)
            first, last = _days(start, end)
            lines = _gdelt_lines(client, f"{bases['list']}/gdeltv2/masterfilelist.txt", "GDELT's master file list",
                                 first - margin, last + margin)
        else:
            lines = _get(client, f"{bases['list']}/events/md5sums", "GDELT 1.0's list of checksums").text.splitlines()
        files = gdelt_listing(lines, start=start, end=end, version=version, base_url=bases["files"])
    elif source == "historian":
        files = _historian_listing(client, bases["list"], bases["files"])
    else:
        files = _dataverse_listing(client, source, bases["list"], bases["files"])
    for f in files:
        _safe_name(f.name)
    return files


def _bases(source: str, base_url: str | None) -> dict:
    """The hosts to read from: ``base_url``, else the source's variable, else the general one, else upstream."""
    variable = f"DIPLO_FETCH_BASE_URL_{source.upper()}"
    for value, where in ((base_url, "--base-url"), (os.environ.get(variable), variable),
                         (os.environ.get("DIPLO_FETCH_BASE_URL"), "DIPLO_FETCH_BASE_URL")):
        if value:
            base = _clean_base(value, where)
            return {"list": base, "files": base}
    return dict(UPSTREAM[source])


def _clean_base(value: str, where: str = "base_url") -> str:
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{where} must be an http:// or https:// URL of a mirror, without query or fragment "
                         f"(e.g. https://mirror.example.org/gdelt); got {value!r}.")
    return str(value).strip().rstrip("/")


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".diplo-fetch-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"{folder}: cannot write there ({exc.strerror or exc}); choose another --to folder.") \
            from None


def _client(connections: int):
    httpx = require("httpx", "fetch archives from their publishers")
    from .. import __version__

    # HTTP/1.1, one pool: a connection per worker. Dataverse answers a download with a redirect to storage.
    return httpx.Client(headers={"User-Agent": f"diplo/{__version__} (research use)"}, follow_redirects=True,
                        timeout=httpx.Timeout(60.0, connect=15.0),
                        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections))


def _importable(source: str, path: Path) -> bool:
    """Whether a fetched file is an events file of its source (Dataverse datasets also hold codebooks)."""
    if source in ("gdelt", "historian"):
        return True
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    return False
                with archive.open(members[0]) as f:
                    first = f.readline(1 << 16)
        else:
            with open(path, "rb") as f:
                first = f.readline(1 << 16)
    except (OSError, zipfile.BadZipFile):
        return False
    header = first.decode("utf-8", errors="replace").rstrip("\r\n").split("\t")
    if source == "icews":
        return header == ICEWS
    while header and header[-1] == "":
        header.pop()
    return all(c in header or (c == "Intensity" and "Event Intensity" in header) for c in POLECAT)
