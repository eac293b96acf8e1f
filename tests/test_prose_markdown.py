"""Prose Markdown: numbered lists and images in the PDF, and every construct the prose does not
support refused with the file and line (docs/layout-format.md, "Prose")."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from regionreport.cli import main
from regionreport.compose.prose import parse_prose
from regionreport import paths
from regionreport.config.theme import load_theme, mm
from regionreport.document import BulletList, Image, NumberedList, Paragraph
from regionreport.errors import InputError
from regionreport.runner import load_report_layout, prepare

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402

OLD_THEME = Path(__file__).parent / "data" / "themes" / "default-0.1.toml"   # as of 0.1
DEFAULT_THEME = paths.theme_path(paths.DEFAULT_THEME)
MM_PER_INCH = 25.4


def write_png(path: Path, width: int, height: int, dpi: float | None = None) -> Path:
    """A PNG of a colour gradient, written by hand; with a pHYs chunk when ``dpi`` is given
    (otherwise the file states no resolution)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128))
                                       for x in range(width)) for y in range(height))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
    if dpi is not None:
        per_metre = round(dpi / 0.0254)
        data += chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    data += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_jpeg(path: Path, width: int, height: int, dpi: int) -> Path:
    """A JPEG photo-like gradient written by matplotlib, stating ``dpi``."""
    pixels = np.linspace(0.0, 1.0, width * height * 3).reshape(height, width, 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    plt.imsave(path, pixels, dpi=dpi)
    return path


def build(layout: Path, *extra: str):
    output = layout.parent / "report.pdf"
    result = CliRunner().invoke(main, ["build", str(layout), "-o", str(output), "--no-charts",
                                       *extra])
    return result, output


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_images(pdf: Path) -> list[dict[str, str]]:
    """The images of a PDF as ``pdfimages -list`` shows them (page, width, height, enc,
    x-ppi, y-ppi ...), in page order."""
    lines = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split())) for line in lines[2:]]


PROSE = """Inledningen har tre steg och två bilder.

1. Läs **resultaten** för din kommun.[^oj]
2. Jämför med länet
   och riket.
3. Diskutera i nämnden.

Ett stycke mellan listorna, med "< 5 %" och A & B.

4. Fortsätt arbetet.
5. Följ upp.

![Diagram över andelen med ekonomiskt bistånd per kommun](bilder/stapel.png)

![Foto av ett samtalsrum](bilder/rum.jpg)

![Bred tidslinje 2011–2015](../breda/tidslinje.png)

[^oj]: Socialstyrelsen: https://www.socialstyrelsen.se/
"""


@pytest.fixture
def illustrated(sparse_layout):
    """The sparse layout whose introduction has numbered lists and three images."""
    folder = sparse_layout.parent / "jonkoping-2015"
    (folder / "inledning.md").write_text(PROSE, encoding="utf-8")
    write_png(folder / "bilder" / "stapel.png", 300, 150, dpi=150)
    write_jpeg(folder / "bilder" / "rum.jpg", 120, 80, dpi=100)
    write_png(sparse_layout.parent / "breda" / "tidslinje.png", 3000, 300)
    return sparse_layout


def test_numbered_lists_and_images_in_the_pdf(illustrated):
    result, output = build(illustrated)
    assert result.exit_code == 0, result.output
    text = pdf_text(output)
    items = [re.search(pattern, text) for pattern in (
        r"1\.\s+Läs resultaten för din kommun\.", r"2\.\s+Jämför med länet och riket\.",
        r"3\.\s+Diskutera i nämnden\.", r"Ett stycke mellan listorna, med \"< 5 %\" och A & B\.",
        r"4\.\s+Fortsätt arbetet\.", r"5\.\s+Följ upp\.")]
    assert all(items), [bool(item) for item in items]
    starts = [item.start() for item in items]
    assert starts == sorted(starts)
    images = [i for i in pdf_images(output) if i["page"] != "1"]   # not the cover's logo
    assert [(i["width"], i["height"], i["enc"]) for i in images] == [
        ("300", "150", "image"), ("120", "80", "jpeg"), ("3000", "300", "image")]
    # Printed at the resolution the file states; the wide one (3000 px at the default 96 dpi,
    # 794 mm) made as wide as the text area (168 mm), keeping its proportions.
    assert (images[0]["x-ppi"], images[0]["y-ppi"]) == ("150", "150")
    assert (images[1]["x-ppi"], images[1]["y-ppi"]) == ("100", "100")
    text_width_in = load_theme(DEFAULT_THEME).text_width_mm() / MM_PER_INCH
    assert images[2]["x-ppi"] == images[2]["y-ppi"] == str(round(3000 / text_width_in))


