"""Paragraph styles of the PDF, derived from the theme.

In: a ``Theme``, the registered font names and a hyphenator.
Out: ``Styles``: named reportlab ParagraphStyles (body, quote, bullet, note, reference,
caption, h1–h4, toc1–toc4, table cells and headers, card labels and values, cover texts,
running header/footer). Names are the style names the document tree uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from regionreport.config.theme import Theme, mm


@dataclass(frozen=True)
class Styles:
    named: dict[str, ParagraphStyle]
    fonts: dict[str, str]
    theme: Theme

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.named[name]

    def colour(self, style: str):
        return HexColor(self.theme.colour(style))


def build_styles(theme: Theme, fonts: dict[str, str], hyphenator) -> Styles:
    """Every paragraph style the renderer uses."""
    size = theme.size
    text_colour = HexColor(theme.colour("text"))
    accent = HexColor(theme.colour("accent"))
    min_word = int(theme.text.get("min_word_length_for_hyphenation", 7))
    base = ParagraphStyle("base", fontName=fonts["regular"], fontSize=size("body_pt"),
                          leading=size("body_leading_pt"), textColor=text_colour,
                          hyphenationLang=hyphenator, hyphenationMinWordLength=min_word,
                          bulletFontName=fonts["regular"], uriWasteReduce=0.3,
                          embeddedHyphenation=2, splitLongWords=1)
    named: dict[str, ParagraphStyle] = {}

    def add(name: str, parent: ParagraphStyle = base, **values) -> ParagraphStyle:
        named[name] = ParagraphStyle(name, parent=parent, **values)
        return named[name]

    body = add("body", spaceAfter=size("body_pt") * 0.6)
    add("lead", body, fontSize=size("body_pt") + 1, leading=size("body_leading_pt") + 1.5)
    add("quote", body, fontName=fonts["italic"], leftIndent=mm(8), rightIndent=mm(8),
        textColor=HexColor(theme.colour("muted")), spaceBefore=2, spaceAfter=8)
    add("bullet", body, leftIndent=mm(5), bulletIndent=mm(1), spaceAfter=3)
    add("lead_in", body, fontName=fonts["bold"], spaceBefore=4, spaceAfter=2, keepWithNext=1)
    add("reference", body, leftIndent=mm(5), bulletIndent=mm(1), spaceAfter=4,
        fontSize=size("note_pt") + 1, leading=(size("note_pt") + 1) * 1.3)
    add("note", body, fontSize=size("note_pt"), leading=size("note_pt") * 1.3,
        leftIndent=mm(5), firstLineIndent=-mm(5), spaceAfter=2)
    add("notes_heading", body, fontName=fonts["bold"], fontSize=size("note_pt"),
        leading=size("note_pt") * 1.4, spaceBefore=4, spaceAfter=2,
        textColor=HexColor(theme.colour("muted")))
    add("small", body, fontSize=size("small_pt"), leading=size("small_pt") * 1.3)
    add("caption", body, fontName=fonts["bold"], fontSize=size("caption_pt"),
        leading=size("caption_pt") * 1.3, spaceBefore=6, spaceAfter=4, keepWithNext=1)
    add("table_note", body, fontSize=size("small_pt"), leading=size("small_pt") * 1.3,
        textColor=HexColor(theme.colour("muted")), spaceAfter=1)
    for level in range(1, 5):
        add(f"h{level}", body, fontName=fonts["bold"], fontSize=size(f"h{level}_pt"),
            leading=size(f"h{level}_pt") * 1.25, textColor=accent if level < 3 else text_colour,
            spaceBefore=size("heading_space_before_pt") + (6 if level == 1 else 0),
            spaceAfter=size("body_pt") * 0.5, keepWithNext=1, hyphenationLang="")
        add(f"toc{level}", body, fontName=fonts["bold" if level == 1 else "regular"],
            fontSize=size("body_pt") - (0 if level == 1 else 0.5),
            leading=size("body_leading_pt") - (0 if level == 1 else 1),
            leftIndent=mm(6) * (level - 1) + mm(12), firstLineIndent=-mm(12),
            spaceBefore=5 if level == 1 else 0, hyphenationLang="")
    add("contents_title", named["h1"], spaceBefore=0)
    add("handout_title", named["h1"], spaceBefore=0, fontSize=size("h2_pt") + 1,
        leading=(size("h2_pt") + 1) * 1.25)
    # embeddedHyphenation=2 (base): a word that does not fit is hyphenated on the next line
    # rather than cut without a hyphen to fill the current one
    table = add("cell", base, fontSize=size("table_pt"), leading=size("table_leading_pt"),
                alignment=TA_CENTER, hyphenationMinWordLength=5)
    add("cell_left", table, alignment=TA_LEFT)
    add("cell_right", table, alignment=TA_RIGHT)
    add("cell_bold", table, fontName=fonts["bold"], alignment=TA_LEFT)
    add("cell_bold_right", table, fontName=fonts["bold"], alignment=TA_RIGHT)
    add("header", table, fontName=fonts["bold"], fontSize=size("table_header_pt"),
        leading=size("table_header_pt") * 1.2)
    add("legend", table, alignment=TA_LEFT, fontSize=size("table_header_pt"),
        leading=size("table_header_pt") * 1.5)
    card = add("card", base, fontSize=size("card_pt"), leading=size("card_leading_pt"))
    add("card_paragraph", card, spaceAfter=2.5)
    add("card_label", card, fontName=fonts["bold"], hyphenationLang="")
    add("card_title", card, fontName=fonts["bold"], fontSize=size("card_pt") + 1.5,
        leading=(size("card_pt") + 1.5) * 1.25, textColor=accent, hyphenationLang="")
    add("cover_title", base, fontName=fonts["bold"], fontSize=size("cover_title_pt"),
        leading=size("cover_title_pt") * 1.15, textColor=HexColor(theme.colour("cover_text")),
        hyphenationLang="")
    add("cover_subtitle", base, fontSize=size("cover_subtitle_pt"),
        leading=size("cover_subtitle_pt") * 1.3, textColor=HexColor(theme.colour("cover_text")),
        hyphenationLang="")
    add("cover_line", base, fontSize=size("cover_line_pt"), leading=size("cover_line_pt") * 1.5)
    add("cover_note", base, fontName=fonts["italic"], fontSize=size("small_pt") + 0.5,
        leading=(size("small_pt") + 0.5) * 1.35, textColor=HexColor(theme.colour("muted")))
    return Styles(named=named, fonts=fonts, theme=theme)
