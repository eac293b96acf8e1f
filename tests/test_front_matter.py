"""Front matter and back (issue 11, item 7), read back from the PDFs as a reader checks them:
the logo on the cover, the colophon, the lists of tables and figures with their pages, even
dot leaders, the references as a plain list with URLs broken after "/" and ".", and
two-sided print (mirrored margins and running heads, chapters on right-hand pages, blank
pages without header)."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ContentStream

from regionreport import paths
from regionreport.cli import main
from regionreport.config.theme import load_theme, mm
from regionreport.runner import build_report
from tests.conftest import front_pages

LAYOUT = paths.layouts_dir() / "jonkoping-2015.toml"
THEME = load_theme(paths.theme_path("default"))


@pytest.fixture(scope="module")
def report(tmp_path_factory, sample_workbook):
    """The Jönköping 2015 sample (two-sided, with logo, colophon and lists)."""
    folder = tmp_path_factory.mktemp("front")
    result = build_report(LAYOUT, folder / "jonkoping-2015.pdf",
                          data_files=[sample_workbook.path], cache_dir=folder / "cache")
    reader = PdfReader(result.output)
    texts = [page.extract_text() for page in reader.pages]
    return reader, texts, result.output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(layout, *extra):
    output = layout.parent / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(output), "--no-charts",
                                       *extra])
    return result, output


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def page_of_line(texts: list[str], heading: str) -> int:
    """The index of the page with a line that is exactly ``heading``."""
    return next(i for i, text in enumerate(texts) if heading in lines_of(text))


# -- logo --------------------------------------------------------------------------------------

def _images(page) -> list[str]:
    objects = page["/Resources"].get("/XObject", {})
    return [name for name, ref in objects.items()
            if ref.get_object().get("/Subtype") == "/Image"]


def test_the_logo_is_an_image_on_the_cover(report):
    reader, _, _ = report
    assert _images(reader.pages[0]), "no image XObject on the cover"
    image = next(ref.get_object() for ref in reader.pages[0]["/Resources"]["/XObject"].values())
    assert (image["/Width"], image["/Height"]) == (960, 300)   # the sample logo's pixels


def test_a_missing_logo_file_is_an_error_naming_the_key_and_path(sparse_layout):
    edit(sparse_layout, 'logo = "jonkoping-2015/exempel-logotyp.png"',
         'logo = "bilder/saknas.png"')
    result, output = build(sparse_layout)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {sparse_layout}, key 'meta.logo': logo file 'bilder/saknas.png' not found")
    assert str(sparse_layout.parent / "bilder" / "saknas.png") in result.output
    assert "Traceback" not in result.output
    assert not output.exists()


def test_an_svg_logo_needs_svglib_or_is_drawn(sparse_layout):
    svg = sparse_layout.parent / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
                   '<rect x="0" y="0" width="60" height="60" fill="#ff0000"/></svg>',
                   encoding="utf-8")
    edit(sparse_layout, 'logo = "jonkoping-2015/exempel-logotyp.png"', 'logo = "logo.svg"')
    result, output = build(sparse_layout)
    try:
        import svglib  # noqa: F401
    except ImportError:
        assert result.exit_code == 1
        assert "key 'meta.logo': logo file 'logo.svg' is an SVG image, and SVG needs the " \
               "package svglib" in result.output
        assert "pip install svglib" in result.output and "save the logo as PNG" in result.output
    else:
        assert result.exit_code == 0, result.output
        cover = PdfReader(output).pages[0].get_contents().get_data().decode("latin-1")
        assert re.search(r"\b1 0 0 rg\b", cover), "the SVG's red square is not drawn"


def test_without_a_logo_the_cover_has_no_image(sparse_layout):
    edit(sparse_layout, 'logo = "jonkoping-2015/exempel-logotyp.png"', '')
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output
    assert _images(PdfReader(output).pages[0]) == []


def test_the_author_on_the_cover_has_its_fields_filled_in(sparse_layout):
    """An author named with a field ("Analysgruppen i {region}", as a project made by
    `regionreport init` may say) prints the region on the cover and in the metadata."""
    edit(sparse_layout, 'author = "Analysgruppen för socialtjänst (exempel)"',
         'author = "Analysgruppen i {region}"')
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output
    reader = PdfReader(output)
    cover = reader.pages[0].extract_text()
    assert "Analysgruppen i Jönköpings län" in cover and "{region}" not in cover
    assert reader.metadata.author == "Analysgruppen i Jönköpings län"


# -- colophon ----------------------------------------------------------------------------------

def test_the_colophon_page(report):
    _, texts, _ = report
    text = texts[1]                      # on the back of the cover
    squeezed = " ".join(text.split())
    for expected in ("Utgivare Region Jönköpings län, FoU-enheten (exempelrapport)",
                     "Författare Analysgruppen för socialtjänst (exempel)",
                     "Kontakt Exempel Exempelsson, utredare, exempel.exempelsson@example.se",
                     "Rapportnummer Exempelrapport 2015:1",
                     "Ladda ner https://www.example.se/rapporter/"
                     "oj-ekonomiskt-bistand-2015-jonkopings-lan.pdf",
                     "Datum 2015-12-15",
                     "Datakällor Socialstyrelsen och Sveriges Kommuner och Landsting: Öppna "
                     "jämförelser 2015 – Ekonomiskt bistånd"):
        assert expected in squeezed, expected
    assert "Exempeluppgifter:" in squeezed
    # its labels come in the order of the layout format, the note above them
    order = [squeezed.index(label) for label in ("Exempeluppgifter", "Utgivare", "Författare",
                                                   "Kontakt", "Rapportnummer", "Ladda ner",
                                                   "Datum", "Datakällor")]
    assert order == sorted(order)


def test_a_colophon_section_needs_the_colophon_texts(sparse_layout):
    text = sparse_layout.read_text(encoding="utf-8")
    start = text.index("[colophon]")
    end = text.index("\n[data]")
    sparse_layout.write_text(text[:start] + text[end:], encoding="utf-8")
    result, _ = build(sparse_layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {sparse_layout}: key 'sections[2].kind': a "
                                    "colophon section needs the layout's [colophon] texts")


def test_an_unknown_colophon_key_is_refused(sparse_layout):
    edit(sparse_layout, "[colophon]\n", '[colophon]\nutgivare = "x"\n')
    result, _ = build(sparse_layout)
    assert result.exit_code == 1
    assert "key 'colophon.utgivare'" in result.output and "is not a known key" in result.output


# -- lists of tables and figures ---------------------------------------------------------------



def _list_entries(text: str) -> dict[str, int]:
    """Caption number ("Tabell 3") -> page, from the list pages' text; an entry of two lines
    has its leaders and page on its last line."""
    entries, current = {}, None
    for line in lines_of(text):
        start = re.match(r"^((?:Tabell|Figur) \d+)\. ", line)
        if start:
            current = start[1]
        match = re.search(r"(?:\.\s*){2,}(\d+)$", line)
        if match and current:
            entries[current] = int(match[1])
            current = None
    return entries


def layout_text(pdf, number: int) -> str:
    """Page ``number`` (from 1) as pdftotext lays it out, lines in reading order."""
    return subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number),
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_list_of_tables_names_every_table_with_its_page(report):
    _, texts, pdf = report
    lists = page_of_line(texts, "Tabeller")
    end = front_pages(texts)                 # the figures may go on to the next page
    assert page_of_line(texts, "Innehåll") == lists, "the list of tables follows the contents"
    entries = {}
    for index in range(lists, end):
        text = layout_text(pdf, index + 1)
        if index == lists:
            text = text[text.index("Tabeller"):]          # not the contents above it
        entries.update(_list_entries(text))
    body = texts[end:]
    first_page = end + 1
    captions = {}
    for number, text in enumerate(body, start=first_page):
        for line in lines_of(text):
            found = re.match(r"^((?:Tabell|Figur) \d+)\. ", line)
            if found and found[1] not in captions:
                captions[found[1]] = number
    tables = sorted(k for k in captions if k.startswith("Tabell"))
    assert len(tables) == 9          # Intern och extern samordning in two parts
    figures_found = [k for k in captions if k.startswith("Figur")]
    assert len(figures_found) == 16
    for caption, page in captions.items():
        assert entries.get(caption) == page, f"{caption}: listed {entries.get(caption)}, on {page}"
    assert set(entries) == set(captions)


def test_the_list_entries_link_to_their_tables(report):
    reader, texts, _ = report
    page = reader.pages[page_of_line(texts, "Tabeller")]
    links = [a.get_object() for a in page.get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    assert len(links) >= 8 + 1     # every table, and the figures below them


# -- dot leaders -------------------------------------------------------------------------------

def _dots(reader, index: int) -> dict[float, list[float]]:
    """x positions (page coordinates) of the leader dots on a page, by baseline: the
    single-character strings that occur most often in the page's text objects."""
    page = reader.pages[index]
    operations = ContentStream(page.get_contents(), reader).operations
    shifts, shift = [], (0.0, 0.0)
    font = None
    shown = []
    position = (0.0, 0.0)
    for operands, operator in operations:
        if operator == b"q":
            shifts.append(shift)
        elif operator == b"Q":
            shift = shifts.pop()
        elif operator == b"cm":
            shift = (shift[0] + float(operands[4]), shift[1] + float(operands[5]))
        elif operator == b"Tf":
            font = operands[0]
        elif operator == b"Tm":
            position = (float(operands[4]), float(operands[5]))
        elif operator == b"Tj":
            shown.append((font, bytes(operands[0].original_bytes
                                      if hasattr(operands[0], "original_bytes")
                                      else operands[0]),
                          round(shift[0] + position[0], 3), round(shift[1] + position[1], 2)))
    counts = defaultdict(int)
    for font_name, string, _, _ in shown:
        if len(string) in (1, 2):           # one glyph (one or two bytes)
            counts[(font_name, string)] += 1
    dot_glyphs = {key for key, count in counts.items() if count >= 20}
    by_line = defaultdict(list)
    for font_name, string, x, y in shown:
        if (font_name, string) in dot_glyphs:
            by_line[y].append(x)
    return {y: sorted(xs) for y, xs in by_line.items()}


