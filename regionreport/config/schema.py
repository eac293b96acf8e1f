"""A small validator for the project's TOML data files (themes, labels).

In: a parsed TOML table, a schema and the file it came from. A schema is a dict from key to
either a ``Field`` (a value: its expected type, whether it is required) or a nested schema
dict (a table whose keys are checked in turn) or ``Tables`` (tables under any names, each
checked against one schema).
Out: nothing when the table fits the schema; otherwise an ``InputError`` naming the file and
the key ("key 'text.heading_space_before_pt'"): an unknown key (with the nearest known key
suggested), a value of the wrong type, a colour that is not ``#rrggbb``, a value outside its
choices (listing them), or a missing required key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from regionreport.errors import InputError, shorten

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Field:
    """One value: what it must be (``expected``, for messages) and the test of it."""

    expected: str
    accepts: Callable[[object], bool]
    required: bool = True
    fix: str | None = None
    choices: tuple[str, ...] = ()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


NUMBER = Field("a number", _is_number)
INTEGER = Field("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))
TEXT = Field("a text in quotes", lambda v: isinstance(v, str))
BOOLEAN = Field("true or false", lambda v: isinstance(v, bool))
COLOUR = Field("a colour", lambda v: isinstance(v, str) and bool(_COLOUR.match(v)),
               fix='write colours as "#rrggbb", e.g. "#1f4e79"')
OPAQUE_TABLE = Field("a table", lambda v: isinstance(v, dict))


@dataclass(frozen=True)
class Tables:
    """A table of tables under names (``[styles.<name>]``), each checked against ``schema``
    (whose keys are all optional); ``names``, when given, returns the names allowed (a typo
    in a name is then refused like a typo in a key)."""

    schema: dict
    names: Callable[[], Iterable[str]] | None = None


def optional(field: Field) -> Field:
    """The same field, allowed to be absent."""
    return replace(field, required=False)


def choice(noun: str, values: Iterable[str]) -> Field:
    """A text that must be one of ``values`` ("a known page size")."""
    values = tuple(values)
    return Field(f"a known {noun}", lambda v: v in values,
                 fix=f"known {noun}s: " + ", ".join(values), choices=values)


def texts(keys: Iterable[str], *, required: bool = True) -> dict[str, Field]:
    """A table of texts under fixed keys."""
    field = TEXT if required else optional(TEXT)
    return {key: field for key in keys}


def check(data: dict, schema: dict, file: str | Path, *, require: bool = True,
          missing_fix: str | None = None, prefix: str = "") -> None:
    """Check ``data`` against ``schema``: unknown keys and types always, missing required
    keys when ``require`` (off for a theme file that extends another)."""
    for key, value in data.items():
        where = prefix + key
        spec = schema.get(key)
        if spec is None:
            raise InputError("is not a known key", file=file, place=f"key '{where}'",
                             fix=_suggestion(key, schema))
        if isinstance(spec, Tables):
            if not isinstance(value, dict):
                raise InputError(f"is {show(value)}, expected a table [{where}]", file=file,
                                 place=f"key '{where}'")
            allowed = set(spec.names()) if spec.names is not None else set(value)
            for name, table in value.items():
                if name not in allowed:
                    raise InputError("is not a known name", file=file,
                                     place=f"key '{where}.{name}'",
                                     fix=_suggestion(name, dict.fromkeys(allowed)))
                check({name: table}, {name: spec.schema}, file, require=False,
                      prefix=where + ".")
        elif isinstance(spec, dict):
            if not isinstance(value, dict):
                raise InputError(f"is {show(value)}, expected a table [{where}]", file=file,
                                 place=f"key '{where}'")
            check(value, spec, file, require=require, missing_fix=missing_fix,
                  prefix=where + ".")
        elif not spec.accepts(value):
            problem = (f"{show(value)} is not {spec.expected}" if spec.fix
                       else f"is {show(value)}, expected {spec.expected}")
            raise InputError(problem, file=file, place=f"key '{where}'", fix=spec.fix)
    if not require:
        return
    for key, spec in schema.items():
        if key in data:
            continue
        if isinstance(spec, Tables):
            raise InputError("is missing", file=file, place=f"key '{prefix}{key}'",
                             fix=missing_fix)
        if isinstance(spec, dict):
            check({}, spec, file, require=True, missing_fix=missing_fix, prefix=prefix + key
                  + ".")
        elif spec.required:
            raise InputError("is missing", file=file, place=f"key '{prefix}{key}'",
                             fix=missing_fix)


def _suggestion(key: str, schema: dict) -> str:
    known = sorted(schema)
    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    return "known keys here: " + ", ".join(known) if known else "no keys are allowed here"


def show(value: object) -> str:
    """A value as a message shows it: TOML's spelling, a long text or list shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{shorten(value)}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        shown = "[" + ", ".join(show(item) for item in value) + "]"
        return shown if len(shown) <= 40 else f"a list of {len(value)}"
    return str(value)
