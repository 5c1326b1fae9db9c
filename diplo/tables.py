"""Load the curated tables as typed pandas DataFrames, describe and cite them."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .schema import data_dir, read_descriptor, resource
from .validate import RawTable, read_package

__all__ = ["list_tables", "load", "describe", "cite", "events"]

# One checked copy of each data package, keyed by folder and kept while none
# of its files changes (notebooks call load() many times): the tables as
# written, and each table typed the first time it is asked for.
_CACHE: dict[Path, tuple[tuple, dict[str, RawTable], dict[str, pd.DataFrame]]] = {}


def list_tables(*, data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the tables in the data package.

    Examples
    --------
    >>> import diplo
    >>> diplo.list_tables()
    ['events', 'event_sources', 'officeholders', 'countries', 'event_types']
    """
    folder = _folder(data_dir)
    return [r["name"] for r in read_descriptor(folder)["resources"]]


def load(name: str, *, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load one table, typed and checked, as a DataFrame.

    Every table of the package is read and checked against
    ``datapackage.json`` first (types, formats, allowed values, primary and
    foreign keys, and the rules in data/README.md), so a table never loads
    with a dangling reference. Dtypes come from the schema: dates are
    ``datetime64``, coded fields are categoricals (their categories are the
    allowed values, or the keys of the table they refer to), whole numbers
    are ``Int64``, text is ``string``. Missing values are ``<NA>``/``NaT``.

    Parameters
    ----------
    name : str
        A table name, one of :func:`list_tables`.
    data_dir : path-like, optional
        Folder of another data package with the same schema (a researcher's
        extended copy). Defaults to ``$DIPLO_DATA``, then to the data that
        ships with diplo.

    Returns
    -------
    pandas.DataFrame
        A fresh copy; changing it changes nothing else.

    Raises
    ------
    DataError
        If any table breaks the schema; it lists every problem with file,
        line, field and value. No row is ever dropped to get past one.
    ValueError
        If there is no table called ``name``.

    Examples
    --------
    >>> import diplo
    >>> ev = diplo.load("events")
    >>> ev["start_date"].dtype.kind, ev["event_type"].dtype.name
    ('M', 'category')
    >>> diplo.load("countries").query("iso3 == 'KOR'")[["iso3", "name", "cameo", "fips", "cow", "gw"]]
      iso3         name cameo fips  cow   gw
    0  KOR  South Korea   KOR   KS  732  732
    """
    folder = _folder(data_dir)
    resource(read_descriptor(folder), name)  # a clear error for an unknown name
    return _frame(folder, name).copy()


def describe(name: str, *, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The schema of a table: one row per field.

    Columns are ``field``, ``type``, ``required``, ``allowed`` (the allowed
    values or pattern), ``references`` (the table and field a code points
    to) and ``description``. The table's title, description, primary key,
    row count, path, and the package's version, licence and sources are in
    ``.attrs``.

    Examples
    --------
    >>> import diplo
    >>> d = diplo.describe("events")
    >>> d.loc[d.field == "initiator", "references"].item()
    'countries.iso3'
    >>> d.attrs["primary_key"], d.attrs["license"]
    (['event_id'], 'CC-BY-4.0')
    """
    folder = _folder(data_dir)
    package = read_descriptor(folder)
    res = resource(package, name)
    schema = res["schema"]
    refs = {}
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or name
        for mine, theirs in zip(fk["fields"], fk["reference"]["fields"]):
            refs[mine] = f"{target}.{theirs}"
    rows = []
    for f in schema["fields"]:
        c = f.get("constraints", {})
        ref = f.get("diplo:references")
        if ref:
            refs[f["name"]] = f"{ref['resource']}.{ref['field']} (each item)"
        kind = f.get("type", "string")
        if kind == "list":
            kind = f"list of {f.get('itemType', 'string')} ('{f.get('delimiter', ',')}')"
        allowed = " | ".join(map(str, c["enum"])) if "enum" in c else c.get("pattern", "")
        rows.append([f["name"], kind, bool(c.get("required")), allowed,
                     refs.get(f["name"], ""), f.get("description", "")])
    out = pd.DataFrame(rows, columns=["field", "type", "required", "allowed", "references", "description"])
    out.attrs.update(
        name=name,
        title=res.get("title", name),
        description=res.get("description", ""),
        path=str(folder / res["path"]),
        primary_key=list(schema.get("primaryKey", [])),
        rows=len(_frame(folder, name)),
        version=package.get("version"),
        license=", ".join(lic.get("name", lic.get("path", "")) for lic in package.get("licenses", [])),
        sources=[s.get("title") for s in package.get("sources", [])],
    )
    return out


def cite(name: str | None = None, *, data_dir: str | os.PathLike | None = None) -> str:
    """A citation for the data package, or for one of its tables.

    Examples
    --------
    >>> import diplo
    >>> print(diplo.cite())  # doctest: +ELLIPSIS
    diplo contributors (2026). diplo: curated diplomatic events of ... Data package version ..., licence CC-BY-4.0...
    """
    folder = _folder(data_dir)
    package = read_descriptor(folder)
    authors = ", ".join(c.get("title", "") for c in package.get("contributors", [])) or "diplo contributors"
    year = str(package.get("created", ""))[:4] or "n.d."
    licence = ", ".join(lic.get("name", "") for lic in package.get("licenses", []))
    text = f"{authors} ({year}). {package.get('title', package.get('name'))}. "
    text += f"Data package version {package.get('version')}, licence {licence}."
    if name is not None:
        res = resource(package, name)
        text += f" Table '{name}': {res.get('title', name)} ({res['path']})."
        if name in ("events", "event_sources"):
            sources = _frame(folder, "event_sources")
            text += (f" Built from {len(sources)} cited pages of "
                     f"{sources['publisher'].nunique()} publishers, listed in event_sources.")
    return text


def events(
    *,
    actors=None,
    dyad=None,
    start=None,
    end=None,
    types=None,
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """The events table, filtered the way every notebook needs.

    Parameters
    ----------
    actors : str or list of str, optional
        ISO3 codes; keep events in which *any* of them takes part.
    dyad : tuple of two str, optional
        Two ISO3 codes; keep events in which *both* take part.
    start, end : date-like, optional
        Keep events that overlap the period from ``start`` to ``end``
        (both included): a visit from 30 Sep to 1 Oct is kept for
        ``start="2025-10-01"``.
    types : str or list of str, optional
        Event type codes (see ``diplo.load("event_types")``) or event
        families (``"diplomacy"``, ``"military"``, ...).
    data_dir : path-like, optional
        As in :func:`load`.

    Returns
    -------
    pandas.DataFrame
        Matching events in date order, with the columns of ``events``.

    Raises
    ------
    ValueError
        For an unknown country code or event type (the message lists close
        matches), a dyad that is not two codes, or ``start`` after ``end``.

    Examples
    --------
    >>> import diplo
    >>> kj = diplo.events(dyad=("KOR", "JPN"), start="2025-06-01", types="leader_visit")
    >>> kj[["start_date", "initiator", "target", "location"]].head(2)  # doctest: +NORMALIZE_WHITESPACE
      start_date initiator target location
    0 2025-08-23       KOR    JPN    Tokyo
    1 2025-09-30       JPN    KOR    Busan
    """
    frame = load("events", data_dir=data_dir)
    keep = pd.Series(True, index=frame.index)
    members = frame["participants"].str.split(";")
    if actors is not None:
        codes = _codes(actors, data_dir, "actors")
        keep &= members.map(lambda m: not codes.isdisjoint(m)).astype(bool)
    if dyad is not None:
        pair = _dyad_codes(dyad, data_dir)
        keep &= members.map(lambda m: pair.issubset(m)).astype(bool)
    lo, hi = _period(start, end)
    if lo is not None:
        keep &= frame["end_date"] >= lo
    if hi is not None:
        keep &= frame["start_date"] <= hi
    if types is not None:
        keep &= frame["event_type"].isin(_types(types, data_dir))
    out = frame[keep].sort_values(["start_date", "event_id"], kind="stable")
    return out.reset_index(drop=True)


# --- helpers -----------------------------------------------------------------


def _folder(path) -> Path:
    # The public functions' keyword ``data_dir`` hides the function of that name.
    return data_dir(path)


def _signature(folder: Path) -> tuple:
    files = [folder / "datapackage.json"]
    files += [folder / r["path"] for r in read_descriptor(folder)["resources"]]
    return tuple((f.name, *((f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else (None, None)))
                 for f in files)


def _checked(folder: Path) -> tuple[dict[str, RawTable], dict[str, pd.DataFrame]]:
    """The package's tables, all checked, as written; and the typed ones made so far."""
    signature = _signature(folder)
    cached = _CACHE.get(folder)
    if cached is None or cached[0] != signature:
        cached = _CACHE[folder] = (signature, read_package(folder), {})
    return cached[1], cached[2]


def _frame(folder: Path, name: str) -> pd.DataFrame:
    """One table, typed (the cached copy: callers must not change it)."""
    raw, frames = _checked(folder)
    if name not in frames:
        frames[name] = _typed(raw[name], raw)
    return frames[name]


def _column(name: str, field: str, data_dir=None) -> list[str | None]:
    """One field of one checked table, as written: for lookups that need no DataFrame."""
    return _checked(_folder(data_dir))[0][name].columns[field]


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


def _codes(values, data_dir, what: str) -> set[str]:
    codes = [values] if isinstance(values, str) else list(values)
    known = set(_column("countries", "iso3", data_dir))
    for code in codes:
        if code not in known:
            raise ValueError(_unknown(code, known, f"country code in {what}",
                                      "Use ISO 3166-1 alpha-3 codes (KOR, JPN, USA, PRK)"))
    return set(codes)


def _types(values, data_dir) -> set[str]:
    wanted = [values] if isinstance(values, str) else list(values)
    table = load("event_types", data_dir=data_dir)
    codes = set(table["code"])
    families: dict[str, set[str]] = {}
    for code, family in zip(table["code"], table["family"]):
        families.setdefault(family, set()).add(code)
    out: set[str] = set()
    for value in wanted:
        if value in codes:
            out.add(value)
        elif value in families:
            out |= families[value]
        else:
            raise ValueError(_unknown(value, codes | set(families), "event type or family",
                                      "See diplo.load('event_types') for the codes"))
    return out


def _unknown(value, known, what: str, advice: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(str(value), sorted(map(str, known)), n=3, cutoff=0.5)
    maybe = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    return f"Unknown {what}: {value!r}.{maybe} {advice}."


def _dyad_codes(dyad, data_dir) -> set[str]:
    """Two different, known country codes, or a ValueError saying what is wrong."""
    if isinstance(dyad, str) or len(dyad) != 2:
        raise ValueError(f"dyad must be two country codes, like ('KOR', 'JPN'); got {dyad!r}.")
    pair = _codes(dyad, data_dir, "dyad")
    if len(pair) != 2:
        raise ValueError(f"dyad must be two different countries; got {dyad!r}.")
    return pair


def _period(start, end):
    """``start`` and ``end`` as Timestamps (or None), refusing a start after the end."""
    lo, hi = _timestamp(start, "start"), _timestamp(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start ({lo.date()}) is after end ({hi.date()}); swap them.")
    return lo, hi


def _timestamp(value, what: str):
    if value is None:
        return None
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{what} must be a date like '2025-01-31'; got {value!r}.") from None