def test_dot_leaders_share_one_pitch_and_columns_across_lines(report):
    reader, texts, _ = report
    pitch = float(THEME.contents["leader_pitch_pt"])
    for heading in ("Innehåll", "Tabeller"):
        index = page_of_line(texts, heading)
        lines = _dots(reader, index)
        assert len(lines) >= 8, heading
        origins = set()
        for y, xs in lines.items():
            assert len(xs) >= 2, (heading, y)
            steps = {round(b - a, 2) for a, b in zip(xs, xs[1:])}
            assert steps == {round(pitch, 2)}, (heading, y, steps)
            origins.add(round(xs[0] % pitch, 2) % round(pitch, 2))
        assert len(origins) == 1, f"{heading}: dots in different columns {origins}"


def test_page_numbers_of_the_contents_are_right_aligned(report):
    _, texts, pdf = report
    index = page_of_line(texts, "Innehåll")
    # pdftotext -bbox: the words with their boxes; the last word of each entry is its page
    output = subprocess.run(["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1),
                             str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="[\d.]+">([^<]*)</word>', output)
    rows = defaultdict(list)
    for x0, y0, x1, word in words:
        rows[round(float(y0))].append((float(x0), float(x1), word))
    numbers = [max(row)[1] for row in rows.values()
               if max(row)[2].isdigit() and any("." in w for _, _, w in row)]
    assert len(numbers) >= 10
    assert max(numbers) - min(numbers) < 0.8      # one right edge (glyph side bearings aside)


# -- references --------------------------------------------------------------------------------

LONG_URL = ("https://statistik.example-kommunforbundet.se/rapporter.oppna-jamforelser."
            "ekonomiskt-bistand.regional-sammanstallning.kommunernas-svar-och-registerdata.2015"
            ".pdf")


def _reference_lines(text: str) -> list[str]:
    lines = lines_of(text)
    start = next(i for i, line in enumerate(lines) if line.endswith("Referenser"))
    return lines[start + 1:]


def _url_parts(lines: list[str], urls: list[str]) -> dict[str, list[str]]:
    """Each URL as the lines print it, in parts (one a line); checks that every part but the
    last ends in "/" or "." and that the parts joined give the URL (nothing added, no
    hyphen)."""
    found = {}
    joined = "\n".join(lines)
    for url in urls:
        # where the URL starts: its longest beginning that the text has whole or at a line end
        head = next(url[:k] for k in range(len(url), 7, -1)
                    if url[:k] + ("" if k == len(url) else "\n") in joined)
        at = joined.index(head + ("" if head == url else "\n"))
        rest, parts = joined[at:], []
        remaining = url
        for line in rest.split("\n"):
            piece = line.split(" ")[0] if parts else line
            parts.append(piece[:len(remaining)] if remaining.startswith(piece[:len(remaining)])
                         else piece)
            if not remaining.startswith(parts[-1]):
                pytest.fail(f"{url}: the line holds {parts[-1]!r}, not the URL's next part")
            remaining = remaining[len(parts[-1]):]
            if not remaining:
                break
        assert "".join(parts) == url
        for part in parts[:-1]:
            assert part[-1] in "/.", f"{url}: broken after {part!r}"
        found[url] = parts
    return found


def test_references_are_a_plain_list_with_urls_broken_after_slash_and_dot(sparse_layout):
    edit(sparse_layout, "[[references]]\n",
         f'[[references]]\ntext = "Exempelförbundet (2015). En lång rapport."\n'
         f'url = "{LONG_URL}"\n\n[[references]]\n')
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output
    reader = PdfReader(output)
    text = reader.pages[-1].extract_text()
    lines = _reference_lines(text)
    assert lines and not any("•" in line for line in lines)
    assert lines[0].startswith("Exempelförbundet (2015).")
    urls = re.findall(r'^url = "([^"]+)"', sparse_layout.read_text(encoding="utf-8"), re.M)
    assert LONG_URL in urls
    parts = _url_parts(lines, urls)
    assert sum(len(p) > 1 for p in parts.values()) >= 2   # the long one and a sample's
    # the long URL has no "/" for most of its length: it breaks after a "." as well
    assert any(part.endswith(".") for part in parts[LONG_URL][:-1]), parts[LONG_URL]


def test_references_have_a_hanging_indent(report):
    reader, texts, _ = report
    index = len(texts) - 1
    starts = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.append((round(cm[4] + tm[4], 1), text.strip()))

    reader.pages[index].extract_text(visitor_text=visit)
    firsts = [x for x, t in starts if t.startswith(("Socialstyrelsen", "Kolada", "Sveriges"))]
    others = [x for x, t in starts if t.startswith(("tat per", "statistik/", "https://www.kolada",
                                                    "Landstings", "kommungruppsindelning"))]
    assert firsts and others
    indent = mm(5)
    assert all(abs(x - (min(firsts) + indent)) < 0.5 for x in others), (firsts, others)


# -- two-sided print ---------------------------------------------------------------------------

def _outline_pages(reader, level: int = 1) -> list[int]:
    """1-based pages of the bookmarks of ``level`` (1: the chapters)."""
    pages = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif depth == level:
                pages.append(reader.get_destination_page_number(item) + 1)

    walk(reader.outline, 1)
    return pages


def _left_edge(page) -> float:
    """The smallest x at which text starts on a page (the body's and running heads' edge)."""
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(cm[4] + tm[4])

    page.extract_text(visitor_text=visit)
    return min(xs)


def test_two_sided_mirrors_the_margins(report):
    reader, texts, _ = report
    inner, outer = THEME.length("margin_inner_mm"), THEME.length("margin_outer_mm")
    assert inner != outer
    seen = {0: 0, 1: 0}
    for number, page in enumerate(reader.pages[1:], start=2):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if width > height or not texts[number - 1].strip():
            continue                     # landscape pages have equal margins; blank pages
        expected = inner if number % 2 else outer
        assert _left_edge(page) == pytest.approx(expected, abs=0.05), f"page {number}"
        seen[number % 2] += 1
    assert seen[0] > 5 and seen[1] > 5


def test_two_sided_puts_the_page_number_outside(report):
    reader, texts, _ = report
    total = len(reader.pages)
    for number in range(2, total + 1):
        if not texts[number - 1].strip():
            continue
        page = reader.pages[number - 1]
        found = []

        def visit(text, cm, tm, font, size):
            if text.strip() == f"{number} ({total})":
                found.append(cm[4] + tm[4])

        page.extract_text(visitor_text=visit)
        assert found, f"page {number}"
        middle = float(page.mediabox.width) / 2
        assert (found[0] > middle) == (number % 2 == 1), f"page {number}: {found[0]}"


def test_chapters_start_on_right_hand_pages_and_blank_pages_carry_no_header(report):
    reader, texts, _ = report
    chapters = _outline_pages(reader)
    assert len(chapters) == 5 and all(page % 2 == 1 for page in chapters), chapters
    contents = page_of_line(texts, "Innehåll") + 1
    assert contents % 2 == 1 and contents > 2
    blank = [i + 1 for i, text in enumerate(texts) if not text.strip()]
    assert blank, "the sample has pages left blank before its chapters"
    for page in blank:
        assert page % 2 == 0
        assert page + 1 in chapters or page + 1 == contents, page
        assert not reader.pages[page - 1].get_contents() or \
            "Tj" not in reader.pages[page - 1].get_contents().get_data().decode("latin-1")


def test_one_sided_print_keeps_the_page_order(sparse_layout):
    """Without two_sided: no blank pages, the contents right after the colophon, the same
    left margin on every portrait page."""
    edit(sparse_layout, "two_sided = true", "two_sided = false")
    result, output = build(sparse_layout)
    assert result.exit_code == 0, result.output
    reader = PdfReader(output)
    texts = [page.extract_text() for page in reader.pages]
    assert all(text.strip() for text in texts[1:])
    assert page_of_line(texts, "Innehåll") == 2
    inner = THEME.length("margin_inner_mm")
    for page in reader.pages[1:]:
        if float(page.mediabox.width) < float(page.mediabox.height):
            assert _left_edge(page) == pytest.approx(inner, abs=0.05)
