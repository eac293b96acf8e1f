"""Write a recorded structure into a finished PDF: structure tree, parent tree, catalog.

In: the PDF reportlab wrote (its pages carry the marked content the ``Tagger`` wrote), the
``Tagger`` of the final pass, the document's title and language.
Out: the same file, rewritten with pikepdf: a ``/StructTreeRoot`` whose elements follow the
tagger's tree (each ``/K`` a list of child elements, marked-content references ``/MCR`` with
their page and ``/OBJR`` references to link annotations), the ``/ParentTree`` from each
page's ``/StructParents`` (and each annotation's ``/StructParent``) to the elements, the
``/IDTree`` of elements with an ``ID``; ``/MarkInfo``, ``/Lang``, ``/ViewerPreferences``
with ``DisplayDocTitle``, XMP metadata with ``dc:title``, ``dc:language`` and the PDF/UA-1
identification ``pdfuaid:part`` (docs/accessibility.md says what was checked); every page
``/Tabs /S``. Saved as PDF 1.7 with object streams and an ID computed from the content, so
the same input gives the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from regionreport.render.tags.tree import Annotation, Element, Marked, Tagger


def write_structure(path: Path, tagger: Tagger, *, title: str, language: str) -> None:
    """Add the structure recorded by ``tagger`` to the PDF at ``path`` (rewritten in place)."""
    path = Path(path)
    root = tagger.structure()
    with pikepdf.open(path) as pdf:
        _Writer(pdf, root).write()
        catalog = pdf.Root
        catalog.MarkInfo = Dictionary(Marked=True)
        catalog.Lang = String(language)
        catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [language]
            meta["pdfuaid:part"] = "1"     # what was checked: docs/accessibility.md
        temporary = path.with_name(path.name + ".tagged")
        pdf.save(temporary, deterministic_id=True, force_version="1.7",
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    os.replace(temporary, path)


class _Writer:
    """Builds the structure tree objects of one PDF."""

    def __init__(self, pdf: pikepdf.Pdf, root: Element):
        self.pdf = pdf
        self.root = root
        self.pages = [page.obj for page in pdf.pages]
        self.by_mcid: dict[int, dict[int, pikepdf.Object]] = {}   # page -> mcid -> element
        self.annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []
        self.ids: list[tuple[str, pikepdf.Object]] = []

    def write(self) -> None:
        tree_root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.pdf.Root.StructTreeRoot = tree_root
        document = self._element(self.root, tree_root)
        tree_root.K = Array([document])
        nums = Array()
        for page_index, page in enumerate(self.pages):
            page.StructParents = page_index
            page.Tabs = Name.S
            marks = self.by_mcid.get(page_index, {})
            nums.append(page_index)
            nums.append(self.pdf.make_indirect(Array(
                [marks[m] for m in range(max(marks) + 1)] if marks else [])))
        key = len(self.pages)
        for annotation, element in self.annotations:
            annotation.StructParent = key
            nums.append(key)
            nums.append(element)
            key += 1
        tree_root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        tree_root.ParentTreeNextKey = key
        if self.ids:
            names = Array()
            for identifier, element in sorted(self.ids, key=lambda item: item[0]):
                names.append(String(identifier))
                names.append(element)
            tree_root.IDTree = self.pdf.make_indirect(Dictionary(Names=names))

    def _element(self, element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        entries = {"/Type": _NAME["StructElem"], "/S": _name(element.role), "/P": parent}
        for key, value in element.attributes.items():
            entries["/" + key] = String(value) if isinstance(value, str) else value
        attributes = []
        for owner, values in (("Layout", element.a_layout), ("Table", element.a_table)):
            if values:
                a = {"/O": _name(owner)}
                a.update(("/" + key, _pdf_value(value)) for key, value in values.items())
                attributes.append(Dictionary(a))
        if attributes:
            entries["/A"] = attributes[0] if len(attributes) == 1 else Array(attributes)
        # the element's page is that of its first marked content; marked content on that
        # page is referenced by its MCID alone, on other pages by a marked-content reference
        page = next((kid.page for kid in element.kids if isinstance(kid, Marked)), None)
        first = page if page is not None else _first_page(element)
        if first is not None:
            entries["/Pg"] = self.pages[first]   # (an element's page helps checkers place it)
        obj = self.pdf.make_indirect(Dictionary(entries))
        if "ID" in element.attributes:
            self.ids.append((element.attributes["ID"], obj))
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(self._element(kid, obj))
            elif isinstance(kid, Marked):
                kids.append(kid.mcid if kid.page == page else
                            Dictionary(Type=_NAME["MCR"], Pg=self.pages[kid.page],
                                       MCID=kid.mcid))
                self.by_mcid.setdefault(kid.page, {})[kid.mcid] = obj
            elif isinstance(kid, Annotation):
                annotation = self.pages[kid.page].Annots[kid.index]
                annotation.Contents = String(kid.description)
                annotation.F = int(annotation.get("/F", 0)) | 4      # printed
                kids.append(Dictionary(Type=_NAME["OBJR"], Pg=self.pages[kid.page],
                                       Obj=annotation))
                self.annotations.append((annotation, obj))
        obj.K = kids[0] if len(kids) == 1 else Array(kids)
        return obj


_NAME: dict[str, Name] = {}


def _name(text: str) -> Name:
    """The PDF name ``/text``, made once."""
    name = _NAME.get(text)
    if name is None:
        name = _NAME[text] = Name("/" + text)
    return name


for _known in ("StructElem", "MCR", "OBJR"):
    _name(_known)


def _first_page(element: Element) -> int | None:
    """The page of the first marked content below ``element``."""
    for kid in element.kids:
        if isinstance(kid, Marked):
            return kid.page
        if isinstance(kid, Element):
            page = _first_page(kid)
            if page is not None:
                return page
    return None


def _pdf_value(value):
    """A Python attribute value as a PDF object: str -> name, list -> array of strings
    (Headers), numbers as they are."""
    if isinstance(value, str):
        return _name(value)
    if isinstance(value, (list, tuple)):
        return Array([String(v) for v in value])
    return value
