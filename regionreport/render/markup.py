"""Plain text spans to reportlab paragraph markup, escaped.

In: ``Span``s (plain Unicode from data and layouts). Out: reportlab mini-markup in which
"<", ">" and "&" of the text print as themselves, emphasis becomes <b>/<i>, links <a>, note
references <super>. This is the only place text is turned into markup.
"""

from __future__ import annotations

import html
import re

from regionreport.document import Span
from regionreport.render.tags import inline

# Swedish typesetting: a number stays on the line of the word it belongs to ("Del 2",
# "SoL 4 kap. 1 §", "42,8 procent"); the space between them becomes a no-break space.
_BEFORE_NUMBER = re.compile(r"\b(Del|SoL|LSS|kap\.|§) (?=\d)")
_AFTER_NUMBER = re.compile(r"(\d) (?=§|kap\.|procent\b|procentenheter\b)")


def bind(value: str) -> str:
    """``value`` with no-break spaces where a line must not break (see above)."""
    value = _BEFORE_NUMBER.sub("\\1\u00a0", value)
    return _AFTER_NUMBER.sub("\\1\u00a0", value)


def text(value: str) -> str:
    """Escape plain text for a reportlab Paragraph."""
    return html.escape(bind(value), quote=False)


def spans(items: tuple[Span, ...], link_colour: str) -> str:
    """Markup of a run of spans."""
    parts = []
    for span in items:
        piece = html.escape(bind(span.text), quote=False)
        if span.note is not None:      # a note reference: a Reference when tagged
            piece = f"{inline.opening('Reference')}<super>{piece}</super>{inline.closing()}"
        if span.href:                  # a link's words: its Link when tagged
            piece = (f"{inline.opening('Link', span.href)}<a href={inline.attribute(span.href)} "
                     f"color={inline.attribute(link_colour)}>{piece}</a>{inline.closing()}")
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)
