"""Read a data package's CSV tables and check them against its schema.

Every check is driven by ``datapackage.json`` (types, formats, required,
enum, pattern, range, unique, primary and foreign keys, and the
``diplo:references`` of list fields), except the few rules that relate
fields to each other, which are written out at the bottom of this module.
All problems of all tables are gathered and raised as one
:class:`~diplo.errors.DataError`; a bad row is reported, never skipped.

The loader does this itself rather than through frictionless so that
``diplo.load`` stays fast and every problem carries its line number;
``make test`` runs ``frictionless validate`` over the same package as a
second, independent check.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .errors import DataError, Problem

__all__ = ["RawTable", "read_package"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


@dataclass
class RawTable:
    """A table as written: one list of strings per field, and the line of each row."""

    name: str
    file: str
    schema: dict
    columns: dict[str, list[str | None]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    readable: bool = True

    def __len__(self) -> int:
        return len(self.lines)


class _Field:
    """A schema field, compiled once for checking many cells."""

    def __init__(self, spec: dict, missing: set[str]):
        self.name = spec["name"]
        self.type = spec.get("type", "string")
        c = spec.get("constraints", {})
        self.required = bool(c.get("required", False))
        self.enum = c.get("enum")
        self.pattern = re.compile(c["pattern"]) if "pattern" in c else None
        self.minimum = c.get("minimum")
        self.maximum = c.get("maximum")
        self.delimiter = spec.get("delimiter", ",")
        self.missing = missing
        # A string with no constraint accepts every text, and is not checked cell by cell.
        self.free = self.type == "string" and self.pattern is None and self.enum is None \
            and self.minimum is None and self.maximum is None

    def check(self, text: str) -> str | None:
        """Return what is wrong with one non-missing cell, or None."""
        if self.type == "list":
            items = text.split(self.delimiter)
            if any(not item or item in self.missing for item in items):
                return f"has an empty item in a '{self.delimiter}'-separated list"
            if len(set(items)) != len(items):
                return "repeats an item of its list"
            return None
        if self.type == "date":
            if not _DATE.fullmatch(text):
                return "is not a date written YYYY-MM-DD"
            try:
                value = date.fromisoformat(text)
            except ValueError:
                return "is not a real calendar date"
        elif self.type == "integer":
            if not _INTEGER.fullmatch(text):
                return "is not a whole number"
            value = int(text)
        elif self.type == "number":
            if not _NUMBER.fullmatch(text):
                return "is not a number"
            value = float(text)
        elif self.type == "boolean":
            if text not in _TRUE | _FALSE:
                return "is not true or false"
            value = text in _TRUE
        else:
            value = text
            if self.pattern is not None and not self.pattern.fullmatch(text):
                return f"does not match the pattern {self.pattern.pattern}"
        if self.enum is not None and value not in self.enum:
            return f"is not one of the allowed values {', '.join(map(str, self.enum))}"
        if self.minimum is not None and value < self.minimum:
            return f"is below the minimum {self.minimum}"
        if self.maximum is not None and value > self.maximum:
            return f"is above the maximum {self.maximum}"
        return None

    def hint(self) -> str:
        if self.enum is not None:
            return f"Use one of: {', '.join(map(str, self.enum))}."
        return {
            "date": "Write the date as YYYY-MM-DD (a real day; 2025-02-30 is not).",
            "integer": "Write a whole number with no separators.",
            "number": "Write a number with a '.' decimal point.",
            "boolean": "Write true or false.",
            "list": f"Separate items with '{self.delimiter}', with no empty or repeated item.",
        }.get(self.type, "Correct the value so it matches the field's description in datapackage.json.")


def read_package(folder: Path, descriptor: dict, own: dict, *, tables=None) -> dict[str, RawTable]:
    """Read and check every table of the data package in ``folder`` (or those named in ``tables``).

    Parameters
    ----------
    folder : pathlib.Path
        A folder holding ``datapackage.json`` and the CSV files it names.
    descriptor : dict
        Its ``datapackage.json``, parsed.
    own : dict
        diplo's own ``datapackage.json``: a researcher's copy must keep
        every table and field of it.
    tables : collection of str, optional
        Read and check only these tables; ``datapackage.json`` is checked
        whole. A reference into a table not read is not checked (the
        ``countries`` and ``event_types`` tables refer to no other).

    Returns
    -------
    dict of str to RawTable
        Every table read, as written, once all checks have passed.

    Raises
    ------
    DataError
        Listing every problem of every table, with file, line, field, value
        and what to do.
    """
    problems = _check_descriptor(descriptor, own)
    if tables is not None:
        unknown = set(tables) - {r.get("name") for r in descriptor.get("resources", [])}
        if unknown:
            raise ValueError(f"no table {', '.join(sorted(unknown))} in the data package in {folder}; its tables "
                             f"are {', '.join(r.get('name', '?') for r in descriptor.get('resources', []))}.")
    read: dict[str, RawTable] = {}
    if not problems:
        for res in descriptor["resources"]:
            if tables is not None and res["name"] not in tables:
                continue
            table, found = _read_table(folder, res)
            read[res["name"]] = table
            problems += found
        problems += _check_keys(read)
        problems += _check_rules(read)
        problems += _check_dates_and_coverage(descriptor, read)
    if problems:
        order = {r.get("path"): i for i, r in enumerate(descriptor.get("resources", []))}
        problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
        raise DataError(problems, source=f"the data package in {folder}")
    return read


def _check_descriptor(descriptor: dict, own: dict) -> list[Problem]:
    """A researcher's copy must keep every table and field of diplo's own schema, and say its as_of date."""
    theirs = {r.get("name"): r for r in descriptor.get("resources", [])}
    problems = []
    for res in own["resources"]:
        mine = theirs.get(res["name"])
        if mine is None:
            problems.append(
                Problem("datapackage.json", None, None, res["name"], "the table is not described",
                        f"Copy the '{res['name']}' resource from diplo's own datapackage.json.")
            )
            continue
        declared = {f.get("name"): f for f in mine.get("schema", {}).get("fields", []) if isinstance(f, dict)}
        for f in res["schema"]["fields"]:
            if f["name"] not in declared:
                problems.append(
                    Problem("datapackage.json", None, f["name"], None,
                            f"table '{res['name']}' does not describe this field",
                            "Keep every field of diplo's own schema; add fields, do not remove them.")
                )
            elif declared[f["name"]].get("type", "string") != f.get("type", "string"):
                problems.append(
                    Problem("datapackage.json", None, f"{res['name']}.{f['name']}",
                            str(declared[f["name"]].get("type", "string")),
                            f"the field's type is changed from '{f.get('type', 'string')}'",
                            f"Keep the type '{f.get('type', 'string')}' of diplo's own schema: diplo reads the "
                            "field as that type.")
                )
    for res in descriptor.get("resources", []):
        for f in (res.get("schema", {}).get("fields", []) if isinstance(res, dict) else []):
            pattern = f.get("constraints", {}).get("pattern") if isinstance(f, dict) else None
            if pattern is not None:
                why = _unsafe_pattern(pattern)
                if why:
                    problems.append(Problem("datapackage.json", None, f"{res.get('name')}.{f.get('name')}", str(pattern),
                                            f"the pattern {why}",
                                            "Write a regular expression without nested repetition, e.g. "
                                            "'[a-z0-9-]+' rather than '([a-z]+)*'."))
    created = descriptor.get("created")
    if created is not None and not _is_moment(created):
        problems.append(Problem("datapackage.json", None, "created", str(created),
                                "is not a real date or date-time written YYYY-MM-DD[THH:MM:SS]",
                                'Write "created" as an ISO 8601 date, e.g. "2026-11-30" or "2026-11-30T12:00:00Z".'))
    as_of = descriptor.get("as_of")
    if not isinstance(as_of, str) or not _is_date(as_of):
        problems.append(Problem("datapackage.json", None, "as_of", None if as_of is None else str(as_of),
                                "the package does not declare the last day its curation covers",
                                'Add "as_of": "YYYY-MM-DD" (the last day the tables cover) to datapackage.json.'))
    return problems


def _read_table(folder: Path, res: dict) -> tuple[RawTable, list[Problem]]:
    schema = res["schema"]
    file = res["path"]
    table = RawTable(res["name"], file, schema)
    missing = set(schema.get("missingValues", [""]))
    fields = [_Field(f, missing) for f in schema["fields"]]
    path = folder / file
    if not path.is_file():
        table.readable = False
        return table, [Problem(file, None, None, None, "the file is missing",
                               f"Put {file} beside datapackage.json.")]
    data, problems = path.read_bytes(), []
    try:  # almost always: then no cell needs the check for bytes that are not UTF-8
        text, clean = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), True
    except UnicodeDecodeError:
        text, clean = _decode(data), False
    plain = _CONTROL.search(text) is None  # almost always: then no cell needs the check for control characters
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        table.readable = False
        return table, problems + [Problem(file, 1, None, None, f"the header is not valid CSV ({exc})",
                                          "Fix the quoting of the header line.")]
    if header is None:
        table.readable = False
        return table, problems + [Problem(file, None, None, None, "the file is empty",
                                          "Write the header line and the rows.")]
    expected = [f.name for f in fields]
    absent = [n for n in expected if n not in header]
    extra = [n for n in header if n not in expected]
    if absent or extra or len(set(header)) != len(header):
        table.readable = False
        detail = "; ".join(
            part for part in (
                f"missing {', '.join(absent)}" if absent else "",
                f"not in the schema {', '.join(extra)}" if extra else "",
                "a column name repeats" if len(set(header)) != len(header) else "",
            ) if part
        )
        return table, problems + [Problem(file, 1, None, ",".join(header),
                                          f"the header does not match the schema ({detail})",
                                          f"The header must name these columns: {','.join(expected)}.")]
    position = [header.index(n) for n in expected]
    table.columns = {n: [] for n in expected}
    rows: list[list[str]] = []
    previous = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(file, previous + 1, None, None, f"the row is not valid CSV ({exc})",
                                    "Quote a value that holds a comma, quote or line break with "
                                    "double quotes, and double the quotes inside it."))
            table.readable = False
            break
        line, previous = previous + 1, reader.line_num
        if len(row) != len(header):
            what = "is empty" if not row else f"has {len(row)} values where the header has {len(header)}"
            problems.append(Problem(file, line, None, None if not row else ",".join(row),
                                    f"the row {what}",
                                    "Delete the empty line." if not row else
                                    "Give every row one value per column (quote values holding commas)."))
            table.readable = False
            continue
        table.lines.append(line)
        rows.append(row)
    # The cells are checked column by column: each distinct text of a column once, and the rows
    # holding a wrong one are then named in file order.
    cell_problems: list[tuple[int, int, Problem]] = []
    columns = list(zip(*rows)) if rows else [()] * len(header)
    for k, (f, i) in enumerate(zip(fields, position)):
        cells = columns[i]
        table.columns[f.name] = [None if text in missing else text for text in cells]
        distinct = set(cells)
        absent = distinct & missing
        wrong = {} if f.free else {text: why for text in distinct - missing if (why := f.check(text))}
        undecodable = set() if clean else {text for text in distinct - missing - wrong.keys()
                                           if _has_undecodable(text)}
        controls = {} if plain else {text: found.group() for text in distinct - missing - wrong.keys() - undecodable
                                     if (found := _CONTROL.search(text))}
        if not (wrong or undecodable or controls or (absent and f.required)):
            continue
        for line, text in zip(table.lines, cells):
            if text in missing and f.required:
                problem = Problem(file, line, f.name, text, "a required value is missing",
                                  f"Fill in '{f.name}'; see data/README.md for what it holds.")
            elif text in wrong:
                problem = Problem(file, line, f.name, text, f"the value {wrong[text]}", f.hint())
            elif text in controls:
                problem = Problem(file, line, f.name, text,
                                  f"the value holds the control character {controls[text]!r}",
                                  "Delete the control character (a NUL, or a bidirectional override that makes the "
                                  "text display differently from how it is stored).")
            elif text in undecodable:
                problem = Problem(file, line, f.name, _shown(text), "the value holds bytes that are not UTF-8",
                                  "Save the file as UTF-8.")
            else:
                continue
            cell_problems.append((line, k, problem))
    problems += [problem for _, _, problem in sorted(cell_problems, key=lambda c: (c[0], c[1]))]
    return table, problems


def _decode(data: bytes) -> str:
    """Decode UTF-8 (a leading byte-order mark is allowed), keeping bytes that
    are not UTF-8 as escapes so that the cells holding them can be named."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