def test_the_document_tree_keeps_the_alt_text_and_the_numbers(illustrated):
    layout = load_report_layout(illustrated, charts=False)
    blocks = prepare(layout).document.blocks
    images = [b for b in blocks if isinstance(b, Image)]
    assert [(i.alt, Path(i.path).name, i.width_px, i.height_px) for i in images] == [
        ("Diagram över andelen med ekonomiskt bistånd per kommun", "stapel.png", 300, 150),
        ("Foto av ett samtalsrum", "rum.jpg", 120, 80),
        ("Bred tidslinje 2011–2015", "tidslinje.png", 3000, 300)]
    assert images[2].dpi is None and images[0].dpi == pytest.approx((150, 150), abs=0.1)
    lists = [b for b in blocks if isinstance(b, NumberedList)]
    assert [(lst.start, len(lst.items)) for lst in lists] == [(1, 3), (4, 2)]


def test_a_theme_written_for_0_1_prints_lists_and_images_as_the_default(illustrated):
    """The [images] table and the style of numbered lists are taken from the bundled default
    theme when a theme lacks them."""
    result, default_pdf = build(illustrated)
    assert result.exit_code == 0, result.output
    default_bytes = default_pdf.read_bytes()
    shutil.copy(OLD_THEME, illustrated.parent / "old.toml")
    text = illustrated.read_text(encoding="utf-8")
    illustrated.write_text(text.replace("[options]\n", '[options]\ntheme = "old.toml"\n', 1),
                           encoding="utf-8")
    result, old_pdf = build(illustrated)
    assert result.exit_code == 0, result.output
    # the images at the default's sizes (the 0.1 theme keeps its own table type and colours,
    # so the pages themselves differ)
    sizes = [box[2:] for box in image_boxes(old_pdf)]
    assert sizes and sizes == [box[2:] for box in image_boxes(default_pdf)]
    assert default_bytes
    assert "[images]" not in OLD_THEME.read_text(encoding="utf-8")


