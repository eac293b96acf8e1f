"""Inline Markdown of the prose: emphasis, links, footnote references and backslash escapes.

In: a ``Joined`` text (the lines of one paragraph, list item, quote or note joined by spaces,
with the line each piece came from), the footnote definitions, the note numbers given so
far, the first note number and the prose file (for messages).
Out: ``Span``s of plain text: ``**bold**``, ``__bold__``, ``*italic*``, ``_italic_`` (not
inside a word), ``***both***``, emphasis inside emphasis and in link texts, ``[text](url)``,
``<https://...>``, bare URLs, footnote references ``[^name]`` (numbered in order of first
use). A backslash before an ASCII punctuation character prints that character as it is
(``\\*``, ``\\<``, ``\\|``, ``1986\\.``): ``protect`` hides such characters from every
Markdown rule and the spans give them back.

Inline constructs the reports do not support are ``InputError``s naming the file, the line
and what to write instead, never printed as garbled text: raw HTML tags (``<b>``, ``</div>``,
``<!-- -->``; a "<" not followed by a letter, as in "< 5 %" or "a < b", is text), HTML
character references (``&amp;``; a lone "&" is text), code spans, strikethrough, images
inside text, reference-style links, links whose address has spaces or a title, and an
unmatched ``**``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from regionreport.document import Span
from regionreport.errors import InputError

_PRIVATE = 0xE000      # escaped characters are moved to U+E021..U+E07E while parsing
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = re.compile("[\ue021-\ue07e]")

_INLINE = re.compile(
    r"\*\*\*(?P<bold_italic>[^*\s](?:[^*]*?[^*\s])?)\*\*\*"
    r"|\*\*(?P<bold>.+?)\*\*(?!\*)"
    r"|\*(?P<italic>[^*\s](?:[^*]|\*\*[^*]+?\*\*)*?)\*(?!\*)"
    r"|(?<!\w)__(?P<bold_u>[^_\s](?:.*?[^_\s])?)__(?!\w)"
    r"|(?<!\w)_(?P<italic_u>[^_\s](?:[^_]*?[^_\s])?)_(?!\w)"
    r"|\[\^(?P<note>[^\]\s]+)\]"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|<(?P<auto>https?://[^\s<>]+)>"
    r"|(?P<url>https?://[^\s)\]]+[^\s).,;:\]])")

_SUPPORTED = ("**bold**, *italic*, [text](url) and footnotes [^name]")
_REFUSED = (
    (re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
     "raw HTML ('{found}') is not supported in prose",
     "write the text without tags; the prose supports " + _SUPPORTED + "; write \\< for a "
     "'<' that is followed by a letter"),
    (re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
     "HTML character references ('{found}') are not supported in prose",
     "write the character itself; a '&' on its own prints as it is"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"),
     "an image ('{found}') must stand alone in its paragraph",
     "put a blank line before and after ![alt text](path)"),
    (re.compile(r"`+[^`]+`+"),
     "code ('{found}') is not supported in prose",
     "write the text without backticks, or write \\` for a backtick"),
    (re.compile(r"~~[^~\s](?:[^~]*?[^~\s])?~~"),
     "strikethrough ('{found}') is not supported in prose",
     "leave out the text, or write \\~ for a tilde"),
    (re.compile(r"\[(?!\^)[^\]]+\]\[(?!\^)[^\]]*\]"),
     "reference-style links ('{found}') are not supported in prose",
     "write the address in the link: [text](https://...)"),
    (re.compile(r"\[[^\]]+\]\([^)]*\s[^)]*\)"),
     "the link '{found}' has a space in its address; link titles are not supported",
     "write [text](url) with the address alone, without spaces (%20 for a space)"),
)


def protect(line: str) -> str:
    """``line`` with every backslash escape (``\\*``) replaced by a private character that
    no Markdown rule matches; ``restore`` gives the character back."""
    return _ESCAPE.sub(lambda m: chr(_PRIVATE + ord(m.group(1))), line)


def literal(value: str) -> str:
    """``value`` (a template field's text: a region's name) with every character Markdown
    could read hidden as by ``protect``, so that it prints as it is written."""
    return "".join(chr(_PRIVATE + ord(c)) if _ESCAPE.match("\\" + c) else c for c in value)


def restore(text: str) -> str:
    """``text`` with the characters hidden by ``protect`` given back (without backslash)."""
    return _ESCAPED.sub(lambda m: chr(ord(m.group(0)) - _PRIVATE), text)


@dataclass(frozen=True)
class Joined:
    """Lines of one paragraph joined by spaces; ``starts`` holds (offset, line number) of
    each line's text, so that a place in ``text`` can be named by its line."""

    text: str
    starts: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, lines: list[tuple[int, str]]) -> Joined:
        parts, starts, offset = [], [], 0
        for number, line in lines:
            piece = line.strip()
            starts.append((offset, number))
            parts.append(piece)
            offset += len(piece) + 1
        return cls(" ".join(parts), tuple(starts))

    def line(self, offset: int) -> int:
        number = self.starts[0][1]
        for start, line in self.starts:
            if start <= offset:
                number = line
        return number


