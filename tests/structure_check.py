"""An independent structure check of a tagged PDF, for the tests (issue 12, item 6).

In: the path of a PDF. Out: ``check(path)`` gives a ``Report``:

- ``untagged``: (page from 1, operator, count) for painting operators that are not inside
  marked content that belongs to the structure (a sequence with an MCID) or to an
  ``/Artifact``. A sequence that is neither (``/OC … BDC``, a bare ``/Span BMC``) does not
  tag its content, so paint inside only such sequences counts as untagged. Form XObjects
  drawn with ``Do`` are followed: their content inherits the enclosing marked content; a
  form drawn outside any must be marked inside itself.
- ``nested_mcids``: (page, outer MCID, inner MCID) where an MCID sequence opens inside
  another.
- ``content_problems``: unbalanced BDC/BMC/EMC, an MCID inside an artifact, MCIDs in a form
  without ``/StructParents``.
- ``mcid_problems``: an MCID of the content referenced by the structure tree other than
  exactly once, a reference to an MCID the page does not have, a page with MCIDs whose
  ``/StructParents`` entry in the ``/ParentTree`` does not map each MCID to the element that
  references it.
- ``elements``: the structure tree as (depth, role, text) in reading order (the tree's kid
  order), depth 0 the kids of ``/StructTreeRoot``; the text is the element's ``/ActualText``,
  else the text of its own marked content, glyphs joined as drawn (no spaces are added, so
  words joined at a line end show), whitespace runs collapsed to one space.

and helpers ``headings()``, ``tables()``, ``figures()``, ``links()``, plus catalog facts
(``marked``, ``lang``, ``title``, ``pages_without_tabs``).

This reads the file with pikepdf (content streams, tree) and pdfminer.six (the text of each
MCID); it shares no code with regionreport's tagging, so it checks what the file says, not
what the tagger meant.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
PATH_OPERATORS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
PAINTING_OPERATORS = TEXT_OPERATORS | PATH_OPERATORS | {"sh", "Do", "BI"}
HEADING_ROLE = re.compile(r"^H([1-6])$")


# -- the report --------------------------------------------------------------------------------

@dataclass(eq=False)
class Node:
    """One structure element as read from the file: ``role`` (its /S), ``std`` (the role
    after the /RoleMap), ``attrs`` (the element's own keys and its /A and /C attributes,
    as Python values: ID, Alt, ActualText, Scope, Headers, ColSpan, …), its own marked
    content ``mcids`` as (page index, MCID) and its ``annotations`` (from /OBJR kids, each a
    pikepdf-free summary dict), its kids and its text."""

    role: str
    std: str
    depth: int
    attrs: dict = field(default_factory=dict)
    mcids: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
    kids: list = field(default_factory=list)
    parent: Node | None = None
    own_text: str = ""
    objgen: tuple = (0, 0)

    @property
    def text(self) -> str:
        """The element's own text (its /ActualText, else its own marked content)."""
        return self.attrs["ActualText"] if "ActualText" in self.attrs else self.own_text

    def full_text(self) -> str:
        """The text of the element and everything below it, in reading order."""
        if "ActualText" in self.attrs:
            return self.attrs["ActualText"]
        parts = [self.own_text] + [kid.full_text() for kid in self.kids]
        return _collapse(" ".join(p for p in parts if p))

    def walk(self):
        """This element's descendants, depth first (itself not included)."""
        for kid in self.kids:
            yield kid
            yield from kid.walk()


@dataclass
class TableInfo:
    """One Table element: ``rows`` (TR rows in THead/TBody/TFoot or directly below),
    ``header_cells`` [(text, Scope or None)] of its TH, ``headers_ok`` (every TD has
    /Headers and each id resolves through the /IDTree to a TH), ``header_problems`` saying
    which did not, and the text of its ``caption`` (None: no Caption kid)."""

    rows: int
    header_cells: list
    headers_ok: bool
    header_problems: list
    caption: str | None
    data_cells: int


@dataclass
class LinkInfo:
    """One Link element: its ``text``, whether it has an /OBJR kid, and for its annotations
    (all must pass): /Contents present and not empty, the print flag (/F & 4) set, and
    /StructParent mapping back to this element in the /ParentTree."""

    text: str
    has_objr: bool
    contents: bool
    printable: bool
    struct_parent_ok: bool

    @property
    def ok(self) -> bool:
        return self.has_objr and self.contents and self.printable and self.struct_parent_ok


