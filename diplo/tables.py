"""Load the curated tables as typed pandas DataFrames, describe and cite them.

These functions are conveniences over :func:`diplo.open`: each opens the
package in ``data_dir`` (else ``$DIPLO_DATA``, else the one that ships with
diplo) and asks it. Every frame they return carries its package.
"""

from __future__ import annotations

import os

from ._lazy import lazy
from .package import open as open_package

pd = lazy("pandas")  # `import diplo` (and `diplo import`) load pandas only when a table is read

__all__ = ["list_tables", "load", "describe", "cite", "events"]


def list_tables(*, data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the tables in the data package.

    Parameters
    ----------
    data_dir : path-like or DataPackage, optional
        As in :func:`load`.

    Returns
    -------
    list of str
        The table names, in the order of ``datapackage.json``.

    Examples
    --------
    >>> import diplo
    >>> diplo.list_tables()
    ['events', 'event_sources', 'officeholders', 'countries', 'event_types']
    """
    return open_package(data_dir).list_tables()


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
    data_dir : path-like or DataPackage, optional
        Folder of another data package with the same schema (a researcher's
        extended copy), or an opened :class:`DataPackage`. Defaults to
        ``$DIPLO_DATA``, then to the data that ships with diplo.

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
    return open_package(data_dir).load(name)


def describe(name: str, *, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The schema of a table: one row per field.

    Columns are ``field``, ``type``, ``required``, ``allowed`` (the allowed
    values or pattern), ``references`` (the table and field a code points
    to) and ``description``. The table's title, description, primary key,
    row count, path, and the package's version, licence and sources are in
    ``.attrs``.

    Parameters
    ----------
    name : str
        A table name, one of :func:`list_tables`.
    data_dir : path-like or DataPackage, optional
        As in :func:`load`.

    Returns
    -------
    pandas.DataFrame
        One row per field, with the table's facts in ``.attrs``.

    Raises
    ------
    ValueError
        If there is no table called ``name``.

    Examples
    --------
    >>> import diplo
    >>> d = diplo.describe("events")
    >>> d.loc[d.field == "initiator", "references"].item()
    'countries.iso3'
    >>> d.attrs["primary_key"], d.attrs["license"]
    (['event_id'], 'CC-BY-4.0')
    """
    pkg = open_package(data_dir)
    package = pkg.descriptor
    res = pkg.resource(name)
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
        path=str(pkg.folder / res["path"]),
        primary_key=list(schema.get("primaryKey", [])),
        rows=len(pkg.column(name, schema["fields"][0]["name"])),
        version=pkg.version,
        as_of=str(pkg.as_of.date()),
        license=", ".join(lic.get("name", lic.get("path", "")) for lic in package.get("licenses", [])),
        sources=[s.get("title") for s in package.get("sources", [])],
    )
    return out


def cite(name: str | None = None, *, format: str = "text",  # noqa: A002
         data_dir: str | os.PathLike | None = None) -> str:
    """A citation for the data package, or for one of its tables.

    Parameters
    ----------
    name : str, optional
        A table (``"events"``); the citation then names the table too (and,
        for ``events`` and ``event_sources``, how many pages and publishers
        it cites). By default the package as a whole.
    format : {"text", "bibtex"}
        A sentence to quote, or a BibTeX ``@misc`` entry for a reference
        manager. :func:`diplo.bibliography` adds the publishers behind a set
        of events.
    data_dir : path-like or DataPackage, optional
        As in :func:`load`.

    Returns
    -------
    str
        Authors, year, title, version, ``as_of`` date and licence.

    Raises
    ------
    ValueError
        For an unknown table or format.

    Examples
    --------
    >>> import diplo
    >>> print(diplo.cite())  # doctest: +ELLIPSIS
    diplo contributors (2026). diplo: curated diplomatic events of ... Data package version ..., licence CC-BY-4.0...
    >>> print(diplo.cite(format="bibtex"))  # doctest: +ELLIPSIS
    @misc{diplo_northeast_asia_data_0_4_...,
      author  = {{diplo contributors}},
      ...
    }
    """
    return open_package(data_dir).cite(name, format)


def events(
    *,
    actors=None,
    dyad=None,
    bilateral: bool = False,
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
    bilateral : bool, default False
        With ``dyad``: keep only events in which exactly those two
        countries take part (no trilateral meetings or summits).
    start, end : date-like, optional
        Keep events that overlap the period from ``start`` to ``end``
        (both included): a visit from 30 Sep to 1 Oct is kept for
        ``start="2025-10-01"``. A period that reaches outside what the
        package covers systematically for the types asked for (see
        :attr:`diplo.DataPackage.coverage`) gives one warning naming them.
    types : str or list of str, optional
        Event type codes (see ``diplo.load("event_types")``), event
        families (``"diplomacy"``, ``"military"``, ...) or groups
        (``"leader_meetings"``, ``"leader_calls"``, ``"ministers"``, ...).
    data_dir : path-like or DataPackage, optional
        As in :func:`load`.

    Returns
    -------
    pandas.DataFrame
        Matching events in date order, with the columns of ``events``.

    Raises
    ------
    ValueError
        For an unknown country code or event type (the message lists close
        matches), a dyad that is not two codes, a date that is not one
        (a number, an empty string, NaN, a time-zone-aware stamp), or
        ``start`` after ``end``.

    Examples
    --------
    >>> import diplo
    >>> kj = diplo.events(dyad=("KOR", "JPN"), start="2025-06-01", types="leader_visit")
    >>> kj[["start_date", "initiator", "target", "location"]].head(2)  # doctest: +NORMALIZE_WHITESPACE
      start_date initiator target location
    0 2025-08-23       KOR    JPN    Tokyo
    1 2025-09-30       JPN    KOR    Busan
    """
    return open_package(data_dir).events(actors=actors, dyad=dyad, bilateral=bilateral, start=start, end=end,
                                         types=types)