class Inline:
    """Spans of the inline texts of one prose file; assigns footnote numbers in order."""

    def __init__(self, definitions: dict, numbers: dict[str, int], first_note: int, file):
        self.definitions = definitions      # label -> (Joined, line of the definition)
        self.numbers = numbers              # label -> note number, filled as they are used
        self.first_note = first_note
        self.file = file

    def spans(self, joined: Joined) -> tuple[Span, ...]:
        """The spans of ``joined``, after refusing what the prose does not support."""
        for pattern, problem, fix in _REFUSED:
            match = pattern.search(joined.text)
            if match:
                self._refuse(joined, match.start(), problem.format(found=restore(match[0])),
                             fix)
        return tuple(self._walk(joined, joined.text, 0, {}))

    def _walk(self, joined: Joined, text: str, base: int, flags: dict) -> list[Span]:
        spans: list[Span] = []
        position = 0
        for match in _INLINE.finditer(text):
            if match.start() > position:
                spans.append(self._plain(joined, text[position:match.start()],
                                         base + position, flags))
            inner = next((name for name in ("bold_italic", "bold", "bold_u", "italic",
                                            "italic_u") if match.group(name) is not None),
                         None)
            if inner is not None:
                emphasis = {key: True for key in ("bold", "italic") if key in inner}
                spans += self._walk(joined, match.group(inner), base + match.start(inner),
                                    {**flags, **emphasis})
            elif match.group("note") is not None:
                number = self._note(match.group("note"), joined.line(base + match.start()))
                spans.append(Span(str(number), note=number, **flags))
            elif match.group("href") is not None:
                spans += self._walk(joined, match.group("label"), base + match.start("label"),
                                    {**flags, "href": restore(match.group("href"))})
            else:
                url = restore(match.group("auto") or match.group("url"))
                spans.append(Span(url, href=url, **flags))
            position = match.end()
        if position < len(text):
            spans.append(self._plain(joined, text[position:], base + position, flags))
        return spans

    def _plain(self, joined: Joined, text: str, offset: int, flags: dict) -> Span:
        if "**" in text:
            self._refuse(joined, offset + text.index("**"), "'**' is not closed",
                         "end the bold text with '**', or write \\*\\* for two asterisks")
        return Span(restore(text), **flags)

    def _note(self, label: str, line: int) -> int:
        if label not in self.definitions:
            name = restore(label)
            raise InputError(f"footnote [^{name}] is referenced but not defined",
                             file=self.file, place=f"line {line}",
                             fix=f"add a line '[^{name}]: source and URL'")
        if label not in self.numbers:
            self.numbers[label] = self.first_note + len(self.numbers)
        return self.numbers[label]

    def _refuse(self, joined: Joined, offset: int, problem: str, fix: str):
        raise InputError(problem, file=self.file, place=f"line {joined.line(offset)}", fix=fix)
