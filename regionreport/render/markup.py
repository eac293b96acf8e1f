"""Plain text spans to reportlab paragraph markup, escaped.

In: ``Span``s (plain Unicode from data and layouts). Out: reportlab mini-markup in which
"<", ">" and "&" of the text print as themselves, emphasis becomes <b>/<i>, links <a>, note
references <super>. This is the only place text is turned into markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from regionreport.document import Span


def text(value: str) -> str:
    """Escape plain text for a reportlab Paragraph."""
    return escape(value)


def spans(items: tuple[Span, ...], link_colour: str) -> str:
    """Markup of a run of spans."""
    parts = []
    for span in items:
        piece = escape(span.text)
        if span.note is not None:
            piece = f"<super>{piece}</super>"
        if span.href:
            piece = f"<a href={quoteattr(span.href)} color={quoteattr(link_colour)}>{piece}</a>"
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)
