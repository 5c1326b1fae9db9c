"""The machine-coded and official datasets diplo reads, each described once.

A ``Source`` says how to recognise a file of the dataset, how to open
it as a table of text columns in DuckDB, and which SQL maps those columns
to diplo's events schema (``COLUMNS``) and names the reason a row is
rejected. Readers, the archive import and both engines run the same SQL.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from abc import ABC, abstractmethod
from pathlib import Path

__all__ = ["COLUMNS", "SOURCES", "Source", "FormatError"]

#: The columns of every imported table: the events schema, then the source's own.
COLUMNS = {
    "event_id": "VARCHAR", "start_date": "DATE", "end_date": "DATE", "date_precision": "VARCHAR",
    "event_type": "VARCHAR", "family": "VARCHAR", "initiator": "VARCHAR", "target": "VARCHAR",
    "participants": "VARCHAR", "persons": "VARCHAR", "location": "VARCHAR", "location_country": "VARCHAR",
    "title": "VARCHAR", "description": "VARCHAR", "confidence": "VARCHAR", "notes": "VARCHAR",
    "source": "VARCHAR", "actor1_name": "VARCHAR", "actor1_code": "VARCHAR", "actor2_name": "VARCHAR",
    "actor2_code": "VARCHAR", "cameo_code": "VARCHAR", "goldstein": "DOUBLE", "quad_class": "INTEGER",
    "num_mentions": "INTEGER", "num_sources": "INTEGER", "num_articles": "INTEGER", "avg_tone": "DOUBLE",
    "source_url": "VARCHAR", "intensity": "DOUBLE", "story_id": "VARCHAR", "plover_type": "VARCHAR",
    "plover_mode": "VARCHAR", "contexts": "VARCHAR", "year": "INTEGER",
}


class FormatError(ValueError):
    """A file is not the format it was claimed to be."""


# GDELT event table columns, from the GDELT 2.0 Event Database codebook (V2.0, 2015).
_GDELT_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code"]
_GDELT_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_GDELT_HEAD = (["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
               + [f"Actor1{c}" for c in _GDELT_ACTOR] + [f"Actor2{c}" for c in _GDELT_ACTOR]
               + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                  "NumMentions", "NumSources", "NumArticles", "AvgTone"])
GDELT2 = _GDELT_HEAD + [f"{a}Geo_{c}" for a in ("Actor1", "Actor2", "Action") for c in _GDELT_GEO2] + [
    "DATEADDED", "SOURCEURL"]
# GDELT 1.0 has no ADM2 codes; the backfile (57) also lacks SOURCEURL.
GDELT1_58 = [c for c in GDELT2 if not c.endswith("ADM2Code")]
GDELT1_57 = GDELT1_58[:-1]
_GDELT_WIDTHS = {61: GDELT2, 58: GDELT1_58, 57: GDELT1_57}

ICEWS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
         "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
         "City", "District", "Province", "Country", "Latitude", "Longitude"]


class Source(ABC):
    """How one dataset is recognised, opened and mapped to the events schema."""

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    def open(self, con, path: Path, view: str, *, tolerant: bool = True) -> None:
        """Create ``view`` in DuckDB connection ``con``: the file's rows as text columns.

        ``tolerant``: a row the CSV reader cannot read (too short or long, not UTF-8) is set aside
        in the table ``diplo_rejects``, with its line and reason; otherwise reading it is an error
        (``duckdb.InvalidInputException``), and the reader runs faster (it tracks no lines).

        Raises :class:`FormatError` when the file is not of this dataset.
        """

    #: The raw columns that name the two parties, and how they name a country
    #: ("cameo" codes, or "names": names, ids and aliases); used to skip, in
    #: the scan itself, rows that cannot involve the actors asked for.
    party_columns: tuple[str, str] | None = None
    party_naming = "names"
    #: The raw columns :meth:`select` reads (None: all of them); only these are kept from the scan.
    columns_used: tuple[str, ...] | None = None
    #: The raw column that dates a row, its first four characters the year (None: not a
    #: tab-separated file), and whether the file begins with a header line that names it.
    date_column: str | None = None
    header = True

    def sampled_years(self, path: Path, *, samples: int = 16, lines: int = 32) -> set[str]:
        """The years of some rows read at ``samples`` places spread over the file, ``lines`` at each.

        A guess at whether the file's rows fall in one year or several, at the cost of a few reads
        (the import chooses how to write by it; either way it writes the same rows).

        Examples
        --------
        >>> from pathlib import Path
        >>> from diplo.importers.sources import SOURCES
        >>> sorted(SOURCES["gdelt"].sampled_years(Path("tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv")))
        ['2014', '2015', '2019', '2020']
        """
        if self.date_column is None:
            return set()
        size, years = path.stat().st_size, set()
        with open(path, "rb") as f:
            names = f.readline().rstrip(b"\r\n").split(b"\t") if self.header else None
            if names is not None and self.date_column.encode() not in names:
                return set()
            index = 1 if names is None else names.index(self.date_column.encode())
            for k in range(samples):
                f.seek(size * k // samples)
                f.readline()  # the rest of the line the seek fell in (or the header, or the first row)
                for _ in range(lines):
                    cells = f.readline().split(b"\t", index + 1)
                    if len(cells) > index and cells[index][:4].isdigit():
                        years.add(cells[index][:4].decode())
        return years

    def rescue(self, path: Path, rejects: str) -> str | None:
        """SQL over the CSV reader's rejected lines (the table ``rejects``) giving the rows that are
        nonetheless rows of the file's format, in another layout (its other valid width), as the
        view's columns plus ``_line``; None when the format has one layout."""
        return None

    def fields_expected(self, path: Path) -> str | None:
        """How many tab-separated fields a row of this file should have, for the reason a row of
        another width is rejected (None: DuckDB's own message)."""
        return None

    @abstractmethod
    def select(self, view: str) -> str:
        """SQL over ``view`` giving :data:`COLUMNS`, ``_a`` and ``_b`` (the two parties' ISO3 codes),
        ``_record`` (the row's own id) and ``_reject`` (why the row is rejected, or NULL)."""