_UNDECODABLE = re.compile("[\udc80-\udcff]")
# NUL and other control characters (tab and line breaks aside), and the bidirectional embeddings,
# overrides and isolates, which make a text read differently from how it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _has_undecodable(text: str) -> bool:
    return _UNDECODABLE.search(text) is not None


def _shown(text: str) -> str:
    return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")


def _check_keys(tables: dict[str, RawTable]) -> list[Problem]:
    problems: list[Problem] = []
    for table in tables.values():
        if not table.readable:
            continue
        pk = table.schema.get("primaryKey") or []
        pk = [pk] if isinstance(pk, str) else list(pk)
        for f in table.schema["fields"]:
            if f.get("constraints", {}).get("unique") and [f["name"]] != pk:
                problems += _repeats(table, [f["name"]], "repeats")
        if pk:
            problems += _repeats(table, pk, "repeats the primary key")
        for fk in table.schema.get("foreignKeys", []):
            ref = fk["reference"]
            target = tables.get(ref.get("resource") or table.name)
            if target is None or not target.readable:
                continue
            problems += _dangling(table, list(fk["fields"]), target, list(ref["fields"]))
        for f in table.schema["fields"]:
            ref = f.get("diplo:references")
            if ref and tables.get(ref["resource"]) and tables[ref["resource"]].readable:
                problems += _dangling(table, [f["name"]], tables[ref["resource"]], [ref["field"]],
                                      delimiter=f.get("delimiter", ","))
    return problems


