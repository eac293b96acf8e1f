"""The front matter and back of a report: the cover's logo, the colophon page, the lists of
tables and figures, and the references as a plain list.

In: the ``ComposeContext`` (the layout's ``[meta] logo``, ``[colophon]`` and
``[[references]]``), the section and the labels.
Out: document blocks: the logo as an ``Image`` (a PNG or JPEG measured like the prose's
images, or an SVG measured by svglib), a ``Colophon`` with its labelled texts in the order of
``COLOPHON_KEYS``, ``ListOfCaptions`` blocks, and one "reference" paragraph per reference.
A logo file that is missing, not a picture, or an SVG without svglib installed is an
``InputError`` naming the layout key ``meta.logo`` and the path.
The composers are registered as section kinds in compose/__init__.py.
"""

from __future__ import annotations

from pathlib import Path

from regionreport.compose.context import ComposeContext
from regionreport.compose.images import _measured
from regionreport.config.layout import COLOPHON_KEYS, Section
from regionreport.document import (Colophon, Image, ListOfCaptions, PageBreak, Paragraph,
                                   Span)
from regionreport.errors import InputError

PLACE = "key 'meta.logo'"


def cover_logo(context: ComposeContext) -> Image | None:
    """The layout's logo (``[meta] logo``, relative to the layout's folder), or None."""
    name = context.layout.meta.get("logo", "").strip()
    if not name:
        return None
    layout_file = context.layout.path
    path = (layout_file.parent / name).resolve()

    def refuse(problem: str, fix: str) -> InputError:
        return InputError(problem, file=layout_file, place=PLACE, fix=fix)

    if not path.is_file():
        raise refuse(f"logo file '{name}' not found ({path})",
                     "put the logo (PNG, JPEG or SVG) there, or write its path relative to "
                     "the layout file")
    alt = context.fill(context.layout.meta["organisation"])
    if path.suffix.lower() == ".svg":
        return _svg_logo(path, name, alt, refuse)
    return _measured(path, alt, name, refuse)


def _svg_logo(path: Path, name: str, alt: str, refuse) -> Image:
    """An SVG logo measured by svglib (its size in points as its pixels at 72 dpi)."""
    try:
        from svglib.svglib import svg2rlg
    except ImportError:
        raise refuse(f"logo file '{name}' is an SVG image, and SVG needs the package svglib",
                     "install it (pip install svglib, or pip install 'regionreport[svg]'), "
                     "or save the logo as PNG") from None
    drawing = svg2rlg(str(path))
    if drawing is None or not drawing.width or not drawing.height:
        raise refuse(f"logo file '{name}' cannot be read as an SVG image",
                     "save it again as SVG, or as PNG")
    return Image(path=str(path), alt=alt, width_px=max(1, round(drawing.width)),
                 height_px=max(1, round(drawing.height)), dpi=(72.0, 72.0))


def colophon(context: ComposeContext, section: Section, labels: dict) -> list:
    """The colophon page: the layout's ``[colophon]`` texts with their labels; its author
    and date default to the layout's ``[meta]`` ones, its publisher to the organisation."""
    texts = context.layout.colophon
    if texts is None:
        raise InputError(f"key '{section.where}.kind': a colophon section needs the "
                         "layout's [colophon] texts", file=context.layout.path,
                         fix="add a [colophon] table (publisher, author, contact, "
                             "report_number, download, date, sources, note)")
    meta = context.layout.meta
    given = {"publisher": meta["organisation"], "author": meta["author"],
             "date": meta["date"], **texts}
    names = labels["colophon"]
    entries = tuple((context.fill(names[key], file=names.path), context.fill(given[key]))
                    for key in COLOPHON_KEYS if key != "note" and given.get(key, "").strip())
    note = context.fill(texts.get("note", ""))
    return [Colophon(entries=entries, note=note), PageBreak()]


def list_of_tables(context: ComposeContext, section: Section, labels: dict) -> list:
    """The list of tables (under the section's heading or the label), and with
    ``figures = true`` the list of figures after it, on pages of their own."""
    lists = labels["lists"]
    blocks: list = [ListOfCaptions(context.fill(section.heading or lists["tables"]), "tables")]
    if section.figures:
        blocks.append(ListOfCaptions(lists["figures"], "figures"))
    return blocks + [PageBreak()]


def reference_paragraphs(context: ComposeContext) -> list[Paragraph]:
    """Each reference as a paragraph of the style "reference": its text, then its URL as a
    link (the renderer lets a URL break after "/" and "." only)."""
    items = []
    for reference in context.layout.references:
        spans = [Span(context.fill(reference.text))]
        if reference.url:
            spans += [Span(" "), Span(reference.url, href=reference.url)]
        items.append(Paragraph(tuple(spans), style="reference"))
    return items
