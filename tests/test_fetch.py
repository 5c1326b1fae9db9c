"""`diplo fetch`: a local HTTP server plays GDELT, GitHub and Dataverse, serving copies of the real samples."""

import hashlib
import http.server
import importlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile

import pandas as pd
import pytest

from conftest import FIXTURES
from diplo.cli import main
from diplo.importers import FetchError, fetch, gdelt_listing, import_files, load_external

fetch_module = importlib.import_module("diplo.importers.fetch")  # the module; diplo.importers.fetch is the function

GDELT = FIXTURES / "gdelt" / "gdelt_v2_events_sample.export.tsv"
ICEWS = FIXTURES / "icews" / "icews_events.2018.sample.tab"
HISTORIAN = FIXTURES / "us_historian"
#: Three 15-minute exports of 2015-02-18/19 (a third of the real sample each) and one of the 20th.
STAMPS = ["20150218230000", "20150218231500", "20150219000000", "20150220000000"]


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo(name, date_time=(2015, 2, 18, 23, 0, 0)), data,
                   compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _gdelt_files() -> dict[str, bytes]:
    lines = GDELT.read_bytes().splitlines(keepends=True)
    cuts = [0, 34, 67, 100, 100]
    out = {}
    for i, stamp in enumerate(STAMPS):
        rows = b"".join(lines[cuts[i]:cuts[i + 1]]) or lines[0]
        out[f"{stamp}.export.CSV.zip"] = _zip(f"{stamp}.export.CSV", rows)
    return out


