"""The structure of a results table drawn in parts over several pages.

In: the shape of the table's rows in its ``TableSource`` data (how many legend rows and
column-header rows lead it, the header cells' spans, which data rows are group rows and
which are summary rows), the text to read for cells whose marks carry meaning (▲/▼), and an
id that is unique in the document.
Out: ``TableTags``: one Table element for all the parts, with a Caption (the caption and the
legend), THead rows of TH (Scope Column, ColSpan, ID), TBody rows whose first cell is a TH
(Scope Row) and whose other cells are TD with ``Headers`` (the ids of their column's and
row's headers); ``render_callback(body, first)`` gives the reportlab ``renderCB`` for the
part of the table with those data rows: it draws each cell as marked content of its element
and the fills, the grid, the header rows and the legend repeated on later pages, a group
row repeated on the next page and the summary rows of every part but the last as artifacts.
"""

from __future__ import annotations

from regionreport.render.tags.paragraphs import tagger_of
from regionreport.render.tags.tree import Element


class TableTags:
    """See the module docstring. ``spans``: per column-header row, (column, span) of each
    header cell that starts there; ``columns``: the number of columns; ``body``: the data
    indices of every body row in order; ``summary``: the data indices of the summary rows;
    ``groups``: of the group rows; ``actual_text``: (data row, column) -> the text a
    screen reader reads instead of the printed one."""

    def __init__(self, identifier: str, *, legend_rows: int, spans: list[list[tuple[int, int]]],
                 columns: int, body: list[int], summary: set[int], groups: set[int],
                 actual_text: dict[tuple[int, int], str] | None = None):
        self.identifier = identifier
        self.legend_rows = legend_rows
        self.header_rows = legend_rows + len(spans)
        self.columns = columns
        self.summary = set(summary)
        self.groups = set(groups)
        self.last_unit = max((row for row in body if row not in self.summary), default=None)
        self.table = Element("Table")
        self.caption = Element("Caption", parent=self.table)
        head = Element("THead", parent=self.table)
        self.tbody = Element("TBody", parent=self.table)
        self.cells: dict[tuple[int, int], Element] = {}
        column_headers: dict[int, list[str]] = {c: [] for c in range(columns)}
        for offset, row_spans in enumerate(spans):
            y = legend_rows + offset
            tr = Element("TR", parent=head)
            for x, span in row_spans:
                th = Element("TH", parent=tr, attributes={"ID": self._id(y, x)},
                             a_table={"Scope": "Column", **({"ColSpan": span} if span > 1 else {})})
                self.cells[y, x] = th
                for covered in range(x, min(x + span, columns)):
                    column_headers[covered].append(self._id(y, x))
        self._column_headers = column_headers
        self._actual = dict(actual_text or {})
        self._rows: dict[int, Element] = {}
        self._drawn_pass: object = None
        self._drawn: set[int] = set()

    def _id(self, row: int, column: int) -> str:
        return f"{self.identifier}-r{row}-c{column}"

    def _row(self, data_row: int) -> Element:
        """The TR of a body row and its cells, made when first needed."""
        tr = self._rows.get(data_row)
        if tr is None:
            tr = self._rows[data_row] = Element("TR", parent=self.tbody)
        return tr

    def _cell(self, data_row: int, column: int, span: int) -> Element:
        element = self.cells.get((data_row, column))
        if element is not None:
            return element
        tr = self._row(data_row)
        row_header = self._id(data_row, 0)
        if column == 0:
            element = Element("TH", parent=tr, attributes={"ID": row_header},
                              a_table={"Scope": "Row",
                                       **({"ColSpan": span} if span > 1 else {})})
        else:
            element = Element("TD", parent=tr,
                              a_table={"Headers": self._column_headers.get(column, [])
                                       + [row_header]})
        text = self._actual.get((data_row, column))
        if text is not None:
            element.attributes["ActualText"] = text
        self.cells[data_row, column] = element
        return element

    # -- drawing --------------------------------------------------------------------------
    def render_callback(self, body: list[int], first: bool):
        """reportlab's ``renderCB`` for the part of the table with the data rows ``body``
        (after the header rows); ``first``: the part on the table's first page."""
        last = self.last_unit is None or self.last_unit in body
        rows = list(range(self.header_rows)) + list(body)

        def callback(table, event, *args):
            tagger = tagger_of(table.canv)
            if tagger is None:
                return
            canvas = table.canv
            if event == "startTable":
                if self._drawn_pass is not tagger.pass_token:   # a new multiBuild pass
                    self._drawn_pass, self._drawn = tagger.pass_token, set()
                callback.earlier = set(self._drawn)
            elif event == "endTable":
                self._drawn.update(body)
            elif event in ("startBG", "startLines"):
                tagger.begin_artifact(canvas, "Layout")
            elif event == "startCell":
                element = self._element_of(rows[args[0]], args[1], first, last,
                                           callback.earlier)
                if element is None:
                    tagger.begin_artifact(canvas, "Layout")
                else:
                    tagger.begin_marked(canvas, element)
            elif event in ("endBG", "endLines", "endCell"):
                tagger.end(canvas)

        callback.earlier = set()
        return callback

    def _element_of(self, data_row: int, column: int, first: bool, last: bool,
                    earlier: set[int]) -> Element | None:
        """The element a cell is drawn as, or None where it is drawn as an artifact: the
        legend and header rows after the first page, the summary rows of every part but the
        last, a group row repeated at the top of the next page (``earlier``: the rows that
        parts before this one drew)."""
        if data_row < self.legend_rows:
            return self.caption if first else None
        if data_row < self.header_rows:
            return self.cells.get((data_row, column)) if first else None
        if data_row in self.summary and not last:
            return None
        if data_row in earlier:
            return None
        span = self.columns if data_row in self.groups and column == 0 else 1
        return self._cell(data_row, column, span)


