"""Citations parse as what they claim to be, and name what a count rests on."""

import subprocess
import sys

import bibtexparser
import pytest

import diplo


def _parse(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


@pytest.mark.parametrize("table", [None, "events"])
def test_the_package_citation_parses_as_one_bibtex_entry(table):
    library = _parse(diplo.cite(table, format="bibtex"))
    (entry,) = library.entries
    package = diplo.open()
    assert entry.entry_type == "misc"
    assert entry.fields_dict["version"].value == package.version
    assert str(package.as_of.date()) in entry.fields_dict["note"].value


def test_a_bibliography_names_every_publisher_of_the_events_counted():
    events = diplo.events(dyad=("KOR", "JPN"), start="2023-01-01", end="2023-12-31")
    refs = diplo.bibliography(events)
    sources = diplo.load("event_sources")
    expected = set(sources.loc[sources["event_id"].isin(events["event_id"]), "publisher"])
    assert set(refs.publishers["publisher"]) == expected
    library = _parse(refs.bibtex)
    assert len(library.entries) == len(expected) + 1
    assert len({e.key for e in library.entries}) == len(library.entries)
    authors = {e.fields_dict["author"].value.strip("{}") for e in library.entries[1:]}
    assert len(authors) == len(expected)  # each publisher once, whatever characters its name holds
    counted = refs.publishers.set_index("publisher")["events"]
    per_publisher = sources[sources["event_id"].isin(events["event_id"])].groupby("publisher")["event_id"].nunique()
    assert counted.sort_index().tolist() == per_publisher.sort_index().tolist()
    text = refs.to_text()
    assert text.startswith(diplo.cite("events")) and all(p in text for p in expected)


def test_special_characters_of_a_publisher_stay_inside_their_field(package_copy):
    from conftest import set_cell

    set_cell(package_copy / "event_sources.csv", 0, "publisher", "Smith & Co {50% off} #1 ~_^\\")
    events = diplo.load("events", data_dir=package_copy)
    refs = diplo.bibliography(events)
    library = _parse(refs.bibtex)
    assert any("Smith \\& Co" in e.fields_dict["author"].value for e in library.entries)


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="format must be one of 'text', 'bibtex'"):
        diplo.cite(format="ris")


def test_the_command_prints_bibtex():
    out = subprocess.run([sys.executable, "-m", "diplo.cli", "cite", "events", "--format", "bibtex"],
                         capture_output=True, text=True, check=True)
    assert len(_parse(out.stdout).entries) == 1