def _repeats(table: RawTable, names: list[str], what: str) -> list[Problem]:
    keys = [key for key in zip(*(table.columns[n] for n in names)) if None not in key]
    if len(set(keys)) == len(keys):
        return []
    seen: dict[tuple, int] = {}
    problems = []
    for i, key in enumerate(zip(*(table.columns[n] for n in names))):
        if any(k is None for k in key):
            continue
        line = table.lines[i]
        if key in seen:
            label = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
            problems.append(Problem(table.file, line, label, ",".join(key),
                                    f"{what} {label} of line {seen[key]}",
                                    "Give each row its own key, or merge the two rows."))
        else:
            seen[key] = line
    return problems


def _dangling(table: RawTable, names: list[str], target: RawTable, keys: list[str],
              delimiter: str | None = None) -> list[Problem]:
    known = set(zip(*(target.columns[k] for k in keys)))
    rows = [values for values in zip(*(table.columns[n] for n in names)) if None not in values]
    used = {(item,) for values in rows for item in values[0].split(delimiter)} if delimiter else set(rows)
    if used <= known:
        return []
    problems = []
    label = ", ".join(names)
    for i, values in enumerate(zip(*(table.columns[n] for n in names))):
        if any(v is None for v in values):
            continue
        candidates = [(item,) for item in values[0].split(delimiter)] if delimiter else [values]
        for value in candidates:
            if value not in known:
                shown = ",".join(value)
                problems.append(Problem(table.file, table.lines[i], label, shown,
                                        f"'{shown}' is not in {target.file} (column {', '.join(keys)})",
                                        _suggest(shown, [",".join(k) for k in known if None not in k], target.file)))
    return problems


