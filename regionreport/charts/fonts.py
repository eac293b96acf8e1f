"""The charts' fonts: the theme's four TrueType files, their metrics, and matplotlib's use of them.

In: a theme's ``[fonts]`` table (``folder``, relative to the project folder, and the file
names ``regular``, ``bold``, ``italic``, ``bold_italic``) and the theme file's path for errors.
Out: ``ChartFonts``, the files by font key (``FONT_KEYS``: "regular", "bold", "italic",
"bolditalic", the keys the display list's text operations use); ``text_width``, the width of
a text set without kerning as reportlab sets it (read with fontTools, no matplotlib);
``prepare``, once a process, makes the files known to matplotlib's font manager, and
``rc_params`` the matplotlib settings that draw in them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from regionreport.config.theme import FONT_KEYS as THEME_FONT_KEYS, font_files
from regionreport.errors import InputError

FONT_KEYS = tuple(THEME_FONT_KEYS)


@dataclass(frozen=True)
class ChartFonts:
    """The font file of each font key, in ``FONT_KEYS`` order."""

    files: tuple[tuple[str, Path], ...]

    @classmethod
    def from_table(cls, table: dict, theme_file: Path | str) -> ChartFonts:
        """The fonts of a theme's [fonts] table; every file must exist."""
        for key in ("folder", *THEME_FONT_KEYS.values()):
            if not isinstance(table.get(key), str):
                raise InputError("missing or not a file name", file=theme_file,
                                 place=f"key 'fonts.{key}'",
                                 fix="name the font folder and its TrueType files")
        return cls(tuple(font_files(table, theme_file).items()))

    def path(self, font_key: str) -> Path:
        return dict(self.files)[font_key]

    def key_of_file(self, path: str | Path) -> str | None:
        """The font key of a font file (compared by real path), or None for another file."""
        real = os.path.realpath(path)
        return next((key for key, file in self.files if os.path.realpath(file) == real), None)

    def names(self) -> str:
        return ", ".join(file.name for _, file in self.files)

    def metrics(self, font_key: str) -> FontMetrics:
        return font_metrics(self.path(font_key))

    def text_width(self, text: str, font_key: str, size_pt: float) -> float:
        """The width of ``text`` set without kerning, as reportlab sets it."""
        metrics = self.metrics(font_key)
        return metrics.width(text) * size_pt / metrics.units_per_em


class FontMetrics:
    """Advance widths and glyph heights of one font file, read with fontTools, per character
    on first use; in font units (``units_per_em`` to the em)."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        self.name = path.name
        self.units_per_em = font["head"].unitsPerEm
        self._glyph_names = font.getBestCmap()
        self._advances = font["hmtx"].metrics
        self._glyphs = font["glyf"]
        self._extents: dict[str, tuple[int, int]] = {}
        os2 = font["OS/2"]
        # ascent, descent (positive, below the baseline) and line gap, as matplotlib reads them
        self.line_metrics = (os2.sTypoAscender, -os2.sTypoDescender, os2.sTypoLineGap)

    def width(self, text: str) -> int:
        """The advance width of ``text`` without kerning (as reportlab sets it)."""
        try:
            return sum(self._advances[self._glyph_names[ord(c)]][0] for c in text)
        except KeyError:
            missing = next(c for c in text if ord(c) not in self._glyph_names)
            raise ValueError(f"{text!r}: the character {missing!r} (U+{ord(missing):04X}) is "
                             f"not in {self.name}; a chart cannot show it") from None

    def extent(self, text: str) -> tuple[int, int]:
        """The lowest and highest point of the glyphs of ``text``, and of the baseline."""
        low = high = 0
        for character in text:
            glyph_extent = self._extents.get(character)
            if glyph_extent is None:
                glyph = self._glyphs[self._glyph_names[ord(character)]]
                glyph_extent = (getattr(glyph, "yMin", 0), getattr(glyph, "yMax", 0))
                self._extents[character] = glyph_extent
            low, high = min(low, glyph_extent[0]), max(high, glyph_extent[1])
        return low, high


@cache
def font_metrics(path: Path) -> FontMetrics:
    return FontMetrics(path)


@cache
def family_name(path: Path) -> str:
    """The family name matplotlib's font manager files a font under."""
    from matplotlib import font_manager

    return font_manager.get_font(str(path)).family_name


def rc_params(fonts: ChartFonts) -> dict:
    """matplotlib settings for drawing charts in ``fonts``."""
    return {
        "font.family": [family_name(fonts.path("regular"))],
        "lines.scale_dashes": False,  # dash patterns in points, not multiples of line width
        "axes.unicode_minus": True,
        "text.usetex": False,
        "path.simplify": False,
    }


@cache
def prepare(fonts: ChartFonts) -> None:
    """Once a process: import what drawing needs, make the font files known to matplotlib's
    font manager and read their metrics, so that worker processes forked afterwards start
    drawing at once."""
    import matplotlib
    import matplotlib.collections
    import matplotlib.figure
    import matplotlib.lines
    import matplotlib.ticker  # noqa: F401
    from matplotlib import font_manager

    from regionreport.charts.recording import backend

    for key, path in fonts.files:
        font_manager.fontManager.addfont(str(path))
        fonts.metrics(key)
    backend()
    with matplotlib.rc_context(rc_params(fonts)):
        for weight, style in (("normal", "normal"), ("bold", "normal"), ("normal", "italic"),
                              ("bold", "italic")):
            font_manager.findfont(font_manager.FontProperties(weight=weight, style=style),
                                  fallback_to_default=False)
