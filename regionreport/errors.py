"""The project's one error type for bad input.

In: what went wrong, where (file, sheet and cell, line or key) and how to fix it.
Out: ``InputError``, whose ``str()`` is the whole message the CLI prints after "Error: ";
``describe`` writes a warning the same way; ``shorten`` cuts a value from the data (a cell,
a line) to a length a message can show.
Every loader raises it instead of letting a library exception escape; the CLI turns it into
exit status 1 without a traceback. A value quoted in a message ('...') longer than
``2 * SHOWN`` characters is shown by its start and its length (a million-character cell), no
part of a message is longer than ``LONGEST`` characters, and a template field found
in a TOML file at "line N" of its text is placed at its key and line in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

SHOWN = 60          # characters of a value that ``shorten`` keeps
LONGEST = 1500      # characters of a problem, place or fix beyond which the middle is cut

_QUOTED = re.compile(r"'([^'\n]{%d,})'" % (2 * SHOWN + 1))   # a long value in quotes
_FIELD = re.compile(r"template field '(\{[^'{}]*\})'")
_LINE = re.compile(r"line \d+")


class InputError(Exception):
    """Bad input: a file, sheet, cell, line or key that is not what it should be.

    ``file`` names the file, ``place`` the spot inside it ("sheet 'Samordning 2015', cell E7",
    "line 12", "key 'meta.year'"), ``problem`` what was found and expected, ``fix`` what to do.
    """

    def __init__(self, problem: str, *, file: str | Path | None = None,
                 place: str | None = None, fix: str | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.place = _toml_place(self.file, place, problem)
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return describe(self.problem, file=self.file, place=self.place, fix=self.fix)


def describe(problem: str, *, file: str | Path | None = None, place: str | None = None,
             fix: str | None = None) -> str:
    """"<file>, <place>: <problem> (<fix>)": the text of an error, and of a warning (the CLI
    prints it after "Error: " or "Warning: ")."""
    where = ", ".join(_cut(str(part)) for part in (file, place) if part)
    problem = _cut(_QUOTED.sub(_shorten_quoted, str(problem)))
    text = f"{where}: {problem}" if where else problem
    if fix:
        text += f" ({_cut(_QUOTED.sub(_shorten_quoted, str(fix)))})"
    return text


def _shorten_quoted(match: re.Match) -> str:
    return f"'{shorten(match.group(1), 2 * SHOWN)}'"


def shorten(value: object, limit: int = SHOWN) -> str:
    """``value`` as text, at most about ``limit`` characters: a longer one is its start, "…"
    and how long it was ("Lorem ipsum dolor sit… (1 000 000 characters)"); line breaks are
    shown as spaces."""
    text = " ".join(str(value).splitlines()) if "\n" in str(value) or "\r" in str(value) \
        else str(value)
    if len(text) <= limit:
        return text
    count = f"{len(text):,}".replace(",", " ")
    return f"{text[:max(limit - 20, 10)]}… ({count} characters)"


def _cut(text: str) -> str:
    """A part of a message longer than ``LONGEST``: its start and end around the count of
    the characters left out."""
    if len(text) <= LONGEST:
        return text
    keep = LONGEST // 2 - 40
    left = f"{len(text) - 2 * keep:,}".replace(",", " ")
    return f"{text[:keep]} … [{left} characters left out] … {text[-keep:]}"


def _toml_place(file: str | None, place: str | None, problem: str) -> str | None:
    """For an unknown template field in a text of a TOML file, whose "line N" counts the
    lines of that text, the key and line of the file where the field stands."""
    if not (file and place and file.lower().endswith(".toml") and _LINE.fullmatch(place)):
        return place
    match = _FIELD.search(problem)
    if match is None:
        return place
    from regionreport.config.toml import locate   # here: config.toml raises InputError too

    found = locate(file, match.group(1))
    return f"key '{found[0]}', line {found[1]}" if found else place