def _suggest(value: str, known: list[str], file: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, known, n=3, cutoff=0.6)
    maybe = f"Did you mean {' or '.join(close)}? " if close else ""
    return f"{maybe}Use a key that exists in {file}, or add that row to {file} first."


# --- Rules that relate fields to each other --------------------------------
# These are the only checks not read from datapackage.json; data/README.md
# states each of them in prose.


# A group that is one repeated atom, itself repeated, such as (a+)+, ([a-z]+)* or (.*)*: on a long
# value that almost matches, a backtracking engine takes time exponential in its length. (A group
# that starts with something else, like (-[a-z0-9]+)+, splits the value one way only.)
_NESTED_REPETITION = re.compile(r"\(\??:?(?:\[(?:[^\]\\]|\\.)*\]|\\.|[^()\[\]\\|])[+*]\??\)(?:[+*]|\{\d*,)")


def _unsafe_pattern(pattern) -> str | None:
    """Why a schema's ``pattern`` cannot be used: not text, not a regular expression, or catastrophic."""
    if not isinstance(pattern, str):
        return "is not a text"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"is not a regular expression ({exc})"
    if _NESTED_REPETITION.search(pattern):
        return "repeats a repetition, which can take exponential time on a long value"
    return None


def _is_moment(value) -> bool:
    """An ISO 8601 date or date-time that names a real moment (2026-13-01 does not)."""
    if not isinstance(value, str) or not _DATE.fullmatch(value[:10]):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_date(value) -> bool:
    """Whether ``value`` is a date written YYYY-MM-DD that names a real day (any other value: False)."""
    return isinstance(value, str) and _is_date_text(value)


