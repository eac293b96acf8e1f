"""Tagged PDF (PDF/UA-1): the structure a screen reader gets, checked from the file.

The Jönköping sample report (with its charts), one of its handouts and one county report of
the batch template are built once; ``tests/structure_check.py`` reads them with pikepdf and
pdfminer (not with regionreport's tagging code), and the two checkers of the test extras,
``pdfua`` and ``outloud``, run on them with their findings compared against the reasoned
list in docs/accessibility.md, so that a new finding fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pytest

from regionreport import paths
from regionreport.errors import InputError
from regionreport.runner import (build_report, load_look, load_report_layout, prepare,
                                 write_handouts)
from tests.structure_check import check

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
BIN = Path(sys.executable).parent

# Findings the checkers may report, each with its reason (docs/accessibility.md):
# outloud's PAG-001 takes the indicator cards' rows that recur on three or more pages
# ("Mätdatum 1 mars 2015", "Datakälla …") for running heads; they are table cells.
ACCEPTED_OUTLOUD = {"PAG-001"}
ACCEPTED_PDFUA: set[str] = set()


def _normal(text: str) -> str:
    """Text as compared: soft hyphens (hyphenation points) dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return " ".join(text.replace("\u2002", " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def built(sample_workbook, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("tagged")
    cache = folder / "cache"
    report = build_report(LAYOUT, folder / "jonkoping-2015.pdf",
                          data_files=[sample_workbook.path], cache_dir=cache).output
    handout, = write_handouts(LAYOUT, folder / "handouts", data_files=[sample_workbook.path],
                              cache_dir=cache, units=["0680"])
    county = build_report(paths.template_path(None), folder / "lan-08.pdf",
                          data_files=[sample_workbook.path], cache_dir=cache, lan="08").output
    layout = load_report_layout(LAYOUT, charts=True)
    document = prepare(layout, data_files=[sample_workbook.path], cache_dir=cache,
                       look=load_look(layout)).document
    checked = {path: check(path) for path in (report, handout, county)}
    return {"report": report, "handout": handout, "county": county, "document": document,
            "checked": checked, "cache": cache, "folder": folder}


def test_every_paint_is_content_or_an_artifact(built):
    for path, found in built["checked"].items():
        assert found.has_structure, path.name
        assert found.untagged == [], (path.name, found.untagged[:5])
        assert found.nested_mcids == [], path.name
        assert found.content_problems == [], path.name
        # every MCID referenced once, and the parent tree maps it back to its element
        assert found.mcid_problems == [], (path.name, found.mcid_problems[:5])


def test_the_catalog_says_what_a_reader_needs(built):
    for path, found in built["checked"].items():
        assert found.marked and found.lang == "sv-SE", path.name
        assert found.title and found.pages_without_tabs == [], path.name
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.7"
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            meta = pdf.open_metadata()
            assert meta["pdfuaid:part"] == "1" and set(meta["dc:language"]) == {"sv-SE"}


def test_the_headings_are_the_documents(built):
    found = built["checked"][built["report"]]
    expected = [(level, _normal(text)) for level, text in built["document"].outline()]
    assert [(level, _normal(text)) for level, text in found.headings()] == expected
    assert len(expected) > 15 and {level for level, _ in expected} >= {1, 2, 3, 4}


def test_the_handout_title_and_lead_in_are_headings(built):
    found = built["checked"][built["handout"]]
    assert [level for level, _ in found.headings()] == [1, 2]
    assert found.headings()[0][1].startswith("Jönköping: Öppna jämförelser")


def test_results_tables_are_one_table_each_with_their_headers(built):
    document = built["document"]
    found = built["checked"][built["report"]]
    results = [t for t in found.tables() if any(s == "Column" for _, s in t.header_cells)]
    expected = [t for t in document.tables() if t.header]
    assert len(results) == len(expected)
    for table, block in zip(results, expected):
        # one TR per body row and per header row, across all the pages of the table
        assert table.rows == len(block.rows) + len(block.header), block.caption
        assert table.headers_ok, (block.caption, table.header_problems[:3])
        assert _normal(table.caption).startswith(_normal(block.caption))
        units = {_normal(text) for text, scope in table.header_cells if scope == "Row"}
        assert {_normal(r.cells[0].text) for r in block.rows if r.role != "group"} <= units


def test_cards_are_tables_with_row_headers(built):
    cards = [b for b in built["document"].flat() if type(b).__name__ == "IndicatorCard"]
    found = built["checked"][built["report"]]
    tagged = [t for t in found.tables()
              if t.header_cells and all(s == "Row" for _, s in t.header_cells)]
    # the cards, and the colophon's table of labels
    assert len(tagged) == len(cards) + 1
    assert all(t.headers_ok for t in tagged)


def test_figures_carry_the_charts_alt_text_and_caption(built):
    charts = built["document"].charts()
    figures = built["checked"][built["report"]].figures()
    assert len(figures) == len(charts) == 16
    for (alt, caption), chart in zip(figures, charts):
        assert alt == chart.alt and len(alt) > 40
        assert _normal(caption) == _normal(chart.caption)


def test_links_have_their_annotation_description_and_print_flag(built):
    links = built["checked"][built["report"]].links()
    assert len(links) > 40                       # the contents, the lists, the references
    assert all(link.ok for link in links), [link for link in links if not link.ok][:3]


def test_note_references_and_link_words_are_their_own_elements(built):
    """A note number in the text is a Reference of its paragraph, each note a Note with the
    number as its id, and a link's words are inside its Link, with the address whole (a
    line break inside a web address adds no space)."""
    from regionreport import document as doc

    blocks = built["document"].flat()
    spans = [s for b in blocks if isinstance(b, doc.Paragraph) for s in b.spans]
    numbers = [s.text for s in spans if s.note is not None]
    notes = [(n, p) for b in blocks if isinstance(b, doc.Notes) for n, p in b.items]
    assert len(numbers) >= 2 and len(notes) == len(numbers)
    checked = built["checked"][built["report"]]
    nodes = list(checked.nodes())
    references = [n for n in nodes if n.std == "Reference"]
    assert [_normal(n.full_text()) for n in references] == numbers
    assert all(n.parent.std == "P" for n in references)
    note_nodes = [n for n in nodes if n.std == "Note"]
    assert [n.attrs.get("ID") for n in note_nodes] == [f"note-{number}" for number, _ in notes]
    for node, (_, paragraph) in zip(note_nodes, notes):
        hrefs = [s.href for s in paragraph.spans if s.href]
        links = [kid for kid in node.kids if getattr(kid, "std", None) == "Link"]
        assert [_normal(link.full_text()) for link in links] == hrefs
    assert all(link.text.strip() for link in checked.links())


def test_text_reads_without_joined_words(built):
    """The words of every element (but the figures, whose content is their alt text) are
    words of the page text: no line end, cell or hyphenation glues two words together."""
    report = built["report"]
    raw = subprocess.run(["pdftotext", "-raw", str(report), "-"], capture_output=True,
                         text=True, check=True).stdout.replace("\u00ad\n", "")
    words = set(re.findall(r"\w+", raw))
    joined = set()
    for _, role, text in built["checked"][report].elements:
        if role != "Figure":
            joined |= set(re.findall(r"\w+", (text or "").replace("\u00ad", ""))) - words
    assert joined == set()


def test_tagging_does_not_change_the_look(built):
    """Every page of the tagged report prints exactly as the untagged one (the invisible alt
    text of a chart once left the chart's own words invisible too)."""
    from regionreport.charts import make_charts
    from regionreport.render.pdf import render_pdf

    look = load_look(load_report_layout(LAYOUT, charts=True))
    document = built["document"]
    charts = make_charts([c.spec for c in document.charts()], cache_dir=built["cache"] / "charts",
                         style=look.chart_style)
    plain = built["folder"] / "untagged.pdf"
    render_pdf(document, plain, theme=look.theme, hyphenation_file=look.hyphenation_file,
               charts=charts, tagged=False)
    images = {}
    for name, path in (("tagged", built["report"]), ("plain", plain)):
        prefix = built["folder"] / name
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(path), str(prefix)], check=True)
        images[name] = sorted(built["folder"].glob(f"{name}-*.pgm"))
    assert len(images["tagged"]) == len(images["plain"]) == 47
    for tagged, untagged in zip(images["tagged"], images["plain"]):
        assert tagged.read_bytes() == untagged.read_bytes(), tagged.name


