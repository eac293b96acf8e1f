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
finished build. Without hints (a first build), ``expected`` gives the entries the story will
notify, with page 0: the first pass then lays the contents out at their full length, and the
second pass, with the page numbers, agrees with it (two passes instead of three).

``entry_of`` says which entry a flowable notifies when it is laid out: a heading its
contents entry, a figure's caption or a table's first part its list entry.
"""

from __future__ import annotations

from regionreport.render.keep import flat

PAGES = "pages"
HEADINGS = "TOCEntry"


def entry_of(flowable) -> tuple[str, int, str, str] | None:
    """(kind, level from 0, text, bookmark key) of the entry ``flowable`` notifies, or None."""
    heading = getattr(flowable, "toc_entry", None)           # a numbered heading
    if heading is not None:
        level, text, key = heading
        return HEADINGS, level - 1, text, key
    entry = getattr(flowable, "list_entry", None)            # a figure's caption
    first = getattr(flowable, "first_caption", None)         # a table's first part
    if entry is None and first is not None and flowable.caption is first:
        entry = getattr(first, "list_entry", None)
    if entry is None:
        return None
    kind, text, key = entry
    return kind, 0, text, key


def expected(story) -> dict:
    """The entries of each kind that ``story`` will notify, in order, with page 0."""
    found: dict[str, list] = {}
    for flowable in flat(story):
        entry = entry_of(flowable)
        if entry is not None:
            kind, level, text, key = entry
            found.setdefault(kind, []).append((level, text, 0, key))
    return found


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