@lru_cache(maxsize=1 << 16)  # the same dates recur across rows and rules
def _is_date_text(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_rules(tables: dict[str, RawTable]) -> list[Problem]:
    events = tables.get("events")
    if events is None or not events.readable:
        return []
    problems = _end_not_before_start(events) + _parties_take_part(events) + _parts_inside_their_event(events)
    sources = tables.get("event_sources")
    if sources is not None and sources.readable:
        problems += _every_event_sourced(events, sources)
    officeholders = tables.get("officeholders")
    if officeholders is not None and officeholders.readable:
        problems += _persons_in_office(events, officeholders)
    return problems


def _end_not_before_start(events: RawTable) -> list[Problem]:
    problems = []
    c = events.columns
    for line, start, end in zip(events.lines, c["start_date"], c["end_date"]):
        if _is_date(start) and _is_date(end) and end < start:
            problems.append(Problem(events.file, line, "end_date", end,
                                    f"the event ends before it starts ({start})",
                                    "Swap the dates, or give end_date = start_date for a one-day event."))
    return problems


def _parties_take_part(events: RawTable) -> list[Problem]:
    problems = []
    c = events.columns
    for line, initiator, target, participants in zip(events.lines, c["initiator"], c["target"], c["participants"]):
        members = set((participants or "").split(";"))
        for name, code in (("initiator", initiator), ("target", target)):
            if code and code not in members:
                problems.append(Problem(events.file, line, name, code,
                                        f"the {name} is not among the participants ({participants})",
                                        f"Add {code} to participants, or correct the {name}."))
    return problems


def _parts_inside_their_event(events: RawTable) -> list[Problem]:
    """A part of an event (``part_of``) lies within that event's days and is not itself a whole."""
    c = events.columns
    if "part_of" not in c:
        return []
    span = {i: (s, e, p) for i, s, e, p in zip(c["event_id"], c["start_date"], c["end_date"], c["part_of"])}
    problems = []
    for line, event_id, start, end, whole in zip(events.lines, c["event_id"], c["start_date"], c["end_date"],
                                                 c["part_of"]):
        if not whole or whole not in span:
            continue  # no parent, or a dangling one (the reference check reports it)
        lo, hi, grand = span[whole]
        if whole == event_id or grand:
            problems.append(Problem(events.file, line, "part_of", whole, "an event is part of an event that is "
                                    "itself a part (or of itself)", "Point part_of at the visit itself."))
        elif all(_is_date(x) for x in (start, end, lo, hi)) and not (lo <= start and end <= hi):
            problems.append(Problem(events.file, line, "part_of", whole,
                                    f"the part ({start} to {end}) falls outside the event it belongs to ({lo} to {hi})",
                                    "Correct the dates of one of them, or the part_of reference."))
    return problems


def _every_event_sourced(events: RawTable, sources: RawTable) -> list[Problem]:
    sourced = set(sources.columns["event_id"])
    return [
        Problem(events.file, line, "event_id", event_id, "the event has no row in event_sources.csv",
                "Add the source you read (url, publisher, published, quote) to event_sources.csv; "
                "an event that cannot be sourced stays out.")
        for line, event_id in zip(events.lines, events.columns["event_id"])
        if event_id and event_id not in sourced
    ]


def _persons_in_office(events: RawTable, officeholders: RawTable) -> list[Problem]:
    terms: dict[str, list[tuple[str, str | None]]] = {}
    o = officeholders.columns
    for person, start, end in zip(o["person_id"], o["start_date"], o["end_date"]):
        terms.setdefault(person, []).append((start, end))
    dated = {person for person, spans in terms.items()  # bad dates are reported by the cell checks
             if all(_is_date(s) and (e is None or _is_date(e)) for s, e in spans)}
    problems = []
    c = events.columns
    for line, persons, start in zip(events.lines, c["persons"], c["start_date"]):
        if not persons or not _is_date(start):
            continue
        for person in persons.split(";"):
            spans = terms.get(person)
            if spans is None or person not in dated:  # a missing person is reported by the reference check
                continue
            if not any(s <= start and (e is None or start <= e) for s, e in spans):
                held = "; ".join(f"{s} to {e or 'now'}" for s, e in sorted(spans))
                problems.append(Problem(events.file, line, "persons", person,
                                        f"{person} held no office on {start} (terms: {held})",
                                        "List only officeholders in office on the event's start date, "
                                        "or correct the term in officeholders.csv."))
    return problems


def _check_dates_and_coverage(descriptor: dict, tables: dict[str, RawTable]) -> list[Problem]:
    """No event starts after the package's ``as_of`` date; each declared coverage period is well formed."""
    as_of = descriptor.get("as_of")
    problems = []
    events = tables.get("events")
    if events is not None and events.readable and _is_date(as_of):
        for line, start in zip(events.lines, events.columns["start_date"]):
            if _is_date(start) and start > as_of:
                problems.append(Problem(events.file, line, "start_date", start,
                                        f"the event starts after the package's as_of date ({as_of})",
                                        "Move as_of in datapackage.json forward to the last day the curation "
                                        "covers, or correct the date."))
    types = tables.get("event_types")
    countries = tables.get("countries")
    if types is None or not types.readable:
        return problems
    names = set(types.columns["code"]) | set(types.columns["family"])
    names |= {g for listed in types.columns.get("groups", []) if listed for g in listed.split(";")}
    known = set(countries.columns["iso3"]) if countries is not None and countries.readable else set()
    entries = descriptor.get("coverage", [])
    if not isinstance(entries, list):
        entries = [entries]
    for i, entry in enumerate(entries, start=1):
        where = f"coverage[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("types"), list) or not _is_date(entry.get("start")):
            problems.append(Problem("datapackage.json", None, where, json.dumps(entry),
                                    "a coverage period needs a list of 'types' and a 'start' date",
                                    'Write {"types": ["leader_visit"], "start": "2022-01-01"} (optional: "end", '
                                    '"among": ["KOR", "JPN"]).'))
            continue
        for name in entry["types"]:
            if name not in names:
                problems.append(Problem("datapackage.json", None, f"{where}.types", str(name),
                                        "not an event type, family or group of event_types.csv",
                                        "Name a code, family or group of event_types.csv."))
        end = entry.get("end")
        if end is not None and (not _is_date(end) or end < entry["start"] or (_is_date(as_of) and end > as_of)):
            problems.append(Problem("datapackage.json", None, f"{where}.end", str(end),
                                    f"the end must be a date from the start ({entry['start']}) to as_of ({as_of})",
                                    "Leave 'end' out to cover up to as_of."))
        for code in entry.get("among") or []:
            if code not in known:
                problems.append(Problem("datapackage.json", None, f"{where}.among", str(code),
                                        "not a country code of countries.csv", "Use ISO3 codes of countries.csv."))
    return problems
