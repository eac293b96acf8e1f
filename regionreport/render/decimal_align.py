"""Numbers aligned on the decimal comma, with the ▲/▼ marks in a slot of their own.

In: the body rows of a table (``Row``s of formatted ``Cell``s), the fonts of each row (bold
summary rows are wider), the font size, the theme's markers and the cell padding.
Out: per numeric cell (row, column) its right padding: every number of a column then has its
decimal comma (or, without decimals, its last digit) at one x position, whatever its font and
whether it carries a mark; the marks ("▲", after a thin space) stand in a slot at the right
that unmarked numbers leave empty. Words keep their own alignment.

A cell is numeric when it carries a value (a member unit's number) or its text is a number
("72,7", "−2,0", "+0,4", "1 004"); a missing mark ("–") counts as numeric in a column whose
member cells carry values, so that it ends where the digits end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from regionreport.document import Row

NUMBER = re.compile(r"^[+\-\u2212]?\d{1,3}(?:[\u00a0\u202f ]\d{3})*(?:,\d+)?$")
MARK_GAP = "\u202f"      # a thin no-break space between a number and its mark


def marked(text: str, style: str, markers: dict[str, str]) -> str:
    """The text of a cell as printed: the number and, for a marked style, its mark."""
    return text + (MARK_GAP + markers[style] if style in markers else "")


def right_paddings(rows: Sequence[Row], fonts: Sequence[str], font_size: float,
                   markers: dict[str, str], padding: float,
                   width: Callable[[str, str, float], float]) -> dict[tuple[int, int], float]:
    """(row index, column) -> right padding of every numeric cell; ``fonts[i]`` is the font
    of row ``i``, ``width(text, font, size)`` measures text."""
    columns = max((len(row.cells) for row in rows), default=0)
    paddings: dict[tuple[int, int], float] = {}
    for x in range(columns):
        valued = any(x < len(r.cells) and r.cells[x].value is not None for r in rows)
        tails: dict[int, float] = {}
        for y, row in enumerate(rows):
            if x >= len(row.cells) or row.role == "group":
                continue
            cell = row.cells[x]
            numeric = cell.value is not None or bool(NUMBER.match(cell.text)) or \
                (valued and cell.style == "missing")
            if not numeric:
                continue
            text = marked(cell.text, cell.style, markers)
            comma = cell.text.find(",")
            tail = text[comma:] if comma >= 0 else text[len(cell.text):]
            tails[y] = width(tail, fonts[y], font_size)
        if not tails:
            continue
        slot = max(tails.values())    # the widest decimal part, with its mark if it has one
        for y, tail in tails.items():
            paddings[(y, x)] = padding + slot - tail
    return paddings
