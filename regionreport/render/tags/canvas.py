"""The canvas of a tagged document: every link it makes is recorded with the structure.

In: reportlab's canvas calls that make link annotations (``linkURL`` for a paragraph's
``<a href>``, ``linkRect`` for an internal link), drawn while the document template's
``Tagger`` knows which element is being drawn.
Out: ``TaggingCanvas``, a reportlab ``Canvas`` that, after each such call, tells the tagger
the annotation is a Link of the element being drawn (described by its URL or destination
name), unless the caller tags the link itself (``tagged_link``).
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas

from regionreport.render.tags.paragraphs import tagger_of


class TaggingCanvas(Canvas):
    """See the module docstring."""

    _self_tagged = False

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,
                kind="URI", **kw):  # noqa: N802 (reportlab's name)
        super().linkURL(url, rect, relative=relative, thickness=thickness, color=color,
                        dashArray=dashArray, kind=kind, **kw)
        self._record(url)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None,
                 relative=1, thickness=0, color=None, dashArray=None, **kw):  # noqa: N802,N803
        super().linkRect(contents, destinationname, Rect=Rect, addtopage=addtopage,
                         name=name, relative=relative, thickness=thickness, color=color,
                         dashArray=dashArray, **kw)
        self._record(contents or destinationname)

    def _record(self, description: str) -> None:
        tagger = tagger_of(self)
        if tagger is not None and not self._self_tagged:
            tagger.link(self, description)

    @contextmanager
    def tagged_link(self):
        """Links made in the body are tagged by the caller (a contents entry)."""
        self._self_tagged = True
        try:
            yield
        finally:
            self._self_tagged = False
