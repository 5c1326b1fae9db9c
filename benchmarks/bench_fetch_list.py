"""Read GDELT's master file list for a recent period: bisected with Range reads, against read whole.

Serves a master list in GDELT's format, with a line per 15-minute export, mention and GKG file from
February 2015 to the end of November 2026 (about 1.2 million lines, 126 MiB), from the local
server of the fetch tests (tests/test_fetch.py) on 127.0.0.1. Then it plans
``diplo fetch gdelt --start 2026-11-28 --end 2026-11-29 --dry-run`` on it twice, interleaved,
``--rounds`` times: once answering Range requests, as GDELT does, and once ignoring them, as a
plain mirror might. It prints the median time and the number of requests of each. Over a real
network the gap is the download of the whole list, well over 100 MB, on every update.

    python benchmarks/bench_fetch_list.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # tests first: its conftest, not the root one

import pandas as pd  # noqa: E402
import test_fetch  # noqa: E402  (the fetch tests' server)

from diplo.importers import fetch  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), test_fetch.Handler)
    server.daemon_threads = True
    # The mirror without Range sends the whole list to the first, 1-byte request, which diplo closes.
    server.handle_error = lambda request, address: None
    site = server.site = test_fetch.Site()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stamps = pd.date_range("2015-02-19", "2026-11-29 23:45", freq="15min").strftime("%Y%m%d%H%M%S")
    site.files["/gdeltv2/masterfilelist.txt"] = "".join(
        f"150000 {'0' * 32} http://data.gdeltproject.org/gdeltv2/{s}.{kind}.CSV.zip\n"
        for s in stamps for kind in ("export", "mentions", "gkg")).encode()
    size = len(site.files["/gdeltv2/masterfilelist.txt"])
    print(f"master list: {len(stamps) * 3:,} lines, {size / 2**20:.0f} MiB")
    seconds = {"Range (bisected)": [], "no Range (whole list)": []}
    requests = {}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.rounds):
            for name in seconds:
                site.ignore_range = name.startswith("no")
                site.requests.clear()
                start = time.perf_counter()
                plan = fetch("gdelt", out, start="2026-11-28", end="2026-11-29", base_url=site.url, progress=False,
                             dry_run=True)
                seconds[name].append(time.perf_counter() - start)
                requests[name] = len(site.requests)
                assert len(plan) == 192, len(plan)
    for name, times in seconds.items():
        print(f"{name:22} median {statistics.median(times):.2f} s, {requests[name]} requests for the list")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
