"""The project's one error type for bad input.

In: what went wrong, where (file, sheet and cell, line or key) and how to fix it.
Out: ``InputError``, whose ``str()`` is the whole message the CLI prints after "Error: ";
``describe`` writes a warning the same way.
Every loader raises it instead of letting a library exception escape; the CLI turns it into
exit status 1 without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: a file, sheet, cell, line or key that is not what it should be.

    ``file`` names the file, ``place`` the spot inside it ("sheet 'Samordning 2015', cell E7",
    "line 12", "key 'meta.year'"), ``problem`` what was found and expected, ``fix`` what to do.
    """

    def __init__(self, problem: str, *, file: str | Path | None = None,
                 place: str | None = None, fix: str | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.place = place
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
    where = ", ".join(str(part) for part in (file, place) if part)
    text = f"{where}: {problem}" if where else problem
    if fix:
        text += f" ({fix})"
    return text
