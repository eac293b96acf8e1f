"""A rebuild starts from the page numbers of the last build (render/pagination): one pass
where the pages did not move, and always the PDF a build without a cache makes."""

from __future__ import annotations

import pytest

from regionreport.render import pdf
from regionreport.runner import build_report


@pytest.fixture
def passes(monkeypatch) -> list[int]:
    """The multiBuild passes of each render, counted as they begin."""
    counted: list[int] = []
    begin = pdf.ReportDocTemplate.handle_documentBegin

    def counting(self):
        if self._passes == 0:
            counted.append(0)
        counted[-1] += 1
        begin(self)

    monkeypatch.setattr(pdf.ReportDocTemplate, "handle_documentBegin", counting)
    return counted


def test_a_rebuild_takes_one_pass_and_gives_the_same_bytes(sparse_layout, tmp_path, passes):
    cache = tmp_path / "cache"
    output = tmp_path / "out" / "report.pdf"
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    first = output.read_bytes()
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    assert output.read_bytes() == first
    assert passes == [2, 1]       # a first build knows its contents' length; then one pass


def test_after_an_edit_that_moves_pages_the_rebuild_equals_a_build_without_cache(
        sparse_layout, tmp_path, passes):
    cache = tmp_path / "cache"
    output = tmp_path / "out" / "report.pdf"
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    prose = sparse_layout.parent / "jonkoping-2015" / "inledning.md"
    added = " ".join(["Ett stycke som flyttar sidorna framåt i rapporten."] * 60)
    prose.write_text(prose.read_text(encoding="utf-8") + "\n\n" + (added + "\n\n") * 4,
                     encoding="utf-8")
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    rebuilt = output.read_bytes()
    fresh = tmp_path / "fresh.pdf"
    build_report(sparse_layout, fresh, cache_dir=None, charts=False)
    assert rebuilt == fresh.read_bytes()
    assert passes[1] >= 2                     # the pages moved: the hint was not enough


def test_a_damaged_hint_only_costs_passes(sparse_layout, tmp_path, passes):
    cache = tmp_path / "cache"
    output = tmp_path / "out" / "report.pdf"
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    first = output.read_bytes()
    hint, = (cache / "pages").glob("*.json")
    hint.write_text('{"TOCEntry": [[0, "Fel", 99, "h1"]], "pages": "x"}', encoding="utf-8")
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    assert output.read_bytes() == first
    hint.write_bytes(b"\xff\x00 not json")
    build_report(sparse_layout, output, cache_dir=cache, charts=False)
    assert output.read_bytes() == first
