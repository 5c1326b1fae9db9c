"""The code tables agree with the official CAMEO, PLOVER and GDELT tables, and the docs with the schema."""

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

import diplo
from conftest import FIXTURES

LOOKUPS = FIXTURES / "lookups"
ROOT = Path(__file__).resolve().parent.parent


def cameo_goldstein():
    # The ICEWS copy of the CAMEO codebook is Latin-1 encoded.
    with open(LOOKUPS / "icews_cameo-codes.csv", encoding="latin-1", newline="") as f:
        return {r["code"]: float(r["goldstein"]) for r in csv.DictReader(f)}


def plover_table():
    table = {}
    for line in (LOOKUPS / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d+):\s*([A-Z]+)\s*,\s*([^,#]*)", line)
        if m:
            table[m.group(1)] = (m.group(2), m.group(3).strip())
    return table


def gdelt_quad_class(code: str) -> int:
    """GDELT's QuadClass from the CAMEO root code."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


TYPES = diplo.load("event_types")
CODED = TYPES[TYPES["cameo"].notna()]


@pytest.mark.parametrize("row", CODED.to_dict("records"), ids=list(CODED["code"]))
def test_event_type_matches_cameo_and_plover(row):
    goldstein, plover = cameo_goldstein(), plover_table()
    codes = row["cameo"].split(";")
    assert all(c in goldstein for c in codes), f"unknown CAMEO code in {codes}"
    assert row["goldstein"] == goldstein[codes[0]]
    assert row["quad_class"] == gdelt_quad_class(codes[0])
    if codes[0] in plover:
        kind, mode = plover[codes[0]]
        assert row["plover"] == kind
        assert (row["plover_mode"] if isinstance(row["plover_mode"], str) else "") == mode
    else:
        assert TYPES.isna().loc[TYPES.code == row["code"], "plover"].item()


def test_uncoded_types_say_why():
    uncoded = TYPES[TYPES["cameo"].isna()]
    assert not uncoded.empty
    assert uncoded["goldstein"].isna().all() and uncoded["quad_class"].isna().all()
    assert uncoded["description"].str.contains("no CAMEO").all()


# GDELT's table spells two names wrongly; every other label is the country's name or one of its aliases.
GDELT_MISSPELLED = {"COL": "Columbia", "REU": "Runion"}


def test_country_codes_match_gdelt_cameo_table():
    with open(LOOKUPS / "gdelt_cameoCountry.txt", encoding="utf-8") as f:
        gdelt = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
    countries = diplo.load("countries")
    coded = countries[countries["cameo"].notna()]
    assert len(coded) >= 230 and coded["cameo"].is_unique
    for row in coded.itertuples():
        label = gdelt[row.cameo]  # a KeyError names a code GDELT does not have
        aliases = row.aliases.split(";") if isinstance(row.aliases, str) else []
        names = {row.name.lower(), *(a.lower() for a in aliases)}
        assert label.lower() in names or GDELT_MISSPELLED.get(row.cameo) == label, (row.iso3, row.cameo, label)


def test_every_record_of_the_historian_maps_to_a_country():
    records = sorted((ROOT / "records" / "us_historian").glob("*/*.xml"))
    assert len(records) == 37  # 21 presidents' travels, 16 decades of visits
    read = diplo.read_historian([str(p) for p in records])
    assert read.attrs["rejected"].empty  # no record of an unknown country
    in_files = sum(len(ElementTree.parse(p).getroot()) for p in records)  # one <trip> or <visit> each
    assert len(read) == in_files > 4000  # every record is a row


def test_every_field_is_described():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert res.get("description"), res["name"]
        for field in res["schema"]["fields"]:
            assert field.get("description"), f"{res['name']}.{field['name']}"


def test_codebook_covers_every_table_field_and_event_type():
    codebook = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name in diplo.list_tables():
        assert f"## `{name}`" in codebook, name
        for field in diplo.describe(name)["field"]:
            assert f"`{field}`" in codebook, f"{name}.{field}"
    for code in TYPES["code"]:
        assert f"`{code}`" in codebook, code


def test_changelog_names_the_current_version():
    version = diplo.describe("events").attrs["version"]
    assert f"## {version}" in (ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8")
