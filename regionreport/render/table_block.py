"""A numbered table as one flowable: its caption above, the table, its notes below.

In: the caption and note paragraphs, a reportlab ``Table`` whose first ``repeatRows`` rows
(legend and column headers) repeat on every page, the "(forts.)" text, and the fewest body
rows a page may hold of a split table.
Out: a flowable that splits like the table does, but so that
- every page of the table starts with the caption, marked "(forts.)" after the first;
- a table that fits on one page (``page_height``) is moved on whole rather than split when
  less than half of its rows would fit where it starts;
- the notes stay with the table's last rows (never alone at the top of a page);
- a group row (a city's stadsdelar, an indicator area) is never the last row of a page;
- a part holds at least ``min_rows`` body rows, and the last part that many besides the
  ``tail_rows`` summary rows (region, Riket), so that no page carries just a row or two.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table


class TableBlock(Flowable):
    """Caption, table and notes laid out together; see the module docstring."""

    def __init__(self, caption: Paragraph, continued_caption: Paragraph, table: Table,
                 notes: list[Paragraph], *, min_rows: int = 4, tail_rows: int = 0,
                 space_after: float = 0.0, page_height: float | None = None,
                 group_rows: frozenset[int] = frozenset(), space_before: float = 0.0,
                 first: bool = True):
        super().__init__()
        self.space_before = space_before
        self.group_rows = group_rows        # rows that head the rows below them (city, area)
        self.page_height = page_height      # a table that fits on a page is not split
        self.tail_rows = tail_rows          # summary rows at the end (region, Riket)
        self.space_after = space_after
        self.caption = caption if first else continued_caption
        self.continued_caption = continued_caption
        self.table = table
        self.notes = notes
        self.min_rows = min_rows
        self.first = first

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
        heights = self.table._rowHeights
        repeat = self.table.repeatRows
        total = len(heights)
        room = availHeight - caption
        # the most rows that fit here, leaving min_rows body rows (and the notes) to the next part
        n, used = repeat, sum(heights[:repeat])
        while n < total and used + heights[n] <= room:
            used += heights[n]
            n += 1
        if (self.page_height is not None and caption + table + notes <= self.page_height
                and 2 * (n - repeat) < total - repeat):
            return []       # less than half fits here: whole on the next page, not in two parts
        if n == total:                      # all rows fit but the notes do not: keep some back
            while n > repeat and used + notes > room:
                n -= 1
                used -= heights[n]
        n = min(n, total - self.min_rows - self.tail_rows)
        while n - 1 in self.group_rows and n - 1 >= repeat:
            n -= 1                          # a group row goes on with its rows
        if n - repeat < self.min_rows:
            return []                       # move the whole table on
        parts = self.table.split(availWidth, sum(heights[:n]) + 0.01)
        if len(parts) != 2:
            return []
        keep = dict(min_rows=self.min_rows, space_after=self.space_after,
                    page_height=self.page_height, space_before=self.space_before)
        later = frozenset(r - n + repeat for r in self.group_rows if r >= n)
        return [TableBlock(self.caption, self.continued_caption, parts[0], [], **keep,
                           first=True),
                TableBlock(self.caption, self.continued_caption, parts[1], self.notes, **keep,
                           tail_rows=self.tail_rows, group_rows=later, first=False)]

    # -- drawing -----------------------------------------------------------------------------
    def draw(self) -> None:
        y = self.height
        for flowable, gap in self._parts():
            height = flowable.wrap(self.width, 1e6)[1] if flowable is not self.table \
                else self.table._height
            y -= gap + height
            flowable.drawOn(self.canv, 0, y)
