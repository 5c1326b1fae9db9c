"""Citations: of the data package, of a table, and of the publishers behind a set of events.

A paper cites the data package version it used and, for the numbers it
reports, the publishers whose pages date and describe the events counted
(peacesciencer's ``ps_cite`` is the model). Text is for reading, BibTeX for
a reference manager; both come from the package's own ``datapackage.json``
and ``event_sources`` table.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from ._lazy import lazy
from .package import DataPackage, of
from .package import open as open_package

pd = lazy("pandas")  # `import diplo` (and `diplo import`) load pandas only when a table is read

__all__ = ["FORMATS", "Bibliography", "bibliography", "package_citation"]

#: The forms a citation is given in.
FORMATS = ("text", "bibtex")

# Characters with a meaning in BibTeX, written so that they print as themselves.
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _check_format(format: str) -> None:  # noqa: A002 (the name researchers know from ps_cite and citation())
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}; got {format!r}.")


def _bibtex_value(text: str) -> str:
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in " ".join(str(text).split()))


def _bibtex_key(*parts: str) -> str:
    """A citation key of ASCII letters, digits and underscores ("diplo_data_0_4_1")."""
    ascii_text = unicodedata.normalize("NFKD", "_".join(parts)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_").lower() or "source"


def _bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    width = max(map(len, fields))
    lines = [f"  {name.ljust(width)} = {{{value}}}" for name, value in fields.items()]
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}"


def _package_fields(package: DataPackage, name: str | None) -> dict[str, str]:
    descriptor = package.descriptor
    authors = [c.get("title", "") for c in descriptor.get("contributors", []) if c.get("title")]
    fields = {
        "authors": ", ".join(authors) or "diplo contributors",
        "year": str(descriptor.get("created", ""))[:4] or "n.d.",
        "title": descriptor.get("title", package.name),
        "version": package.version,
        "as_of": str(package.as_of.date()),
        "licence": ", ".join(lic.get("name", "") for lic in descriptor.get("licenses", [])),
        "homepage": descriptor.get("homepage", ""),
    }
    if name is not None:
        resource = package.resource(name)
        fields["table"] = f"Table '{name}': {resource.get('title', name)} ({resource['path']})"
    return fields


def package_citation(package: DataPackage, name: str | None = None, format: str = "text") -> str:  # noqa: A002
    """The citation of ``package``, or of its table ``name``; see :func:`diplo.cite`.

    Parameters
    ----------
    package : DataPackage
        An opened data package.
    name : str, optional
        A table of the package.
    format : {"text", "bibtex"}
        A sentence, or one BibTeX ``@misc`` entry.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown format or table.
    """
    _check_format(format)
    f = _package_fields(package, name)
    if format == "text":
        text = (f"{f['authors']} ({f['year']}). {f['title']}. Data package version {f['version']} "
                f"(as of {f['as_of']}), licence {f['licence']}.")
        if name is not None:
            text += " " + f["table"] + "."
            if name in ("events", "event_sources"):
                # The table as written: counting needs no typed DataFrame.
                pages, publishers = (len(set(package.column("event_sources", f))) for f in ("url", "publisher"))
                text += (f" Built from {pages} cited pages of {publishers} publishers, listed in event_sources.")
        return text
    fields = {"author": "{" + _bibtex_value(f["authors"]) + "}", "title": _bibtex_value(f["title"]),
              "year": f["year"], "version": f["version"],
              "note": _bibtex_value(f"Data package version {f['version']}, as of {f['as_of']}"
                                    + (f". {f['table']}" if name else "") + f". Licence {f['licence']}.")}
    if f["homepage"]:
        fields["url"] = f["homepage"]
    return _bibtex_entry("misc", _bibtex_key(package.name, "data", f["version"], name or ""), fields)


@dataclass(frozen=True)
class Bibliography:
    """The data package and every publisher behind a set of events.

    Shown in a notebook as a reference list; in a report run by ``diplo
    report`` its BibTeX is also written beside the report as
    ``references.bib``.

    Parameters
    ----------
    package : str
        The citation of the data package, as text.
    publishers : DataFrame
        One row per publisher: ``publisher``, ``events`` (how many of the
        events it is a source of), ``pages``, ``first`` and ``last``
        publication year (``<NA>`` when no page shows one).
    bibtex : str
        The package's entry and one ``@misc`` entry per publisher.
    """

    package: str
    publishers: pd.DataFrame
    bibtex: str

    def to_text(self) -> str:
        """The reference list as plain text, one line per entry.

        Returns
        -------
        str
        """
        lines = [self.package, "", f"Sources of the events counted ({len(self.publishers)} publishers; each page, "
                                   "with the words that date its event, is in the event_sources table):"]
        lines += [f"- {row.publisher}: {row.events} event{'s' if row.events != 1 else ''}"
                  for row in self.publishers.itertuples()]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        def escape(text: str) -> str:
            return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(text))

        items = "\n".join(f"- {escape(row.publisher)}: {row.events} event{'s' if row.events != 1 else ''}"
                          for row in self.publishers.itertuples())
        return (f"{escape(self.package)}\n\nSources of the events counted ({len(self.publishers)} publishers; each "
                f"page, with the words that date its event, is in the `event_sources` table):\n\n{items}\n")

    def _repr_bibtex_(self) -> str:
        return self.bibtex

    def __str__(self) -> str:
        return self.to_text()


def bibliography(*events: pd.DataFrame, data_dir: str | os.PathLike | DataPackage | None = None) -> Bibliography:
    """The references of a set of events: the data package and every publisher of their sources.

    Parameters
    ----------
    *events : DataFrame
        One or more frames of events, as from :func:`diplo.events` (those a
        report counts); their ``event_id`` values select the sources.
    data_dir : path-like or DataPackage, optional
        The package whose sources to read (default: the package the frame
        carries).

    Returns
    -------
    Bibliography
        Text with :meth:`diplo.citation.Bibliography.to_text`, BibTeX as ``.bibtex``; shown
        in a notebook as a reference list.

    Examples
    --------
    >>> import diplo
    >>> refs = diplo.bibliography(diplo.events(dyad=("KOR", "JPN"), start="2025-09-30", end="2025-10-01"))
    >>> refs.publishers.head(2)
                      publisher  events  pages  first  last
    0  Jiji Press (Nippon.com)       2      1   2025  2025
    1     Korea JoongAng Daily       2      2   2025  2025
    >>> refs.bibtex.count("@misc{") == len(refs.publishers) + 1  # the package, then each publisher
    True
    """
    if not events:
        raise TypeError("bibliography() needs at least one frame of events.")
    package = open_package(data_dir) if data_dir is not None else of(events[0])
    sources = package.load("event_sources")
    cited = sources[sources["event_id"].isin(set().union(*(frame["event_id"] for frame in events)))]
    year = cited["published"].dt.year.astype("Int64")
    publishers = (cited.assign(year=year).groupby("publisher", observed=True)
                  .agg(events=("event_id", "nunique"), pages=("url", "nunique"), first=("year", "min"),
                       last=("year", "max"))
                  .reset_index())
    publishers["publisher"] = publishers["publisher"].astype("string")
    publishers = publishers.sort_values(["events", "publisher"], ascending=[False, True], kind="stable")
    publishers = publishers.reset_index(drop=True).astype({"events": "Int64", "pages": "Int64"})
    entries = [package_citation(package, "events", "bibtex")]
    keys = set()
    for row in publishers.itertuples():
        key = _bibtex_key("src", row.publisher)
        while key in keys:  # two names that differ only in punctuation
            key += "_"
        keys.add(key)
        years = ("" if pd.isna(row.first) else str(row.first) if row.first == row.last
                 else f"{row.first}--{row.last}")
        fields = {"author": "{" + _bibtex_value(row.publisher) + "}",
                  "title": _bibtex_value(f"Reports cited as sources of {row.events} event"
                                         f"{'s' if row.events != 1 else ''} in diplo {package.version}"),
                  **({"year": years} if years else {}),
                  "note": _bibtex_value(f"{row.pages} page{'s' if row.pages != 1 else ''}, listed with their URLs "
                                        "and quotes in the event_sources table of the diplo data package.")}
        entries.append(_bibtex_entry("misc", key, fields))
    return Bibliography(package_citation(package, "events", "text"), publishers, "\n\n".join(entries) + "\n")
