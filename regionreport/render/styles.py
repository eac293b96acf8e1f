"""Paragraph styles of the PDF, built from the theme's ``[styles.<name>]`` tables.

In: a ``Theme``, the registered font names and a hyphenator.
Out: ``Styles``: named reportlab ParagraphStyles (body, quote, bullet, note, reference,
caption, h1–h4, toc1–toc4, table cells and headers, card labels and values, cover texts ...),
each made from its table with its ``parent``'s style as reportlab's parent, so that it takes
every value it does not set from there. Names are the style names the document tree uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from regionreport.config.styles import FORMULA_KEYS, evaluate
from regionreport.config.theme import FONT_KEYS, Theme, mm

_ATTRIBUTES = {"font_size_pt": "fontSize", "leading_pt": "leading",
               "space_before_pt": "spaceBefore", "space_after_pt": "spaceAfter",
               "left_indent_mm": "leftIndent", "right_indent_mm": "rightIndent",
               "first_line_indent_mm": "firstLineIndent", "bullet_indent_mm": "bulletIndent"}
_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_FONTS = {table_key: key for key, table_key in FONT_KEYS.items()}   # theme font -> font key
# How reportlab breaks lines, the same for every style (not a matter of the theme's look):
# embeddedHyphenation=2: a word that does not fit is hyphenated on the next line rather than
# cut without a hyphen to fill the current one.
_ROOT = {"uriWasteReduce": 0.3, "embeddedHyphenation": 2, "splitLongWords": 1}


@dataclass(frozen=True)
class Styles:
    named: dict[str, ParagraphStyle]
    fonts: dict[str, str]
    theme: Theme

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.named[name]

    def colour(self, style: str):
        return HexColor(self.theme.colour(style))

    def variant(self, prefix: str) -> "Styles":
        """These styles with ``<prefix><name>`` standing in for ``<name>`` wherever the theme
        has it (``handout_cell`` for ``cell`` in a handout's tables)."""
        overlay = {name[len(prefix):]: style for name, style in self.named.items()
                   if name.startswith(prefix)}
        return Styles(named={**self.named, **overlay}, fonts=self.fonts, theme=self.theme)


def build_styles(theme: Theme, fonts: dict[str, str], hyphenator) -> Styles:
    """Every paragraph style of the theme, parents before their children."""
    named: dict[str, ParagraphStyle] = {}

    def build(name: str) -> ParagraphStyle:
        if name not in named:
            table = theme.styles[name]
            parent = table.get("parent")
            values = _values(table, theme, fonts, hyphenator)
            if parent is None:
                values = {**_ROOT, **values}
            named[name] = ParagraphStyle(name, parent=build(parent) if parent else None,
                                         **values)
        return named[name]

    for name in theme.styles:
        build(name)
    return Styles(named=named, fonts=fonts, theme=theme)


def _values(table: dict, theme: Theme, fonts: dict[str, str], hyphenator) -> dict:
    """The reportlab attributes that one style table sets."""
    values = {}
    for key in FORMULA_KEYS:
        if key in table:
            number = evaluate(table[key], theme.text)
            values[_ATTRIBUTES[key]] = mm(number) if key.endswith("_mm") else number
    if "font" in table:
        values["fontName"] = fonts[_FONTS[table["font"]]]
    if "bullet_font" in table:
        values["bulletFontName"] = fonts[_FONTS[table["bullet_font"]]]
    if "colour" in table:
        values["textColor"] = HexColor(theme.colour(table["colour"]))
    if "alignment" in table:
        values["alignment"] = _ALIGNMENTS[table["alignment"]]
    if "keep_with_next" in table:
        values["keepWithNext"] = int(table["keep_with_next"])
    if "hyphenate" in table:
        values["hyphenationLang"] = hyphenator if table["hyphenate"] else ""
        # no hyphenation: not even a break after a word's own hyphen (Askim-Frölunda-Högsbo)
        values["embeddedHyphenation"] = 2 if table["hyphenate"] else 0
    if "split_long_words" in table:
        values["splitLongWords"] = int(table["split_long_words"])
    if "hyphenation_min_word_length" in table:
        values["hyphenationMinWordLength"] = table["hyphenation_min_word_length"]
    return values
