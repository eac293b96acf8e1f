"""Paragraphs that tag themselves: body text, headings, captions, notes.

In: a paragraph's text and style (as reportlab's ``Paragraph``) and its structure role
("P", "H1" … "H4", "Caption", "Note", "LBody" …), or an ``Element`` made beforehand (a
caption inside its table's element).
Out: ``TaggedParagraph``, a ``Paragraph`` drawn as marked content of its element when the
document template has a ``Tagger`` (``tagger`` attribute); a paragraph split over two pages
keeps one element, so it stays one P. Drawn inside other marked content (a table cell) or
without a tagger, it is a plain paragraph.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from regionreport.render.tags.tree import Element


def tagger_of(canvas):
    """The ``Tagger`` of the document being drawn on ``canvas``, or None."""
    return getattr(getattr(canvas, "_doctemplate", None), "tagger", None)


class TaggedParagraph(Paragraph):
    """A paragraph with a structure element (see the module docstring)."""

    def __init__(self, text, style, *args, role: str = "P", element: Element | None = None,
                 **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.element = element if element is not None else Element(role)

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.element = self.element
        return parts

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            super().draw()
            return
        with tagger.marked(self.canv, self.element):
            super().draw()


class ListItemParagraph(TaggedParagraph):
    """A list item's paragraph (its mark in ``bulletText``): an LI of ``item`` (an LI
    element whose parent is the list's L) with the mark drawn as its Lbl and the text as its
    LBody; a part continued on the next page is LBody only."""

    def __init__(self, text, style, *args, item: Element | None = None, **kwargs):
        super().__init__(text, style, *args, role="LBody", **kwargs)
        self.item = item if item is not None else Element("LI")
        self.label = Element("Lbl", parent=self.item)
        self.element.parent = self.item

    def split(self, availWidth, availHeight):  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.item, part.label = self.item, self.label
        return parts

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None or not self.bulletText:
            super().draw()
            return
        canvas = self.canv
        draw_text = canvas.drawText
        pending = [True]

        def label_then_body(text_object):
            # reportlab draws the mark first, as a text object of its own
            if pending and pending.pop():
                with tagger.marked(canvas, self.label):
                    draw_text(text_object)
                tagger.begin_marked(canvas, self.element)
            else:
                draw_text(text_object)

        canvas.drawText = label_then_body
        try:
            Paragraph.draw(self)
        finally:
            del canvas.drawText
            if not pending:
                tagger.end(canvas)