class Site:
    """What the server serves (path with query -> bytes) and what it saw."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, dict]] = []
        self.drop_once: set[str] = set()  # send half of the body, then close the connection (the first time)
        self.stall: set[str] = set()  # send half of the body, then wait until `release` is set
        self.busy_once: set[str] = set()  # answer 503 (the first time)
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.ignore_range = False
        self.url = ""

    def gets(self, path_prefix: str = "") -> list[tuple[str, dict]]:
        return [(p, h) for p, h in self.requests if p.startswith(path_prefix)]

    # -- GDELT ---------------------------------------------------------------------------------------------
    def serve_gdelt(self, files: dict[str, bytes], *, wrong: set[str] = frozenset()) -> None:
        lines = []
        for name, data in files.items():
            self.files[f"/gdeltv2/{name}"] = data
            md5 = hashlib.md5(data).hexdigest() if name not in wrong else "0" * 32
            stamp = name[:14]
            lines.append(f"{len(data)} {md5} http://data.gdeltproject.org/gdeltv2/{name}")
            # the list names the other tables of each 15 minutes too; fetch takes the exports only
            lines.append(f"{len(data) * 2} {hashlib.md5(stamp.encode()).hexdigest()} "
                         f"http://data.gdeltproject.org/gdeltv2/{stamp}.mentions.CSV.zip")
        self.files["/gdeltv2/masterfilelist.txt"] = ("\n".join(lines) + "\n").encode()

    # -- GitHub --------------------------------------------------------------------------------------------
    def serve_historian(self) -> dict[str, bytes]:
        trips = (HISTORIAN / "president-travels").glob("*.xml")
        layout = {"travels": {f"president-travels/{p.name}": p for p in trips},
                  "visits": {f"data/{p.name}": p for p in (HISTORIAN / "visits").glob("*.xml")}}
        layout["travels"]["president-travels/up-to-reagan.xml"] = HISTORIAN / "visits" / "2000.xml"  # repeats: skipped
        layout["travels"]["schema/trips.rnc"] = HISTORIAN / "president-travels" / "trips.rnc"  # not a record
        for repo, files in layout.items():
            tree = []
            for path, source in sorted(files.items()):
                data = source.read_bytes()
                sha = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
                tree.append({"path": path, "mode": "100644", "type": "blob", "sha": sha, "size": len(data)})
                self.files[f"/HistoryAtState/{repo}/HEAD/{path}"] = data
            tree.append({"path": "data" if repo == "visits" else "president-travels", "type": "tree", "sha": "0" * 40})
            self.files[f"/repos/HistoryAtState/{repo}/git/trees/HEAD?recursive=1"] = json.dumps(
                {"sha": "1" * 40, "tree": tree, "truncated": False}).encode()
        return {p: s.read_bytes() for files in layout.values() for p, s in files.items()}

    # -- Dataverse -----------------------------------------------------------------------------------------
    def serve_dataverse(self, doi: str, files: list[dict]) -> None:
        entries = []
        for i, f in enumerate(files, 101):
            data = f["data"]
            entry = {"label": f["name"], "restricted": f.get("restricted", False),
                     "dataFile": {"id": i, "filename": f["name"], "filesize": len(data),
                                  "checksum": {"type": "MD5", "value": hashlib.md5(data).hexdigest()}}}
            if f.get("ingested"):  # Dataverse serves its archival .tab unless the original is asked for
                entry["dataFile"].update(filename=f["name"].replace(".zip", ""), filesize=len(data) * 3,
                                         originalFileName=f["name"], originalFileSize=len(data),
                                         originalFileFormat="application/zip")
                self.files[f"/api/access/datafile/{i}"] = b"archival form, not the deposited file"
                self.files[f"/api/access/datafile/{i}?format=original"] = data
            else:
                self.files[f"/api/access/datafile/{i}"] = data
            entries.append(entry)
        self.files[f"/api/datasets/:persistentId/?persistentId={doi}"] = json.dumps(
            {"status": "OK", "data": {"latestVersion": {"versionNumber": 1, "files": entries}}}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        site: Site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        data = site.files.get(self.path)
        if data is None or self.path in site.busy_once:
            site.busy_once.discard(self.path)
            self.send_response(404 if data is None else 503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start, end = 0, len(data) - 1
        wanted = self.headers.get("Range")
        if wanted and not site.ignore_range:
            first, _, last = wanted.removeprefix("bytes=").partition("-")
            start, end = int(first), min(int(last), end) if last else end
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:end + 1]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path in site.drop_once or self.path in site.stall:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            if self.path in site.stall:
                site.stalled.set()
                site.release.wait(10)
            site.drop_once.discard(self.path)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(fetch_module, "BACKOFF", 0.01)
    for name in list(os.environ):
        if name.startswith("DIPLO_FETCH_BASE_URL"):
            monkeypatch.delenv(name)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = Site()
    server.site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server.site
    server.site.release.set()
    server.shutdown()
    server.server_close()


def gdelt(site, to, **kwargs):
    kwargs.setdefault("start", "2015-02-18")
    kwargs.setdefault("end", "2015-02-19")
    return fetch("gdelt", to, base_url=site.url, progress=False, **kwargs)


def test_dry_run_lists_the_plan_and_downloads_nothing(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    plan = gdelt(site, tmp_path / "raw", dry_run=True)
    assert plan["file"].tolist() == [f"{s}.export.CSV.zip" for s in STAMPS[:3]]  # the 20th is outside the days
    assert plan["size"].tolist() == [len(files[f]) for f in plan["file"]]
    assert set(plan["status"]) == {"new"} and set(plan["result"]) == {"planned"}
    assert {p for p, _ in site.requests} == {"/gdeltv2/masterfilelist.txt"}  # its size, then its lines
    assert not (tmp_path / "raw").exists()  # nothing written either


def test_a_fresh_fetch_verifies_and_keeps_each_file(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    summary = gdelt(site, tmp_path)
    assert summary["result"].tolist() == ["downloaded"] * 3
    for name in summary["file"]:
        assert (tmp_path / name).read_bytes() == files[name]
    assert not list(tmp_path.glob("*.part"))
    manifest = json.loads((tmp_path / "_fetched.json").read_text())["files"]
    entry = manifest["20150218230000.export.CSV.zip"]
    assert entry["url"] == f"{site.url}/gdeltv2/20150218230000.export.CSV.zip"
    assert entry["size"] == len(files["20150218230000.export.CSV.zip"])
    assert entry["checksum"] == "md5:" + hashlib.md5(files["20150218230000.export.CSV.zip"]).hexdigest()
    agents = {h.get("User-Agent") or h.get("user-agent") for _, h in site.requests}
    assert agents == {f"diplo/{__import__('diplo').__version__} (research use)"}


def test_a_dropped_connection_is_resumed_with_a_range_request(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    name = "20150218231500.export.CSV.zip"
    site.drop_once.add(f"/gdeltv2/{name}")
    summary = gdelt(site, tmp_path).set_index("file")
    assert summary.loc[name, "result"] == "resumed"
    assert (tmp_path / name).read_bytes() == files[name]
    ranges = [h.get("Range") for p, h in site.gets(f"/gdeltv2/{name}")]
    assert ranges == [None, f"bytes={len(files[name]) // 2}-"]


def test_a_part_left_by_an_earlier_run_is_continued(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    name = "20150219000000.export.CSV.zip"
    (tmp_path / f"{name}.part").write_bytes(files[name][:1000])
    plan = gdelt(site, tmp_path, dry_run=True).set_index("file")
    assert (plan.loc[name, "status"], plan.loc[name, "part"]) == ("partial", 1000)
    summary = gdelt(site, tmp_path).set_index("file")
    assert summary.loc[name, "result"] == "resumed" and summary.loc[name, "bytes"] == len(files[name]) - 1000
    assert [h.get("Range") for _, h in site.gets(f"/gdeltv2/{name}")] == ["bytes=1000-"]
    assert (tmp_path / name).read_bytes() == files[name]


def test_a_server_that_ignores_range_gives_the_whole_file_again(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    site.ignore_range = True
    name = "20150219000000.export.CSV.zip"
    (tmp_path / f"{name}.part").write_bytes(files[name][:1000])
    summary = gdelt(site, tmp_path).set_index("file")
    assert summary.loc[name, "result"] == "downloaded" and summary.loc[name, "bytes"] == len(files[name])
    assert (tmp_path / name).read_bytes() == files[name]


def test_a_stale_part_of_another_version_is_discarded_and_fetched_whole(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    name = "20150219000000.export.CSV.zip"
    (tmp_path / f"{name}.part").write_bytes(b"x" * 1000)  # bytes of no version upstream has now
    summary = gdelt(site, tmp_path).set_index("file")
    assert summary.loc[name, "result"] == "downloaded"
    assert (tmp_path / name).read_bytes() == files[name]


def test_a_busy_server_is_asked_again_and_a_missing_file_is_not(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    busy, gone = (f"/gdeltv2/{s}.export.CSV.zip" for s in STAMPS[:2])
    site.busy_once.add(busy)
    del site.files[gone]
    with pytest.raises(FetchError, match=f"{gone[9:]}: {site.url}{gone}: 404 Not Found") as err:
        gdelt(site, tmp_path)
    assert [p for p, _ in site.requests].count(busy) == 2 and [p for p, _ in site.requests].count(gone) == 1
    assert err.value.summary.set_index("file").loc[busy[9:], "result"] == "downloaded"


def test_a_local_file_that_differs_from_upstream_is_replaced(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    name = "20150218230000.export.CSV.zip"
    (tmp_path / name).write_bytes(files[name][:-1] + b"x")  # same size, other bytes, never fetched by diplo
    summary = gdelt(site, tmp_path).set_index("file")
    assert (summary.loc[name, "status"], summary.loc[name, "result"]) == ("differs", "downloaded")
    assert (tmp_path / name).read_bytes() == files[name]


def test_a_wrong_checksum_is_refused_and_the_file_not_kept(site, tmp_path):
    files = _gdelt_files()
    bad = "20150218231500.export.CSV.zip"
    site.serve_gdelt(files, wrong={bad})
    with pytest.raises(FetchError, match=rf"1 of 3 files failed.*{bad}: checksum mismatch: expected md5:0{{32}}, "
                                         rf"got md5:{hashlib.md5(files[bad]).hexdigest()}") as err:
        gdelt(site, tmp_path)
    assert not (tmp_path / bad).exists() and not (tmp_path / f"{bad}.part").exists()
    assert bad not in json.loads((tmp_path / "_fetched.json").read_text())["files"]
    summary = err.value.summary.set_index("file")
    assert summary.loc[bad, "result"] == "failed"
    assert (summary.drop(bad)["result"] == "downloaded").all()  # the others are kept


def test_a_rerun_downloads_nothing_and_reads_nothing_it_verified(site, tmp_path, monkeypatch):
    site.serve_gdelt(_gdelt_files())
    gdelt(site, tmp_path)
    site.requests.clear()
    hashed = []
    digest = fetch_module._digest
    monkeypatch.setattr(fetch_module, "_digest", lambda path, checksum: hashed.append(path) or digest(path, checksum))
    again = gdelt(site, tmp_path)
    assert {p for p, _ in site.requests} == {"/gdeltv2/masterfilelist.txt"}
    assert set(again["result"]) == {"skipped"} and set(again["status"]) == {"present"} and hashed == []
    # A file whose modification time changed is read again (and still skipped: its bytes are right).
    touched = tmp_path / "20150218230000.export.CSV.zip"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    again = gdelt(site, tmp_path)
    assert hashed == [touched] and set(again["result"]) == {"skipped"}
    assert {p for p, _ in site.requests} == {"/gdeltv2/masterfilelist.txt"}


def test_a_file_changed_upstream_is_fetched_again_and_said_so(site, tmp_path, capsys):
    files = _gdelt_files()
    site.serve_gdelt(files)
    gdelt(site, tmp_path)
    name = "20150218230000.export.CSV.zip"
    files[name] = _zip(name[:-4], GDELT.read_bytes().splitlines(keepends=True)[0])  # a corrected export
    site.serve_gdelt(files)  # a new MD5 in the list
    assert main(["fetch", "gdelt", "--start", "2015-02-18", "--end", "2015-02-19", "--to", str(tmp_path),
                 "--base-url", site.url]) == 0
    out = capsys.readouterr().out
    assert f"{name}" in out and "changed" in out
    assert "3 files: 1 downloaded, 1 of them changed upstream since the last fetch, 2 already in" in out
    assert (tmp_path / name).read_bytes() == files[name]


def test_import_gives_the_dataset_of_fetch_then_import(site, tmp_path):
    site.serve_gdelt(_gdelt_files())
    summary = gdelt(site, tmp_path / "raw", import_to=tmp_path / "one", actors="KOR,JPN,USA,PRK")
    imported = summary.attrs["imported"]
    assert imported["file"].tolist() == summary["file"].tolist() and imported["kept"].sum() > 0
    gdelt(site, tmp_path / "raw2")
    import_files("gdelt", str(tmp_path / "raw2" / "*.export.CSV.zip"), tmp_path / "two", actors="KOR,JPN,USA,PRK",
                 progress=False)
    pd.testing.assert_frame_equal(load_external(tmp_path / "one"), load_external(tmp_path / "two"))
    parts = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").glob("year=*/*.parquet"))
    assert parts == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").glob("year=*/*.parquet"))
    for part in parts:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "one" / part),
                                      pd.read_parquet(tmp_path / "two" / part))
    # Fetching again imports nothing new: the files are known to the dataset by their content.
    again = gdelt(site, tmp_path / "raw", import_to=tmp_path / "one", actors="KOR,JPN,USA,PRK")
    assert again.attrs["imported"]["skipped"].all()


def test_the_historians_records_are_verified_by_their_git_blob_sha1(site, tmp_path):
    served = site.serve_historian()
    summary = fetch("historian", tmp_path, base_url=site.url, progress=False)
    names = summary["file"].tolist()
    assert "president-travels/biden-joseph-r.xml" in names and "visits/2020.xml" in names
    assert not any("up-to-reagan" in n or n.endswith(".rnc") for n in names)
    assert set(summary["result"]) == {"downloaded"}
    assert (tmp_path / "visits" / "2020.xml").read_bytes() == served["data/2020.xml"]
    assert summary["checksum"].str.startswith("git-sha1:").all()
    # The layout is that of records/us_historian/, so the importer reads the folder as it reads the records.
    assert {p.parent.name for p in tmp_path.rglob("*.xml")} == {"president-travels", "visits"}


def test_dataverse_files_are_fetched_as_deposited_and_only_events_imported(site, tmp_path):
    events = _zip("events.2018.20181119105426.tab", ICEWS.read_bytes())
    site.serve_dataverse("doi:10.7910/DVN/28075", [
        {"name": "events.2018.20181119105426.tab.zip", "data": events, "ingested": True},
        {"name": "ICEWS Coded Event Data Read Me.pdf", "data": b"%PDF-1.4 not events"}])
    summary = fetch("icews", tmp_path / "raw", base_url=site.url, progress=False, import_to=tmp_path / "ds")
    assert sorted(summary["file"]) == ["ICEWS Coded Event Data Read Me.pdf", "events.2018.20181119105426.tab.zip"]
    assert (tmp_path / "raw" / "events.2018.20181119105426.tab.zip").read_bytes() == events
    assert ("/api/access/datafile/101?format=original", ) == tuple(p for p, _ in site.gets("/api/access/datafile/101"))
    imported = summary.attrs["imported"]
    assert imported["file"].tolist() == ["events.2018.20181119105426.tab.zip"] and imported["rows"].item() == 3705


def test_dataverse_names_given_twice_get_their_ids_and_restricted_files_are_reported(site, tmp_path):
    site.serve_dataverse("doi:10.7910/DVN/AJGVIT", [
        {"name": "polecat.zip", "data": _zip("a.txt", b"first")}, {"name": "polecat.zip", "data": _zip("a.txt", b"2")},
        {"name": "embargoed.txt", "data": b"", "restricted": True}])
    with pytest.raises(FetchError, match="embargoed.txt: restricted on Dataverse") as err:
        fetch("polecat", tmp_path, base_url=site.url, progress=False)
    summary = err.value.summary.set_index("file")
    assert summary["result"].to_dict() == {"embargoed.txt": "failed", "polecat.id101.zip": "downloaded",
                                           "polecat.id102.zip": "downloaded"}
    assert not site.gets("/api/access/datafile/103")


def test_gdelt_1_backfiles_are_chosen_by_the_year_or_month_they_hold():
    lines = [f"{'0' * 32}  {name}" for name in ["2005.zip", "2006.zip", "200512.zip", "200601.zip", "200602.zip",
                                                 "20130331.export.CSV.zip", "20130401.export.CSV.zip",
                                                 "GDELT.MASTERREDUCEDV2.1979-2013.zip"]]
    names = lambda s, e: [f.name for f in gdelt_listing(lines, start=s, end=e, version=1)]
    assert names("2005-12-31", "2006-01-01") == ["2005.zip", "2006.zip", "200512.zip", "200601.zip"]
    assert names("2013-04-01", "2013-04-30") == ["20130401.export.CSV.zip"]
    urls = [f.url for f in gdelt_listing(lines, start="2006-02-01", end="2006-02-01", version=1,
                                         base_url="https://mirror.example.org/gdelt/")]
    assert urls == ["https://mirror.example.org/gdelt/events/2006.zip",
                    "https://mirror.example.org/gdelt/events/200602.zip"]


def _list_reads(site) -> list[str | None]:
    """The Range header of each request for GDELT's master list (None: the whole list)."""
    return [{k.lower(): v for k, v in h.items()}.get("range") for p, h in site.requests
            if p == "/gdeltv2/masterfilelist.txt"]


