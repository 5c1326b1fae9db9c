"""The codebook of the data package, generated from ``datapackage.json`` at build time.

Three directives read the descriptor named by the ``datapackage_path``
setting, so the site can never drift from the data:

``.. datapackage-overview::``
    Title, description, version, ``as_of``, licences and sources.
``.. datapackage-coverage::``
    The declared coverage: which event types are recorded systematically,
    among which countries, from when to when.
``.. datapackage-table:: NAME``
    One table: its description, file, primary key, foreign keys and one row
    per field (type, required, constraints and allowed values, references,
    description).
``.. datapackage-tables::``
    A section for each table, in the order of the descriptor, so a table
    added to the package appears without a change to the docs.

Each page that uses them is rebuilt when ``datapackage.json`` changes. The
nodes are built directly (no reST is generated), so no text of the
descriptor is ever read as markup.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

# --- small builders ---------------------------------------------------------------


def _text(value) -> nodes.Node:
    return nodes.Text(str(value))


def _code(value) -> nodes.literal:
    return nodes.literal(text=str(value))


def _para(*parts) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para += part if isinstance(part, nodes.Node) else _text(part)
    return para


def _codes(values, sep: str = ", ") -> list[nodes.Node]:
    """Inline literals joined by ``sep``."""
    out: list[nodes.Node] = []
    for i, value in enumerate(values):
        if i:
            out.append(_text(sep))
        out.append(_code(value))
    return out


def _link(url: str, label: str | None = None) -> nodes.reference:
    return nodes.reference(text=label or url, refuri=url)


def _table(header: list[str], rows: list[list], widths: list[int], classes=()) -> nodes.table:
    """A table whose cells are strings, nodes, lists of them (one paragraph) or tuples of lists (paragraphs)."""
    table = nodes.table(classes=["datapackage", "colwidths-given", *classes])
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(header)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells: list) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, tuple):
            for para in cell:
                entry += _para(*para)
        else:
            entry += _para(*cell) if isinstance(cell, list) else _para(cell)
        row += entry
    return row


# --- the directives ------------------------------------------------------------------


class _DataPackageDirective(SphinxDirective):
    def descriptor(self) -> dict:
        path = Path(self.config.datapackage_path)
        self.env.note_dependency(str(path))
        return json.loads(path.read_text(encoding="utf-8"))


class Overview(_DataPackageDirective):
    """The package as a whole: what it is, its version and date, licences and sources."""

    def run(self):
        d = self.descriptor()
        facts = nodes.field_list()
        for name, value in (
            ("Name", [_code(d["name"])]),
            ("Version", [_code(d["version"])]),
            ("As of", [_code(d["as_of"]), _text(" (the last day the curation covers)")]),
            ("Created", [_code(d.get("created", ""))]),
            ("Tables", _codes(r["name"] for r in d["resources"])),
            ("Licences", [part for lic in d.get("licenses", []) for part in (
                _link(lic["path"], lic.get("title") or lic["name"]) if lic.get("path") else _text(lic["name"]),
                _text(f" ({lic['name']})"))]),
            ("Profile", [_link(d["$schema"])] if d.get("$schema") else [_text("-")]),
        ):
            field = nodes.field()
            field += nodes.field_name(text=name)
            body = nodes.field_body()
            body += _para(*value)
            field += body
            facts += field
        sources = nodes.bullet_list()
        for src in d.get("sources", []):
            item = nodes.list_item()
            parts: list[nodes.Node] = [_text(src["title"])]
            if src.get("path"):
                parts += [_text(": "), _link(src["path"])]
            if src.get("version"):
                parts.append(_text(f" ({src['version']})"))
            item += _para(*parts)
            sources += item
        return [_para(d.get("description", "")), facts, _para("Sources:"), sources]


class Coverage(_DataPackageDirective):
    """The declared coverage, one row per period."""

    def run(self):
        d = self.descriptor()
        rows = []
        for entry in d.get("coverage", []):
            among = entry.get("among")
            rows.append([
                _codes(entry["types"]),
                _codes(among) if among else "all countries",
                [_code(entry["start"])],
                [_code(entry["end"])] if entry.get("end") else [_code(d["as_of"]), _text(" (as_of)")],
                entry.get("description", ""),
            ])
        return [_table(["types (codes, families or groups)", "among", "from", "to", "what"], rows,
                       [30, 10, 10, 12, 38], classes=["datapackage-coverage"])]


class Table(_DataPackageDirective):
    """One table of the package, with its keys and one row per field."""

    required_arguments = 1
    option_spec = {"no-description": directives.flag}

    def run(self):
        d = self.descriptor()
        name = self.arguments[0]
        resources = {r["name"]: r for r in d["resources"]}
        if name not in resources:
            raise self.error(f"datapackage-table: no table {name!r} in {self.config.datapackage_path}; "
                             f"the tables are {', '.join(resources)}")
        return self.describe(resources[name])

    def describe(self, res: dict) -> list[nodes.Node]:
        name = res["name"]
        schema = res["schema"]
        out: list[nodes.Node] = []
        if "no-description" not in self.options:
            out.append(_para(res.get("description", "")))
        facts = nodes.bullet_list()

        def fact(*parts):
            item = nodes.list_item()
            item += _para(*parts)
            facts.append(item)

        fact("Title: ", res.get("title", name))
        fact("File: ", _code(res["path"]), f" ({res.get('format', 'csv')}, {res.get('encoding', 'utf-8')})")
        fact("Primary key: ", *_codes(_as_list(schema.get("primaryKey", []))))
        references = {}
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource") or name  # "" is the table itself
            mine, theirs = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            for a, b in zip(mine, theirs):
                references[a] = f"{target}.{b}"
            fact("Foreign key: ", *_codes(mine), " \u2192 ", _code(f"{target}." + ", ".join(theirs)))
        for f in schema["fields"]:
            ref = f.get("diplo:references")
            if ref:
                references[f["name"]] = f"{ref['resource']}.{ref['field']} (each item)"
                fact("List reference: each item of ", _code(f["name"]), " \u2192 ",
                     _code(f"{ref['resource']}.{ref['field']}"))
        missing = schema.get("missingValues", [""])
        fact("Missing values are written as: ", *(_codes(repr(m) for m in missing)))
        out.append(facts)
        rows = []
        for f in schema["fields"]:
            rules = [_constraints(f)]
            if f["name"] in references:
                rules.append([_text("\u2192 "), _code(references[f["name"]])])
            rows.append([(_field_name(f), _field_type(f)), tuple(rules), f.get("description", "")])
        out.append(_table(["field and type", "values", "description"], rows, [22, 30, 48],
                          classes=["datapackage-fields"]))
        return out


class Tables(Table):
    """A section per table, titled with its name."""

    required_arguments = 0

    def run(self):
        out = []
        for res in self.descriptor()["resources"]:
            section = nodes.section(ids=[nodes.make_id(f"table-{res['name']}")], names=[res["name"]])
            section += nodes.title("", "", _code(res["name"]))
            section.extend(self.describe(res))
            self.state.document.note_implicit_target(section, section)
            out.append(section)
        return out


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _field_name(f: dict) -> list[nodes.Node]:
    return [nodes.strong("", "", _code(f["name"]))]


def _field_type(f: dict) -> list[nodes.Node]:
    kind = f.get("type", "string")
    parts: list[nodes.Node] = [_text(kind)]
    if kind == "list":
        parts = [_text(f"list of {f.get('itemType', 'string')}, separated by "), _code(f.get("delimiter", ","))]
    if f.get("format") and f["format"] != "default":
        parts.append(_text(f" ({f['format']})"))
    return parts


def _constraints(f: dict) -> list[nodes.Node]:
    c = f.get("constraints", {})
    parts: list[nodes.Node] = []

    def add(*more):
        if parts:
            parts.append(_text("; "))
        parts.extend(more)

    add(_text("required" if c.get("required") else "optional"))
    if c.get("unique"):
        add(_text("unique"))
    if "enum" in c:
        add(_text("ordered one of " if f.get("categoriesOrdered") else "one of "), *_codes(c["enum"]))
    if "pattern" in c:
        add(_text("pattern "), _code(c["pattern"]))
    if "minimum" in c:
        add(_text("minimum "), _code(c["minimum"]))
    if "maximum" in c:
        add(_text("maximum "), _code(c["maximum"]))
    for key in sorted(set(c) - {"required", "unique", "enum", "pattern", "minimum", "maximum"}):
        add(_text(f"{key} "), _code(json.dumps(c[key])))
    return parts


def setup(app: Sphinx) -> dict:
    app.add_config_value("datapackage_path", "", "env", types=[str])
    app.add_directive("datapackage-overview", Overview)
    app.add_directive("datapackage-coverage", Coverage)
    app.add_directive("datapackage-table", Table)
    app.add_directive("datapackage-tables", Tables)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
