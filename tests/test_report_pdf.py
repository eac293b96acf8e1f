"""The Jönköping 2015 report read back from the PDF, as a reader would check it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport import paths
from regionreport.cli import main
from regionreport.numbers import format_number
from regionreport.runner import build_report
from tests.conftest import fixture_rows, front_pages

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
_TOC_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*)?\s*(\S.+?)\s*(?:\.\s*){3,}(\d+)\s*$")


def squeeze(text: str) -> str:
    """Text without white space and hyphens, so wrapped and hyphenated cells compare."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u25b2\u25bc]", "", text)


@pytest.fixture(scope="session")
def report(tmp_path_factory, sample_workbook):
    folder = tmp_path_factory.mktemp("report")
    result = build_report(LAYOUT, folder / "jonkoping-2015.pdf",
                          data_files=[sample_workbook.path], cache_dir=folder / "cache")
    reader = PdfReader(result.output)
    texts = [page.extract_text() for page in reader.pages]
    return result, reader, texts


@pytest.fixture(scope="session")
def document(sample_workbook):
    from regionreport.compose import compose_report
    from regionreport.config.layout import load_layout
    from regionreport.sources.loading import load_inputs

    layout = load_layout(LAYOUT)
    return compose_report(layout, load_inputs([sample_workbook.path], layout.profile,
                                              layout.catalog))


def toc_entries(reader: PdfReader) -> list[tuple[str, str, int]]:
    """(number, title, page) of every entry on the Innehåll page(s)."""
    entries = []
    for page in reader.pages[1:4]:
        text = page.extract_text(extraction_mode="layout")
        if "Innehåll" not in text and not entries:
            continue
        for line in text.splitlines():
            if line.strip() == "Tabeller":
                return entries                     # the list of tables follows the contents
            match = _TOC_LINE.match(line)
            if match:
                entries.append((match[1] or "", match[2].strip(), int(match[3])))
    return entries


def test_every_heading_is_in_the_contents_with_its_real_page(report, document):
    _, reader, texts = report
    entries = toc_entries(reader)
    headings = document.headings()
    assert [(e[0], e[1]) for e in entries] == [(h.number, h.text) for h in headings]
    first_body_page = front_pages(texts) + 1
    for number, title, page in entries:
        label = squeeze(number + title)
        found = next(i for i in range(first_body_page - 1, len(texts))
                     if label in squeeze(texts[i]))
        assert found + 1 == page, f"{number} {title}: contents says {page}, found on {found + 1}"


def test_bookmarks_match_the_headings(report, document):
    _, reader, _ = report

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title
    assert list(titles(reader.outline)) == [f"{h.number}\u2002{h.text}" if h.number else h.text
                                            for h in document.headings()]


def test_page_numbers_n_of_total_on_every_page_but_the_cover(report):
    result, reader, texts = report
    total = len(reader.pages)
    assert result.pages == total
    assert not re.search(r"\b1 \(\d+\)", texts[0])
    for number, text in enumerate(texts[1:], start=2):
        if not text.strip():
            continue       # two-sided print: left blank before a right-hand page
        assert f"{number} ({total})" in text, f"page {number}"


def test_running_header_carries_the_title_and_year(report):
    _, _, texts = report
    for text in texts[1:]:
        if not text.strip():
            continue       # two-sided print: left blank before a right-hand page
        assert "Öppna jämförelser – Ekonomiskt bistånd 2015" in text
        assert "Region Jönköpings län, FoU-enheten (exempelrapport)" in text


def test_fonts_are_embedded_subsets(report):
    _, reader, _ = report
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = font["/BaseFont"]
            seen.add(name)
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
    assert {n.split("+")[1] for n in seen} >= {"SourceSansPro-Regular", "SourceSansPro-Bold"}


def test_metadata(report):
    _, reader, _ = report
    info = reader.metadata
    assert info.title == "Öppna jämförelser – Ekonomiskt bistånd 2015"
    assert info.author == "Analysgruppen för socialtjänst (exempel)"
    assert "Jönköpings län" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    assert info["/CreationDate"].startswith("D:20151215120000")  # the layout's date


def _area_pages(texts: list[str], caption: str) -> str:
    pages = [t for t in texts if caption in t]
    assert pages, caption
    return squeeze(" ".join(pages))


def test_area_tables_hold_every_kommun_value(report, document):
    """Each area table's rows, cell by cell, as the composed table says; spot values below are
    checked against the fixture by hand."""
    _, _, texts = report
    for table in document.tables()[1:]:
        text = _area_pages(texts, table.caption.split(":")[0] + ":")
        for row in table.rows:
            expected = squeeze("".join(cell.text for cell in row.cells))
            assert expected in text, f"{table.caption}: row {row.cells[0].text}"


def test_fixture_answers_and_region_rows_in_the_pdf(report, document):
    """Intern och extern samordning, in its two parts (del 1 and 2 av 2), against the
    fixture."""
    _, _, texts = report
    parts = [t for t in document.tables() if "Intern och extern samordning" in t.caption]
    assert len(parts) == 2
    by_name = {row["unit"]: row for row in fixture_rows()}
    ids = ["rutin_barn_unga", "rutin_vuxenvard", "rutin_arbetsmarknad", "overensk_af",
           "overensk_fk", "overensk_primarvard", "overensk_oppenpsykiatri"]

    def this_year(role_or_name: str) -> list[str]:
        values = []
        for part in parts:
            row = next(r for r in part.rows if r.role == role_or_name
                       or r.cells[0].text == role_or_name)
            values += [cell.text for cell in row.cells[4:]][1::2]
        return values

    for name in by_name:
        if name != "Riket" and any(r.cells[0].text == name for r in parts[0].rows):
            assert this_year(name) == [by_name[name][i] for i in ids], name
    # Hand-computed county shares (tests/test_county_values.py) and published Riket values.
    assert this_year("region") == ["53,8", "69,2", "61,5", "69,2", "61,5", "76,9", "69,2"]
    assert this_year("riket") == [format_number(float(by_name["Riket"][i]), 1) for i in ids]
    for part in parts:
        text = _area_pages(texts, part.caption.split(":")[0] + ":")
        county = next(r for r in part.rows if r.role == "region")
        riket = next(r for r in part.rows if r.role == "riket")
        assert squeeze("Jönköpings län" + "".join(c.text for c in county.cells[4:])) in text
        assert squeeze("Riket" + "".join(c.text for c in riket.cells[4:])) in text