@dataclass
class Report:
    """What ``check`` found; see the module docstring."""

    untagged: list = field(default_factory=list)
    nested_mcids: list = field(default_factory=list)
    content_problems: list = field(default_factory=list)
    mcid_problems: list = field(default_factory=list)
    elements: list = field(default_factory=list)
    roots: list = field(default_factory=list)          # Node kids of /StructTreeRoot
    marked: bool = False                                # /MarkInfo /Marked true
    lang: str | None = None
    title: str | None = None                            # XMP dc:title
    pages_without_tabs: list = field(default_factory=list)  # pages (from 1) without /Tabs /S
    has_structure: bool = False
    ids: dict = field(default_factory=dict, repr=False)     # /IDTree id -> Node
    _links: list = field(default_factory=list, repr=False)  # (Node, LinkInfo flags)

    def nodes(self):
        """Every element, depth first in reading order."""
        for root in self.roots:
            yield root
            yield from root.walk()

    def untagged_count(self) -> int:
        return sum(count for _, _, count in self.untagged)

    def untagged_by_operator(self) -> Counter:
        counts: Counter = Counter()
        for _, operator, count in self.untagged:
            counts[operator] += count
        return counts

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every H1–H6 element in reading order."""
        found = []
        for node in self.nodes():
            match = HEADING_ROLE.match(node.std)
            if match:
                found.append((int(match.group(1)), node.full_text()))
        return found

    def tables(self) -> list[TableInfo]:
        """One ``TableInfo`` per Table element, in reading order."""
        return [self._table(node) for node in self.nodes() if node.std == "Table"]

    def figures(self) -> list[tuple[str | None, str | None]]:
        """(alt, caption text) of each Figure: /Alt (None: none), the text of a Caption kid
        or else of a Caption next to it in its parent, the one after it first (None: no
        caption)."""
        found = []
        for node in self.nodes():
            if node.std != "Figure":
                continue
            caption = _caption(node)
            if caption is None and node.parent is not None:
                siblings = node.parent.kids
                at = siblings.index(node)
                for other in siblings[at + 1:at + 2] + siblings[max(0, at - 1):at]:
                    if other.std == "Caption":
                        caption = other.full_text()
                        break
            found.append((node.attrs.get("Alt"), caption))
        return found

    def links(self) -> list[LinkInfo]:
        """One ``LinkInfo`` per Link element, in reading order."""
        return [LinkInfo(node.full_text(), *flags) for node, flags in self._links]

    def _table(self, table: Node) -> TableInfo:
        rows = []
        cells = []

        def collect(node):
            for kid in node.kids:
                if kid.std == "TR":
                    rows.append(kid)
                    cells.extend(c for c in kid.kids if c.std in ("TH", "TD"))
                elif kid.std in ("THead", "TBody", "TFoot"):
                    collect(kid)
        collect(table)
        header_cells = [(c.full_text(), c.attrs.get("Scope")) for c in cells if c.std == "TH"]
        problems = []
        data = [c for c in cells if c.std == "TD"]
        for cell in data:
            headers = cell.attrs.get("Headers")
            label = cell.full_text() or "(empty)"
            if not headers:
                problems.append(f"TD {label!r} has no /Headers")
                continue
            for identifier in headers:
                target = self.ids.get(identifier)
                if target is None:
                    problems.append(f"TD {label!r}: /Headers id {identifier!r} is not in "
                                    f"the /IDTree")
                elif target.std != "TH":
                    problems.append(f"TD {label!r}: /Headers id {identifier!r} is a "
                                    f"{target.std}, not a TH")
        return TableInfo(rows=len(rows), header_cells=header_cells, headers_ok=not problems,
                         header_problems=problems, caption=_caption(table),
                         data_cells=len(data))


def _caption(node: Node) -> str | None:
    for kid in node.kids:
        if kid.std == "Caption":
            return kid.full_text()
    return None


# -- check -------------------------------------------------------------------------------------

def check(pdf_path, *, text: bool = True) -> Report:
    """Check the tagged PDF at ``pdf_path``; ``text=False`` skips reading the text of the
    marked content (faster; element texts are then empty)."""
    report = Report()
    with pikepdf.open(Path(pdf_path)) as pdf:
        pages = [page.obj for page in pdf.pages]
        page_index = {page.objgen: i for i, page in enumerate(pages)}
        content = _ContentScan(report)
        for i, page in enumerate(pdf.pages):
            content.scan_page(i, page)
        _read_catalog(pdf, report)
        if "/StructTreeRoot" in pdf.Root:
            report.has_structure = True
            tree = _TreeReader(pdf, report, page_index)
            tree.read()
            _check_mcids(report, content, tree, pages)
            _check_links(report, tree, pages)
        else:
            for key, count in sorted(content.mcids.items()):
                report.mcid_problems.append(
                    f"{_where(key)}: MCID {key[1]} in the content but the PDF has no "
                    f"/StructTreeRoot")
    if text and report.has_structure:
        texts = _mcid_texts(pdf_path)
        for node in report.nodes():
            node.own_text = _collapse("".join(texts.get(m, "") for m in node.mcids))
    report.elements = [(node.depth, node.role, node.text) for node in report.nodes()]
    return report


def _where(key) -> str:
    container, _ = key
    if container[0] == "page":
        return f"page {container[1] + 1}"
    return f"form {container[1]}"


# -- content streams ---------------------------------------------------------------------------

class _ContentScan:
    """Walks each page's content (and the forms it draws) with a marked-content stack."""

    def __init__(self, report: Report):
        self.report = report
        self.mcids: Counter = Counter()      # ((kind, id), mcid) -> times opened
        self.untagged: Counter = Counter()   # (page, operator) -> count
        self.page = 0
        self.form_struct_parents: dict = {}  # form objgen -> /StructParents

    def scan_page(self, index: int, page: pikepdf.Page) -> None:
        self.page = index
        stack: list = []
        self._scan(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()),
                   ("page", index), stack, set())
        if stack:
            self.report.content_problems.append(
                f"page {index + 1}: {len(stack)} marked-content sequence(s) not closed by EMC")
        for (page_no, operator), count in sorted(self.untagged.items()):
            if page_no == index:
                self.report.untagged.append((page_no + 1, operator, count))

    def _scan(self, stream, resources, container, stack, forms_open) -> None:
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError as error:
            self.report.content_problems.append(
                f"page {self.page + 1}: content not readable ({error})")
            return
        depth_at_start = len(stack)
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self._paint("BI", stack)
                continue
            operator = str(instruction.operator)
            operands = instruction.operands
            if operator in ("BDC", "BMC"):
                self._open(operator, operands, resources, container, stack)
            elif operator == "EMC":
                if len(stack) <= depth_at_start:
                    self.report.content_problems.append(
                        f"page {self.page + 1}: EMC without an open marked-content sequence")
                else:
                    stack.pop()
            elif operator == "Do":
                self._do(operands, resources, container, stack, forms_open)
            elif operator in PAINTING_OPERATORS:
                self._paint(operator, stack)
        if len(stack) > depth_at_start:
            self.report.content_problems.append(
                f"page {self.page + 1}: a form closes with {len(stack) - depth_at_start} "
                f"marked-content sequence(s) still open")
            del stack[depth_at_start:]

    def _open(self, operator, operands, resources, container, stack) -> None:
        tag = str(operands[0]) if operands else "?"
        props = None
        if operator == "BDC" and len(operands) > 1:
            props = operands[1]
            if isinstance(props, Name):
                props = resources.get("/Properties", pikepdf.Dictionary()).get(str(props))
        mcid = None
        if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
            mcid = int(props.MCID)
        artifact = tag == "/Artifact"
        entry = {"tag": tag, "mcid": mcid, "artifact": artifact}
        if mcid is not None:
            outer = next((e for e in reversed(stack) if e["mcid"] is not None), None)
            if outer is not None:
                self.report.nested_mcids.append((self.page + 1, outer["mcid"], mcid))
            if any(e["artifact"] for e in stack):
                self.report.content_problems.append(
                    f"page {self.page + 1}: MCID {mcid} opened inside an artifact")
            self.mcids[(container, mcid)] += 1
        stack.append(entry)

    def _paint(self, operator, stack) -> None:
        if not any(e["mcid"] is not None or e["artifact"] for e in stack):
            self.untagged[(self.page, operator)] += 1

    def _do(self, operands, resources, container, stack, forms_open) -> None:
        name = str(operands[0]) if operands else ""
        xobject = resources.get("/XObject", pikepdf.Dictionary()).get(name)
        if xobject is None or xobject.get("/Subtype") != Name.Form:
            self._paint("Do", stack)
            return
        key = xobject.objgen
        if key in forms_open:           # a form that draws itself: stop
            return
        inner = container
        if "/StructParents" in xobject:
            inner = ("form", key)
            self.form_struct_parents[key] = int(xobject.StructParents)
        form_resources = xobject.get("/Resources", resources)
        before = sum(self.mcids.values())
        self._scan(xobject, form_resources, inner, stack, forms_open | {key})
        if "/StructParents" not in xobject and sum(self.mcids.values()) > before \
                and not any(e["mcid"] is not None for e in stack):
            self.report.content_problems.append(
                f"page {self.page + 1}: form {name} has MCIDs but no /StructParents; they "
                f"are counted as the page's")


