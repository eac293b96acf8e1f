"""Split tables: caption on every page, notes with the last rows, no page of a row or two."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from regionreport.render.table_block import TableBlock, TableSource


def build(rows: int, filler_pt: float, *, tail: int = 2, notes: int = 2,
          frame_height: float | None = None) -> list[str]:
    """A document with ``filler_pt`` of space used before a table of ``rows`` body rows whose
    last ``tail`` rows are summary rows; the text of each page."""
    styles = getSampleStyleSheet()
    caption = Paragraph("Tabell 1. Exempel", styles["Normal"])
    continued = Paragraph("Tabell 1. Exempel (forts.)", styles["Normal"])
    data = [["Kommun", "Värde"]] + [[f"Kommun {i:02d}", f"{i},0"] for i in range(rows - tail)]
    data += [[f"Summa {i}", "1,0"] for i in range(tail)]
    block = TableBlock(caption, continued, source(data),
                       [Paragraph(f"Not {i}.", styles["Normal"]) for i in range(notes)],
                       min_rows=4, tail_rows=tail, frame_height=frame_height)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Spacer(1, filler_pt), block])
    return [page.extract_text() for page in PdfReader(out).pages]


def source(data, groups=frozenset(), group_of=None) -> TableSource:
    """Rows of 20 pt (padding and leading give that height) under one repeated header row."""
    commands = [("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEADING", (0, 0), (-1, -1), 12)]
    return TableSource(data=data, commands=commands, widths=[120, 60], header_rows=1,
                       group_rows=frozenset(groups), group_of=group_of or {})


def rows_on(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith(("Kommun ", "Summa "))]


@pytest.mark.parametrize("filler", [0, 100, 300, 500, 560, 600, 640])
def test_every_part_is_whole(filler):
    pages = build(rows=40, filler_pt=filler)
    units = [row for page in pages for row in rows_on(page) if row.startswith("Kommun ")]
    assert len(units) == 38 and len(set(units)) == 38, "every unit row exactly once"
    for number, page in enumerate(pages):
        if not rows_on(page):
            assert "Not 0." not in page and "Tabell" not in page   # only the filler
            continue
        body = [r for r in rows_on(page) if r.startswith("Kommun ")]
        assert len(body) >= 4, f"page {number + 1}: {len(body)} unit rows"
        # every page compares its units with the summary rows
        assert [r.split()[:2] for r in rows_on(page) if r.startswith("Summa ")] == \
            [["Summa", "0"], ["Summa", "1"]]
        first = "Tabell 1. Exempel" in page and "(forts.)" not in page
        assert first or "Tabell 1. Exempel (forts.)" in page
        assert [line.strip() for line in page.splitlines()].count("Kommun") == 1, \
            "the header row repeats"
    last = [page for page in pages if rows_on(page)][-1]
    assert "Not 0." in last and "Not 1." in last and "Summa 1" in last
    assert sum("Not 0." in page for page in pages) == 1


def test_notes_that_do_not_fit_take_rows_with_them():
    # 30 rows of 20 pt fit on the page but the two notes would not: rows move with them.
    pages = build(rows=30, filler_pt=95)
    note_page = next(page for page in pages if "Not 0." in page)
    assert len([r for r in rows_on(note_page) if r.startswith("Kommun ")]) >= 4
    assert "(forts.)" in note_page


def test_a_table_that_fits_is_not_split():
    pages = build(rows=10, filler_pt=100)
    assert len(pages) == 1 and "(forts.)" not in pages[0]


@pytest.mark.parametrize("filler", range(380, 640, 20))
def test_a_group_row_never_ends_a_page(filler):
    styles = getSampleStyleSheet()
    data = [["Kommun", "Värde"]]
    groups, group_of = set(), {}
    for area in range(6):
        group = len(data)
        groups.add(group)
        data.append([f"Område {area}", ""])
        for i in range(5):
            group_of[len(data)] = group
            data.append([f"Kommun {area}{i}", "1,0"])
    block = TableBlock(Paragraph("Tabell 1. Exempel", styles["Normal"]),
                       Paragraph("Tabell 1. Exempel (forts.)", styles["Normal"]),
                       source(data, groups, group_of), [], min_rows=2)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Spacer(1, filler), block])
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert len(pages) >= 2
    for page in pages:
        lines = [line for line in page.splitlines() if line.startswith(("Område", "Kommun "))]
        assert not lines or not lines[-1].startswith("Område"), page
    # a page that starts inside an area repeats the area's row above its first rows
    for page in pages[1:]:
        lines = [line for line in page.splitlines() if line.startswith(("Område", "Kommun "))]
        if lines:
            assert lines[0].startswith("Område"), page
    assert {line for page in pages for line in page.splitlines()
            if line.startswith("Område")} == {f"Område {a}" for a in range(6)}


def test_the_last_page_of_a_split_table_is_at_least_half_full():
    # 40 rows at the top of a page: without balancing the second page would get the few rows
    # left over (less than half a page); rows move on until it is half full, the first page
    # staying at least two thirds full
    frame = A4[1] - 2 * 72 - 12
    pages = build(rows=40, filler_pt=0, frame_height=frame)
    assert len(pages) == 2
    second = rows_on(pages[1])
    # caption, header, rows, two summary rows and two notes of about 20 pt each
    assert (len(second) + 5) * 20 >= frame / 2
    first = rows_on(pages[0])
    assert (len(first) + 2) * 20 >= frame * 2 / 3
    unbalanced = build(rows=40, filler_pt=0)
    assert len(rows_on(unbalanced[1])) < len(second)
