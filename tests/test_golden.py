"""Normalised goldens of the sample reports: the page count and the text of every page.

Each report is built from the sample workbook (charts included) and read back with pypdf;
the text of each page, with trailing white space removed, is compared with
tests/golden/<layout>.txt. They guard what the targeted tests do not look at (a heading that
moved to another page, a sentence that changed, a chart label). After a deliberate change,
run ``python -m pytest tests/test_golden.py --regenerate-golden`` and read the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from regionreport import paths
from regionreport.runner import build_report

GOLDEN = Path(__file__).parent / "golden"
PAGE_MARK = "=== page {number} of {total} ==="
DOT_LEADER = re.compile(r"(?:\s*\.){3,}\s*")     # the contents' leaders, as " … "


def normalised_text(pdf: Path) -> str:
    """Every page's text under a "=== page n of N ===" line: blank lines and trailing
    blanks removed, dot leaders written " … "."""
    pages = PdfReader(pdf).pages
    parts = []
    for number, page in enumerate(pages, start=1):
        lines = [DOT_LEADER.sub(" … ", line).rstrip()
                 for line in page.extract_text().splitlines()]
        parts.append(PAGE_MARK.format(number=number, total=len(pages)))
        parts.extend(line for line in lines if line)
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("layout", ["jonkoping-2015", "goteborgsregionen-2015",
                                    "vatterbygden-2015"])
def test_report_matches_its_golden(layout, sample_workbook, tmp_path, regenerate_golden):
    result = build_report(paths.layouts_dir() / f"{layout}.toml", tmp_path / f"{layout}.pdf",
                          data_files=[sample_workbook.path], cache_dir=tmp_path / "cache")
    text = normalised_text(result.output)
    golden = GOLDEN / f"{layout}.txt"
    if regenerate_golden:
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    expected = golden.read_text(encoding="utf-8")
    got_pages, want_pages = text.count("=== page "), expected.count("=== page ")
    assert got_pages == want_pages, f"{got_pages} pages, the golden has {want_pages}"
    for got, want in zip(text.split("=== page ")[1:], expected.split("=== page ")[1:]):
        assert got == want, f"page {want.split(' ', 1)[0]} differs from {golden.name}"