# -- the structure tree ------------------------------------------------------------------------

class _TreeReader:
    """Reads /StructTreeRoot into ``Node``s and counts the MCIDs it references."""

    def __init__(self, pdf: pikepdf.Pdf, report: Report, page_index: dict):
        self.pdf = pdf
        self.report = report
        self.page_index = page_index
        root = pdf.Root.StructTreeRoot
        self.root = root
        self.role_map = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}
        self.class_map = root.get("/ClassMap", pikepdf.Dictionary())
        self.refs: dict = defaultdict(list)        # ((kind, id), mcid) -> [element objgen]
        self.elements_by_objgen: dict = {}
        self.objrs: list = []                      # (annotation object, element Node)
        self.parent_tree = _number_tree(root.get("/ParentTree"))
        self.id_tree = {}
        for key, value in _name_tree(root.get("/IDTree")).items():
            self.id_tree[key] = value
        self.seen: set = set()

    def read(self) -> None:
        for kid in _as_list(self.root.get("/K")):
            if isinstance(kid, pikepdf.Dictionary):
                self.report.roots.append(self._node(kid, 0, None, None))
        ids = {}
        for identifier, element in self.id_tree.items():
            node = self.elements_by_objgen.get(element.objgen) \
                if isinstance(element, pikepdf.Object) else None
            if node is not None:
                ids[identifier] = node
        self.report.ids = ids

    def _std(self, role: str) -> str:
        seen = set()
        while role in self.role_map and role not in seen:
            seen.add(role)
            role = self.role_map[role]
        return role

    def _node(self, obj, depth, parent, inherited_page) -> Node:
        role = str(obj.get("/S", "/?"))[1:]
        node = Node(role=role, std=self._std(role), depth=depth, parent=parent,
                    objgen=obj.objgen)
        if obj.objgen != (0, 0):
            if obj.objgen in self.seen:
                self.report.mcid_problems.append(
                    f"element {role} {obj.objgen} appears twice in the tree")
                return node
            self.seen.add(obj.objgen)
            self.elements_by_objgen[obj.objgen] = node
        node.attrs = _attributes(obj, self.class_map)
        page = obj.get("/Pg", inherited_page)
        for kid in _as_list(obj.get("/K")):
            if isinstance(kid, int) and not isinstance(kid, bool):
                self._mcid_ref(node, page, None, int(kid))
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == Name.MCR:
                    self._mcid_ref(node, kid.get("/Pg", page), kid.get("/Stm"),
                                   int(kid.get("/MCID", -1)))
                elif kind == Name.OBJR:
                    annotation = kid.get("/Obj")
                    node.annotations.append(annotation)
                    self.objrs.append((annotation, node))
                else:
                    node.kids.append(self._node(kid, depth + 1, node, page))
        return node

    def _mcid_ref(self, node, page, stream, mcid) -> None:
        if stream is not None:
            container = ("form", stream.objgen)
            page_no = self.page_index.get(page.objgen) if page is not None else None
        else:
            if page is None:
                self.report.mcid_problems.append(
                    f"{node.role}: MCID {mcid} referenced without a page (/Pg)")
                return
            page_no = self.page_index.get(page.objgen)
            if page_no is None:
                self.report.mcid_problems.append(
                    f"{node.role}: MCID {mcid} referenced on an object that is not a page")
                return
            container = ("page", page_no)
        self.refs[(container, mcid)].append(node)
        if container[0] == "page":
            node.mcids.append((page_no, mcid))


