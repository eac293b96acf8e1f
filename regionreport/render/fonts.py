"""Font registration for reportlab: the theme's TrueType family, embedded as subsets.

In: a ``Theme`` and the folder holding the font files.
Out: a dict font key ("regular", "bold", "italic", "bolditalic") -> registered reportlab font
name, with the four registered as one family so <b> and <i> in paragraphs pick the right face.
Registering is idempotent within a process.
"""

from __future__ import annotations

from pathlib import Path

from regionreport.errors import InputError
from regionreport.config.theme import Theme

FONT_KEYS = ("regular", "bold", "italic", "bolditalic")
_THEME_KEYS = {"regular": "regular", "bold": "bold", "italic": "italic",
               "bolditalic": "bold_italic"}


def register_fonts(theme: Theme, folder: Path) -> dict[str, str]:
    """Register the theme's fonts (once) and return their reportlab names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = theme.fonts["family"]
    names = {"regular": family, "bold": f"{family}-Bold", "italic": f"{family}-Italic",
             "bolditalic": f"{family}-BoldItalic"}
    registered = set(pdfmetrics.getRegisteredFontNames())
    for key, name in names.items():
        if name in registered:
            continue
        path = folder / theme.fonts[_THEME_KEYS[key]]
        if not path.is_file():
            raise InputError(f"font file '{path.name}' not found in {folder}", file=theme.path,
                             fix="put the TrueType files in fonts/ or correct [fonts]")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bolditalic"])
    return names