class CardTags:
    """The structure of a table of labelled fields drawn in parts (an indicator card): a
    Table element whose Caption is the title row and whose rows each hold the label as a TH
    (Scope Row, with an ID) and the value as a TD whose ``Headers`` name that TH.
    ``render_callback(offset, continued)`` is the ``renderCB`` of a part whose rows below its
    title row are the card's rows from ``offset``; a continued part's title ("(forts.)") and
    every fill and rule are artifacts."""

    def __init__(self, identifier: str, *, title_row: bool = True):
        self.identifier = identifier
        self.title_row = title_row          # False: no title row, no Caption (the colophon)
        self.table = Element("Table")
        self.caption = Element("Caption", parent=self.table)
        self.tbody = Element("TBody", parent=self.table)
        self._cells: dict[tuple[int, int], Element] = {}

    def _cell(self, row: int, column: int) -> Element:
        element = self._cells.get((row, column))
        if element is None:
            header = f"{self.identifier}-r{row}"
            tr = self._cells.get((row, -1))
            if tr is None:
                tr = self._cells[row, -1] = Element("TR", parent=self.tbody)
            if column == 0:
                element = Element("TH", parent=tr, attributes={"ID": header},
                                  a_table={"Scope": "Row"})
            else:
                element = Element("TD", parent=tr, a_table={"Headers": [header]})
            self._cells[row, column] = element
        return element

    def render_callback(self, offset: int, continued: bool):
        def callback(table, event, *args):
            tagger = tagger_of(table.canv)
            if tagger is None:
                return
            if event in ("startBG", "startLines"):
                tagger.begin_artifact(table.canv, "Layout")
            elif event == "startCell":
                row, column = args[0], args[1]
                if not self.title_row:
                    element = self._cell(offset + row, column)
                elif row == 0:
                    element = None if continued else self.caption
                else:
                    element = self._cell(offset + row - 1, column)
                if element is None:
                    tagger.begin_artifact(table.canv, "Layout")
                else:
                    tagger.begin_marked(table.canv, element)
            elif event in ("endBG", "endLines", "endCell"):
                tagger.end(table.canv)
        return callback
