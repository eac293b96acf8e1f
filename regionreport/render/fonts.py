"""Font registration for reportlab: the theme's TrueType family, embedded as subsets.

In: a ``Theme`` (its [fonts] family name and files, checked when the theme was read).
Out: a dict font key ("regular", "bold", "italic", "bolditalic") -> registered reportlab font
name, with the four registered as one family so <b> and <i> in paragraphs pick the right face.
Registering is idempotent within a process.
"""

from __future__ import annotations

from regionreport.config.theme import Theme


def register_fonts(theme: Theme) -> dict[str, str]:
    """Register the theme's fonts (once) and return their reportlab names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = theme.fonts["family"]
    names = {"regular": family, "bold": f"{family}-Bold", "italic": f"{family}-Italic",
             "bolditalic": f"{family}-BoldItalic"}
    registered = set(pdfmetrics.getRegisteredFontNames())
    files = theme.font_files()
    for key, name in names.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(files[key])))
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bolditalic"])
    return names
