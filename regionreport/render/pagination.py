"""Page numbers of the last build as the first pass's guess (fewer multiBuild passes).

In: the indexing flowables of a story (the page total and the contents and lists, which show
what the previous pass collected) and ``hints``: what they held at the end of an earlier
build of the same output (saved by the runner in its cache), or nothing.
Out: ``seed`` gives each flowable its hint, so that its first pass shows the page numbers of
the earlier build; where the pages have not moved, that pass already agrees with itself and
is the last (one pass instead of three), and where they moved, the passes go on as without a
hint. A hint is never trusted: the document is built until two passes agree, as always, and
a document's layout does not depend on the page numbers it shows (the number column has a
fixed width), so the PDF is the same with or without one. ``collect`` gives the hints of a
finished build.
"""

from __future__ import annotations

PAGES = "pages"


def seed(flowables, hints: dict | None) -> bool:
    """Give the indexing ``flowables`` their ``hints``; True when any was given."""
    if not hints:
        return False
    given = False
    for flowable in flowables:
        key = _key(flowable)
        if key is not None and key in hints:
            flowable.seed(hints[key])
            given = True
    return given


def collect(flowables) -> dict:
    """The hints of a finished build: what each indexing flowable holds."""
    hints = {}
    for flowable in flowables:
        key = _key(flowable)
        if key is not None:
            hints[key] = flowable.hint()
    return hints


def _key(flowable) -> str | None:
    if not hasattr(flowable, "hint"):
        return None
    kind = getattr(flowable, "kind", None)
    return PAGES if kind is None else str(kind)
