"""The data package as one explicit object: :func:`diplo.open` returns a :class:`diplo.DataPackage`.

A ``DataPackage`` is the resolved, absolute folder of a ``datapackage.json``
and its tables, checked, with the package's version, a sha256 of every file,
its ``as_of`` date (the last day the curation covers) and the coverage it
declares per event type. Every frame that :meth:`diplo.DataPackage.load` and
:meth:`diplo.DataPackage.events` return carries its package in
``frame.attrs["diplo_package"]`` (pandas keeps it through selections,
``assign``, ``merge`` and ``concat`` of frames of one package), and every
analysis, coverage, plotting, report and reconcile function reads its
codebook, countries and officeholders from the package of the frames it is
given (:func:`of`), never from a hidden default and never from the clock.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path

from . import _args
from ._lazy import lazy
from .errors import DataError, Problem
from .validate import RawTable, read_package

# Opening a package (all an import needs) loads neither: only typing a table does.
np = lazy("numpy")
pd = lazy("pandas")

__all__ = ["DataPackage", "open", "of", "default_data_dir", "locate", "ATTR"]

#: The key of ``DataFrame.attrs`` under which a frame carries its package.
ATTR = "diplo_package"

_HERE = Path(__file__).resolve().parent
# Packages opened in this process, by folder and content: opening an unchanged
# package again costs a hash of its files, not a validation.
_OPEN: OrderedDict[tuple[Path, str, frozenset | None], DataPackage] = OrderedDict()
_OPEN_MAX = 8
_LOCK = threading.Lock()


def default_data_dir() -> Path:
    """The data package that ships with diplo.

    A wheel carries it as ``diplo/_data``; a source checkout (editable
    install) has it at the repository's top level, ``data/``.

    Returns
    -------
    pathlib.Path
        The absolute folder of its ``datapackage.json``.

    Raises
    ------
    FileNotFoundError
        If neither folder holds a ``datapackage.json`` (a broken install).
    """
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "diplo's own data package is missing (no datapackage.json in diplo/_data or data/); "
        "reinstall diplo, or point DIPLO_DATA at a copy of the data package"
    )


def locate(data_dir: str | os.PathLike | None = None) -> Path:
    """The absolute folder of the data package to read.

    Parameters
    ----------
    data_dir : path-like, optional
        A folder holding a ``datapackage.json`` (or that file itself). When
        not given, the ``DIPLO_DATA`` environment variable is used, and when
        that is unset too, the data package that ships with diplo. A
        relative path is resolved against the current folder, once, here.

    Returns
    -------
    pathlib.Path
        The absolute folder holding ``datapackage.json``.

    Raises
    ------
    DataError
        If the folder chosen holds no ``datapackage.json``.

    Examples
    --------
    >>> (locate() / "datapackage.json").is_file()
    True
    """
    chosen = data_dir if data_dir is not None else os.environ.get("DIPLO_DATA") or None
    if chosen is None:
        return default_data_dir()
    folder = Path(chosen).expanduser().resolve()
    if folder.name == "datapackage.json" and folder.is_file():
        folder = folder.parent
    if not (folder / "datapackage.json").is_file():
        origin = "data_dir" if data_dir is not None else "DIPLO_DATA"
        raise DataError([Problem(str(folder), None, None, None, f"{origin} points at a folder with no datapackage.json",
                                 "Point it at a copy of diplo's data/ folder (datapackage.json and its CSV files), "
                                 "or unset it to use the data that ships with diplo.")], source=str(folder))
    return folder


def open(data_dir: str | os.PathLike | None = None, *, tables=None) -> DataPackage:  # noqa: A001 (like io.open)
    """Open a data package: checked, hashed, with its ``as_of`` date and coverage.

    Parameters
    ----------
    data_dir : path-like or DataPackage, optional
        As in :func:`diplo.package.locate`: a folder, else ``$DIPLO_DATA``, else the
        package that ships with diplo. A ``DataPackage`` is returned as it
        is, so every ``data_dir=`` argument also takes an opened package.
    tables : list of str, optional
        Read and check only these tables (``datapackage.json`` is checked
        whole, and every file is hashed): for a job that needs a few small
        tables of the package, such as an import, which maps codes with
        ``countries`` and ``event_types`` and need not check the events
        (``event_types`` is always read: the coverage names event types).
        Asking the package for another table is then an error. Default: all.

    Returns
    -------
    DataPackage
        The same object for the same folder and content, so frames of one
        package compare equal and concatenate with their package.

    Raises
    ------
    DataError
        If any table read breaks the schema (every problem is listed).

    Examples
    --------
    >>> import diplo
    >>> pkg = diplo.open()
    >>> pkg.name, str(pkg.as_of.date())
    ('diplo-northeast-asia', '2026-05-31')
    >>> pkg.load("events").attrs["diplo_package"] is pkg
    True
    """
    if isinstance(data_dir, DataPackage):
        return data_dir
    folder = locate(data_dir)
    descriptor, files = _read_files(folder)
    digest = _combined(files)
    # event_types is always read: the package's coverage names event types.
    chosen = None if tables is None else frozenset(_args.as_list(tables, "tables")) | {"event_types"}
    key = (folder, digest, chosen)
    with _LOCK:
        # A package opened whole serves a request for some of its tables too.
        for candidate in (key, (folder, digest, None)):
            package = _OPEN.get(candidate)
            if package is not None:
                _OPEN.move_to_end(candidate)
                return package
    package = DataPackage(folder, descriptor, files, tables=chosen)
    with _LOCK:
        _OPEN[key] = package
        while len(_OPEN) > _OPEN_MAX:
            _OPEN.popitem(last=False)
    return package


def of(frame: pd.DataFrame, data_dir: str | os.PathLike | None = None) -> DataPackage:
    """The package a frame came from.

    A frame made by :meth:`diplo.DataPackage.load`,
    :meth:`diplo.DataPackage.events`, the readers or ``load_external``
    carries its package. A frame that carries none (built by hand, or by an
    operation that drops ``attrs``) is read against ``diplo.open(data_dir)``:
    the ``DIPLO_DATA`` package or the one that ships with diplo. Attach one
    with :meth:`diplo.DataPackage.attach`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any frame; only its ``attrs`` are read.
    data_dir : path-like or DataPackage, optional
        The package for a frame that carries none, as in :func:`diplo.open`.

    Returns
    -------
    DataPackage
        The package in ``frame.attrs["diplo_package"]``, else the one opened.

    Examples
    --------
    >>> import diplo
    >>> from diplo.package import of
    >>> of(diplo.load("events")) is diplo.open()
    True
    """
    package = frame.attrs.get(ATTR) if isinstance(frame, pd.DataFrame) else None
    return package if isinstance(package, DataPackage) else open(data_dir)


class DataPackage:
    """A data package, opened: its folder, version, hashes, ``as_of`` date, coverage and tables.

    Create one with :func:`diplo.open`. It is immutable: the tables are
    read and checked once, and every frame it hands out is a copy.

    Parameters
    ----------
    folder : pathlib.Path
        The absolute folder of ``datapackage.json``.
    descriptor : dict
        ``datapackage.json``, parsed.
    files : dict of str to str
        The sha256 of each file, by its path in the package.
    tables : collection of str, optional
        Read and check only these tables (as in :func:`diplo.open`); default all.

    Raises
    ------
    DataError
        If any table read breaks the schema (every problem is listed).

    Attributes
    ----------
    folder : pathlib.Path
        The absolute folder of ``datapackage.json``.
    name, version : str
        From ``datapackage.json``.
    as_of : pandas.Timestamp
        The last day the curation covers (``as_of`` in ``datapackage.json``).
        Terms still running and "to date" periods end here; no result
        depends on the day it is computed.
    sha256 : str
        A hash of every file of the package (``datapackage.json`` and each
        table), by name and content.
    files : dict of str to str
        The sha256 of each file, by its path in the package.
    """

    def __init__(self, folder: Path, descriptor: dict, files: dict[str, str], *, tables=None):
        self.folder = folder
        self.files = dict(files)
        self.sha256 = _combined(files)
        self._descriptor = descriptor
        self._raw = _Tables(read_package(folder, self._descriptor, _own_descriptor(), tables=tables), folder)
        self._typed: dict[str, pd.DataFrame] = {}
        self._typing = threading.Lock()
        self.name = str(self._descriptor.get("name"))
        self.version = str(self._descriptor.get("version"))
        # The coverage's types are checked now; its dates become Timestamps when first read.
        self._coverage_types = [self.types(e["types"], "coverage types") for e in self._descriptor.get("coverage", [])]

    @property
    def as_of(self) -> pd.Timestamp:
        """The last day the curation covers (``as_of`` in ``datapackage.json``)."""
        return pd.Timestamp(self._descriptor["as_of"])

    @functools.cached_property
    def _coverage(self) -> list[dict]:
        return [_coverage_entry(e, types, self) for e, types in zip(self._descriptor.get("coverage", []),
                                                                      self._coverage_types)]

    # --- identity: one package is its folder and content ---------------------------

    def __eq__(self, other) -> bool:
        return isinstance(other, DataPackage) and (self.folder, self.sha256) == (other.folder, other.sha256)

    def __hash__(self) -> int:
        return hash((self.folder, self.sha256))

    def __deepcopy__(self, memo) -> DataPackage:
        return self  # immutable: pandas deep-copies attrs on every operation

    def __copy__(self) -> DataPackage:
        return self

    def __repr__(self) -> str:
        return (f"<DataPackage {self.name} {self.version}, as of {self.as_of.date()}, sha256 {self.sha256[:12]}, "
                f"{self.folder}>")

    @property
    def descriptor(self) -> dict:
        """A copy of ``datapackage.json``."""
        return json.loads(json.dumps(self._descriptor))

    # --- tables --------------------------------------------------------------------

    def list_tables(self) -> list[str]:
        """Names of the tables, in the order of ``datapackage.json``.

        Returns
        -------
        list of str
            The table names.
        """
        return [r["name"] for r in self._descriptor["resources"]]

    def resource(self, name: str) -> dict:
        """The resource (table description) called ``name`` in ``datapackage.json``.

        Parameters
        ----------
        name : str
            A table name.

        Returns
        -------
        dict
            The resource as written: ``name``, ``path``, ``schema``, ...

        Raises
        ------
        ValueError
            If there is no such table (the message lists the tables).
        """
        names = self.list_tables()
        if name not in names:
            raise ValueError(f"There is no table {name!r}.{_args.suggest(name, names)} "
                             f"The tables are: {', '.join(names)}.")
        return self._descriptor["resources"][names.index(name)]

    def load(self, name: str) -> pd.DataFrame:
        """One table as a typed DataFrame that carries this package; see :func:`diplo.load`.

        Parameters
        ----------
        name : str
            A table name, one of :meth:`list_tables`.

        Returns
        -------
        pandas.DataFrame
            A fresh copy, with this package in ``attrs["diplo_package"]``.
        """
        self.resource(name)
        frame = self._frame(name).copy()
        frame.attrs[ATTR] = self
        return frame

    def attach(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Mark ``frame`` as made from this package's tables.

        Parameters
        ----------
        frame : pandas.DataFrame
            A frame built from this package's tables (by hand, or by an
            operation that dropped its ``attrs``); changed in place.

        Returns
        -------
        pandas.DataFrame
            ``frame`` itself.
        """
        frame.attrs[ATTR] = self
        return frame

    def column(self, table: str, field: str) -> list[str | None]:
        """One field of one checked table as written, for lookups that need no DataFrame.

        Parameters
        ----------
        table : str
            A table name.
        field : str
            One of its fields.

        Returns
        -------
        list of str or None
            The cells as written in the file, None where empty.
        """
        return list(self._raw[table].columns[field])

    def _frame(self, name: str) -> pd.DataFrame:
        # Typed once, the first time a table is asked for; callers get copies.
        with self._typing:
            if name not in self._typed:
                self._typed[name] = _typed(self._raw[name], self._raw)
            return self._typed[name]

    # --- codes -------------------------------------------------------------------------

    def countries(self, values, what: str = "actors") -> list[str]:
        """Check country codes against the ``countries`` table.

        Parameters
        ----------
        values : str or list of str
            ISO3 codes; a string is one code.
        what : str, default "actors"
            The argument's name, as error messages call it.

        Returns
        -------
        list of str
            The codes.

        Raises
        ------
        ValueError
            For a code the table does not know (naming close matches).
        """
        codes = _args.as_list(values, what)
        known = set(self._raw["countries"].columns["iso3"])
        for code in codes:
            if code not in known:
                raise ValueError(_args.unknown(code, known, f"country code in {what}",
                                               "Use ISO 3166-1 alpha-3 codes of the package's countries table "
                                               "(diplo.load('countries'))"))
        return codes

    def dyad(self, dyad, b=None, func: str = "dyad") -> tuple[str, str]:
        """Check a dyad: two different country codes of the ``countries`` table.

        Parameters
        ----------
        dyad : tuple of two str
            ISO3 codes, ``("KOR", "JPN")``. The first release's form, a
            single code here and the other in ``b``, works with a
            ``DeprecationWarning``.
        b : str, optional
            Only for that deprecated form.
        func : str, default "dyad"
            The calling function's name, as the warning and errors call it.

        Returns
        -------
        tuple of two str
            The two codes.

        Raises
        ------
        ValueError
            If they are not two different known codes.
        """
        pair = _args.pair(dyad, b, func)
        self.countries(list(pair), "dyad")
        return pair

    @property
    def type_groups(self) -> dict[str, list[str]]:
        """Named groups of event types (``leader_meetings``, ``ministers``, ...) from ``event_types.groups``."""
        groups: dict[str, list[str]] = {}
        for code, listed in zip(self._raw["event_types"].columns["code"], self._raw["event_types"].columns["groups"]):
            for group in (listed or "").split(";") if listed else []:
                groups.setdefault(group, []).append(code)
        return groups

    def types(self, values, what: str = "types") -> list[str]:
        """Event type codes for codes, families (``"military"``) and groups (``"leader_meetings"``).

        Parameters
        ----------
        values : str or list of str
            Codes, families and groups of the ``event_types`` table; a
            string is one item.
        what : str, default "types"
            The argument's name, as error messages call it.

        Returns
        -------
        list of str
            The type codes meant, in the order of the codebook.

        Raises
        ------
        ValueError
            For a name that is none of these (naming close matches).

        Examples
        --------
        >>> import diplo
        >>> diplo.open().types("leader_meetings")
        ['leader_visit', 'leader_meeting', 'leader_meeting_sidelines']
        """
        wanted = _args.as_list(values, what)
        table = self._raw["event_types"].columns
        codes = list(table["code"])
        families: dict[str, list[str]] = {}
        for code, family in zip(codes, table["family"]):
            families.setdefault(family, []).append(code)
        groups = self.type_groups
        chosen: set[str] = set()
        for value in wanted:
            if value in codes:
                chosen.add(value)
            elif value in families:
                chosen |= set(families[value])
            elif value in groups:
                chosen |= set(groups[value])
            else:
                raise ValueError(_args.unknown(value, set(codes) | set(families) | set(groups),
                                               "event type, family or group",
                                               "See diplo.load('event_types') for codes, families and groups"))
        return [c for c in codes if c in chosen]

    def codebook(self, column: str) -> pd.Series:
        """A column of the ``event_types`` codebook, indexed by type code.

        Parameters
        ----------
        column : str
            A field of ``event_types``: ``family``, ``goldstein``,
            ``quad_class``, ``label``, ...

        Returns
        -------
        pandas.Series
            The column, typed as :meth:`load` types it.
        """
        return self._frame("event_types").set_index("code")[column]

    # --- events ---------------------------------------------------------------------

    def events(self, *, actors=None, dyad=None, bilateral: bool = False, start=None, end=None,
               types=None) -> pd.DataFrame:
        """The events table, filtered; see :func:`diplo.events`.

        Parameters
        ----------
        actors : str or list of str, optional
            ISO3 codes; keep events in which any of them takes part.
        dyad : tuple of two str, optional
            Keep events in which both take part.
        bilateral : bool, default False
            With ``dyad``: only events of exactly those two countries.
        start, end : date-like, optional
            Keep events that overlap the period (both days included).
        types : str or list of str, optional
            Event type codes, families or groups.

        Returns
        -------
        pandas.DataFrame
            Matching events in date order, carrying this package.
        """
        frame = self.load("events")
        keep = pd.Series(True, index=frame.index)
        if actors is not None:
            keep &= _args.taking_part(frame, self.countries(actors, "actors"), "any")
        pair = self.dyad(dyad) if dyad is not None else None
        if pair is not None:
            keep &= _args.taking_part(frame, pair, "exactly" if bilateral else "all")
        elif bilateral:
            raise ValueError("bilateral=True keeps the events of exactly the two countries of a dyad; "
                             "give dyad=('KOR', 'JPN') too.")
        keep &= _args.overlapping(frame, start, end)
        chosen = None
        if types is not None:
            chosen = self.types(types)
            keep &= frame["event_type"].isin(chosen)
        self.warn_outside(chosen, start, end, dyad=pair)
        out = frame[keep].sort_values(["start_date", "event_id"], kind="stable").reset_index(drop=True)
        return self.attach(out)

    # --- coverage -------------------------------------------------------------------

    @property
    def coverage(self) -> pd.DataFrame:
        """The periods the package declares it covers systematically, one row per event type and period.

        Columns: ``event_type``, ``start``, ``end`` and ``among`` (the
        countries among which the period is covered; empty: among all).
        Outside these periods a count of zero means "not collected", and
        diplo's series are ``<NA>`` there.
        """
        rows = [(t, e["start"], e["end"], ";".join(sorted(e["among"])) if e["among"] else pd.NA)
                for e in self._coverage for t in e["types"]]
        out = pd.DataFrame(rows, columns=["event_type", "start", "end", "among"])
        return out.astype({"event_type": "string", "among": "string"})

    def covered_spans(self, event_type: str, dyad=None) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        """The periods in which the package declares ``event_type`` covered, merged.

        Parameters
        ----------
        event_type : str
            An event type code.
        dyad : tuple of two str, optional
            Also count periods declared ``among`` a set of countries that
            holds both; without it, only periods among all countries count.

        Returns
        -------
        list of tuple of pandas.Timestamp
            ``(first day, last day)`` of each period, in order.
        """
        spans = sorted((e["start"], e["end"]) for e in self._coverage if event_type in e["types"]
                       and (not e["among"] or (dyad is not None and set(dyad) <= e["among"])))
        merged: list[tuple[pd.Timestamp, pd.Timestamp]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1] + pd.Timedelta(days=1):
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged

    def covered(self, types, starts: pd.DatetimeIndex, freq: str, dyad=None) -> np.ndarray:
        """For each period, whether every one of ``types`` is covered all through it.

        Parameters
        ----------
        types : iterable of str
            Event type codes.
        starts : pandas.DatetimeIndex
            The first day of each period.
        freq : str
            The periods' frequency (``"MS"``, ``"QS"``, ``"YS"``, ...).
        dyad : tuple of two str, optional
            As in :meth:`covered_spans`.

        Returns
        -------
        numpy.ndarray
            One bool per period.
        """
        starts = pd.DatetimeIndex(starts)
        ends = (starts + pd.tseries.frequencies.to_offset(freq)) - pd.Timedelta(days=1)
        ok = np.ones(len(starts), dtype=bool)
        for event_type in types:
            inside = np.zeros(len(starts), dtype=bool)
            for lo, hi in self.covered_spans(event_type, dyad):
                inside |= (starts >= lo) & (ends <= hi)
            ok &= inside
        return ok

    def describe_coverage(self, types, dyad=None) -> str:
        """Each type's covered periods in words, types with the same periods together.

        Parameters
        ----------
        types : iterable of str
            Event type codes.
        dyad : tuple of two str, optional
            As in :meth:`covered_spans`.

        Returns
        -------
        str
            For instance ``"leader_visit: 2022-01-01 to 2026-03-31"``.
        """
        by_span: dict[str, list[str]] = {}
        for event_type in types:
            spans = self.covered_spans(event_type, dyad)
            text = ", ".join(f"{lo.date()} to {hi.date()}" for lo, hi in spans) or "no period"
            by_span.setdefault(text, []).append(event_type)
        return "; ".join(f"{', '.join(names)}: {text}" for text, names in by_span.items())

    def warn_outside(self, types, start, end, dyad=None) -> None:
        """Warn once if a period asked for reaches outside the coverage of ``types``.

        Only the bounds given are checked: ``start="2023-01-01"`` alone asks
        whether 2023-01-01 is covered, not every day to ``as_of``.

        Parameters
        ----------
        types : str or list of str or None
            Event type codes, families or groups; None means every type.
        start, end : date-like or None
            The period asked for.
        dyad : tuple of two str, optional
            As in :meth:`covered_spans`.
        """
        lo, hi = _args.period(start, end)
        if lo is None and hi is None:
            return
        types = self.types(types) if types is not None else self.list_types()
        first, last = lo if lo is not None else hi, hi if hi is not None else lo
        outside = [t for t in types
                   if not any(a <= first and last <= b for a, b in self.covered_spans(t, dyad))]
        if outside:
            where = f" between {dyad[0]} and {dyad[1]}" if dyad else ""
            _args.warn(f"The period asked for reaches outside what the data package covers systematically"
                       f"{where} ({self.describe_coverage(outside, dyad)}); there a missing event means "
                       "'not collected', not 'did not happen'.")

    def list_types(self) -> list[str]:
        """Every event type code of the codebook.

        Returns
        -------
        list of str
            The codes, in the order of ``event_types``.
        """
        return list(self._raw["event_types"].columns["code"])

    # --- description and citation ---------------------------------------------------

    def cite(self, name: str | None = None, format: str = "text") -> str:  # noqa: A002
        """A citation of the package, or of one of its tables; see :func:`diplo.cite`.

        Parameters
        ----------
        name : str, optional
            A table name.
        format : {"text", "bibtex"}
            A sentence, or a BibTeX entry.

        Returns
        -------
        str
            The citation.
        """
        from .citation import package_citation

        return package_citation(self, name, format)


