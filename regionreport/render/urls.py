"""Where a web address may break at the end of a line: after "/" and "." only.

In: nothing (importing the module installs the rule).
Out: reportlab's paragraphs break a URL they cannot fit on the rest of a line after a "/"
or a "." of the address (after the scheme "https://" too), never inside a word and without
adding a hyphen. reportlab already breaks recognised URLs this way, but after "/" only; this
module gives its URL splitter (``reportlab.platypus.paragraph._uri_split_pairs``, which
reportlab consults before any hyphenation) the break points after "." as well.

Zero-width spaces are not used for this: reportlab takes U+200B for a word space and would
print a gap in the address when it stays on one line.
"""

from __future__ import annotations

from reportlab.platypus import paragraph as _paragraph

BREAK_AFTER = "/."
_reportlab_pairs = getattr(_paragraph._uri_split_pairs, "reportlab_original",
                           _paragraph._uri_split_pairs)


def url_break_pairs(uri):
    """Every ``(head, tail)`` split of ``uri`` after "/" or "." (not between two of them),
    longest head first, or None when reportlab does not take ``uri`` for a URL."""
    if _reportlab_pairs(uri) is None:
        return None
    if isinstance(uri, bytes):
        uri = uri.decode("utf8")
    match = _paragraph.uri_pat.match(uri)
    scheme = match.group(1) or "" if match else ""
    rest = uri[len(scheme):]
    pairs = [(scheme, rest)] if scheme and rest else []
    pairs += [(scheme + rest[:i + 1], rest[i + 1:]) for i, char in enumerate(rest[:-1])
              if char in BREAK_AFTER and rest[i + 1] not in BREAK_AFTER]
    pairs.reverse()
    return pairs


url_break_pairs.reportlab_original = _reportlab_pairs
_paragraph._uri_split_pairs = url_break_pairs
