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