def _text_columns(names) -> str:
    return "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"


def _first_line(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.readline()


def _csv_options(path: Path, *, header: bool, columns, nullstr=None, tolerant: bool = True) -> str:
    nulls = f", nullstr = '{nullstr}'" if nullstr else ""
    # Rows that cannot be read are stored with their line and reason; keeping track of lines costs
    # the reader some 15 % of its time, so a caller may first read strictly (an error at the first
    # such row) and again tolerantly only if there is one (MappedFile).
    errors = ("ignore_errors = true, store_rejects = true, rejects_table = 'diplo_rejects', "
              "rejects_scan = 'diplo_scans'" if tolerant else "ignore_errors = false")
    # An 8 MiB buffer (DuckDB's default is 32 MiB) scans a GDELT export about 10 % faster under
    # the import's memory limit, in less memory (benchmarks/bench_import.py).
    return (f"read_csv('{_sql_path(path)}', delim = '\\t', header = {str(header).lower()}, quote = '', "
            f"escape = '', columns = {_text_columns(columns)}, auto_detect = false, strict_mode = true, "
            f"buffer_size = {8 << 20}, null_padding = false, {errors}{nulls})")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _strict_date(column: str, fmt: str = "%Y-%m-%d", shape: str = "[0-9]{4}-[0-9]{2}-[0-9]{2}") -> str:
    """SQL for a date that must have exactly the given shape (strptime alone accepts '2014021')."""
    return f"CASE WHEN regexp_full_match({column}, '{shape}') THEN try_strptime({column}, '{fmt}')::DATE END"


def _row_text(columns) -> str:
    """SQL for the whole row as one text (for a key that tells apart rows sharing an id)."""
    return "concat_ws('|', " + ", ".join(f"coalesce(\"{c}\", 'NA')" for c in columns) + ")"


# SQL shared by the machine-coded sources: participants in order, without repeats.
_PARTICIPANTS = ("CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL OR {b} = {a} THEN {a} "
                 "ELSE {a} || ';' || {b} END")


_GDELT_DATE = _strict_date("SQLDATE", "%Y%m%d", "[0-9]{8}")


class Gdelt(Source):
    party_columns = ("Actor1CountryCode", "Actor2CountryCode")
    party_naming = "cameo"
    date_column, header = "SQLDATE", False  # the second field in every GDELT layout
    columns_used = ("GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor2Name", "Actor2CountryCode",
                    "EventCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
                    "ActionGeo_FullName", "ActionGeo_CountryCode", "SOURCEURL")

    def width(self, path: Path) -> int:
        line = _first_line(path)
        if not line:
            raise FormatError(f"{path.name}: the file is empty.")
        width = line.count(b"\t") + 1
        if width not in _GDELT_WIDTHS:
            raise FormatError(f"{path.name}: the first line has {width} tab-separated columns; a GDELT event file "
                              "has 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0). Is it a GDELT events export?")
        first = line.split(b"\t", 1)[0]
        if not first.strip().isdigit():
            raise FormatError(f"{path.name}: the first column should be a numeric GLOBALEVENTID, not {first[:30]!r}; "
                              "GDELT files have no header line.")
        return width

    def open(self, con, path: Path, view: str, *, tolerant: bool = True) -> None:
        # A GDELT 1.0 file is opened in the layout of its first row; rows of the other 1.0 width
        # (57 fields before April 2013, 58 with SOURCEURL after) are read by :meth:`rescue`.
        columns = _GDELT_WIDTHS[self.width(path)]
        rows = f"SELECT * FROM {_csv_options(path, header=False, columns=columns, tolerant=tolerant)}"
        if "SOURCEURL" not in columns:  # the 1.0 backfile: one select serves every width
            rows = f"SELECT *, NULL::VARCHAR AS SOURCEURL FROM ({rows})"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {rows}")

    def rescue(self, path: Path, rejects: str) -> str | None:
        width = self.width(path)
        if width == 61:
            return None
        other, error = (57, "MISSING COLUMNS") if width == 58 else (58, "TOO MANY COLUMNS")
        # The view of either 1.0 width has the columns of GDELT1_58 (a 57-field row: no SOURCEURL).
        # The reader takes an empty field for missing: so does this.
        fields = ", ".join(f"nullif(f[{i}], '') AS \"{c}\"" if i <= other else f"NULL::VARCHAR AS \"{c}\""
                           for i, c in enumerate(GDELT1_58, start=1))
        return (f"SELECT _line, {fields} FROM (SELECT line AS _line, string_split(any_value(csv_line), chr(9)) AS f "
                f"FROM {rejects} GROUP BY line HAVING bool_and(error_type = '{error}')) WHERE len(f) = {other}")

    def fields_expected(self, path: Path) -> str | None:
        return "61 (GDELT 2.0)" if self.width(path) == 61 else "57 or 58 (GDELT 1.0)"

    def select(self, view: str) -> str:
        url = "SOURCEURL"
        return f"""
        WITH r AS (SELECT *, {_GDELT_DATE} AS d,
                          a1.iso3 AS i1, a2.iso3 AS i2 FROM {view}
                   LEFT JOIN diplo_countries a1 ON a1.cameo = Actor1CountryCode
                   LEFT JOIN diplo_countries a2 ON a2.cameo = Actor2CountryCode)
        SELECT 'gdelt-' || GLOBALEVENTID AS event_id, d AS start_date, d AS end_date, 'day' AS date_precision,
               ce.event_type, ce.family, i1 AS initiator, i2 AS target,
               {_PARTICIPANTS.format(a='i1', b='i2')} AS participants, NULL AS persons,
               ActionGeo_FullName AS location, g.iso3 AS location_country,
               ce.description AS title,
               concat_ws(' ', coalesce(Actor1Name, '(no actor)'), '->', coalesce(Actor2Name, '(no actor)'))
                   || ': ' || coalesce(ce.description, EventCode) AS description,
               'low' AS confidence, NULL AS notes, 'gdelt' AS source,
               Actor1Name AS actor1_name, Actor1CountryCode AS actor1_code,
               Actor2Name AS actor2_name, Actor2CountryCode AS actor2_code,
               EventCode AS cameo_code, try_cast(GoldsteinScale AS DOUBLE) AS goldstein,
               try_cast(QuadClass AS INTEGER) AS quad_class, try_cast(NumMentions AS INTEGER) AS num_mentions,
               try_cast(NumSources AS INTEGER) AS num_sources, try_cast(NumArticles AS INTEGER) AS num_articles,
               try_cast(AvgTone AS DOUBLE) AS avg_tone, {url} AS source_url, NULL AS intensity,
               NULL AS story_id, NULL AS plover_type, NULL AS plover_mode, NULL AS contexts,
               year(d) AS year, i1 AS _a, i2 AS _b, GLOBALEVENTID AS _record,
               CASE WHEN d IS NULL THEN 'bad date: SQLDATE ' || coalesce('''' || SQLDATE || '''', 'missing')
                    WHEN GLOBALEVENTID IS NULL OR NOT regexp_full_match(GLOBALEVENTID, '[0-9]+')
                         THEN 'bad GLOBALEVENTID ' || coalesce('''' || GLOBALEVENTID || '''', 'missing')
                    WHEN ce.code IS NULL THEN 'unknown CAMEO event code ' || coalesce('''' || EventCode || '''',
                                                                                       'missing')
                    -- A code the countries table knows is well formed (its schema says [A-Z]{{3}}): the
                    -- pattern is matched only on the others, which spares most rows two regular expressions.
                    WHEN (i1 IS NULL AND NOT regexp_full_match(coalesce(Actor1CountryCode, 'AAA'), '[A-Z]{{3}}'))
                      OR (i2 IS NULL AND NOT regexp_full_match(coalesce(Actor2CountryCode, 'AAA'), '[A-Z]{{3}}'))
                         THEN 'malformed actor country code'
               END AS _reject
        FROM r
        LEFT JOIN diplo_cameo ce ON ce.code = EventCode
        LEFT JOIN diplo_countries g ON g.fips = ActionGeo_CountryCode
        """


class Icews(Source):
    party_columns = ("Source Country", "Target Country")
    date_column = "Event Date"

    def open(self, con, path: Path, view: str, *, tolerant: bool = True) -> None:
        header = _first_line(path).decode("utf-8", errors="replace").rstrip("\r\n").split("\t")
        if header != ICEWS:
            raise FormatError(f"{path.name}: the header is not that of an ICEWS events file (expected the 20 "
                              f"columns {', '.join(ICEWS[:4])}, ...; found {', '.join(header[:4])}, ...).")
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "
                    f"{_csv_options(path, header=True, columns=ICEWS, nullstr='NA', tolerant=tolerant)}")

    def select(self, view: str) -> str:
        return f"""
        WITH r AS (SELECT *, {_strict_date('"Event Date"')} AS d FROM {view})
        SELECT 'icews-' || "Event ID" || '-' || substr(md5({_row_text(ICEWS)}), 1, 8) AS event_id,
               d AS start_date, d AS end_date, 'day' AS date_precision, ce.event_type, ce.family,
               a1.iso3 AS initiator, a2.iso3 AS target,
               {_PARTICIPANTS.format(a='a1.iso3', b='a2.iso3')} AS participants, NULL AS persons,
               concat_ws(', ', City, Province, r.Country) AS location, g.iso3 AS location_country,
               ce.description AS title,
               concat_ws(' ', "Source Name", '->', "Target Name") || ': ' || coalesce("Event Text", '') AS description,
               'low' AS confidence, NULL AS notes, 'icews' AS source,
               "Source Name" AS actor1_name, "Source Country" AS actor1_code,
               "Target Name" AS actor2_name, "Target Country" AS actor2_code,
               "CAMEO Code" AS cameo_code, NULL AS goldstein, NULL AS quad_class, NULL AS num_mentions,
               NULL AS num_sources, NULL AS num_articles, NULL AS avg_tone, NULL AS source_url,
               try_cast(Intensity AS DOUBLE) AS intensity, "Story ID" AS story_id, NULL AS plover_type,
               NULL AS plover_mode, NULL AS contexts, year(d) AS year, a1.iso3 AS _a, a2.iso3 AS _b,
               "Event ID" AS _record,
               CASE WHEN d IS NULL THEN 'bad date: Event Date ' || coalesce('''' || "Event Date" || '''', 'missing')
                    WHEN ce.code IS NULL THEN 'unknown CAMEO event code ' || coalesce('''' || "CAMEO Code" || '''',
                                                                                       'missing')
                    WHEN Intensity IS NOT NULL AND try_cast(Intensity AS DOUBLE) IS NULL
                         THEN 'bad Intensity ''' || Intensity || ''''
               END AS _reject
        FROM r
        LEFT JOIN diplo_names a1 ON a1.name = lower("Source Country")
        LEFT JOIN diplo_names a2 ON a2.name = lower("Target Country")
        LEFT JOIN diplo_names g ON g.name = lower(r.Country)
        LEFT JOIN diplo_cameo ce ON ce.code = "CAMEO Code"
        """