def test_a_recent_period_reads_the_master_list_from_where_it_begins(site, tmp_path):
    """A long list is bisected with small Range reads, then read from a line stamped before the period
    (not downloaded whole on every update); a server that ignores Range gives the same plan."""
    site.serve_gdelt(_gdelt_files())
    later = pd.date_range("2015-02-20", periods=60 * 96, freq="15min").strftime("%Y%m%d%H%M%S")
    site.files["/gdeltv2/masterfilelist.txt"] += "".join(
        f"1000 {hashlib.md5(s.encode()).hexdigest()} http://data.gdeltproject.org/gdeltv2/{s}.export.CSV.zip\n"
        for s in later).encode()
    size = len(site.files["/gdeltv2/masterfilelist.txt"])
    plan = gdelt(site, tmp_path, start="2015-04-10", end="2015-04-10", dry_run=True)
    assert len(plan) == 96 and plan["file"].iloc[0] == "20150410000000.export.CSV.zip"
    reads = _list_reads(site)
    assert reads[0] == "bytes=0-0" and len(reads) < 16  # the size, then a few KiB a step
    start = int(reads[-1].removeprefix("bytes=").removesuffix("-"))
    assert 0.6 * size < start < size * 47 / 62  # from about two days before the period
    site.requests.clear()
    site.ignore_range = True
    assert gdelt(site, tmp_path, start="2015-04-10", end="2015-04-10", dry_run=True).equals(plan)
    assert _list_reads(site) == ["bytes=0-0", None]
    # A busy answer during the search is asked again, as for any listing.
    site.ignore_range = False
    site.busy_once.add("/gdeltv2/masterfilelist.txt")
    assert gdelt(site, tmp_path, start="2015-04-10", end="2015-04-10", dry_run=True).equals(plan)
    # The first days are read from the start of the list, as before.
    site.requests.clear()
    assert len(gdelt(site, tmp_path, dry_run=True)) == 3 and _list_reads(site)[-1] is None


