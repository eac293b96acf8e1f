"""Paragraphs whose text extracts as it reads, and paragraphs that tag themselves.

In: a paragraph's text and style (as reportlab's ``Paragraph``) and its structure role
("P", "H1" … "H4", "Caption", "Note", "LBody" …), or an ``Element`` made beforehand (a
caption inside its table's element).
Out: ``TextParagraph``, a ``Paragraph`` drawn with a space at the end of each line (so
that the words of two lines, or of two paragraphs or cells, do not run together when the
text is extracted or read aloud) and with the hyphen that hyphenation adds drawn as a soft hyphen (U+00AD, the
same glyph; the character that marks a hyphenation point, which extraction drops), while a
word's own hyphen at a line end stays a hyphen; ``TaggedParagraph``, a ``TextParagraph``
drawn as marked content of its element when the
document template has a ``Tagger`` (``tagger`` attribute); a paragraph split over two pages
keeps one element, so it stays one P. Drawn inside other marked content (a table cell) or
without a tagger, it is a plain paragraph. Both break their lines once per width.
"""

from __future__ import annotations

import copy
import html
import re

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _SplitWordH, _SplitWordHY

from regionreport.render.tags.inline import MARK, InlineMarks
from regionreport.render.tags.tree import Element


def tagger_of(canvas):
    """The ``Tagger`` of the document being drawn on ``canvas``, or None."""
    return getattr(getattr(canvas, "_doctemplate", None), "tagger", None)


SOFT_HYPHEN = "\u00ad"
_TAG = re.compile(r"<[^>]*>")


class TextParagraph(Paragraph):
    """A paragraph whose line ends extract as they read (see the module docstring), and
    whose lines are broken once per width: ``wrap`` at the width of its last wrap returns
    that wrap's size again (a table asks each cell's size in every layout of the table and
    every multiBuild pass asks again) while the lines it broke are still the paragraph's;
    ``split`` dropping them, or another width, breaks them anew."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        last = getattr(self, "_last_wrap", None)
        if last is not None and last[0] == availWidth \
                and last[1] is getattr(self, "blPara", None):
            self.width, self.height = last[2]
            return last[2]
        size = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, getattr(self, "blPara", None), size)
        return size

    def draw(self) -> None:
        lines = self.blPara.lines
        self.blPara.lines = self._readable_lines(lines)
        try:
            super().draw()
        finally:
            self.blPara.lines = lines

    def _readable_lines(self, lines: list) -> list:
        if self.blPara.kind == 0:                  # (extra space, words) of one font
            readable = []
            for index, (extra, words) in enumerate(lines):
                words = list(words)
                last = words[-1] if words else ""
                if index < len(lines) - 1 and isinstance(last, _SplitWordHY) \
                        and last.endswith("-"):
                    words[-1] = last[:-1] + SOFT_HYPHEN
                elif isinstance(last, _SplitWordH) and not isinstance(last, _SplitWordHY):
                    pass                           # a word (a web address) goes on
                elif words:
                    words[-1] = last + " "
                readable.append((extra, words))
            return readable
        plain = None                           # the paragraph's text, read when needed
        readable = []
        for index, line in enumerate(lines):
            frags = [f for f in line.words if getattr(f, "text", "")]
            if not frags:
                readable.append(line)
                continue
            last = frags[-1]
            changed = last.clone()
            following = index < len(lines) - 1
            if following and plain is None:
                plain = html.unescape(_TAG.sub("", self.text or ""))
            if following and last.text.endswith("-") \
                    and not _own_hyphen(last.text, lines[index + 1], plain):
                changed.text = last.text[:-1] + SOFT_HYPHEN
            elif following and _goes_on(last.text, lines[index + 1], plain):
                readable.append(line)              # a word (a web address) goes on
                continue
            else:
                changed.text = last.text + " "
            line = copy.copy(line)
            line.words = [changed if f is last else f for f in line.words]
            readable.append(line)
        return readable


def _own_hyphen(text: str, next_line, plain: str) -> bool:
    """Whether the hyphen that ends ``text`` belongs to the word (the paragraph's text has
    the word with its hyphen, as "Askim-Frölunda"), not to hyphenation."""
    head, tail = _around_break(text, next_line)
    return f"{head}{tail}" in plain


def _goes_on(text: str, next_line, plain: str) -> bool:
    """Whether the line ending in ``text`` broke inside a word (a web address broken
    after "/"): the paragraph's text has the two pieces joined, never apart."""
    head, tail = _around_break(text, next_line)
    return bool(head and tail) and f"{head}{tail}" in plain and f"{head} {tail}" not in plain


def _around_break(text: str, next_line) -> tuple[str, str]:
    """The last word of a line and the first word of the next."""
    head = text.rsplit(" ", 1)[-1]
    following = "".join(getattr(f, "text", "") for f in next_line.words).lstrip()
    return head, following.split(" ", 1)[0]


class TaggedParagraph(TextParagraph):
    """A paragraph with a structure element (see the module docstring). Its note
    references and links (bracketed by ``render/tags/inline``'s marks) are Reference and
    Link elements of it."""

    _marks: InlineMarks | None = None

    def __init__(self, text, style, *args, role: str = "P", element: Element | None = None,
                 **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.element = element if element is not None else Element(role)
        self.inline = isinstance(text, str) and MARK in text

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.element, part.inline = self.element, self.inline
        return parts

    def beginText(self, x, y):  # noqa: N802 (reportlab's name)
        text_object = super().beginText(x, y)
        if self._marks is not None:
            self._marks.attach(text_object)
        return text_object

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None:
            super().draw()
        elif self._in_pieces(tagger):
            self._draw_in_pieces(tagger, super().draw)
        else:
            with tagger.marked(self.canv, self.element):
                super().draw()

    def _in_pieces(self, tagger) -> bool:
        """Whether the text object is marked piece by piece (inline elements, and no
        marked content open around the paragraph)."""
        return self.inline and not tagger.inside

    def _draw_in_pieces(self, tagger, draw) -> None:
        self._marks = tagger.inline = InlineMarks(tagger, self.canv, self.element)
        try:
            draw()
        finally:
            self._marks = tagger.inline = None


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
        pieces = self._in_pieces(tagger)
        pending = [True]

        def label_then_body(text_object):
            # reportlab draws the mark first, as a text object of its own
            if pending and pending.pop():
                with tagger.marked(canvas, self.label):
                    draw_text(text_object)
                if not pieces:
                    tagger.begin_marked(canvas, self.element)
            else:
                draw_text(text_object)

        canvas.drawText = label_then_body
        try:
            if pieces:
                self._draw_in_pieces(tagger, lambda: TextParagraph.draw(self))
            else:
                TextParagraph.draw(self)
        finally:
            del canvas.drawText
            if not pending and not pieces:
                tagger.end(canvas)
