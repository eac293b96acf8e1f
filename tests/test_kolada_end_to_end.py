"""Fetch, check, build: the Kalmar län 2021 report from a Kolada download, as an analyst makes
it, against a local server that replays the Kolada sample's ten pages (never the network).

A fetch disturbed by every fault the client must survive (503, 429 with Retry-After, an
answer slower than the timeout, a body cut short, JSON cut short) ends with the same files as
an undisturbed one, and `build` makes the same PDF bytes from either, and from the sample
itself; a fetch that cannot finish exits 1 naming the URL and leaves the earlier download
as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from regionreport import kolada_fetch, paths
from regionreport.cli import main
from tests.test_kolada_fetch import Replay, serving

FIXED_TIME = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.timezone.utc)
LAYOUT = paths.layouts_dir() / "kalmar-2021.toml"


class SampleReplay(Replay):
    """The Kolada sample's pages, served under their own paths with next_page links to this
    server."""

    def __init__(self, pages: list[dict]) -> None:
        super().__init__()
        self.sample = pages
        self.paths: list[str] = []

    def record(self) -> None:
        first = self.sample[0]["next_page"].rsplit("&page=", 1)[0]
        base = urlsplit(first)
        start = f"{base.path}?{base.query}"
        self.paths = [start] + [f"{start}&page={n}" for n in range(2, len(self.sample) + 1)]
        for number, page in enumerate(self.sample):
            following = self.origin + self.paths[number + 1] \
                if number + 1 < len(self.paths) else None
            self.pages[self.paths[number]] = json.dumps(
                {**page, "next_page": following}, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def replay(kolada_sample):
    pages = json.loads(kolada_sample.read_text(encoding="utf-8"))
    with serving(SampleReplay(pages), "0") as server:
        yield server


@pytest.fixture
def quiet_clock(replay, monkeypatch):
    replay.reset()
    monkeypatch.setattr(kolada_fetch, "_now", lambda: FIXED_TIME)
    monkeypatch.setattr(kolada_fetch, "_sleep", lambda seconds: None)
    return replay


def fetch(replay, output):
    """`fetch kolada` of the 2021 catalog, 2016–2021, every municipality."""
    return CliRunner().invoke(main, [
        "fetch", "kolada", "--catalog", "ekonomiskt-bistand-2021", "--years", "2016-2021",
        "--base-url", f"{replay.origin}/v2/", "--timeout", "0.5", "-o", str(output)])


def build(data, output):
    result = CliRunner().invoke(main, ["build", str(LAYOUT), "--data", str(data),
                                       "-o", str(output), "--no-cache", "--no-charts"])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def test_a_disturbed_fetch_gives_the_same_files_and_the_same_pdf(quiet_clock, kolada_sample,
                                                                 tmp_path):
    replay = quiet_clock
    clean = tmp_path / "clean" / "kolada.json"
    result = fetch(replay, clean)
    assert result.exit_code == 0, result.output
    assert "page 10: " in result.stderr
    assert sum(replay.requests.values()) == 10
    replay.reset()
    pages = replay.paths
    replay.faults.update({pages[0]: ["503"], pages[2]: ["429"], pages[4]: ["slow"],
                          pages[6]: ["truncated"], pages[9]: ["badjson", "503"]})
    disturbed = tmp_path / "disturbed" / "kolada.json"
    result = fetch(replay, disturbed)
    assert result.exit_code == 0, result.output
    assert disturbed.read_bytes() == clean.read_bytes()
    assert (disturbed.parent / "kolada.manifest.json").read_bytes() == \
        (clean.parent / "kolada.manifest.json").read_bytes()
    manifest = json.loads((clean.parent / "kolada.manifest.json").read_text(encoding="utf-8"))
    assert manifest["records"] == 47980 and manifest["pages"] == 10
    # check on the download: what came, and what was asked for but did not come
    checked = CliRunner().invoke(main, ["check", "--data", str(clean), "--layout", str(LAYOUT)])
    assert checked.exit_code == 0, checked.output
    assert "Kolada fetch: 2026-11-30T08:00:00Z" in checked.output
    assert "47980 records of 54 KPIs, 312 municipalities" in checked.output
    assert "asked for, but no records: U31468 2016," in checked.output
    assert "Region: Kalmar län (08), 12 kommuner, survey 2021, register 2020" in checked.output
    lines = checked.output.splitlines()
    socialjour = next(line for line in lines if line.startswith("  Socialjour "))
    assert socialjour.split()[1:4] == ["100,0", "–", "11"]
    assert socialjour.endswith("share of answering units with a positive answer")
    assert "not answered: Torsås (0834)" in checked.output
    register = next(line for line in lines if line.startswith("  Biståndsmottagare, andel "))
    assert "plain mean of the units (no counts) (catalog rule 'weighted' needs counts)" \
        in register and "DISAGREES" not in register
    assert "Published values that cannot be reproduced from this data: " in checked.output
    assert "  Biståndsmottagare, andel (bistandsmottagare): " in checked.output
    assert "Disagreements between computed and published values: none" in checked.output
    # the same report from either download, and from the sample itself
    pdf = build(clean, tmp_path / "clean.pdf")
    assert build(disturbed, tmp_path / "disturbed.pdf") == pdf
    assert build(kolada_sample, tmp_path / "sample.pdf") == pdf


def test_a_fetch_that_cannot_finish_leaves_the_earlier_download(quiet_clock, tmp_path):
    replay = quiet_clock
    output = tmp_path / "kolada.json"
    assert fetch(replay, output).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    replay.reset()
    replay.failing.add(replay.paths[3])
    result = fetch(replay, output)
    assert result.exit_code == 1
    assert f"{replay.origin}{replay.paths[3]}" in result.output
    assert "HTTP 503" in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    # the next run resumes: the three pages fetched are not asked for again
    replay.reset()
    assert fetch(replay, output).exit_code == 0
    assert sum(replay.requests.values()) == 7
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