# --- reading and hashing ------------------------------------------------------------


#: A descriptor is a page of JSON: far larger or deeper is a mistake or an attack, refused unread.
DESCRIPTOR_MAX_BYTES = 5_000_000
DESCRIPTOR_MAX_DEPTH = 32


def _depth(value, limit: int) -> int:
    """How deeply lists and objects nest in ``value`` (counting stops past ``limit``)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level <= limit:
                stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _parse(data: bytes, folder: Path) -> dict:
    if len(data) > DESCRIPTOR_MAX_BYTES:
        raise DataError([Problem("datapackage.json", None, None, f"{len(data):,} bytes",
                                 f"the descriptor is larger than {DESCRIPTOR_MAX_BYTES:,} bytes",
                                 "A descriptor describes the tables; the data belong in the CSV files.")],
                        source=str(folder))
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except RecursionError:
        descriptor = None  # nested past Python's limit: reported below as too deep
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError([Problem("datapackage.json", getattr(exc, "lineno", None), None, None,
                                 f"not valid JSON ({exc})",
                                 "Fix the JSON syntax; `python -m json.tool datapackage.json` shows where.")],
                        source=str(folder)) from None
    if descriptor is None or _depth(descriptor, DESCRIPTOR_MAX_DEPTH) > DESCRIPTOR_MAX_DEPTH:
        raise DataError([Problem("datapackage.json", None, None, None,
                                 f"lists and objects nest more than {DESCRIPTOR_MAX_DEPTH} levels deep",
                                 "Start from a copy of diplo's own datapackage.json.")], source=str(folder))
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError([Problem("datapackage.json", None, "resources", None, "there is no list of resources",
                                 "Start from a copy of diplo's own datapackage.json.")], source=str(folder))
    return descriptor


def _read_files(folder: Path) -> tuple[dict, dict[str, str]]:
    """The parsed descriptor and the sha256 of every file the package names.

    Only regular files inside the folder are read: a resource path that is
    absolute, climbs out with ``..``, or is a link, device or pipe is
    refused before a byte of it is read.
    """
    descriptor_bytes = (folder / "datapackage.json").read_bytes()
    descriptor = _parse(descriptor_bytes, folder)
    files = {"datapackage.json": hashlib.sha256(descriptor_bytes).hexdigest()}
    problems = []
    for res in descriptor["resources"]:
        path = res.get("path") if isinstance(res, dict) else None
        if not isinstance(path, str) or not path:
            problems.append(Problem("datapackage.json", None, "path", repr(path),
                                    f"resource {res.get('name') if isinstance(res, dict) else res!r} has no path",
                                    "Give each resource the name of its CSV file beside datapackage.json."))
            continue
        target = folder / path
        if Path(path).is_absolute() or ".." in Path(path).parts or target.is_symlink() \
                or not target.resolve().is_relative_to(folder):
            problems.append(Problem("datapackage.json", None, "path", path,
                                    "the resource's path leads outside the data package's folder",
                                    "Give a file name inside the folder of datapackage.json (no '..', no "
                                    "absolute path, no link); copy the file there."))
            continue
        if not target.exists():
            continue  # reported, with its table, by the validation
        if not target.is_file():
            problems.append(Problem("datapackage.json", None, "path", path, "the resource is not a regular file",
                                    "Point the resource at a CSV file."))
            continue
        files[path] = _sha256(target)
    if problems:
        raise DataError(problems, source=f"the data package in {folder}")
    return descriptor, files


def _sha256(path: Path) -> str:
    with builtins.open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _combined(files: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{files[name]}\n".encode())
    return digest.hexdigest()


_OWN: dict | None = None


def _own_descriptor() -> dict:
    """diplo's own ``datapackage.json``, which every researcher's copy must keep the tables and fields of."""
    global _OWN
    if _OWN is None:
        folder = default_data_dir()
        _OWN = _parse((folder / "datapackage.json").read_bytes(), folder)
    return _OWN


def _coverage_entry(entry: dict, types: list[str], package: DataPackage) -> dict:
    """One declared coverage period, with its types resolved (codes, families or groups)."""
    return {"types": types, "start": pd.Timestamp(entry["start"]),
            "end": pd.Timestamp(entry.get("end") or package.as_of),
            "among": frozenset(entry.get("among") or ())}


class _Tables(dict):
    """The tables read, by name; asking for one not read (``open(tables=...)``) is one clear error."""

    def __init__(self, tables: dict[str, RawTable], folder: Path):
        super().__init__(tables)
        self.folder = folder

    def __missing__(self, name: str) -> RawTable:
        raise ValueError(f"the data package in {self.folder} was opened with only the tables "
                         f"{', '.join(sorted(self))}, not {name!r}; open it whole: diplo.open({str(self.folder)!r}).")


def _typed(table: RawTable, raw: dict[str, RawTable]) -> pd.DataFrame:
    """Turn checked strings into the dtypes the schema implies."""
    references = {}
    for fk in table.schema.get("foreignKeys", []):
        if len(fk["fields"]) == 1:
            target = raw.get(fk["reference"].get("resource") or table.name)
            if target is not None and target.name != table.name:
                references[fk["fields"][0]] = target.columns[fk["reference"]["fields"][0]]
    data = {}
    for f in table.schema["fields"]:
        values = table.columns[f["name"]]
        kind = f.get("type", "string")
        enum = f.get("constraints", {}).get("enum")
        if kind == "date":
            series = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
        elif kind == "integer":
            series = pd.Series([None if v is None else int(v) for v in values], dtype="Int64")
        elif kind == "number":
            series = pd.Series([None if v is None else float(v) for v in values], dtype="Float64")
        elif kind == "boolean":
            series = pd.Series([None if v is None else v in ("true", "True", "TRUE", "1") for v in values],
                               dtype="boolean")
        else:
            series = pd.Series(values, dtype="string")
        if enum is not None:
            categories = sorted(set(enum), key=enum.index)
            if kind == "integer":
                series = series.astype("object").where(series.notna(), None)
            series = pd.Series(pd.Categorical(series, categories=categories,
                                              ordered=bool(f.get("categoriesOrdered"))))
        elif f["name"] in references:
            categories = list(dict.fromkeys(v for v in references[f["name"]] if v is not None))
            series = pd.Series(pd.Categorical(series, categories=categories))
        data[f["name"]] = series
    return pd.DataFrame(data, index=pd.RangeIndex(len(table)))
