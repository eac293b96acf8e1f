"""The structure of a document as it is drawn: elements, marked content and artifacts.

In: ``Element``s made by the converters (a role such as "P", "H2", "Table", "TD", with
attributes and a parent), and the canvas they are drawn on.
Out: a ``Tagger`` that, while reportlab draws a page, writes ``/Role <</MCID n>> BDC … EMC``
around the content of an element and ``/Artifact <</Type /Pagination>> BDC … EMC`` around
running heads, rules, fills and other paint that is not content, and remembers in drawing
order which element each marked-content id (MCID) of each page belongs to. ``structure()``
gives the element tree in reading order (the order in which elements are first drawn), each
element with its kids: other elements and ``Marked`` (page, MCID) references.

multiBuild draws the document several times; ``reset()`` at the start of each pass forgets
the earlier pass, so the tree is the final pass's. Marked content never nests: an element
drawn inside another's marked content (a paragraph in a table cell) is drawn as part of it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(eq=False)
class Element:
    """A structure element: ``role`` (a standard structure type), ``attributes`` written
    into the element's dictionary (``Alt``, ``ActualText``, ``Lang``, ``ID`` ...) or its
    ``/A`` attribute dictionary (``a_layout``, ``a_table``: owner "Layout" and "Table", e.g.
    Scope, Headers, ColSpan), and the ``parent`` element (None: the document)."""

    role: str
    parent: Element | None = None
    attributes: dict = field(default_factory=dict)
    a_table: dict = field(default_factory=dict)
    a_layout: dict = field(default_factory=dict)
    kids: list = field(default_factory=list)   # filled by Tagger.structure()


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: its page (from 0) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """An annotation (a link) as a kid of its element: its page, the annotation's index
    among the page's annotations and its description (the annotation's /Contents)."""

    page: int
    index: int
    description: str = ""


class Tagger:
    """Marks content while a document is drawn; see the module docstring."""

    def __init__(self, document_role: str = "Document"):
        self.root = Element(document_role)
        self.reset()

    def reset(self) -> None:
        """Forget what was drawn (a new multiBuild pass begins)."""
        self._events: list[tuple[Element, Marked | Annotation]] = []
        self._next_mcid: dict[int, int] = {}
        self._open: list[tuple[str, Element | None, Marked | None]] = []  # innermost last
        self.pass_token = object()            # changes with every pass
        self.inline = None                    # InlineMarks of the paragraph being drawn

    # -- while drawing --------------------------------------------------------------------
    def begin_marked(self, canvas, element: Element, write=None) -> None:
        """Begin drawing content of ``element``; inside other marked content or an artifact
        the paint joins that one (marked content does not nest). Ended by ``end``. The
        operator goes to the canvas, or to ``write`` (a text object's code)."""
        if self._open:
            self._open.append(("joined", None, None))
            return
        page = canvas.getPageNumber() - 1
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        (write or canvas.addLiteral)(f"/{element.role} <</MCID {mcid}>> BDC")
        self._open.append(("content", element, Marked(page, mcid)))

    def begin_artifact(self, canvas, kind: str = "Layout") -> None:
        """Begin drawing an artifact of ``kind`` ("Pagination": running heads and page
        numbers; "Layout": rules, fills, the cover band, repeated headers); inside marked
        content it is drawn as part of that content. Ended by ``end``."""
        if self._open:
            self._open.append(("joined", None, None))
            return
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        self._open.append(("artifact", None, None))

    def end(self, canvas, write=None) -> None:
        """End what the last ``begin_marked`` or ``begin_artifact`` began."""
        kind, element, marked = self._open.pop()
        if kind == "joined":
            return
        (write or canvas.addLiteral)("EMC")
        if element is not None:
            self._events.append((element, marked))

    @contextmanager
    def marked(self, canvas, element: Element):
        """``begin_marked`` … ``end`` around the body."""
        self.begin_marked(canvas, element)
        try:
            yield
        finally:
            self.end(canvas)

    @contextmanager
    def artifact(self, canvas, kind: str = "Layout"):
        """``begin_artifact`` … ``end`` around the body."""
        self.begin_artifact(canvas, kind)
        try:
            yield
        finally:
            self.end(canvas)

    def annotation(self, page: int, index: int, element: Element, description: str) -> None:
        """Annotation ``index`` of ``page`` (from 0) belongs to ``element`` (a Link) and is
        described by ``description``."""
        self._events.append((element, Annotation(page, index, description)))

    def link(self, canvas, description: str, element: Element | None = None) -> None:
        """The annotation the canvas made last is a link of ``element`` (default: a new Link
        element, described by ``description``, in the content element being drawn)."""
        page = canvas.getPageNumber() - 1
        index = len(canvas._annotationrefs) - 1
        inline = self.inline.link_of(description) if self.inline is not None else None
        if inline is not None:         # a link's words, marked in their paragraph
            self.inline.defer(page, index, inline, description)
            return
        if element is None:
            element = Element("Link", parent=self.current, attributes={"Alt": description})
        self.annotation(page, index, element, description)

    @property
    def inside(self) -> bool:
        """Whether marked content or an artifact is being drawn."""
        return bool(self._open)

    @property
    def current(self) -> Element | None:
        """The element whose content is being drawn, or None."""
        for kind, element, _ in reversed(self._open):
            if kind == "content":
                return element
        return None

    # -- after the last pass --------------------------------------------------------------
    def structure(self) -> Element:
        """The document element with every drawn element below its parent, in the order
        elements were first drawn, and each element's marked content and annotations."""
        for element in self._walk_all():
            element.kids = []
        attached: set[int] = {id(self.root)}
        for element, kid in self._events:
            self._attach(element, attached)
            element.kids.append(kid)
        return self.root

    def _attach(self, element: Element, attached: set[int]) -> None:
        chain = []
        node: Element | None = element
        while node is not None and id(node) not in attached:
            chain.append(node)
            node = node.parent if node.parent is not None else self.root
        for node in reversed(chain):
            parent = node.parent if node.parent is not None else self.root
            parent.kids.append(node)
            attached.add(id(node))

    def _walk_all(self):
        seen = {id(self.root): self.root}
        for element, _ in self._events:
            node = element
            while node is not None and id(node) not in seen:
                seen[id(node)] = node
                node = node.parent
        return list(seen.values())