def image_boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in pt of every image drawn on the pages, in order."""
    boxes = []
    for page in PdfReader(pdf).pages:
        content = page.get_contents().get_data().decode("latin-1")
        boxes += [tuple(float(v) for v in m.groups()) for m in re.finditer(
            r"1 0 0 1 ([\d.]+) ([\d.]+) cm\s*q\s*([\d.]+) 0 0 ([\d.]+) 0 0 cm\s*/\S+ Do",
            content)]
    return boxes


def test_the_theme_places_the_images(illustrated):
    """Centred at the stated size by default; a theme may align them left and read a file
    without a stated resolution at another dpi."""
    write_png(illustrated.parent / "breda" / "tidslinje.png", 600, 60)    # 6.25 in at 96 dpi
    result, output = build(illustrated)
    assert result.exit_code == 0, result.output
    default = load_theme(DEFAULT_THEME)
    left, frame = mm(default.page["margin_inner_mm"]), mm(default.text_width_mm())
    x, _, width, height = image_boxes(output)[2]
    assert (width, height) == pytest.approx((600 * 72 / 96, 60 * 72 / 96))
    assert x == pytest.approx(left + (frame - width) / 2)
    theme = illustrated.parent / "themes" / "left.toml"
    theme.parent.mkdir()
    theme.write_text('extends = "default"\n[images]\nalignment = "left"\ndefault_dpi = 300\n',
                     encoding="utf-8")
    text = illustrated.read_text(encoding="utf-8")
    illustrated.write_text(text.replace("[options]\n", '[options]\ntheme = "left"\n', 1),
                           encoding="utf-8")
    result, output = build(illustrated)
    assert result.exit_code == 0, result.output
    x, _, width, height = image_boxes(output)[2]
    assert (x, width, height) == pytest.approx((left, 600 * 72 / 300, 60 * 72 / 300))
    assert [i for i in pdf_images(output) if i["page"] != "1"][2]["x-ppi"] == "300"


def parse(text: str, root=None):
    return parse_prose(text, {"år": "2015"}, file="x.md", notes_heading="Noter", root=root)


@pytest.mark.parametrize("text, expected", [
    ("1. ett\n2. två\n3. tre", (1, ".", ["ett", "två", "tre"])),
    ("1) ett\n1) två\n1) tre", (1, ")", ["ett", "två", "tre"])),       # numbered as written 1.
    ("7. sju\n8. åtta", (7, ".", ["sju", "åtta"])),
    ("1. ett som\nfortsätter lat\n2. två", (1, ".", ["ett som fortsätter lat", "två"])),
])
def test_numbered_lists(text, expected):
    (block,), _ = parse(text)
    assert isinstance(block, NumberedList)
    assert (block.start, block.delimiter, ["".join(s.text for s in item.spans)
                                           for item in block.items]) == expected
    assert {item.style for item in block.items} == {"numbered"}


def test_a_list_may_follow_a_paragraph_line_and_a_year_does_not_start_one():
    blocks, _ = parse("Tre saker:\n- ett\n- två\n\nSiffrorna gäller\n2015. Och\n1. ett\n")
    assert [type(b) for b in blocks] == [Paragraph, BulletList, Paragraph, NumberedList]
    assert "".join(s.text for s in blocks[2].spans) == "Siffrorna gäller 2015. Och"


def test_inline_markdown_escapes_and_plain_signs():
    (block,), _ = parse("**fet *kursiv* fet**, __fet__, _kursiv_, snake_case, "
                        "\\*stjärnor\\*, \\<b>, < 5 %, a < b > c, R&D & co, "
                        "<https://example.se/a_b>.")
    spans = [(s.text, s.bold, s.italic, s.href) for s in block.spans]
    assert spans == [
        ("fet ", True, False, None), ("kursiv", True, True, None), (" fet", True, False, None),
        (", ", False, False, None), ("fet", True, False, None), (", ", False, False, None),
        ("kursiv", False, True, None),
        (", snake_case, *stjärnor*, <b>, < 5 %, a < b > c, R&D & co, ", False, False, None),
        ("https://example.se/a_b", False, False, "https://example.se/a_b"),
        (".", False, False, None)]


SUPPORTED = ("prose supports paragraphs, '- ' and '1. ' lists, '> ' quotes, ![alt text](path) "
             "images, **bold**, *italic*, [text](url) and footnotes [^name]")


@pytest.mark.parametrize("construct, line, problem", [
    ("| Kommun | Andel |\n|---|---|\n| Aneby | 3 |", 3, "tables are not supported in prose"),
    ("Kommun | Andel\n--- | ---", 4, "tables are not supported in prose"),
    ("<div>Text</div>", 3, "raw HTML ('<div>') is not supported in prose"),
    ("En mening med <b>fet</b> text.", 3, "raw HTML ('<b>') is not supported in prose"),
    ("Text\nmer <!-- anteckning -->", 4, "raw HTML ('<!--') is not supported in prose"),
    ("```\nkod\n```", 3, "code blocks are not supported in prose"),
    ("    indragen kod", 3, "indented lines (code blocks in Markdown) are not supported"),
    ("Med `kod` i.", 3, "code ('`kod`') is not supported in prose"),
    ("> Ett citat\n> > i ett citat", 4, "quotes inside quotes are not supported in prose"),
    ("> - en lista i ett citat", 3, "a quote holds one paragraph of text, not lists"),
    ("## Rubrik", 3, "headings do not belong in prose files"),
    ("Rubrik\n======", 4, "headings do not belong in prose files: a line of '=' or '-'"),
    ("Rubrik\n---", 4, "headings do not belong in prose files: a line of '=' or '-'"),
    ("---", 3, "horizontal rules ('---', '***') are not supported in prose"),
    ("* * *", 3, "horizontal rules ('---', '***') are not supported in prose"),
    ("- ett\n  - ett och ett", 4, "nested lists and quotes inside list items are not"),
    ("- ett\n\n  andra stycket", 5, "a list item has more than one paragraph"),
    ("  - indragen punkt", 3, "an indented list item is not supported in prose"),
    ("Text\n  - indragen punkt", 4, "an indented list item is not supported in prose"),
    ("Se [rapporten][1].", 3, "reference-style links ('[rapporten][1]') are not supported"),
    ("[1]: https://example.se", 3, "reference-style link definitions are not supported"),
    ("Se [här](https://example.se \"Titel\").", 3, "the link '[här](https://example.se "),
    ("Mellan&nbsp;ord.", 3, "HTML character references ('&nbsp;') are not supported"),
    ("~~struken~~", 3, "strikethrough ('~~struken~~') is not supported in prose"),
    ("Rad med brytning\\\nnästa", 3, "a backslash at the end of a line (a line break)"),
    ("**fet utan slut", 3, "'**' is not closed"),
    ("1. ett\n3. tre", 4, "list item 3. follows item 1."),
    ("Text ![Bild](bild.png) i en mening.", 3, "an image ('![Bild](bild.png)') must stand"),
])
def test_unsupported_markdown_is_refused_with_file_and_line(sparse_layout, construct, line,
                                                            problem):
    prose = sparse_layout.parent / "jonkoping-2015" / "del1.md"
    prose.write_text(f"Första stycket är vanlig text.\n\n{construct}\n", encoding="utf-8")
    result, output = build(sparse_layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {prose}, line {line}: {problem}"), result.output
    assert "Traceback" not in result.output and not output.exists()


def test_the_message_of_a_refused_construct_says_what_is_supported():
    with pytest.raises(InputError) as error:
        parse("Text.\n\n| a | b |\n")
    assert error.value.message == (
        "x.md, line 3: tables are not supported in prose (results tables are sections of the "
        "layout; write a few figures as a list, or \\| for a bar that begins a line; "
        + SUPPORTED + ")")


@pytest.mark.parametrize("target, make, problem", [
    ("bild.png", None, "image file 'bild.png' not found (create "),
    ("../../utanfor.png", "../../utanfor.png", "the image path '../../utanfor.png' leads "
                                               "outside the report's folder "),
    ("/tmp/bild.png", None, "the image path '/tmp/bild.png' is not a path relative to the "
                            "prose file"),
    ("https://example.se/bild.png", None, "the image path 'https://example.se/bild.png' is "
                                          "not a path relative to the prose file"),
    ("text.png", "text", "image file 'text.png' cannot be read as a PNG or JPEG image"),
    ("bild.gif", "gif", "image file 'bild.gif' is a GIF image, not PNG or JPEG"),
])
def test_image_mistakes(sparse_layout, target, make, problem):
    folder = sparse_layout.parent / "jonkoping-2015"
    if make == "text":
        (folder / target).write_text("inte en bild", encoding="utf-8")
    elif make == "gif":
        plt.imsave(folder / target, np.zeros((4, 4, 3)))
    elif make is not None:
        write_png((folder / make).resolve(), 10, 10)
    prose = folder / "del1.md"
    prose.write_text(f"Text.\n\n![En bild]({target})\n", encoding="utf-8")
    result, _ = build(sparse_layout)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {prose}, line 3: {problem}"), result.output


def test_an_image_needs_alt_text(sparse_layout):
    folder = sparse_layout.parent / "jonkoping-2015"
    write_png(folder / "bild.png", 10, 10)
    prose = folder / "del1.md"
    prose.write_text("Text.\n\n![](bild.png)\n", encoding="utf-8")
    result, _ = build(sparse_layout)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {prose}, line 3: the image 'bild.png' has no alt text (write what the image "
        "shows between the brackets, e.g. ![Karta över länets kommuner](karta.png)")


def test_an_image_path_inside_the_folder_may_leave_the_prose_folder(tmp_path):
    write_png(tmp_path / "figurer" / "a.png", 8, 4)
    prose = tmp_path / "text" / "a.md"
    (block,), _ = parse_prose("![Figur A](../figurer/a.png)", {}, file=prose,
                              notes_heading="Noter", root=tmp_path)
    assert block == Image(path=str((tmp_path / "figurer" / "a.png").resolve()), alt="Figur A",
                          width_px=8, height_px=4, dpi=None)
    with pytest.raises(InputError, match="leads outside the report's folder"):
        parse_prose("![Figur A](../figurer/a.png)", {}, file=prose, notes_heading="Noter",
                    root=prose.parent)
