"""Elements inside a paragraph: a note reference (Reference) and a link's words (Link).

In: paragraph markup in which ``opening(role, target)`` and ``closing()`` (reportlab
``<onDraw>`` callbacks, which take no room on the line) bracket the words of a note
reference or of a link, and a paragraph that draws its text object with ``InlineMarks``
attached (``TaggedParagraph`` does, when the document is tagged).
Out: the paragraph's text object split into marked-content sequences inside its BT … ET
(marked content and text objects must nest, so the pieces of one paragraph are marked in
its text object): the paragraph's element, a Reference or Link element of it, the
paragraph's element again. A piece that paints nothing is not marked. The link annotations
the paragraph makes are tied to the Link that holds the link's words, after its marked
content (so the Link's words and its annotation read together). Without ``InlineMarks`` (an
untagged document, a paragraph inside a table cell) the callbacks do nothing.
"""

from __future__ import annotations

import html
import re

from regionreport.render.tags.tree import Element

MARK = "regionreport-inline"
_EMPTY_SHOW = re.compile(r"\(\) Tj ?")            # shows no text: dropped where unmarked


def attribute(value: str) -> str:
    """``value`` as the value of a markup attribute: in double quotes, with "&", "<", ">"
    and '"' escaped (the standard library's ``xml.sax.saxutils`` would do, but importing it
    imports ``urllib.request``, 40 ms of every build)."""
    return '"' + html.escape(value, quote=False).replace('"', "&quot;") + '"'


def opening(role: str, target: str = "") -> str:
    """Markup that begins an inline element of ``role`` (its link target for a Link)."""
    label = f"{role} {target}".strip()
    return f"<onDraw name={attribute(MARK)} label={attribute(label)}/>"


def closing() -> str:
    """Markup that ends the inline element begun last."""
    return f"<onDraw name={attribute(MARK)} label=\"end\"/>"


def link_key(target: str) -> str:
    """A link's target as reportlab hands it to the canvas (internal targets lose '#')."""
    for prefix in ("#", "document:"):
        if target.startswith(prefix):
            return target[len(prefix):]
    return target


def on_mark(canvas, kind, label) -> None:
    """reportlab's onDraw callback for ``MARK``: tell the text object's ``InlineMarks``."""
    info = getattr(canvas, "_curr_tx_info", None) or {}
    marks = getattr(info.get("tx"), "regionreport_marks", None)
    if marks is None:
        return
    role, _, target = str(label or "").partition(" ")
    if role == "end":
        marks.end()
    else:
        marks.begin(role, target)


def install(canvas) -> None:
    """Make ``MARK`` known to ``canvas`` (every canvas a document is drawn on)."""
    canvas.setNamedCB(MARK, on_mark)


class InlineMarks:
    """The pieces of one paragraph's text object (see the module docstring)."""

    def __init__(self, tagger, canvas, element: Element):
        self.tagger, self.canvas, self.element = tagger, canvas, element
        self.text_object = None
        self.pieces: list[tuple[Element, int]] = []     # (element, first index in _code)
        self.links: dict[str, Element] = {}
        self.annotations: list[tuple] = []               # (page, index, element, description)

    def attach(self, text_object) -> None:
        """Mark the pieces of ``text_object`` (the paragraph's, as it is begun)."""
        self.text_object = text_object
        text_object.regionreport_marks = self
        self.pieces = [(self.element, len(text_object._code))]
        get_code = text_object.getCode

        def code():
            self._resolve()
            return get_code()

        text_object.getCode = code

    def begin(self, role: str, target: str) -> None:
        element = Element(role, parent=self.element)
        if role == "Link":
            self.links[link_key(target)] = element
        self.pieces.append((element, len(self.text_object._code)))

    def end(self) -> None:
        self.pieces.append((self.element, len(self.text_object._code)))

    def link_of(self, description: str) -> Element | None:
        """The Link whose words are drawn for an annotation described by ``description``."""
        return self.links.get(link_key(description))

    def defer(self, page: int, index: int, element: Element, description: str) -> None:
        self.annotations.append((page, index, element, description))

    def _resolve(self) -> None:
        code = self.text_object._code
        write = []
        bounds = self.pieces + [(None, len(code))]
        write.extend(code[:bounds[0][1]])
        for (element, start), (_, stop) in zip(bounds, bounds[1:]):
            items = code[start:stop]
            if any(_paints(item) for item in items):
                self.tagger.begin_marked(self.canvas, element, write=write.append)
                write.extend(items)
                self.tagger.end(self.canvas, write=write.append)
            else:
                write.extend(_EMPTY_SHOW.sub("", item) for item in items)
        self.text_object._code = write
        self.pieces = [(self.element, len(write))]
        for page, index, element, description in self.annotations:
            self.tagger.annotation(page, index, element, description)
        self.annotations = []


def _paints(item: str) -> bool:
    """Whether a piece of text-object code shows text."""
    shown = _EMPTY_SHOW.sub("", item)
    return "Tj" in shown or "TJ" in shown