def test_an_unreadable_line_of_the_list_is_reported_not_skipped():
    lines = ["150383 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
             "1 " + "a" * 32 + " http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip"]
    files = gdelt_listing(lines, start="2015-02-18", end="2015-02-18")
    assert "a line of the master file list is unreadable: '150383 http" in files[0].problem
    assert files[1].problem is None


def test_the_mirror_variables_choose_the_server(site, tmp_path, monkeypatch):
    site.serve_gdelt(_gdelt_files())
    monkeypatch.setenv("DIPLO_FETCH_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("DIPLO_FETCH_BASE_URL_GDELT", site.url)  # the source's own variable comes first
    plan = fetch("gdelt", tmp_path, start="2015-02-18", end="2015-02-18", dry_run=True, progress=False)
    assert plan["url"].str.startswith(site.url).all()
    monkeypatch.delenv("DIPLO_FETCH_BASE_URL_GDELT")
    monkeypatch.setenv("DIPLO_FETCH_BASE_URL", site.url + "/")
    assert len(fetch("gdelt", tmp_path, start="2015-02-18", end="2015-02-18", dry_run=True, progress=False)) == 2


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args, words", [
    (["gdelt", "--start", "2024-13-01", "--end", "2024-12-31"], ["start must be a date", "2024-13-01"]),
    (["gdelt", "--start", "2024-02-01", "--end", "2024-01-01"], ["start (2024-02-01) is after end (2024-01-01)"]),
    (["gdelt", "--end", "2024-01-01"], ["give start and end"]),
    (["worldbank"], ["unknown source 'worldbank'", "gdelt, historian, icews, polecat"]),
    (["icews", "--start", "2024-01-01"], ["icews is fetched whole"]),
    (["gdelt", "--start", "2024-01-01", "--end", "2024-01-01", "--version", "3"], ["--version must be 1 or 2"]),
    (["historian", "--connections", "0"], ["connections must be a whole number from 1 to 16"]),
    (["historian", "--base-url", "ftp://mirror.org"], ["--base-url must be an http:// or https:// URL"]),
    (["historian", "--to", "{file}/sub"], ["cannot write there", "choose another --to folder"]),
    (["gdelt", "--start", "2015-02-18", "--end", "2015-02-18", "--base-url", "{dead}"],
     ["cannot read GDELT's master file list from http://127.0.0.1:", "after 4 tries"]),
    (["gdelt", "--start", "2015-02-18", "--end", "2015-02-18", "--base-url", "{site}/nothing"],
     ["/nothing/gdeltv2/masterfilelist.txt: 404 Not Found"]),
    (["icews", "--base-url", "{site}", "--import", "{tmp}/ds", "--actors", "KOR,XXX"], ["XXX"]),
])
def test_each_bad_input_is_one_line_naming_it(site, tmp_path, capsys, args, words):
    (tmp_path / "file").write_text("")
    values = {"file": tmp_path / "file", "dead": f"http://127.0.0.1:{_unused_port()}", "site": site.url,
              "tmp": tmp_path}
    args = [a.format(**values) for a in args]
    if "--to" not in args:
        args += ["--to", str(tmp_path / "raw")]
    assert main(["fetch", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("diplo fetch: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def test_failed_files_are_one_line_each_after_the_summary(site, tmp_path, capsys):
    site.serve_gdelt(_gdelt_files(), wrong={"20150218231500.export.CSV.zip"})
    assert main(["fetch", "gdelt", "--start", "2015-02-18", "--end", "2015-02-19", "--to", str(tmp_path / "raw"),
                 "--base-url", site.url, "--import", str(tmp_path / "ds")]) == 1
    captured = capsys.readouterr()
    assert "3 files: 2 downloaded" in captured.out and "1 failed" in captured.out
    assert f"2 files: 2 imported, 0 already in {tmp_path / 'ds'}" in captured.out  # what was verified is imported
    assert captured.err.splitlines() == [
        "diplo fetch: 20150218231500.export.CSV.zip: checksum mismatch: expected md5:" + "0" * 32 + ", got md5:"
        + hashlib.md5(_gdelt_files()["20150218231500.export.CSV.zip"]).hexdigest() + "; the download was not kept"]


def test_ctrl_c_keeps_the_part_and_exits_130(site, tmp_path):
    files = _gdelt_files()
    site.serve_gdelt(files)
    name = "20150218230000.export.CSV.zip"
    site.stall.add(f"/gdeltv2/{name}")
    command = [sys.executable, "-m", "diplo.cli", "fetch", "gdelt", "--start", "2015-02-18", "--end", "2015-02-18",
               "--to", str(tmp_path), "--base-url", site.url, "--connections", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert site.stalled.wait(10)
    part = tmp_path / f"{name}.part"
    deadline = time.monotonic() + 5
    while (not part.exists() or part.stat().st_size < len(files[name]) // 2) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130, err
    assert err.startswith("diplo fetch: interrupted") and err.count("\n") == 1 and "Traceback" not in err, err
    assert part.stat().st_size == len(files[name]) // 2 and not (tmp_path / name).exists()
    site.release.set()
    site.stall.clear()
    summary = gdelt(site, tmp_path, end="2015-02-18").set_index("file")
    assert summary.loc[name, "result"] == "resumed"
    assert (tmp_path / name).read_bytes() == files[name]


def test_a_period_without_files_says_so(site, tmp_path, capsys):
    site.serve_gdelt(_gdelt_files())
    assert main(["fetch", "gdelt", "--start", "2014-01-01", "--end", "2014-01-31", "--to", str(tmp_path),
                 "--base-url", site.url]) == 0
    assert capsys.readouterr().out.startswith("the listing has no gdelt files from 2014-01-01 to 2014-01-31 (GDELT 2.0")