class Historian(Source):
    """The US Office of the Historian's XML: presidents' and secretaries' trips, foreign leaders' visits."""

    def open(self, con, path: Path, view: str, *, tolerant: bool = True) -> None:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            raise FormatError(f"{path.name}: not well-formed XML ({exc}).") from None
        if root.tag == "trips":
            rows = [self._trip(t) for t in root.iter("trip")]
        elif root.tag == "visits":
            rows = [self._visit(v) for v in root.iter("visit")]
        else:
            raise FormatError(f"{path.name}: an Office of the Historian file has a <trips> or <visits> root, "
                              f"not <{root.tag}>.")
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["kind", "role", "record", "who", "start", "end", "country_id",
                                            "country", "locale", "remarks"], dtype="string")
        con.register(f"{view}_frame", frame)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {view}_frame")

    @staticmethod
    def _text(element, tag):
        node = element.find(tag)
        return " ".join("".join(node.itertext()).split()) if node is not None else None

    def _trip(self, t):
        country = t.find("country")
        return ["trip", t.get("role") or self._text(t, "role"), self._text(t, "id"), self._text(t, "name"),
                self._text(t, "start-date"), self._text(t, "end-date"),
                country.get("id") if country is not None else None, self._text(t, "country"),
                self._text(t, "locale"), self._text(t, "remarks")]

    def _visit(self, v):
        origin = v.find("from")
        return ["visit", "visitor", self._text(v, "id"), self._text(v, "visitor"), self._text(v, "start-date"),
                self._text(v, "end-date"), origin.get("id") if origin is not None else None,
                self._text(v, "from"), None, self._text(v, "description")]

    def select(self, view: str) -> str:
        return f"""
        WITH r AS (SELECT *, {_strict_date('start')} AS d0,
                          coalesce({_strict_date('"end"')}, {_strict_date('start')}) AS d1,
                          c.iso3 AS other
                   FROM {view} LEFT JOIN diplo_names c ON c.name = lower(country_id))
        SELECT 'historian-' || kind || '-' || record AS event_id, d0 AS start_date, d1 AS end_date,
               'day' AS date_precision,
               CASE WHEN role = 'secretary' THEN 'minister_visit' ELSE 'leader_visit' END AS event_type,
               'diplomacy' AS family,
               CASE WHEN kind = 'trip' THEN 'USA' ELSE other END AS initiator,
               CASE WHEN kind = 'trip' THEN other ELSE 'USA' END AS target,
               CASE WHEN kind = 'trip' THEN 'USA;' || other ELSE other || ';USA' END AS participants,
               NULL AS persons, CASE WHEN kind = 'trip' THEN locale END AS location,
               CASE WHEN kind = 'trip' THEN other ELSE 'USA' END AS location_country,
               CASE WHEN kind = 'trip' THEN who || ' travels to ' || country ELSE who || ' visits the United States'
               END AS title,
               remarks AS description, 'high' AS confidence, NULL AS notes, 'historian' AS source,
               CASE WHEN kind = 'trip' THEN who END AS actor1_name, CASE WHEN kind = 'trip' THEN 'united-states'
               ELSE country_id END AS actor1_code, CASE WHEN kind = 'visit' THEN who END AS actor2_name,
               CASE WHEN kind = 'trip' THEN country_id ELSE 'united-states' END AS actor2_code,
               NULL AS cameo_code, NULL AS goldstein, NULL AS quad_class, NULL AS num_mentions, NULL AS num_sources,
               NULL AS num_articles, NULL AS avg_tone,
               CASE WHEN kind = 'trip' THEN 'https://history.state.gov/departmenthistory/travels/'
                    || CASE WHEN role = 'secretary' THEN 'secretary/' ELSE 'president/' END
                    ELSE 'https://history.state.gov/departmenthistory/visits/' || year(d0) END AS source_url,
               NULL AS intensity, NULL AS story_id, NULL AS plover_type, NULL AS plover_mode, NULL AS contexts,
               year(d0) AS year,
               CASE WHEN kind = 'trip' THEN 'USA' ELSE other END AS _a,
               CASE WHEN kind = 'trip' THEN other ELSE 'USA' END AS _b, record AS _record,
               CASE WHEN d0 IS NULL THEN 'bad date: start-date ' || coalesce('''' || start || '''', 'missing')
                    WHEN d1 < d0 THEN 'end-date ' || "end" || ' before start-date ' || start
                    WHEN other IS NULL THEN 'unknown country id ' || coalesce('''' || country_id || '''', 'missing')
                         || ' (add it to the aliases of countries.csv)'
               END AS _reject
        FROM r
        """


