"""The renderer-agnostic document tree: what the report says, already formatted.

In: nothing (plain frozen dataclasses the composer fills in).
Out: ``Document`` = ``Meta`` + a tuple of blocks (cover, contents, headings, paragraphs, lists,
notes, images, indicator cards, tables, charts, page breaks). Text is plain Unicode (never markup):
renderers escape it. Styles are *names* ("positive", "region_row"), never colours or fonts;
a theme maps them. No reportlab or matplotlib here, so a second renderer (xlsx, HTML) reads
the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regionreport.charts.spec import BarChartSpec, SeriesChartSpec


@dataclass(frozen=True)
class Meta:
    """Title page and running header facts, PDF metadata."""

    title: str
    region: str
    organisation: str
    author: str
    date: str
    subject: str
    language: str = "sv-SE"
    running_title: str = ""
    two_sided: bool = False      # mirrored margins and running heads, chapters on odd pages


@dataclass(frozen=True)
class Span:
    """A run of inline text with its emphasis, link target or footnote number."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    note: int | None = None      # a footnote reference: ``text`` is its number


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of ``spans`` in a theme style; ``heading_level`` 1–6 makes it a heading of
    the document's structure at that level (a handout's title, a lead-in above a list),
    printed in its own style, without a number or an entry in the contents."""

    spans: tuple[Span, ...]
    style: str = "body"          # a style of the theme: body, quote, lead, bullet, reference ...
    heading_level: int = 0


@dataclass(frozen=True)
class BulletList:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class NumberedList:
    """Items numbered ``start``, ``start`` + 1, ... with ``delimiter`` after the number
    ("1." or "1)", as the prose writes them)."""

    items: tuple[Paragraph, ...]
    start: int = 1
    delimiter: str = "."


@dataclass(frozen=True)
class Image:
    """A picture from the report's folder: an existing PNG or JPEG file (absolute ``path``),
    its size in pixels, the resolution the file states (dots per inch, or None), and its alt
    text, what the picture shows for a reader who cannot see it (never empty)."""

    path: str
    alt: str
    width_px: int
    height_px: int
    dpi: tuple[float, float] | None = None


@dataclass(frozen=True)
class Notes:
    """Numbered notes (footnotes printed at the end of their section), with their URLs."""

    items: tuple[tuple[int, Paragraph], ...]
    heading: str


@dataclass(frozen=True)
class Heading:
    """A numbered heading ("3.1.2.1"); ``level`` 1–4; ``key`` is unique (bookmarks)."""

    number: str
    text: str
    level: int
    key: str


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    lines: tuple[str, ...]       # region, organisation, author, date ...
    note: str = ""
    logo: Image | None = None    # the organisation's logo (PNG, JPEG or SVG), placed by the theme


@dataclass(frozen=True)
class Colophon:
    """The colophon page: labelled facts (publisher, author, contact, report number, where
    to download, date, data sources) in order, and a closing note; printed at the page's foot."""

    entries: tuple[tuple[str, str], ...]
    note: str = ""


@dataclass(frozen=True)
class ListOfCaptions:
    """A list of the report's table captions (``what`` = "tables") or figure captions
    ("figures") with their pages, under ``heading``; ``follows_contents``: it comes right
    after the contents, on the same page where there is room."""

    heading: str
    what: str = "tables"
    follows_contents: bool = False


@dataclass(frozen=True)
class Contents:
    heading: str


@dataclass(frozen=True)
class PageBreak:
    orientation: str = "portrait"   # the orientation of the pages that follow


@dataclass(frozen=True)
class CardField:
    label: str
    paragraphs: tuple[str, ...]      # one or more paragraphs of plain text
    numbered: bool = False           # print the paragraphs as 1., 2., ... (questions)


@dataclass(frozen=True)
class IndicatorCard:
    title: str
    fields: tuple[CardField, ...]
    key: str


@dataclass(frozen=True)
class Cell:
    """A table cell: its printed text, the number behind it (for spreadsheet export), the
    decimals it is shown with, its style name and alignment."""

    text: str
    style: str = ""                  # positive | negative | missing | good | middle | bad | ""
    align: str = "center"            # left | center | right
    value: float | None = None
    decimals: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    role: str = "unit"               # unit | group | region | comparison | riket
    indent: bool = False             # a stadsdel under its city's group row


