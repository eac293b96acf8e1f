"""The paragraph styles of a theme as data: ``[styles.<name>]`` tables with ``parent``.

In: the merged tables of a theme (its ``[styles]``, ``[text]`` and ``[colours]``) and the
theme's file, for messages.
Out: ``STYLE_SCHEMA`` (the keys of one style table), ``check_styles`` (every parent is a
style, no style is its own ancestor, every colour a colour of ``[colours]``, every formula
valid) and ``evaluate`` (a style's number). A style inherits every key it does not set from
its parent, as in rst2pdf's stylesheets; the renderer (render/styles.py) builds reportlab
ParagraphStyles from them. A number is a number or a formula over the sizes of ``[text]``
with + - * / and parentheses (``leading_pt = "(note_pt + 1) * 1.3"``); a key ending in _mm
is in millimetres, _pt in points.
"""

from __future__ import annotations

import ast
import operator
from pathlib import Path

from regionreport.config import schema as s
from regionreport.errors import InputError

FONTS = ("regular", "bold", "italic", "bold_italic")
ALIGNMENTS = ("left", "center", "right")
FORMULA_KEYS = ("font_size_pt", "leading_pt", "space_before_pt", "space_after_pt",
                "left_indent_mm", "right_indent_mm", "first_line_indent_mm",
                "bullet_indent_mm")
_FORMULA = s.Field("a number or a formula in quotes", lambda v: s.NUMBER.accepts(v)
                   or isinstance(v, str))

STYLE_SCHEMA = {
    "parent": s.optional(s.TEXT),
    "font": s.optional(s.choice("font", FONTS)),
    "bullet_font": s.optional(s.choice("font", FONTS)),
    "colour": s.optional(s.TEXT),
    "alignment": s.optional(s.choice("alignment", ALIGNMENTS)),
    "keep_with_next": s.optional(s.BOOLEAN),
    "hyphenate": s.optional(s.BOOLEAN),
    "hyphenation_min_word_length": s.optional(s.INTEGER),
    "split_long_words": s.optional(s.BOOLEAN),
    **{key: s.optional(_FORMULA) for key in FORMULA_KEYS},
}

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv}


def evaluate(value: float | str, sizes: dict) -> float:
    """A style's number: the number itself, or the formula computed over ``sizes`` (the
    ``[text]`` table; its values as floats, as ``Theme.size`` gives them)."""
    if not isinstance(value, str):
        return value
    return _compute(ast.parse(value, mode="eval").body, sizes)


def _compute(node: ast.AST, sizes: dict) -> float:
    if isinstance(node, ast.Constant) and s.NUMBER.accepts(node.value):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in sizes or not s.NUMBER.accepts(sizes[node.id]):
            raise KeyError(node.id)
        return float(sizes[node.id])
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_compute(node.left, sizes),
                                         _compute(node.right, sizes))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_compute(node.operand, sizes)
    raise ValueError(ast.unparse(node))


def check_styles(data: dict, file: str | Path) -> None:
    """Check the merged ``[styles]`` of a theme against its ``[text]`` and ``[colours]``."""
    styles, sizes, colours = data["styles"], data["text"], data["colours"]
    for name, style in styles.items():
        where = f"styles.{name}"
        _check_ancestry(name, styles, file)
        colour = style.get("colour")
        if colour is not None and colour not in colours:
            raise InputError(f'"{colour}" is not a colour of [colours]', file=file,
                             place=f"key '{where}.colour'",
                             fix="use one of " + ", ".join(colours))
        for key in FORMULA_KEYS:
            if key in style:
                _check_formula(style[key], sizes, file, f"{where}.{key}")


def _check_ancestry(name: str, styles: dict, file) -> None:
    seen = [name]
    parent = styles[name].get("parent")
    while parent is not None:
        if parent not in styles:
            raise InputError(f'parent "{parent}" is not a style', file=file,
                             place=f"key 'styles.{seen[-1]}.parent'",
                             fix="use one of " + ", ".join(styles))
        if parent in seen:
            raise InputError("styles inherit from each other in a cycle: "
                             + " -> ".join([*seen, parent]), file=file,
                             place=f"key 'styles.{name}.parent'")
        seen.append(parent)
        parent = styles[parent].get("parent")


def _check_formula(value, sizes: dict, file, where: str) -> None:
    try:
        evaluate(value, sizes)
    except KeyError as exc:
        raise InputError(f"'{exc.args[0]}' in the formula \"{value}\" is not a size of [text]",
                         file=file, place=f"key '{where}'") from None
    except (SyntaxError, ValueError, ZeroDivisionError):
        raise InputError(f'"{value}" is not a formula', file=file, place=f"key '{where}'",
                         fix='write a number or sizes of [text] with + - * / and parentheses, '
                             'e.g. "note_pt * 1.3"') from None
