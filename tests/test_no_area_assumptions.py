"""No ÖJ area or year is assumed in the code: indicator, area and background ids, answer
names and years live in the catalogs, profiles, layouts and reference files under layouts/.

Every string and number literal of regionreport/ (docstrings and comments aside, which may
give examples) is checked against what the bundled catalogs name. The bundled 2015 sample's
calibration (regionreport/sample/, the modules named below) is data by design: it carries
the published facts of that release.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from regionreport import paths

PACKAGE = Path(paths.__file__).parent
# The calibration of the bundled ekonomiskt bistånd 2015 sample: its published facts.
CALIBRATION_2015 = {"sample/survey.py", "sample/register.py", "sample/fixture.py",
                    "sample/workbook.py"}
# Literals that look like a year but are not one of an area's years.
NOT_YEARS = {("render/xlsx.py", 2000)}      # the fixed timestamp of reproducible xlsx files
# a year on its own ("2015", "lan-2015"); not inside a name such as the grouping "skl2011"
YEAR = re.compile(r"(?<![\w.])(199\d|20[0-3]\d)(?!\d)")


def _catalog_words() -> tuple[set[str], set[str]]:
    """The ids (indicators, areas, background measures, quality areas) and the answer names
    of every bundled catalog."""
    ids, answers = set(), set()
    for path in (paths.layouts_dir() / "catalogs").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table in ("indicators", "background", "areas", "quality_areas"):
            ids.update(entry["id"] for entry in data.get(table, []))
        answers.update(data["catalog"]["answer_categories"])
    return ids, answers


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                     ast.Constant):
                found.add(id(body[0].value))
    return found


def _literals(path: Path):
    """(line, value) of every string and number literal that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in skip and \
                isinstance(node.value, (str, int)) and not isinstance(node.value, bool):
            yield node.lineno, node.value


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.relative_to(PACKAGE).as_posix() not in CALIBRATION_2015)


def test_the_scan_sees_the_code():
    names = {p.relative_to(PACKAGE).as_posix() for p in _modules()}
    assert {"compose/tables.py", "sources/kolada.py", "batch.py", "scaffold.py"} <= names
    assert len(names) > 70


@pytest.mark.parametrize("module", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_area_or_year_in_the_code(module):
    ids, answers = _catalog_words()
    name = module.relative_to(PACKAGE).as_posix()
    found = []
    for line, value in _literals(module):
        if isinstance(value, int):
            if 1990 <= value <= 2039 and (name, value) not in NOT_YEARS:
                found.append((line, value))
            continue
        words = set(re.findall(r"[\wåäöÅÄÖ]+", value))
        if value in answers or words & ids or YEAR.search(value):
            found.append((line, value))
    assert not found, f"{name}: area or year assumptions at " + "; ".join(
        f"line {line}: {value!r}" for line, value in found)