def test_a_chart_without_alt_text_stops_the_build(built, tmp_path):
    from regionreport.charts.recording import DisplayList
    from regionreport.charts.spec import chart_key
    from regionreport.document import Chart, Document
    from regionreport.render.pdf import render_pdf

    chart = built["document"].charts()[0]
    document = Document(meta=built["document"].meta,
                        blocks=(Chart(chart.spec, chart.caption, alt=" "),))
    look = load_look(load_report_layout(LAYOUT, charts=True))
    with pytest.raises(InputError, match="no alternative text"):
        render_pdf(document, tmp_path / "x.pdf", theme=look.theme,
                   hyphenation_file=look.hyphenation_file,
                   charts={chart_key(chart.spec): DisplayList(300.0, 200.0, ())})
    assert list(tmp_path.iterdir()) == []


def _outloud(path: Path) -> list[tuple[str, str]]:
    done = subprocess.run([str(BIN / "outloud"), "--layer", "conformance", "--json", "-",
                           str(path)], capture_output=True, text=True)
    result = json.loads(done.stdout)["results"][0]
    return [(f["rule"], f["severity"]) for f in result["findings"]
            if f["severity"] in ("error", "warning")]


def _pdfua(path: Path) -> list[str]:
    done = subprocess.run([str(BIN / "pdfua"), "check", "-f", "json", str(path)],
                          capture_output=True, text=True)
    return [f["rule"] for f in json.loads(done.stdout)["findings"]]


def test_the_checkers_find_nothing_new(built):
    for name in ("report", "handout", "county"):
        path = built[name]
        assert set(_pdfua(path)) <= ACCEPTED_PDFUA, (name, _pdfua(path))
        found = _outloud(path)
        assert [f for f in found if f[1] == "error"] == [], (name, found)
        assert {rule for rule, _ in found} <= ACCEPTED_OUTLOUD, (name, found)
