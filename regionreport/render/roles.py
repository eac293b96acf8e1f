"""The meaning of table roles for every renderer: which fill a row or cell gets, what is bold.

In: rows and cells of the document tree (``Row.role``: unit, group, region, comparison,
riket; ``Cell.style``: positive, negative, missing, good, middle, bad or "").
Out: names of theme colours (never colours themselves) and plain decisions, so that the PDF
and the xlsx renderer draw a table alike:
- a summary row (region, comparison, riket) is filled with its row colour, and its cells with
  it too: a cell's own style colours only unit rows;
- a group row ("Stockholm, stadsdelar:") spans the table, bold, in the group fill;
- header rows use the header fill; every row but a unit's is bold;
- the region row has a rule above it.
No reportlab or openpyxl here.
"""

from __future__ import annotations

from regionreport.document import Cell, Row

ROW_ROLES = ("unit", "region", "comparison", "riket", "group")
SUMMARY_FILLS = {"region": "region_row_fill", "comparison": "comparison_row_fill",
                 "riket": "riket_row_fill"}
GROUP_FILL = "card_label_fill"
HEADER_FILL = "header_fill"
RULED_ROLE = "region"          # the first summary row: a rule above it


def check_role(row: Row) -> None:
    """Refuse a row role no renderer knows (a composer's mistake)."""
    if row.role not in ROW_ROLES:
        raise ValueError(f"table row role '{row.role}' is not one of " + ", ".join(ROW_ROLES))


def is_summary(row: Row) -> bool:
    """A region, comparison or Riket row."""
    return row.role in SUMMARY_FILLS


def row_fill(row: Row) -> str | None:
    """The colour name of the whole row: the group fill, a summary row's fill, or None."""
    if row.role == "group":
        return GROUP_FILL
    return SUMMARY_FILLS.get(row.role)


def cell_fill(cell: Cell, row: Row) -> str | None:
    """The colour name of one cell: its row's fill in a summary row, else its own style's."""
    if is_summary(row):
        return SUMMARY_FILLS[row.role]
    return cell.style or None


def own_cell_fill(cell: Cell, row: Row) -> str | None:
    """The colour name a cell needs beyond its row's fill (None where the row's covers it)."""
    return None if is_summary(row) else cell.style or None


def is_bold(row: Row) -> bool:
    """Every row but a member unit's is set in bold."""
    return row.role != "unit"


def has_rule_above(row: Row) -> bool:
    return row.role == RULED_ROLE


def summary_tail(rows: tuple[Row, ...] | list[Row]) -> int:
    """How many summary rows end the table (they stay together on its last page)."""
    tail = 0
    while tail < len(rows) and is_summary(rows[-1 - tail]):
        tail += 1
    return tail