class Polecat(Source):
    """POLECAT (PLOVER-coded) weekly and monthly files; see :data:`POLECAT` for the layout."""

    party_columns = None  # actor countries can be lists ("USA; KOR"): matched after the split
    date_column = "Event Date"

    def open(self, con, path: Path, view: str, *, tolerant: bool = True) -> None:
        header = _first_line(path).decode("utf-8", errors="replace").rstrip("\r\n").split("\t")
        while header and header[-1] == "":  # some releases end lines with stray tabs
            header.pop()
        missing = [c for c in POLECAT if c not in header and not (c == "Intensity" and "Event Intensity" in header)]
        if missing:
            raise FormatError(f"{path.name}: not a POLECAT events file: the header lacks "
                              f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}.")
        names = [c if c != "Event Intensity" else "Intensity" for c in header]
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "
                    f"{_csv_options(path, header=True, columns=names, nullstr='None', tolerant=tolerant)}")

    def select(self, view: str) -> str:
        first = "nullif(trim(split_part({}, ';', 1)), '')"
        return f"""
        WITH r AS (SELECT *, {_strict_date('"Event Date"')} AS d,
                          {first.format('"Actor Country"')} AS c1, {first.format('"Recipient Country"')} AS c2
                   FROM {view})
        SELECT 'polecat-' || "Event ID" AS event_id, d AS start_date, d AS end_date, 'day' AS date_precision,
               pt.event_type, coalesce(pt.family, pf.family) AS family,
               a1.iso3 AS initiator, a2.iso3 AS target,
               {_PARTICIPANTS.format(a='a1.iso3', b='a2.iso3')} AS participants, NULL AS persons,
               coalesce(Placename, concat_ws(', ', City, Province)) AS location, g.iso3 AS location_country,
               upper(substr("Event Type", 1, 1)) || lower(substr("Event Type", 2)) || coalesce(' (' || lower("Event Mode") || ')', '') AS title,
               concat_ws(' ', coalesce("Actor Name", '(no actor)'), '->', coalesce("Recipient Name", '(no actor)'))
                   || ': ' || lower("Event Type") AS description,
               'low' AS confidence, NULL AS notes, 'polecat' AS source,
               "Actor Name" AS actor1_name, "Actor Country" AS actor1_code,
               "Recipient Name" AS actor2_name, "Recipient Country" AS actor2_code, NULL AS cameo_code,
               NULL AS goldstein,
               CASE upper("Quad Code") WHEN 'VERBAL COOPERATION' THEN 1 WHEN 'MATERIAL COOPERATION' THEN 2
                    WHEN 'VERBAL CONFLICT' THEN 3 WHEN 'MATERIAL CONFLICT' THEN 4 END AS quad_class,
               NULL AS num_mentions, NULL AS num_sources, NULL AS num_articles, NULL AS avg_tone,
               NULL AS source_url, try_cast(Intensity AS DOUBLE) AS intensity, NULL AS story_id,
               upper("Event Type") AS plover_type, lower("Event Mode") AS plover_mode, "Contexts" AS contexts,
               year(d) AS year, a1.iso3 AS _a, a2.iso3 AS _b, "Event ID" AS _record,
               CASE WHEN d IS NULL THEN 'bad date: Event Date ' || coalesce('''' || "Event Date" || '''', 'missing')
                    WHEN "Event ID" IS NULL THEN 'missing Event ID'
                    WHEN pf.plover IS NULL THEN 'unknown PLOVER event type '
                         || coalesce('''' || "Event Type" || '''', 'missing')
                    WHEN Intensity IS NOT NULL AND try_cast(Intensity AS DOUBLE) IS NULL
                         THEN 'bad Intensity ''' || Intensity || ''''
               END AS _reject
        FROM r
        LEFT JOIN diplo_names a1 ON a1.name = lower(c1)
        LEFT JOIN diplo_names a2 ON a2.name = lower(c2)
        LEFT JOIN diplo_names g ON g.name = lower(r.Country)
        LEFT JOIN diplo_plover_families pf ON pf.plover = upper("Event Type")
        LEFT JOIN diplo_plover_types pt ON pt.plover = upper("Event Type") AND pt.mode = lower("Event Mode")
        """


#: The 40 columns of a POLECAT file, in order, as public readers of the Dataverse release
#: (doi:10.7910/DVN/AJGVIT) quote its header; some releases call the 5th "Event Intensity".
#: Tab-separated, one header row, ``None`` for missing, dates ``YYYY-MM-DD``; actor and
#: recipient countries may be ``;``-separated lists (diplo maps the first of each).
POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts", "Actor Name",
           "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title", "Actor Name Raw",
           "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
           "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename",
           "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
           "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
           "Language", "Version"]

SOURCES = {"gdelt": Gdelt("gdelt"), "icews": Icews("icews"), "polecat": Polecat("polecat"),
           "historian": Historian("historian")}
