"""`regionreport fetch kolada` against a local server that replays recorded Kolada pages.

Never touches the network: a ThreadingHTTPServer on 127.0.0.1 (port 0) serves three pages
of two KPIs linked by next_page, counts the requests and injects faults (503, 429 with
Retry-After, an answer slower than the timeout, a body cut short, JSON cut short, 404).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from regionreport import kolada_fetch
from regionreport.cli import main
from regionreport.sources.kolada_api import data_url, municipality_id

MINI_CATALOG = Path(__file__).parent / "data" / "mini-catalog.toml"
FIXED_TIME = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
KPIS = ("N31807", "U31468")
UNITS = ("0000", "0006", "0604", "0680")
PER_PAGE = 6
FIRST = "/v2/data/kpi/N31807,U31468/year/2020,2021?per_page=6"
SECOND = "/v2/data/kpi/N31807,U31468/year/2020,2021?page=2&per_page=6"
THIRD = "/v2/data/kpi/N31807,U31468/year/2020,2021?page=3&per_page=6"
MEMBERS = "/v2/data/kpi/N31807,U31468/municipality/0604,0680,0006/year/2021?per_page=6"


def _record(kpi: str, unit: str, year: int) -> dict:
    """A realistic record: N31807 a share in percent with K/M, U31468 a survey KPI (a
    kommun's 1 = Ja / 0 = Nej, Riket's and the län's share of Ja in percent)."""
    if kpi == "N31807":
        total = {"0000": 4.1, "0006": 3.5, "0604": 2.9, "0680": 3.8}[unit] + (year - 2020) / 10
        return {"kpi": kpi, "municipality": unit, "period": year, "values": [
            {"gender": "K", "count": 1, "status": "", "value": round(total - 0.2, 1)},
            {"gender": "M", "count": 1, "status": "", "value": round(total + 0.2, 1)},
            {"gender": "T", "count": 1, "status": "", "value": round(total, 1)}]}
    if unit == "0680" and year == 2020:
        return {"kpi": kpi, "municipality": unit, "period": year,
                "values": [{"gender": "T", "count": 0, "status": "Missing", "value": None}]}
    value = {"0000": 61.5, "0006": 69.2, "0604": 1, "0680": 0 if year == 2020 else 1}[unit]
    return {"kpi": kpi, "municipality": unit, "period": year,
            "values": [{"gender": "T", "count": 1, "status": "", "value": value}]}


class Replay:
    """What the server answers: recorded pages by path, faults to inject, requests seen."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.faults: dict[str, list[str]] = {}
        self.failing: set[str] = set()   # paths that always answer 503
        self.requests: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.origin = ""

    def record(self) -> None:
        records = [_record(k, u, y) for k in KPIS for y in (2020, 2021) for u in UNITS]
        paths = [FIRST, SECOND, THIRD]
        for number, path in enumerate(paths):
            chunk = records[number * PER_PAGE:(number + 1) * PER_PAGE]
            following = self.origin + paths[number + 1] if number + 1 < len(paths) else None
            self.pages[path] = json.dumps({"count": len(chunk), "values": chunk,
                                           "next_page": following}).encode()
        members = [_record(k, u, 2021) for k in KPIS for u in ("0604", "0680", "0006")]
        self.pages[MEMBERS] = json.dumps({"count": len(members), "values": members,
                                          "next_page": None}).encode()

    def reset(self) -> None:
        self.faults.clear()
        self.failing.clear()
        self.requests.clear()


def _handler(replay: Replay):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            replay.requests[self.path] += 1
            replay.agents.add(self.headers.get("User-Agent", ""))
            body = replay.pages.get(self.path)
            queue = replay.faults.get(self.path)
            fault = queue.pop(0) if queue else None
            try:
                if self.path in replay.failing or fault == "503":
                    return self._send(503, b'{"error": "Service Unavailable"}')
                if fault == "429":
                    return self._send(429, b'{"error": "Too Many Requests"}',
                                      {"Retry-After": replay.retry_after})
                if body is None:
                    return self._send(404, b'{"error": "Not found"}')
                if fault == "slow":
                    time.sleep(1.0)
                if fault == "truncated":   # Content-Length of the whole, half of it sent
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:len(body) // 2])
                    self.close_connection = True
                    return None
                if fault == "badjson":     # a complete answer whose JSON is cut short
                    return self._send(200, body[:len(body) // 2])
                return self._send(200, body)
            except (BrokenPipeError, ConnectionResetError):
                return None   # the client gave up waiting (the slow answer)

        def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


@contextmanager
def serving(replay: Replay, retry_after: str):
    """``replay`` answering on 127.0.0.1 (a free port) until the block ends."""
    replay.retry_after = retry_after
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    httpd.daemon_threads = True
    replay.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    replay.record()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server():
    with serving(Replay(), "1") as replay:
        yield replay


@pytest.fixture
def replay(server, monkeypatch):
    """The server with no faults and fresh counts; fixed fetch time; sleep recorded."""
    server.reset()
    server.retry_after = "1"
    server.sleeps = []
    monkeypatch.setattr(kolada_fetch, "_now", lambda: FIXED_TIME)
    monkeypatch.setattr(kolada_fetch, "_sleep", server.sleeps.append)
    return server


def fetch(replay: Replay, output: Path, *options: str):
    args = ["fetch", "kolada", "--base-url", f"{replay.origin}/v2/", "--per-page",
            str(PER_PAGE), "--timeout", "0.5", "-o", str(output), *options]
    if "--kpi" not in options:
        args += ["--catalog", str(MINI_CATALOG), "--years", "2020,2021"]
    return CliRunner().invoke(main, args)


def fetch_two_kpis(replay: Replay, output: Path, *options: str):
    return fetch(replay, output, "--kpi", "N31807", "--kpi", "U31468", "--years", "2020-2021",
                 *options)


def test_urls_are_the_documented_v2_paths():
    base = "https://api.kolada.se/v2/"
    assert data_url(base, ["N31807", "U31468"], [2020, 2021]) == \
        "https://api.kolada.se/v2/data/kpi/N31807,U31468/year/2020,2021?per_page=5000"
    assert data_url("http://h/v2", ["N31807"], [2021], ["0604", "0000"], 10) == \
        "http://h/v2/data/kpi/N31807/municipality/0604,0000/year/2021?per_page=10"
    assert [municipality_id(c) for c in ("00", "06", "0680")] == ["0000", "0006", "0680"]


def test_fetch_saves_every_page_and_a_manifest(replay, tmp_path):
    output = tmp_path / "kolada.json"
    result = fetch_two_kpis(replay, output)
    assert result.exit_code == 0, result.output
    pages = json.loads(output.read_text())
    assert [len(p["values"]) for p in pages] == [6, 6, 4]
    assert pages[0]["next_page"] == replay.origin + SECOND
    assert pages[2]["next_page"] is None
    manifest = json.loads((tmp_path / "kolada.manifest.json").read_text())
    assert manifest["fetched_at"] == "2026-03-02T09:30:00Z"
    assert manifest["base_url"] == f"{replay.origin}/v2/"
    assert manifest["urls"] == [replay.origin + p for p in (FIRST, SECOND, THIRD)]
    assert manifest["kpis"] == ["N31807", "U31468"]
    assert manifest["years"] == [2020, 2021]
    assert manifest["municipalities"] == "all"
    assert manifest["records"] == 16
    assert manifest["records_per_kpi_and_year"] == {"N31807": {"2020": 4, "2021": 4},
                                                    "U31468": {"2020": 4, "2021": 4}}
    assert manifest["tool"].startswith("regionreport ")
    assert all(agent.startswith("regionreport/") for agent in replay.agents)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kolada.json",
                                                          "kolada.manifest.json"]
    assert "page 3: 4 records, 16 in all" in result.stderr
    assert "Wrote" in result.stdout


def test_the_catalog_gives_the_kpis_and_check_reads_the_file(replay, tmp_path):
    """check reads a download of two of the mini catalog's KPIs; --catalog asks for all of
    the catalog's kolada keys (the server has only two, so it answers 404)."""
    output = tmp_path / "kolada.json"
    assert fetch_two_kpis(replay, output).exit_code == 0
    checked = CliRunner().invoke(main, ["check", "--data", str(output), "--catalog",
                                        str(MINI_CATALOG), "--region", "06", "--year", "2021"])
    assert checked.exit_code == 0, checked.output
    assert "Units: 1 län, 2 kommuner, Riket" in checked.output
    assert "Years (survey): 2020, 2021" in checked.output
    assert "non-responders: Jönköping (0680)" in checked.output   # its value null in 2020
    # what came: the manifest's record, the catalog's KPIs that did not come, by Kolada id
    assert "\nKolada fetch: " in checked.output and " records of 2 KPIs, " in checked.output
    assert "not in the data: overensk_af (U31476), utredningsmall (U31485), " \
        "stod_timmar_per_vecka, " in checked.output
    assert "has changed since the fetch" not in checked.output
    output.write_bytes(output.read_bytes() + b" ")
    changed = CliRunner().invoke(main, ["check", "--data", str(output), "--catalog",
                                        str(MINI_CATALOG)])
    assert "  kolada.json has changed since the fetch" in changed.output
    catalog_fetch = fetch(replay, tmp_path / "catalog.json")
    assert catalog_fetch.exit_code == 1
    assert ("/v2/data/kpi/U31468,U31476,U31485,N31807,N31814,U31001/year/2020,2021"
            "?per_page=6: HTTP 404") in catalog_fetch.output


def test_faults_give_the_same_files_as_an_undisturbed_fetch(replay, tmp_path):
    clean = tmp_path / "clean" / "kolada.json"
    assert fetch_two_kpis(replay, clean).exit_code == 0
    replay.reset()
    replay.faults.update({FIRST: ["503"], SECOND: ["slow", "429"],
                          THIRD: ["truncated", "badjson"]})
    disturbed = tmp_path / "disturbed" / "kolada.json"
    result = fetch_two_kpis(replay, disturbed)
    assert result.exit_code == 0, result.output
    assert disturbed.read_bytes() == clean.read_bytes()
    assert (disturbed.parent / "kolada.manifest.json").read_bytes() == \
        (clean.parent / "kolada.manifest.json").read_bytes()
    assert replay.requests == {FIRST: 2, SECOND: 3, THIRD: 3}
    # backoff 1 s, doubling; the 429 waits its Retry-After (1 s) instead of 2 s
    assert replay.sleeps == [1.0, 1.0, 1.0, 1.0, 2.0]
    assert "HTTP 503" in result.stderr and "HTTP 429" in result.stderr
    assert "no answer within the timeout of 0.5 s" in result.stderr
    assert "cut short" in result.stderr and "not complete JSON" in result.stderr


def test_retry_after_is_honoured(replay, tmp_path):
    replay.retry_after = "7"
    replay.faults[FIRST] = ["429"]
    assert fetch_two_kpis(replay, tmp_path / "k.json").exit_code == 0
    assert replay.sleeps == [7.0]


def test_an_unknown_kpi_is_an_error_naming_the_url(replay, tmp_path):
    output = tmp_path / "kolada.json"
    result = fetch(replay, output, "--kpi", "U99999", "--years", "2021")
    assert result.exit_code == 1
    url = f"{replay.origin}/v2/data/kpi/U99999/year/2021?per_page=6"
    assert f"Error: {url}: HTTP 404 Not Found (check the KPI" in result.output
    assert "Traceback" not in result.output
    assert replay.requests == {"/v2/data/kpi/U99999/year/2021?per_page=6": 1}  # no retry
    assert list(tmp_path.iterdir()) == []


def test_a_failed_fetch_leaves_the_earlier_download_and_resumes(replay, tmp_path):
    output = tmp_path / "kolada.json"
    manifest = tmp_path / "kolada.manifest.json"
    assert fetch_two_kpis(replay, output).exit_code == 0
    earlier, earlier_manifest = output.read_bytes(), manifest.read_bytes()
    output.write_bytes(earlier.replace(b"4.1", b"4.0"))   # an older download, distinguishable
    earlier = output.read_bytes()
    replay.reset()
    replay.failing.add(SECOND)
    failed = fetch_two_kpis(replay, output, "--retries", "2")
    assert failed.exit_code == 1
    assert (f"Error: {replay.origin}{SECOND}: HTTP 503 Service Unavailable (tried 3 times) "
            "(check the network") in failed.output
    assert "the 1 page(s) fetched so far are kept in" in failed.output
    assert "Traceback" not in failed.output
    assert output.read_bytes() == earlier and manifest.read_bytes() == earlier_manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kolada.json", "kolada.json.pages", "kolada.manifest.json"]   # no partial file
    assert replay.requests == {FIRST: 1, SECOND: 3}
    replay.failing.clear()
    resumed = fetch_two_kpis(replay, output)
    assert resumed.exit_code == 0, resumed.output
    assert replay.requests == {FIRST: 1, SECOND: 4, THIRD: 1}   # page 1 not asked again
    assert "(1 reused)" in resumed.stdout and "(saved earlier)" in resumed.stderr
    assert not (tmp_path / "kolada.json.pages").exists()
    clean = tmp_path / "clean" / "kolada.json"
    assert fetch_two_kpis(replay, clean).exit_code == 0
    assert output.read_bytes() == clean.read_bytes()


def test_members_and_quiet(replay, tmp_path):
    output = tmp_path / "kolada.json"
    result = fetch(replay, output, "--kpi", "N31807", "--kpi", "U31468", "--years", "2021",
                   "--members", "0604, 0680,06", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert replay.requests == {MEMBERS: 1}
    manifest = json.loads((tmp_path / "kolada.manifest.json").read_text())
    assert manifest["municipalities"] == ["0604", "0680", "0006"]
    assert manifest["records_per_kpi_and_year"] == {"N31807": {"2021": 3},
                                                    "U31468": {"2021": 3}}


@pytest.mark.parametrize(("options", "message"), [
    (["--kpi", "N31807", "--years", "2021-2019"], "--years: '2021-2019' is not a year"),
    (["--kpi", "N31807", "--years", "2021", "--members", "148001"],
     "--members: '148001' is not a kommun, län or Riket code"),
    (["--years", "2021"], "no KPIs to fetch"),
])
def test_bad_options(replay, tmp_path, options, message):
    result = CliRunner().invoke(main, ["fetch", "kolada", "-o", str(tmp_path / "k.json"),
                                       "--base-url", f"{replay.origin}/v2/", *options])
    assert result.exit_code == 1
    assert message in result.output
    assert sum(replay.requests.values()) == 0


def test_a_refused_connection_is_retried_then_named(replay, tmp_path):
    import socket

    with socket.socket() as probe:   # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(main, [
        "fetch", "kolada", "--base-url", f"http://127.0.0.1:{port}/v2/", "--kpi", "N31807",
        "--years", "2021", "--retries", "2", "-o", str(tmp_path / "k.json")])
    assert result.exit_code == 1
    assert (f"Error: http://127.0.0.1:{port}/v2/data/kpi/N31807/year/2021?per_page=5000: "
            "connection failed:") in result.output
    assert "(tried 3 times)" in result.output
    assert replay.sleeps == [1.0, 2.0]
    assert list(tmp_path.iterdir()) == []
