"""Whether a results table fits a landscape page without breaking a word.

In: a composed ``Table`` and the ``Theme`` (its fonts, the table type sizes, the cell
padding, the landscape page and its margins).
Out: ``fits_landscape`` / ``fits_portrait``: True when every column can be as wide as its
longest word (headers bold at the header size, cells in their row's font at the cell size,
the ▲/▼ marks included, a unit's name whole) and its given width, within the text width of
that page. ``compose.tables`` cuts an indicator group into more parts until each fits a
landscape page, and puts a table on one when it does not fit a portrait page. The measuring is the renderer's own
(``render.column_widths.word_minimums``), so the composer and the page agree.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from regionreport.config.theme import PAGE_SIZES_MM, Theme, mm
from regionreport.document import Table
from regionreport.render.column_widths import word_minimums
from regionreport.render.decimal_align import marked
from regionreport.render.fonts import register_fonts
from regionreport.render.results_table import unbroken
from regionreport.render.roles import is_bold


def fits_landscape(table: Table, theme: Theme) -> bool:
    """True when the table's columns can hold their longest words on a landscape page."""
    page_height_mm = PAGE_SIZES_MM[str(theme.page["size"])][1]      # landscape: the width
    return words_width(table, theme) <= mm(page_height_mm
                                           - 2 * float(theme.page["landscape_margin_mm"]))


def fits_portrait(table: Table, theme: Theme) -> bool:
    """True when the table's columns can hold their longest words on a portrait page."""
    return words_width(table, theme) <= mm(theme.text_width_mm())


def words_width(table: Table, theme: Theme) -> float:
    """The narrowest the table can be (points): every column its given width and at least
    its longest word."""
    fonts = register_fonts(theme)
    header, cell = theme.size("table_header_pt"), theme.size("table_pt")
    rows = [([(c.text, c.span) for c in line], fonts["bold"], header) for line in table.header]
    for row in table.rows:
        if row.role != "group":
            texts = [marked(c.text, c.style, theme.markers) for c in row.cells]
            rows.append(([(unbroken(texts[0]) if texts else "", 1)] + [(t, 1) for t in texts[1:]],
                         fonts["bold" if is_bold(row) else "regular"], cell))
    padding = theme.measure("tables", "cell_padding_pt")
    indent = theme.measure("tables", "indent_mm") if any(r.indent for r in table.rows) else 0.0
    need = word_minimums(rows, len(table.column_widths_mm), padding, stringWidth,
                         first_extra=indent)
    return sum(max(n, mm(w)) if w is not None else n
               for n, w in zip(need, table.column_widths_mm))