def _attributes(obj, class_map) -> dict:
    """The element's own keys and its /A (and /C class) attributes as Python values."""
    found = {}
    for key in ("/ID", "/Alt", "/ActualText", "/Lang", "/T", "/E"):
        if key in obj:
            found[key[1:]] = _py(obj[key])
    sources = []
    for c in _as_list(obj.get("/C")):
        if isinstance(c, Name) and str(c) in class_map:
            sources.extend(_as_list(class_map[str(c)]))
    sources.extend(_as_list(obj.get("/A")))
    for a in sources:
        if isinstance(a, pikepdf.Dictionary):
            for key, value in a.items():
                if key != "/O":
                    found[key[1:]] = _py(value)
    return found


def _py(value):
    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, Name):
        return str(value)[1:]
    if isinstance(value, pikepdf.Array):
        return [_py(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _tree(node, entries: str, key, found=None) -> dict:
    """A number or name tree (``entries`` "/Nums" or "/Names", and /Kids) as a dict, each
    key converted by ``key``."""
    found = {} if found is None else found
    if node is None:
        return found
    pairs = node.get(entries)
    if pairs is not None:
        for i in range(0, len(pairs) - 1, 2):
            found[key(pairs[i])] = pairs[i + 1]
    for kid in _as_list(node.get("/Kids")):
        _tree(kid, entries, key, found)
    return found


def _number_tree(node) -> dict:
    """A number tree (/Nums, /Kids) as a dict."""
    return _tree(node, "/Nums", int)


def _name_tree(node) -> dict:
    """A name tree (/Names, /Kids) as a dict with str keys."""
    return _tree(node, "/Names", str)


def _check_mcids(report: Report, content: _ContentScan, tree: _TreeReader, pages) -> None:
    for key, opened in sorted(content.mcids.items(), key=_sort_key):
        if opened > 1:
            report.mcid_problems.append(
                f"{_where(key)}: MCID {key[1]} is used by {opened} marked-content sequences")
        referenced = len(tree.refs.get(key, []))
        if referenced != 1:
            report.mcid_problems.append(
                f"{_where(key)}: MCID {key[1]} is referenced {referenced} times by the "
                f"structure tree (must be once)")
    for key, nodes in sorted(tree.refs.items(), key=_sort_key):
        if key not in content.mcids:
            roles = ", ".join(n.role for n in nodes)
            report.mcid_problems.append(
                f"{_where(key)}: {roles} references MCID {key[1]}, which is not in the content")
    # the parent tree: /StructParents of each page (and form) -> array indexed by MCID
    containers = defaultdict(dict)
    for (container, mcid), _ in content.mcids.items():
        containers[container][mcid] = tree.refs.get((container, mcid), [])
    for container, by_mcid in sorted(containers.items(), key=lambda c: (c[0][0], str(c[0][1]))):
        where = _where((container, None))
        if container[0] == "page":
            struct_parents = pages[container[1]].get("/StructParents")
        else:
            struct_parents = content.form_struct_parents.get(container[1])
        if struct_parents is None:
            report.mcid_problems.append(f"{where}: has MCIDs but no /StructParents")
            continue
        entry = tree.parent_tree.get(int(struct_parents))
        if not isinstance(entry, pikepdf.Array):
            report.mcid_problems.append(
                f"{where}: /StructParents {int(struct_parents)} has no array in the "
                f"/ParentTree")
            continue
        for mcid, nodes in sorted(by_mcid.items()):
            if mcid >= len(entry) or not isinstance(entry[mcid], pikepdf.Dictionary):
                report.mcid_problems.append(
                    f"{where}: the /ParentTree has no element for MCID {mcid}")
                continue
            target = entry[mcid].objgen
            if len(nodes) == 1 and nodes[0].objgen != target:
                report.mcid_problems.append(
                    f"{where}: the /ParentTree maps MCID {mcid} to {target}, but "
                    f"{nodes[0].role} {nodes[0].objgen} references it")


def _sort_key(item):
    (container, mcid) = item[0]
    return (container[0], str(container[1]) if container[0] == "form" else container[1],
            mcid if mcid is not None else -1)


def _check_links(report: Report, tree: _TreeReader, pages) -> None:
    for node in report.nodes():
        if node.std != "Link":
            continue
        annotations = node.annotations
        contents = printable = parent_ok = bool(annotations)
        for annotation in annotations:
            if not isinstance(annotation, pikepdf.Dictionary):
                contents = printable = parent_ok = False
                continue
            if not str(annotation.get("/Contents", "")).strip():
                contents = False
            if not int(annotation.get("/F", 0)) & 4:
                printable = False
            key = annotation.get("/StructParent")
            entry = tree.parent_tree.get(int(key)) if key is not None else None
            if not isinstance(entry, pikepdf.Dictionary) or entry.objgen != node.objgen:
                parent_ok = False
        report._links.append((node, (bool(annotations), contents, printable, parent_ok)))


def _read_catalog(pdf: pikepdf.Pdf, report: Report) -> None:
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    report.marked = bool(mark_info is not None and mark_info.get("/Marked", False))
    if "/Lang" in root:
        report.lang = str(root.Lang)
    try:
        meta = pdf.open_metadata()
        title = meta.get("dc:title")
        report.title = str(title) if title else None
    except Exception:   # noqa: BLE001 - unreadable XMP is reported as no title
        report.title = None
    report.pages_without_tabs = [i + 1 for i, page in enumerate(pdf.pages)
                                 if page.obj.get("/Tabs") != Name.S]


# -- text --------------------------------------------------------------------------------------

def _mcid_texts(pdf_path) -> dict:
    """(page index, MCID) -> the text drawn in that marked content, in drawing order.

    pdfminer.six interprets the pages (fonts decoded through their ToUnicode maps, forms
    followed); the device below keeps the marked-content stack itself (pdfplumber's
    ``char["mcid"]`` forgets the MCID when a sequence nested inside it ends, and does not
    look up property lists by name), and a nested sequence with /ActualText stands for the
    glyphs inside it."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    class Interpreter(PDFPageInterpreter):
        def do_BDC(self, tag, props):   # noqa: N802 - pdfminer's operator method
            if isinstance(props, PSLiteral):   # a name in the resources' /Properties
                properties = resolve1((self.resources or {}).get("Properties")) or {}
                props = resolve1(properties.get(props.name))
            super().do_BDC(tag, props)

    class Device(PDFPageAggregator):
        def __init__(self, manager):
            super().__init__(manager, laparams=None)
            self.page_index = 0
            self.stack: list[tuple[int | None, bool]] = []   # (MCID, glyphs replaced)
            self.texts: dict = defaultdict(list)

        def begin_tag(self, tag, props=None):
            props = resolve1(props)
            mcid = actual = None
            if isinstance(props, dict):
                if "MCID" in props:
                    mcid = int(resolve1(props["MCID"]))
                if "ActualText" in props:
                    value = resolve1(props["ActualText"])
                    actual = decode_text(value) if isinstance(value, bytes) else str(value)
            outer, replaced = self.stack[-1] if self.stack else (None, False)
            current = mcid if mcid is not None else outer
            if actual is not None and not replaced and current is not None:
                self.texts[(self.page_index, current)].append(actual)
            self.stack.append((current, replaced or actual is not None))

        def end_tag(self):
            if self.stack:
                self.stack.pop()

        def render_char(self, *args, **kwargs):
            advance = super().render_char(*args, **kwargs)
            mcid, replaced = self.stack[-1] if self.stack else (None, False)
            if mcid is not None and not replaced and self.cur_item._objs:
                self.texts[(self.page_index, mcid)].append(self.cur_item._objs[-1].get_text())
            return advance

    manager = PDFResourceManager(caching=True)
    device = Device(manager)
    interpreter = Interpreter(manager, device)
    with open(pdf_path, "rb") as file:
        for index, page in enumerate(PDFPage.get_pages(file)):
            device.page_index = index
            device.stack = []
            interpreter.process_page(page)
    return {key: "".join(parts) for key, parts in device.texts.items()}


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
