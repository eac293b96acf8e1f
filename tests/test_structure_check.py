"""The structure checker (tests/structure_check.py) finds each fault it is meant to find.

Each test draws a one-page PDF with reportlab's canvas, writing the marked content by hand
(``/P <</MCID 0>> BDC`` … ``EMC``), and adds a small structure tree with pikepdf
(``_tag``); a clean file passes, and each fault put into a copy of it is reported.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen import canvas as rl_canvas

from tests.structure_check import check


# -- building tiny tagged PDFs -----------------------------------------------------------------

def E(role, *kids, **attrs):   # noqa: N802 - reads like the tree it builds
    """A structure element spec: kids are MCIDs on page 1 (ints), other specs, or
    ``("annot", index)`` for an /OBJR to the page's annotation ``index``; attrs ``ID``,
    ``Alt``, ``ActualText`` go into the element, ``Scope``, ``Headers``, ``ColSpan`` into
    its /A /Table attributes; ``int_kids=True`` writes MCIDs as integer kids (with the
    element's /Pg) instead of /MCR dictionaries."""
    return {"role": role, "kids": list(kids), "attrs": attrs}


def _draw(path, draw):
    c = rl_canvas.Canvas(str(path), pageCompression=0)
    c.setFont("Helvetica", 12)
    draw(c)
    c.showPage()
    c.save()


def _tag(path, document, *, parent_tree=None, annotation_flags=4, contents="Öppna länken"):
    """Write ``document`` (an ``E`` spec) as the structure tree of the one-page PDF at
    ``path``, with a /ParentTree mapping each MCID to the element that references it (or
    with the ``parent_tree`` overrides given: MCID -> role of the first element of that
    role, to map it to instead), MarkInfo, Lang,
    XMP dc:title and /Tabs /S; annotations get ``contents`` and the flags given."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        by_mcid: dict[int, pikepdf.Object] = {}
        by_role: dict[str, pikepdf.Object] = {}
        ids = []
        annotations = []

        def build(spec, parent):
            obj = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + spec["role"]),
                                               P=parent, Pg=page))
            by_role.setdefault(spec["role"], obj)
            table = Dictionary(O=Name.Table)
            int_kids = spec["attrs"].get("int_kids", False)
            for key, value in spec["attrs"].items():
                if key == "int_kids":
                    continue
                if key in ("Scope", "ColSpan"):
                    table[Name("/" + key)] = Name("/" + value) if isinstance(value, str) \
                        else value
                elif key == "Headers":
                    table.Headers = Array([String(v) for v in value])
                else:
                    obj[Name("/" + key)] = String(value)
                    if key == "ID":
                        ids.append((value, obj))
            if len(table) > 1:
                obj.A = table
            kids = Array()
            for kid in spec["kids"]:
                if isinstance(kid, int):
                    kids.append(kid if int_kids else Dictionary(Type=Name.MCR, Pg=page,
                                                                 MCID=kid))
                    by_mcid[kid] = obj
                elif isinstance(kid, tuple):
                    annotation = page.Annots[kid[1]]
                    kids.append(Dictionary(Type=Name.OBJR, Pg=page, Obj=annotation))
                    annotations.append((annotation, obj))
                else:
                    kids.append(build(kid, obj))
            obj.K = kids
            return obj

        root.K = Array([build(document, root)])
        if parent_tree is not None:
            by_mcid.update({mcid: by_role[role] for mcid, role in parent_tree.items()})
        page.StructParents = 0
        page.Tabs = Name.S
        nums = Array([0, pdf.make_indirect(Array(
            [by_mcid.get(m, pikepdf.Object.parse(b"null")) for m in
             range(max(by_mcid) + 1 if by_mcid else 0)]))])
        for key, (annotation, element) in enumerate(annotations, start=1):
            annotation.StructParent = key
            annotation.F = annotation_flags
            if contents is not None:
                annotation.Contents = String(contents)
            nums.extend([key, element])
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(annotations) + 1
        if ids:
            names = Array()
            for identifier, element in sorted(ids, key=lambda item: item[0]):
                names.extend([String(identifier), element])
            root.IDTree = Dictionary(Names=names)
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = String("sv-SE")
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = "Provrapport"
        pdf.save(path)


def _marked(c, role, mcid, body):
    c.addLiteral(f"/{role} <</MCID {mcid}>> BDC")
    body()
    c.addLiteral("EMC")


def _artifact(c, body):
    c.addLiteral("/Artifact <</Type /Pagination>> BDC")
    body()
    c.addLiteral("EMC")


def _clean_page(c, extra=lambda c: None):
    """A heading, a paragraph over two lines, a page number and rule as an artifact, a
    two-by-two table with its header cells, a figure with a caption and a link."""
    _artifact(c, lambda: (c.drawString(500, 800, "3"), c.line(72, 790, 520, 790)))
    _marked(c, "H1", 0, lambda: c.drawString(72, 760, "Ekonomiskt bistånd"))
    _marked(c, "P", 1, lambda: (c.drawString(72, 740, "Resultaten redovisas "),
                                c.drawString(72, 726, "per kommun.")))
    _marked(c, "TH", 2, lambda: c.drawString(200, 700, "Andel"))
    _marked(c, "TH", 3, lambda: c.drawString(72, 686, "Habo"))
    _marked(c, "TD", 4, lambda: c.drawString(200, 686, "1,3"))
    _marked(c, "Figure", 5, lambda: c.rect(72, 560, 100, 100, fill=1, stroke=0))
    _marked(c, "Caption", 6, lambda: c.drawString(72, 540, "Diagram 1. Andel"))
    _marked(c, "Link", 7, lambda: c.drawString(72, 500, "socialstyrelsen.se"))
    c.linkURL("https://www.socialstyrelsen.se", (72, 495, 200, 512), relative=0)
    extra(c)


def _clean_tree(*extra, headers=("h-andel", "h-habo")):
    return E("Document",
             E("H1", 0),
             E("P", 1),
             E("Table",
               E("THead", E("TR", E("TH", 2, ID="h-andel", Scope="Column"))),
               E("TBody", E("TR", E("TH", 3, ID="h-habo", Scope="Row"),
                            E("TD", 4, Headers=list(headers))))),
             E("Figure", E("Caption", 6), 5, Alt="Stapeldiagram över andelen per kommun."),
             E("Link", 7, ("annot", 0)),
             *extra)


def _build(tmp_path, draw=_clean_page, tree=None, **tag):
    path = tmp_path / "t.pdf"
    _draw(path, draw)
    _tag(path, tree if tree is not None else _clean_tree(), **tag)
    return path


# -- a clean file ------------------------------------------------------------------------------

def test_a_clean_file_passes_every_check(tmp_path):
    report = check(_build(tmp_path))
    assert report.untagged == []
    assert report.nested_mcids == []
    assert report.content_problems == []
    assert report.mcid_problems == []
    assert report.elements[:3] == [(0, "Document", ""), (1, "H1", "Ekonomiskt bistånd"),
                                   (1, "P", "Resultaten redovisas per kommun.")]
    assert [role for _, role, _ in report.elements] == [
        "Document", "H1", "P", "Table", "THead", "TR", "TH", "TBody", "TR", "TH", "TD",
        "Figure", "Caption", "Link"]
    assert report.headings() == [(1, "Ekonomiskt bistånd")]
    [table] = report.tables()
    assert (table.rows, table.header_cells, table.headers_ok, table.data_cells) == (
        2, [("Andel", "Column"), ("Habo", "Row")], True, 1)
    assert report.figures() == [("Stapeldiagram över andelen per kommun.", "Diagram 1. Andel")]
    [link] = report.links()
    assert link.ok and link.text == "socialstyrelsen.se"
    assert (report.marked, report.lang, report.title) == (True, "sv-SE", "Provrapport")
    assert report.pages_without_tabs == []


def test_words_joined_at_a_line_end_show_in_the_text(tmp_path):
    def draw(c):
        _marked(c, "P", 0, lambda: (c.drawString(72, 740, "Resultaten redovisas"),
                                    c.drawString(72, 726, "per kommun.")))
    report = check(_build(tmp_path, draw, E("Document", E("P", 0))))
    assert report.elements[1] == (1, "P", "Resultaten redovisasper kommun.")


def test_actual_text_and_nested_sequences_without_mcid_keep_the_text(tmp_path):
    def draw(c):
        c.addLiteral("/TD <</MCID 0>> BDC")
        c.drawString(72, 700, "12,5 ")
        c.addLiteral("/Span <</ActualText (h\\366gre \\344n riket)>> BDC")
        c.drawString(110, 700, "x")
        c.addLiteral("EMC")
        c.addLiteral("/Artifact BMC")
        c.line(72, 695, 200, 695)
        c.addLiteral("EMC")
        c.drawString(160, 700, " procent")
        c.addLiteral("EMC")
    report = check(_build(tmp_path, draw, E("Document", E("TD", 0))))
    assert report.elements[1] == (1, "TD", "12,5 högre än riket procent")
    assert report.untagged == [] and report.nested_mcids == []


def test_integer_kids_and_named_property_lists_are_read(tmp_path):
    def draw(c):
        c.addLiteral("/P /MC0 BDC")
        c.drawString(72, 700, "Namngiven")
        c.addLiteral("EMC")
        _marked(c, "P", 1, lambda: c.drawString(72, 680, "Heltal"))
    path = tmp_path / "t.pdf"
    _draw(path, draw)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Resources.Properties = Dictionary(MC0=Dictionary(MCID=0))
        pdf.save(path)
    _tag(path, E("Document", E("P", 0, 1, int_kids=True)))
    report = check(path)
    assert report.mcid_problems == [] and report.untagged == []
    assert report.elements[1] == (1, "P", "NamngivenHeltal")


# -- paint outside marked content -------------------------------------------------------------

def test_untagged_text_is_reported(tmp_path):
    report = check(_build(tmp_path, lambda c: _clean_page(
        c, lambda c: c.drawString(72, 400, "Ingen tagg"))))
    assert report.untagged == [(1, "Tj", 1)]


def test_an_untagged_rectangle_fill_is_reported(tmp_path):
    report = check(_build(tmp_path, lambda c: _clean_page(
        c, lambda c: c.rect(72, 300, 50, 20, fill=1, stroke=0))))
    assert report.untagged == [(1, "f*", 1)]   # reportlab fills even-odd


def test_paint_in_marked_content_without_mcid_or_artifact_is_untagged(tmp_path):
    def extra(c):
        c.addLiteral("/Span BMC")
        c.drawString(72, 400, "Bara en Span")
        c.line(72, 390, 200, 390)
        c.addLiteral("EMC")
    report = check(_build(tmp_path, lambda c: _clean_page(c, extra)))
    assert sorted(report.untagged) == [(1, "S", 1), (1, "Tj", 1)]


def test_a_form_drawn_outside_marked_content_must_be_marked_inside(tmp_path):
    def extra(c):
        c.beginForm("logo")
        c.drawString(0, 0, "Formtext")
        c.endForm()
        c.doForm("logo")
    report = check(_build(tmp_path, lambda c: _clean_page(c, extra)))
    assert report.untagged == [(1, "Tj", 1)]


def test_a_form_drawn_inside_marked_content_inherits_it(tmp_path):
    def draw(c):
        c.beginForm("logo")
        c.drawString(0, 0, "Formtext")
        c.rect(0, 0, 10, 10, fill=1)
        c.endForm()
        _marked(c, "Figure", 0, lambda: c.doForm("logo"))
        _artifact(c, lambda: c.doForm("logo"))
    report = check(_build(tmp_path, draw, E("Document", E("Figure", 0, Alt="Logga"))))
    assert report.untagged == []
    assert report.mcid_problems == []


def test_an_untagged_image_is_reported(tmp_path):
    from reportlab.lib.utils import ImageReader
    from PIL import Image
    image = Image.new("RGB", (2, 2), "red")
    report = check(_build(tmp_path, lambda c: _clean_page(
        c, lambda c: c.drawImage(ImageReader(image), 72, 300, 20, 20))))
    assert report.untagged == [(1, "Do", 1)]


# -- marked-content ids ------------------------------------------------------------------------

def test_nested_mcids_are_reported(tmp_path):
    def draw(c):
        c.addLiteral("/P <</MCID 0>> BDC")
        c.drawString(72, 740, "Yttre")
        _marked(c, "Span", 1, lambda: c.drawString(72, 720, "inre"))
        c.addLiteral("EMC")
    report = check(_build(tmp_path, draw, E("Document", E("P", 0, E("Span", 1)))))
    assert report.nested_mcids == [(1, 0, 1)]


def test_an_mcid_referenced_twice_is_reported(tmp_path):
    tree = _clean_tree(E("P", 1))
    report = check(_build(tmp_path, tree=tree))
    assert report.mcid_problems == [
        "page 1: MCID 1 is referenced 2 times by the structure tree (must be once)"]


def test_an_mcid_never_referenced_is_reported(tmp_path):
    def draw(c):
        _clean_page(c, lambda c: _marked(c, "P", 8, lambda: c.drawString(72, 400, "Glömd")))
    report = check(_build(tmp_path, draw))
    assert report.untagged == []
    assert report.mcid_problems[0] == (
        "page 1: MCID 8 is referenced 0 times by the structure tree (must be once)")


def test_a_reference_to_an_mcid_not_in_the_content_is_reported(tmp_path):
    report = check(_build(tmp_path, tree=_clean_tree(E("P", 9))))
    assert any("references MCID 9, which is not in the content" in p
               for p in report.mcid_problems)


def test_a_parent_tree_that_maps_an_mcid_to_the_wrong_element_is_reported(tmp_path):
    report = check(_build(tmp_path, parent_tree={0: "P"}))
    assert len(report.mcid_problems) == 1
    assert report.mcid_problems[0].startswith("page 1: the /ParentTree maps MCID 0 to ")
    assert report.mcid_problems[0].endswith("but H1 (%d, 0) references it" % (
        report.roots[0].kids[0].objgen[0]))


def test_an_mcid_in_two_sequences_is_reported(tmp_path):
    def draw(c):
        _marked(c, "P", 0, lambda: c.drawString(72, 740, "Ett"))
        _marked(c, "P", 0, lambda: c.drawString(72, 720, "Två"))
    report = check(_build(tmp_path, draw, E("Document", E("P", 0))))
    assert report.mcid_problems == ["page 1: MCID 0 is used by 2 marked-content sequences"]


def test_unbalanced_marked_content_is_reported(tmp_path):
    def draw(c):
        _marked(c, "P", 0, lambda: c.drawString(72, 740, "Ett"))
        c.addLiteral("EMC")
    report = check(_build(tmp_path, draw, E("Document", E("P", 0))))
    assert report.content_problems == [
        "page 1: EMC without an open marked-content sequence"]


# -- tables, links, catalog --------------------------------------------------------------------

def test_a_headers_id_that_does_not_resolve_is_reported(tmp_path):
    report = check(_build(tmp_path, tree=_clean_tree(headers=("h-andel", "h-saknas"))))
    [table] = report.tables()
    assert not table.headers_ok
    assert table.header_problems == ["TD '1,3': /Headers id 'h-saknas' is not in the /IDTree"]


def test_a_headers_id_of_an_element_that_is_not_a_th_is_reported(tmp_path):
    tree = E("Document",
             E("Table", E("TR", E("TD", 0, ID="c1", Headers=["c2"]),
                          E("TD", 1, ID="c2", Headers=["c1"]))))

    def draw(c):
        _marked(c, "TD", 0, lambda: c.drawString(72, 700, "a"))
        _marked(c, "TD", 1, lambda: c.drawString(200, 700, "b"))
    [table] = check(_build(tmp_path, draw, tree)).tables()
    assert table.header_problems == ["TD 'a': /Headers id 'c2' is a TD, not a TH",
                                     "TD 'b': /Headers id 'c1' is a TD, not a TH"]
    assert table.header_cells == [] and table.rows == 1


def test_a_link_without_contents_or_print_flag_is_reported(tmp_path):
    [link] = check(_build(tmp_path, annotation_flags=0, contents=None)).links()
    assert (link.has_objr, link.contents, link.printable, link.struct_parent_ok) == (
        True, False, False, True)
    assert not link.ok


def test_a_link_without_objr_is_reported(tmp_path):
    tree = E("Document", E("Link", 0))
    [link] = check(_build(tmp_path, lambda c: _marked(
        c, "Link", 0, lambda: c.drawString(72, 700, "x")), tree)).links()
    assert not link.has_objr and not link.ok


def test_an_untagged_file_has_no_structure(tmp_path):
    path = tmp_path / "plain.pdf"
    _draw(path, lambda c: c.drawString(72, 700, "Otaggad"))
    report = check(path)
    assert not report.has_structure and not report.marked and report.lang is None
    assert report.untagged == [(1, "Tj", 1)]
    assert report.pages_without_tabs == [1]
    assert report.elements == []


def test_an_mcid_inside_an_artifact_is_reported(tmp_path):
    def draw(c):
        _artifact(c, lambda: _marked(c, "P", 0, lambda: c.drawString(72, 700, "Gömd")))
    report = check(_build(tmp_path, draw, E("Document", E("P", 0))))
    assert report.content_problems == ["page 1: MCID 0 opened inside an artifact"]


def test_a_td_without_headers_is_reported(tmp_path):
    tree = E("Document", E("Table", E("TR", E("TH", 0, ID="h", Scope="Row"), E("TD", 1))))

    def draw(c):
        _marked(c, "TH", 0, lambda: c.drawString(72, 700, "Habo"))
        _marked(c, "TD", 1, lambda: c.drawString(200, 700, "1,3"))
    [table] = check(_build(tmp_path, draw, tree)).tables()
    assert table.header_problems == ["TD '1,3' has no /Headers"]
    assert table.header_cells == [("Habo", "Row")]