def test_two_builds_are_identical(report, tmp_path, sample_workbook):
    result, _, _ = report
    again = build_report(LAYOUT, tmp_path / "again.pdf", data_files=[sample_workbook.path],
                         cache_dir=tmp_path / "cache")
    assert again.output.read_bytes() == result.output.read_bytes()


EARLY_WORKERS_BUILD = """
import sys
from regionreport.charts import cache
from regionreport.cli import main

started = []
early = cache.early_workers
def watched(*args, **kwargs):
    manager = early(*args, **kwargs)
    class Watch:
        def __enter__(self):
            workers = manager.__enter__()
            started.append(workers is not None)
            return workers
        def __exit__(self, *exc):
            return manager.__exit__(*exc)
    return Watch()
cache.early_workers = watched
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("early workers:", started)
"""


def test_a_cold_build_with_early_chart_workers_gives_the_same_bytes(report, tmp_path,
                                                                    sample_workbook):
    """A command-line build (no threads, so its chart workers are forked before the report
    is composed, and draw while nothing else runs) is the same PDF as this process's build,
    which draws in a pool of its own."""
    import subprocess
    import sys

    result, _, _ = report
    output = tmp_path / "cold.pdf"
    run = subprocess.run([sys.executable, "-c", EARLY_WORKERS_BUILD, "build", str(LAYOUT),
                          "-o", str(output), "--data", str(sample_workbook.path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "early workers: [True]" in run.stdout
    assert output.read_bytes() == result.output.read_bytes()


def test_layout_error_leaves_the_earlier_pdf(report, tmp_path, sample_workbook):
    result, _, _ = report
    target = tmp_path / "kept.pdf"
    target.write_bytes(result.output.read_bytes())
    before = target.stat().st_mtime_ns
    broken = tmp_path / "broken.toml"
    text = LAYOUT.read_text(encoding="utf-8").replace("[options]", "[options]\nchart = true")
    broken.write_text(text, encoding="utf-8")
    (tmp_path / "jonkoping-2015").symlink_to(LAYOUT.parent / "jonkoping-2015")
    outcome = CliRunner().invoke(main, ["build", str(broken), "-o", str(target), "--data",
                                        str(sample_workbook.path)])
    assert outcome.exit_code == 1
    assert outcome.output == (f"Error: {broken}: unknown key 'options.chart' (allowed here: "
                              "background_columns, cards, charts, municipality_groups, previous_year, "
                              "series_charts, theme, two_sided)\n")
    assert target.read_bytes() == result.output.read_bytes()
    assert target.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_tables_and_figures_are_numbered_in_reading_order(report):
    """A reader looking for "Figur 6" finds it after "Figur 5": numbers follow the pages."""
    result, _, texts = report
    whole = "\n".join(texts[front_pages(texts):])      # not the lists of tables and figures
    for word in ("Tabell", "Figur"):
        numbers = [int(n) for n in re.findall(rf"^{word} (\d+)\. ", whole, re.MULTILINE)]
        # a table continued on the next page repeats its caption with "(forts.)"
        assert numbers == sorted(numbers), f"{word}: {numbers}"
        assert sorted(set(numbers)) == list(range(1, max(numbers) + 1)), f"{word}: {numbers}"
    assert len(re.findall(r"^Figur \d+\. ", whole, re.MULTILINE)) == result.charts == 16


def test_every_card_has_the_same_rows_to_the_kolada_row(document):
    """A reader compares cards: each ends with Kolada-id, an id or the catalog's 'no KPI' text."""
    from regionreport.document import IndicatorCard

    cards = [b for b in document.blocks if isinstance(b, IndicatorCard)]
    assert len(cards) == 34
    lasts = [card.fields[-1] for card in cards]
    assert all(field.label == "Kolada-id" for field in lasts)
    ids = [field.paragraphs[0] for field in lasts]
    assert sum(re.fullmatch(r"[NU]\d{5}", i) is not None for i in ids) >= 15
    assert {i for i in ids if not re.fullmatch(r"[NU]\d{5}", i)} == \
        {"Inget motsvarande nyckeltal i Kolada"}


def test_table_notes_read_as_sentences(document):
    """One note on how the region's values were formed (not one per column), no '..'."""
    notes = [note for table in document.tables() for note in table.notes]
    assert notes and not any(note.endswith("..") for note in notes)
    assert ("Ny indikator 2015 (ingen jämförelse med föregående år): Brukarundersökning, "
            "Plan följs upp var 3:e\xa0mån." in notes)
    for table in document.tables():
        rules = [n for n in table.notes if "viktat" in n or "viktade" in n]
        assert len(rules) <= 1, table.caption
    assert ("Värdena för Jönköpings län är viktade med antal (summa täljare / summa nämnare)."
            in notes)