@dataclass(frozen=True)
class HeaderCell:
    text: str
    span: int = 1                    # columns covered


@dataclass(frozen=True)
class LegendItem:
    style: str
    text: str


@dataclass(frozen=True)
class Table:
    """A results table: header rows (repeated on every page), body rows, legend, notes.

    ``column_widths_mm``: a width for fixed columns, None for columns that share the rest of
    the line (up to a renderer's maximum); ``wide`` asks for a landscape page; ``subject``
    names what the table is about (its indicator area, "Bakgrund": a workbook's sheet name);
    ``kind`` is "results" (unit rows with summary rows, legend and notes), "definitions"
    (a plain list of records, one per row: the indicator definitions of the workbook) or
    "records" (a workbook sheet for analysts: one header row, a record per row, filterable;
    legend and notes, if any, below it); ``frozen_columns``: a records sheet's leading
    columns that stay in view (the unit's code and name).
    ``styles`` a prefix of the theme's table styles to use instead (``handout_``: the
    handouts' larger type).
    """

    key: str
    caption: str
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    column_widths_mm: tuple[float | None, ...]
    legend: tuple[LegendItem, ...] = ()
    notes: tuple[str, ...] = ()
    wide: bool = False
    subject: str = ""
    kind: str = "results"
    frozen_columns: int = 0
    styles: str = ""                 # a prefix of the theme's cell styles ("handout_")


@dataclass(frozen=True)
class Chart:
    """A chart and its caption; ``compact``: the same chart drawn smaller, printed instead
    where the chart's pair would otherwise leave a page less than half full (drawn only
    then, so ``Document.charts`` lists the full size); ``alt``: the chart's alternative text
    in the report's language, what it shows for a reader who cannot see it (the figure's
    /Alt in a tagged PDF; compose/chart_alt.py writes it from the spec)."""

    spec: BarChartSpec | SeriesChartSpec
    caption: str = ""
    compact: BarChartSpec | SeriesChartSpec | None = None
    alt: str = ""


@dataclass(frozen=True)
class KeepTogether:
    """Blocks that should stay on one page when they fit (a chart with its caption)."""

    blocks: tuple


@dataclass(frozen=True)
class Columns:
    """Two columns side by side on one landscape page (a one-page handout): ``head`` blocks
    across the page (the title), then ``left`` and ``right`` blocks, the left column
    ``left_fraction`` of the text width. Blocks that do not fit one page follow each other
    instead, left column first."""

    left: tuple
    right: tuple
    left_fraction: float = 0.4
    head: tuple = ()


Block = (Cover | Colophon | Contents | ListOfCaptions | Heading | Paragraph | BulletList
         | NumberedList | Notes | Image | IndicatorCard | Table | Chart | PageBreak | KeepTogether
         | Columns)


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def flat(self) -> list:
        """Every block in reading order, those inside ``KeepTogether`` and ``Columns`` (left
        column first) in their place."""
        found: list = []

        def walk(blocks) -> None:
            for block in blocks:
                if isinstance(block, KeepTogether):
                    walk(block.blocks)
                elif isinstance(block, Columns):
                    walk(block.head)
                    walk(block.left)
                    walk(block.right)
                else:
                    found.append(block)

        walk(self.blocks)
        return found

    def headings(self) -> list[Heading]:
        return [b for b in self.flat() if isinstance(b, Heading)]

    def outline(self) -> list[tuple[int, str]]:
        """(level, text) of every heading of the document's structure in reading order: the
        numbered headings (number and text) and the paragraphs with a ``heading_level``."""
        found = []
        for block in self.flat():
            if isinstance(block, Heading):
                label = f"{block.number}\u2002{block.text}" if block.number else block.text
                found.append((block.level, label))
            elif isinstance(block, Paragraph) and block.heading_level:
                found.append((block.heading_level, "".join(s.text for s in block.spans)))
        return found

    def tables(self) -> list[Table]:
        return [b for b in self.flat() if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.flat() if isinstance(b, Chart)]
