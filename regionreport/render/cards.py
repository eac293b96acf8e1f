"""Indicator cards on the page: a boxed two-column table under the indicator's title.

In: ``IndicatorCard`` blocks (labelled fields of plain text) and the ``RenderState``.
Out: a ``CardFlowable`` per card, on a portrait page. A card stays on one page when it fits;
otherwise it splits only where at least the theme's ``[cards] min_rows_per_page`` rows stay
on each side (keeping rows back for the next page rather than leaving a half-empty one), and
the continuation repeats the title with "(forts.)". The last card before a landscape table
moves on whole (``whole_within``, set by ``story.to_flowables``).
"""

from __future__ import annotations

import functools

from reportlab.platypus import Flowable, Table, TableStyle

from regionreport import document as doc
from regionreport.render import markup
from regionreport.render.story import RenderState, converts, orient
from regionreport.render.styles import Styles
from regionreport.render.tags.paragraphs import TextParagraph
from regionreport.render.tags.tables import CardTags


@converts(doc.IndicatorCard)
def _card(block: doc.IndicatorCard, state: RenderState) -> list[Flowable]:
    styles = state.styles
    link = styles.theme.colour("link")
    rows = []
    for field in block.fields:
        values = []
        for index, text in enumerate(field.paragraphs, start=1):
            prefix = f"{index}. " if field.numbered else ""
            values.append(TextParagraph(prefix + markup.spans((doc.Span(text),), link),
                                    styles["card_paragraph" if len(field.paragraphs) > 1
                                           else "card"]))
        rows.append([TextParagraph(markup.text(field.label), styles["card_label"]), values])
    card = CardFlowable(block.title, rows, styles, state.portrait_width,
                        tags=CardTags(state.next_table_id()))
    return orient(state, "portrait") + [card]


class CardFlowable(Flowable):
    """An indicator card: a boxed two-column table under its title row. It stays on one page
    when it fits; otherwise it splits only where at least ``min_rows_per_page`` rows stay on
    each side (keeping rows back for the next page rather than leaving a half-empty page), and
    the continuation repeats the title with "(forts.)"."""

    def __init__(self, title: str, rows: list, styles: Styles, width: float,
                 continued: bool = False, *, tags: CardTags | None = None, offset: int = 0):
        super().__init__()
        self.title, self.rows, self.styles, self.full_width = title, rows, styles, width
        self.continued = continued
        self.tags, self.offset = tags, offset      # the card's structure; its first row
        self.table = self._table(rows)
        self.whole_within: float | None = None   # not split if it fits this height

    def _table(self, rows: list) -> Table:
        styles = self.styles
        title = self.title + (" " + str(styles.theme.text["continued"])
                              if self.continued else "")
        data = [[TextParagraph(markup.text(title), styles["card_title"]), ""]] + rows
        label_width = styles.theme.measure("cards", "label_column_mm")
        table = Table(data, colWidths=[label_width, self.full_width - label_width],
                      hAlign="LEFT", renderCB=self.tags.render_callback(
                          self.offset, self.continued) if self.tags else None)
        table.setStyle(card_style(styles))
        return table

    def getSpaceBefore(self) -> float:
        return self.styles.theme.measure("spacing", "block_space_before_mm")

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.whole_within is not None and \
                self.table.wrap(availWidth, self.whole_within)[1] <= self.whole_within:
            return []
        parts = self.table.split(availWidth, availHeight)
        if len(parts) < 2:
            return []
        first_rows = len(parts[0]._cellvalues) - 1   # rows below the title that fit here
        min_rows = int(self.styles.theme.cards["min_rows_per_page"])
        first_rows = min(first_rows, len(self.rows) - min_rows)  # leave enough to carry on
        if first_rows < min_rows:
            return []                                   # move the whole card on
        return [CardFlowable(self.title, self.rows[:first_rows], self.styles, self.full_width,
                             self.continued, tags=self.tags, offset=self.offset),
                CardFlowable(self.title, self.rows[first_rows:], self.styles, self.full_width,
                             continued=True, tags=self.tags, offset=self.offset + first_rows)]

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)


def card_style(styles: Styles) -> TableStyle:
    card = functools.partial(styles.theme.measure, "cards")
    vertical, horizontal = card("padding_vertical_pt"), card("padding_horizontal_pt")
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts["regular"]),
        ("SPAN", (0, 0), (-1, 0)),
        ("BOX", (0, 0), (-1, -1), card("border_width_pt"), styles.colour("card_border")),
        ("LINEBELOW", (0, 0), (-1, -2), card("rule_width_pt"), styles.colour("card_border")),
        ("BACKGROUND", (0, 1), (0, -1), styles.colour("card_label_fill")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), vertical),
        ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("LEFTPADDING", (0, 0), (-1, -1), horizontal),
        ("RIGHTPADDING", (0, 0), (-1, -1), horizontal),
    ])
