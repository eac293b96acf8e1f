"""A numbered table as one flowable: its caption above, the table, its notes below.

In: the caption and note paragraphs, a ``TableSource`` (the cell data, the style commands,
the column widths, how many leading rows — legend and column headers — repeat on every page,
which body rows are group rows and which rows belong to which group), the "(forts.)"
caption, and the fewest body rows a page may hold of a split table.
Out: a flowable that splits between rows so that
- every page of the table starts with the caption, marked "(forts.)" after the first, and
  the repeated header rows, and ends with the ``tail_rows`` summary rows (region, comparison
  counties, Riket), so that each page compares its units with them;
- a page that starts inside a group (a city's stadsdelar) repeats the group's row;
- a table that fits on one page (``page_height``) is never split: it is moved on whole
  (only a table that stands at the top of a page under its heading and lead-in, which
  together do not fit, is split there);
- the notes stay with the table's last rows (never alone at the top of a page);
- a group row is never the last row of a page;
- a part holds at least ``min_rows`` unit rows besides the summary rows, so that no page
  carries just a row or two;
- the last page of a split table is at least half full: rows move on to it from the page
  before, which stays at least two thirds full (``frame_height``, the page's text height).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from regionreport.render.tags.paragraphs import tagger_of
from regionreport.render.tags.tables import TableTags


TOP_OF_PAGE = 0.85     # this much of a page left: the table starts near the top of one
HALF_FULL = 0.5        # the last page of a split table is filled at least this far ...
BALANCED_FILL = 2 / 3  # ... by rows from the page before, which stays this full


@dataclass(frozen=True)
class TableSource:
    """Everything needed to build the reportlab table of any run of body rows.

    ``commands`` are TableStyle commands on the whole table; a command on a single body row
    (``y0 == y1 >= header_rows``) follows its row into a part, every other command (header
    rows, or ranges that end at -1) applies to each part as it is."""

    data: list
    commands: list
    widths: list[float]
    header_rows: int
    group_rows: frozenset[int] = frozenset()
    group_of: dict = field(default_factory=dict)   # body row -> the group row above it
    tags: TableTags | None = None   # the table's structure (tagged PDF), for all its parts

    def table(self, body: list[int], first: bool = True) -> Table:
        """The table of the header rows and the body rows ``body`` (indices into ``data``);
        ``first``: the part on the table's first page (its header rows are content, later
        ones repeat them)."""
        position = {row: self.header_rows + i for i, row in enumerate(body)}
        commands = []
        for command in self.commands:
            (_, y0), (_, y1) = command[1], command[2]
            if y0 == y1 and y0 >= self.header_rows:
                if y0 in position:
                    y = position[y0]
                    commands.append((command[0], (command[1][0], y), (command[2][0], y),
                                     *command[3:]))
            else:
                commands.append(command)
        data = self.data[:self.header_rows] + [self.data[row] for row in body]
        table = Table(data, colWidths=self.widths, repeatRows=self.header_rows, hAlign="LEFT",
                      renderCB=self.tags.render_callback(body, first) if self.tags else None)
        table.setStyle(TableStyle(commands))
        return table


class TableBlock(Flowable):
    """Caption, table and notes laid out together; see the module docstring."""

    def __init__(self, caption: Paragraph, continued_caption: Paragraph, source: TableSource,
                 notes: list[Paragraph], *, body: list[int] | None = None, min_rows: int = 4,
                 tail_rows: int = 0, space_before: float = 0.0, space_after: float = 0.0,
                 page_height: float | None = None, first: bool = True,
                 frame_height: float | None = None):
        super().__init__()
        self.source = source
        self.body = list(range(source.header_rows, len(source.data))) if body is None \
            else body
        self.table = source.table(self.body, first)
        self.caption = caption if first else continued_caption
        self.first_caption, self.continued_caption = caption, continued_caption
        self.notes = notes
        self.min_rows = min_rows
        self.tail_rows = tail_rows            # summary rows at the end (region, Riket)
        self.space_before, self.space_after = space_before, space_after
        self.page_height = page_height        # a table that fits on a page is not split
        self.frame_height = frame_height if frame_height is not None else page_height

    # -- geometry ----------------------------------------------------------------------------
    def _parts(self) -> list[tuple[Flowable, float]]:
        """The flowables top to bottom, each with the gap above it."""
        parts: list[tuple[Flowable, float]] = [(self.caption, 0.0),
                                               (self.table, self.caption.style.spaceAfter)]
        parts += [(note, note.style.spaceBefore + (2.0 if i == 0 else 0.0))
                  for i, note in enumerate(self.notes)]
        return parts

    def _heights(self, width: float) -> tuple[float, float, float]:
        """Caption (with its gap), table, notes (with their gaps) at this width."""
        caption = self.caption.wrap(width, 1e6)[1] + self.caption.style.spaceAfter
        table = self.table.wrap(width, 1e6)[1]
        notes = sum(note.wrap(width, 1e6)[1] + gap for note, gap in self._parts()[2:])
        return caption, table, notes

    def getSpaceBefore(self) -> float:
        return max(self.space_before, self.caption.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return self.space_after   # unlike a Spacer, dropped at the foot of a page

    def wrap(self, availWidth, availHeight):
        caption, table, notes = self._heights(availWidth)
        self.width = availWidth           # caption and notes run the frame's width
        self.height = caption + table + notes
        return self.width, self.height

    # -- splitting ---------------------------------------------------------------------------
    def split(self, availWidth, availHeight):
        caption, table, notes = self._heights(availWidth)
        if self.page_height is not None and caption + table + notes <= self.page_height \
                and availHeight < self.page_height * TOP_OF_PAGE:
            return []       # fits on a page: moved on whole, never cut in two (unless a
            #                 heading above it at the top of its page leaves too little)
        heights = self.table._rowHeights
        repeat = self.source.header_rows
        total = len(heights)
        tail = self.tail_rows
        units_end = total - tail            # the summary rows follow the unit rows
        tail_height = sum(heights[units_end:])
        room = availHeight - caption
        # the most unit rows that fit here with the summary rows below them
        n, used = repeat, sum(heights[:repeat])
        while n < units_end and used + heights[n] + tail_height <= room:
            used += heights[n]
            n += 1
        if n == units_end:                  # every row fits but the notes do not
            while n > repeat and used + tail_height + notes > room:
                n -= 1
                used -= heights[n]
        n = min(n, units_end - self.min_rows)   # the next page gets min_rows unit rows
        n = self._balanced(n, availHeight, heights, caption, tail_height, notes)
        while n - 1 >= repeat and self.body[n - 1 - repeat] in self.source.group_rows:
            n -= 1                          # a group row goes on with its rows
        if n - repeat < self.min_rows:
            return []                       # move the whole table on
        summary = self.body[units_end - repeat:]
        here, rest = self.body[:n - repeat], self.body[n - repeat:]
        group = self.source.group_of.get(rest[0])
        if group is not None and group != rest[0] and self.source.group_of.get(here[-1]) == group:
            rest = [group] + rest           # the next page starts inside a group: repeat its row
        keep = dict(min_rows=self.min_rows, space_before=self.space_before,
                    space_after=self.space_after, page_height=None, tail_rows=tail,
                    frame_height=self.frame_height)
        return [TableBlock(self.first_caption, self.continued_caption, self.source, [],
                           body=here + summary, **keep,
                           first=self.caption is self.first_caption),
                TableBlock(self.first_caption, self.continued_caption, self.source, self.notes,
                           body=rest, **keep, first=False)]

    def _balanced(self, n: int, available: float, heights: list[float], caption: float,
                  tail_height: float, notes: float) -> int:
        """Where to cut (``n``: rows on this page, headers included) so that the last page of
        the table is not left less than half full: rows move on from this page while the
        rest, which fits one page, is shorter than half of it, as long as this page stays
        at least ``BALANCED_FILL`` full and keeps ``min_rows`` unit rows."""
        page = self.frame_height
        if page is None:
            return n
        repeat = self.source.header_rows
        units_end = len(heights) - self.tail_rows
        header = sum(heights[:repeat])
        above = page - available            # what the page holds above the table

        def rest(cut: int) -> float:
            return caption + header + sum(heights[cut:units_end]) + tail_height + notes

        def here(cut: int) -> float:
            return above + caption + sum(heights[:cut]) + tail_height

        if rest(n) > page:
            return n                        # more pages follow: the last is cut later
        while (rest(n) < page * HALF_FULL and n - 1 - repeat >= self.min_rows
               and here(n - 1) >= page * BALANCED_FILL):
            n -= 1
        return n

    # -- drawing -----------------------------------------------------------------------------
    def draw(self) -> None:
        y = self.height
        for flowable, gap in self._parts():
            height = flowable.wrap(self.width, 1e6)[1] if flowable is not self.table \
                else self.table._height
            y -= gap + height
            tagger = tagger_of(self.canv)
            if flowable is self.continued_caption and tagger is not None:
                with tagger.artifact(self.canv, "Layout"):   # "(forts.)": a repeat
                    flowable.drawOn(self.canv, 0, y)
            else:
                flowable.drawOn(self.canv, 0, y)
