"""Prose: the layout's Markdown texts with template fields and footnotes, as document blocks.

In: Markdown text (a small subset: paragraphs, "- " lists, "> " quotes, **bold**, *italic*,
[text](url), bare URLs, footnotes ``[^1]`` with definitions ``[^1]: text``), the template
field values, the file name for messages, the heading of the notes (labels ``[notes]``) and
the next free note number.
Out: document blocks (``Paragraph``, ``BulletList``, ``Notes``) with plain text spans, and the
next free note number. ``fill_fields`` replaces ``{field}`` (``{{`` and ``}}`` are braces).

Unknown template fields, headings inside prose, and footnotes referenced but not defined (or
defined but not referenced) are ``InputError``s naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from regionreport.document import BulletList, Notes, Paragraph, Span
from regionreport.errors import InputError

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}\s]*)\}")
_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s][^*]*?)\*"
                     r"|\[\^(?P<note>[^\]\s]+)\]|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
                     r"|(?P<url>https?://[^\s)\]]+[^\s).,;:\]])")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")


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
                first_note: int = 1) -> tuple[list, int]:
    """Blocks of one prose file, then its notes under ``notes_heading``; returns (blocks,
    next free note number)."""
    text = fill_fields(text, fields, file=file)
    lines = text.splitlines()
    definitions: dict[str, tuple[str, int]] = {}
    body: list[tuple[int, str]] = []
    current_def: str | None = None
    for number, line in enumerate(lines, start=1):
        match = _NOTE_DEF.match(line)
        if match:
            current_def = match.group(1)
            if current_def in definitions:
                raise InputError(f"footnote [^{current_def}] is defined twice", file=file,
                                 place=f"line {number}")
            definitions[current_def] = (match.group(2).strip(), number)
            continue
        if current_def and line.startswith(("    ", "\t")) and line.strip():
            text_so_far, where = definitions[current_def]
            definitions[current_def] = (f"{text_so_far} {line.strip()}", where)
            continue
        current_def = None
        if line.lstrip().startswith("#"):
            raise InputError("headings do not belong in prose files", file=file,
                             place=f"line {number}",
                             fix="make the heading a section of the layout")
        body.append((number, line))
    numbers: dict[str, int] = {}
    blocks = []
    for start, block_lines in _blocks(body):
        blocks.append(_block(block_lines, start, definitions, numbers, first_note, file))
    unused = sorted(set(definitions) - set(numbers))
    if unused:
        raise InputError(f"footnote [^{unused[0]}] is defined but never referenced", file=file,
                         place=f"line {definitions[unused[0]][1]}")
    if numbers:
        items = tuple((numbers[label], Paragraph(_spans(definitions[label][0], {}, {}, 0,
                                                        file, definitions[label][1]),
                                                 style="note"))
                      for label in sorted(numbers, key=numbers.get))
        blocks.append(Notes(items, notes_heading))
    return blocks, first_note + len(numbers)


def _blocks(body: list[tuple[int, str]]):
    """Groups of consecutive non-blank lines, each with its first line number."""
    group: list[str] = []
    start = 0
    for number, line in body + [(0, "")]:
        if line.strip():
            if not group:
                start = number
            group.append(line)
        elif group:
            yield start, group
            group = []


def _block(lines: list[str], start: int, definitions, numbers, first_note, file):
    if all(_is_item(line) or line.startswith(("  ", "\t")) for line in lines) \
            and _is_item(lines[0]):
        items, current = [], []
        for line in lines:
            if _is_item(line):
                if current:
                    items.append(current)
                current = [line.strip()[2:]]
            else:
                current.append(line.strip())
        items.append(current)
        return BulletList(tuple(Paragraph(_spans(" ".join(item), definitions, numbers,
                                                  first_note, file, start), style="bullet")
                                for item in items))
    if all(line.startswith(">") for line in lines):
        joined = " ".join(line[1:].strip() for line in lines)
        return Paragraph(_spans(joined, definitions, numbers, first_note, file, start),
                         style="quote")
    joined = " ".join(line.strip() for line in lines)
    return Paragraph(_spans(joined, definitions, numbers, first_note, file, start))


def _is_item(line: str) -> bool:
    return line.startswith(("- ", "* "))


def _spans(text: str, definitions, numbers, first_note, file, line) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position:match.start()]))
        if match.group("bold") is not None:
            spans.append(Span(match.group("bold"), bold=True))
        elif match.group("italic") is not None:
            spans.append(Span(match.group("italic"), italic=True))
        elif match.group("note") is not None:
            label = match.group("note")
            if label not in definitions:
                raise InputError(f"footnote [^{label}] is referenced but not defined",
                                 file=file, place=f"line {line}",
                                 fix=f"add a line '[^{label}]: source and URL'")
            if label not in numbers:
                numbers[label] = first_note + len(numbers)
            spans.append(Span(str(numbers[label]), note=numbers[label]))
        elif match.group("href") is not None:
            spans.append(Span(match.group("label"), href=match.group("href")))
        else:
            spans.append(Span(match.group("url"), href=match.group("url")))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)
