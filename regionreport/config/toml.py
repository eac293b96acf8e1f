"""Reading the project's TOML data files (layouts, catalogs, profiles, themes, labels).

In: a path, the words for what the file is ("layout", "theme") and the fix to suggest when it
is missing. Out: the parsed table, or an ``InputError`` naming the file: not found, not
UTF-8, or not valid TOML (with the line and column TOML reports, and the fix when the line
holds a code written as a number, 0680 for "0680"). A byte order mark at the
start (as some Windows editors save UTF-8) is accepted.
``locate``: the key and line of a TOML file where a text (a template field) stands, for
messages about a value that are found only after the file was parsed.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from regionreport.errors import InputError


_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_UNQUOTED_CODE = re.compile(r"""(?<![\w."'-])0\d+(?![\w."'])""")


def read_toml(path: Path, what: str, fix: str | None = None) -> dict:
    """The parsed contents of a TOML file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        return tomllib.loads(text)
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=path, fix=fix) from None
    except UnicodeDecodeError:
        raise InputError(f"the {what} is not UTF-8 text", file=path,
                         fix="save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror}", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path,
                         fix=_decode_fix(text, str(exc))) from None


def _decode_fix(text: str, message: str) -> str | None:
    """The likely fix of a TOML error: a code written as a number with its leading zero
    (kommun 0680, län 06), which TOML refuses, is text in quotes."""
    found = _AT_LINE.search(message)
    lines = text.splitlines()
    if found is None or not 1 <= int(found.group(1)) <= len(lines):
        return None
    line = lines[int(found.group(1)) - 1].split("#", 1)[0]
    code = _UNQUOTED_CODE.search(line)
    if code is None:
        return None
    return (f'a code with a leading zero is text in TOML: write it in quotes, as '
            f'"{code.group(0)}"')


_ARRAY_TABLE = re.compile(r"^\[\[\s*([^\[\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$""")


def locate(path: str | Path, needle: str) -> tuple[str, int] | None:
    """(the dotted key, the line) of the first value of the TOML file at ``path`` that holds
    ``needle``; tables of arrays are counted from 1 ("sections[7].heading"). None when the
    file cannot be read or no value holds it (a comment does not count)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table, counts, key, closing = "", {}, None, None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if closing is not None:                        # inside a multi-line string
            if needle in line:
                return key, number
            if closing in line:
                closing = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        match = _ARRAY_TABLE.match(stripped)
        if match:
            name = _dotted(match.group(1))
            counts[name] = counts.get(name, 0) + 1
            table, key = f"{name}[{counts[name]}]", None
            continue
        match = _TABLE.match(stripped)
        if match:
            table, key = _dotted(match.group(1)), None
            continue
        match = _KEY.match(stripped)
        if match:
            key = f"{table}.{_dotted(match.group(1))}" if table else _dotted(match.group(1))
            value = match.group(2)
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    closing = quotes
            if needle in _without_comment(value):
                return key, number
            continue
        if key is not None and needle in _without_comment(line):   # an array over lines
            return key, number
    return None


def _dotted(name: str) -> str:
    """``a . "b c"`` as ``a.b c``."""
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', name)
    return ".".join(next(p for p in part if p) if any(part) else "" for part in parts)


def _without_comment(value: str) -> str:
    """A value's text without a trailing comment (a "#" outside quotes)."""
    quote = None
    for index, char in enumerate(value):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return value[:index]
    return value
