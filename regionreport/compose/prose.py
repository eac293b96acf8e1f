"""Prose: the layout's Markdown texts with template fields and footnotes, as document blocks.

In: Markdown text, the template field values, the file name for messages, the folder the
prose's images must stay in (the layout's folder), the heading of the notes (labels
``[notes]``) and the next free note number.
Out: document blocks (``Paragraph``, ``BulletList``, ``NumberedList``, ``Image``, ``Notes``)
with plain text spans, and the next free note number. ``fill_fields`` replaces ``{field}``
(``{{`` and ``}}`` are braces).

The supported subset (docs/layout-format.md, "Prose"): paragraphs separated by blank lines;
``- ``, ``* `` or ``+ `` bullet lists and ``1. `` or ``1) `` numbered lists (items at the
start of the line; an item continues on the following lines; a list may follow a paragraph
line directly, a numbered one when it starts at 1); ``> `` quotes of one paragraph; an image
``![alt text](path)`` as a paragraph of its own; the inline Markdown of ``inline.py``;
footnote definitions ``[^name]: text`` (continued on indented lines).
Everything else Markdown has is an ``InputError`` naming the file, the line and what is
supported: headings (ATX ``#`` and setext underlines), horizontal rules, code fences and
indented code, tables, nested lists, list items of several paragraphs, quotes inside quotes
or holding lists, reference link definitions, line breaks by a trailing backslash, and the
inline constructs ``inline.py`` refuses. So are unknown template fields and footnotes
referenced but not defined (or defined but not referenced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from regionreport.compose.images import prose_image
from regionreport.compose.inline import Inline, Joined, literal, protect, restore
from regionreport.document import BulletList, Notes, NumberedList, Paragraph
from regionreport.errors import InputError

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}\s]*)\}")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
_BULLET = re.compile(r"[-*+] +(?=\S)")
_NUMBER = re.compile(r"(\d{1,9})([.)]) +(?=\S)")
_MARKER = re.compile(r"\s+(?:[-*+]|\d{1,9}[.)])(?: |$)")     # indented
_INDENTED_BULLET = re.compile(r"[ \t]+[-*+] +\S")
_QUOTE = re.compile(r" {0,3}>")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target><[^<>]*>|[^)]*)\)")

_SUPPORTED = ("paragraphs, '- ' and '1. ' lists, '> ' quotes, ![alt text](path) images, "
              "**bold**, *italic*, [text](url) and footnotes [^name]")
_HEADING_FIX = "make the heading a section of the layout"
# Lines that begin a construct the prose does not support: (pattern, problem, fix).
_REFUSED_LINES = (
    (re.compile(r" {0,3}(```|~~~)"), "code blocks are not supported in prose",
     "write the text as a paragraph"),
    (re.compile(r" {0,3}([-*_])(?: *\1){2,} *$"),
     "horizontal rules ('---', '***') are not supported in prose",
     "leave a blank line between paragraphs; a new page or part is a section of the layout"),
    (re.compile(r" {0,3}\|"), "tables are not supported in prose",
     "results tables are sections of the layout; write a few figures as a list, or \\| for "
     "a bar that begins a line"),
    (re.compile(r" {0,3}\|? *:?-+:? *(?:\| *:?-+:? *)+\|? *$"),
     "tables are not supported in prose",
     "results tables are sections of the layout; write a few figures as a list"),
    (re.compile(r" {0,3}\[(?!\^)[^\]]+\]: *\S"),
     "reference-style link definitions are not supported in prose",
     "write the address in the link: [text](https://...)"),
)
_EMPTY_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)]) *$")


def fill_fields(text: str, fields: dict[str, str], *, file: str | Path,
                first_line: int = 1) -> str:
    """Replace every ``{name}`` with its value; an unknown name is an ``InputError``."""
    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name not in fields:
            line = first_line + text.count("\n", 0, match.start())
            raise InputError(f"unknown template field '{{{name}}}'", file=file,
                             place=f"line {line}",
                             fix="known fields: " + ", ".join("{" + f + "}" for f in
                                                              sorted(fields)))
        return fields[name]
    return _FIELD.sub(replace, text)


def parse_prose(text: str, fields: dict[str, str], *, file: str | Path, notes_heading: str,
                first_note: int = 1, root: str | Path | None = None) -> tuple[list, int]:
    """Blocks of one prose file, then its notes under ``notes_heading``; returns (blocks,
    next free note number). Images must lie inside ``root`` (default: the file's folder)."""
    # a field's text (a region named "A & B <C>") is the data's, never Markdown
    text = fill_fields(text, {name: literal(value) for name, value in fields.items()},
                       file=file)
    lines = [protect(line) for line in text.splitlines()]
    definitions, body = _notes_and_body(lines, file)
    numbers: dict[str, int] = {}
    inline = Inline(definitions, numbers, first_note, file)
    reader = _Reader(file, Path(root) if root is not None else Path(file).parent)
    blocks = []
    for group in _groups(body):
        blocks += [reader.block(piece, inline) for piece in reader.pieces(group)]
    unused = sorted(set(definitions) - set(numbers))
    if unused:
        raise InputError(f"footnote [^{restore(unused[0])}] is defined but never referenced",
                         file=file, place=f"line {definitions[unused[0]][1]}")
    if numbers:
        plain = Inline({}, {}, 0, file)           # a note refers to no other note
        items = tuple((numbers[label], Paragraph(plain.spans(definitions[label][0]),
                                                 style="note"))
                      for label in sorted(numbers, key=numbers.get))
        blocks.append(Notes(items, notes_heading))
    return blocks, first_note + len(numbers)


def _notes_and_body(lines: list[str], file) -> tuple[dict, list[tuple[int, str]]]:
    """The footnote definitions (label -> (Joined text, line)) and the other lines with
    their numbers; a heading line is refused here."""
    definitions: dict[str, tuple[list, int]] = {}
    body: list[tuple[int, str]] = []
    current: str | None = None
    for number, line in enumerate(lines, start=1):
        match = _NOTE_DEF.match(line)
        if match:
            current = match.group(1)
            if current in definitions:
                raise InputError(f"footnote [^{restore(current)}] is defined twice",
                                 file=file, place=f"line {number}")
            definitions[current] = ([(number, match.group(2))], number)
            continue
        if current and line.startswith(("    ", "\t")) and line.strip():
            definitions[current][0].append((number, line))
            continue
        current = None
        if line.lstrip().startswith("#"):
            raise InputError("headings do not belong in prose files", file=file,
                             place=f"line {number}", fix=_HEADING_FIX)
        body.append((number, line))
    return {label: (Joined.of(parts), where) for label, (parts, where) in
            definitions.items()}, body


def _groups(body: list[tuple[int, str]]):
    """Runs of consecutive non-blank lines (with their numbers)."""
    group: list[tuple[int, str]] = []
    for number, line in body + [(0, "")]:
        if line.strip():
            group.append((number, line))
        elif group:
            yield group
            group = []


@dataclass
class _Piece:
    """One block being read: a paragraph, quote or image (``lines``), or a list (``items``,
    each a list of lines)."""

    kind: str                                    # paragraph | quote | bullets | numbers | image
    lines: list[tuple[int, str]] = field(default_factory=list)
    items: list[list[tuple[int, str]]] = field(default_factory=list)
    start: int = 1                               # numbers: the first item's number
    delimiter: str = "."


class _Reader:
    """Reads the groups of one prose file into pieces and pieces into blocks."""

    def __init__(self, file, root: Path):
        self.file = file
        self.root = root
        self.previous: str | None = None          # the kind of the last piece read

    def refuse(self, number: int, problem: str, fix: str, *,
               supported: bool = True) -> InputError:
        """The error for ``line``; ``supported`` adds what the prose supports to the fix."""
        return InputError(problem, file=self.file, place=f"line {number}",
                          fix=f"{fix}; prose supports {_SUPPORTED}" if supported else fix)

    def pieces(self, group: list[tuple[int, str]]) -> list[_Piece]:
        """The blocks of one run of non-blank lines, read line by line."""
        self._check_start(*group[0])
        pieces: list[_Piece] = []
        current: _Piece | None = None
        for index, (number, line) in enumerate(group):
            in_list = current is not None and current.kind in ("bullets", "numbers")
            if _EMPTY_ITEM.match(line) and (index == 0 or in_list):
                raise self.refuse(number, "a list item has no text",
                                  "write the item's text after the marker, or remove the line",
                                  supported=False)
            self._check_line(number, line, first=index == 0)
            if current is not None and current.kind == "image":
                raise self.refuse(number, "an image must stand alone in its paragraph",
                                  "put a blank line after ![alt text](path)", supported=False)
            if in_list and line[:1] in (" ", "\t"):
                if _MARKER.match(line) or line.lstrip().startswith(">"):
                    raise self.refuse(number, "nested lists and quotes inside list items are "
                                              "not supported in prose",
                                      "start every item at the beginning of the line, or "
                                      "write \\> for a '>' that begins a line")
                current.items[-1].append((number, line))
            elif _INDENTED_BULLET.match(line) or (index == 0 and _MARKER.match(line)):
                raise self.refuse(number, "an indented list item is not supported in prose",
                                  "start the list's items at the beginning of the line")
            else:
                current = self._read(current, pieces, number, line)
        self.previous = pieces[-1].kind
        return pieces

    def _check_start(self, number: int, line: str) -> None:
        """Refuse an indented first line: a list item's second paragraph, or code."""
        if line[:1] not in (" ", "\t"):
            return
        if self.previous in ("bullets", "numbers"):
            raise self.refuse(number, "a list item has more than one paragraph",
                              "join the item's paragraphs, or end the list and start the "
                              "paragraph at the beginning of the line")
        if line.startswith(("    ", "\t")):
            raise self.refuse(number, "indented lines (code blocks in Markdown) are not "
                                      "supported in prose",
                              "start the paragraph at the beginning of the line")

    def _read(self, current: _Piece | None, pieces: list[_Piece], number: int,
              line: str) -> _Piece:
        """Add a line that begins at the start of the line; returns the piece it went to."""
        bullet, numbered = _BULLET.match(line), _NUMBER.match(line)
        if bullet:
            if current is None or current.kind != "bullets":
                current = _Piece("bullets")
                pieces.append(current)
            current.items.append([(number, line[bullet.end():])])
        elif numbered and (current is None or current.kind == "numbers"
                           or numbered.group(1) == "1"):
            current = self._numbered(current, pieces, numbered, number, line)
        elif _QUOTE.match(line):
            if current is None or current.kind != "quote":
                current = _Piece("quote")
                pieces.append(current)
            current.lines.append((number, self._quoted(number, line)))
        elif _IMAGE.fullmatch(line.strip()):
            if current is not None:
                raise self.refuse(number, "an image must stand alone in its paragraph",
                                  "put a blank line before ![alt text](path)", supported=False)
            current = _Piece("image", [(number, line.strip())])
            pieces.append(current)
        elif current is None:
            current = _Piece("paragraph", [(number, line)])
            pieces.append(current)
        elif current.kind in ("bullets", "numbers"):
            current.items[-1].append((number, line))      # a lazy continuation line
        else:
            current.lines.append((number, line))          # of a paragraph or a quote
        return current

    def _numbered(self, current, pieces, match, number, line) -> _Piece:
        """The numbered list ``current`` with the item of ``line`` added, or a new list."""
        written, delimiter = int(match.group(1)), match.group(2)
        if current is None or current.kind != "numbers":
            current = _Piece("numbers", start=written, delimiter=delimiter)
            pieces.append(current)
        else:
            expected = current.start + len(current.items)
            if delimiter != current.delimiter:
                raise self.refuse(number, f"the list's items are numbered both "
                                          f"'{current.start}{current.delimiter}' and "
                                          f"'{written}{delimiter}'",
                                  f"number every item with '{current.delimiter}'", supported=False)
            if written not in (expected, current.start):
                raise self.refuse(number, f"list item {written}{delimiter} follows item "
                                          f"{expected - 1}{delimiter}",
                                  f"number the items in order ({expected}{delimiter}), or "
                                  "every item as the first", supported=False)
        current.items.append([(number, line[match.end():])])
        return current

    def _quoted(self, number: int, line: str) -> str:
        """The text of a quote line; lists, code and quotes inside quotes are refused."""
        text = line.lstrip()[1:].strip()
        if text.startswith(">"):
            raise self.refuse(number, "quotes inside quotes are not supported in prose",
                              "write one '> ' at the beginning of each line of the quote")
        if _BULLET.match(text) or _NUMBER.match(text) or text.startswith(("#", "```", "~~~")):
            raise self.refuse(number, "a quote holds one paragraph of text, not lists, "
                                      "headings or code", "write the quote as text")
        return text

    def _check_line(self, number: int, line: str, *, first: bool) -> None:
        """Refuse a line that begins a construct the prose does not support."""
        if not first and re.fullmatch(r" {0,3}(=+|-+) *", line):
            raise InputError("headings do not belong in prose files: a line of '=' or '-' "
                             "under text makes it a heading", file=self.file,
                             place=f"line {number}", fix=_HEADING_FIX + ", or leave a blank "
                                                                        "line before the line")
        for pattern, problem, fix in _REFUSED_LINES:
            if pattern.match(line):
                raise self.refuse(number, problem, fix)
        if line.rstrip(" ").endswith("\\"):
            raise self.refuse(number, "a backslash at the end of a line (a line break) is not "
                                      "supported in prose",
                              "start a new paragraph after a blank line, or write \\\\ for a "
                              "backslash")

    def block(self, piece: _Piece, inline: Inline):
        """The document block of a piece that has been read."""
        if piece.kind == "image":
            number, text = piece.lines[0]
            match = _IMAGE.fullmatch(text)
            target = restore(match.group("target")).strip()
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            elif " " in target:
                raise self.refuse(number, f"the image path '{target}' has a space; image "
                                          "titles are not supported",
                                  "write the path alone, or within <...> if it has spaces")
            return prose_image(restore(match.group("alt")), target, file=self.file,
                               line=number, root=self.root)
        if piece.kind in ("bullets", "numbers"):
            style = "bullet" if piece.kind == "bullets" else "numbered"
            items = tuple(Paragraph(inline.spans(Joined.of(item)), style=style)
                          for item in piece.items)
            if piece.kind == "bullets":
                return BulletList(items)
            return NumberedList(items, start=piece.start, delimiter=piece.delimiter)
        spans = inline.spans(Joined.of(piece.lines))
        return Paragraph(spans, style="quote") if piece.kind == "quote" else Paragraph(spans)
