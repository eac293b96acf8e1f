"""Reading the project's TOML data files (layouts, catalogs, profiles, themes, labels).

In: a path, the words for what the file is ("layout", "theme") and the fix to suggest when it
is missing. Out: the parsed table, or an ``InputError`` naming the file: not found, not
UTF-8, or not valid TOML (with the line and column TOML reports).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from regionreport.errors import InputError


def read_toml(path: Path, what: str, fix: str | None = None) -> dict:
    """The parsed contents of a TOML file."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{what} not found", file=path, fix=fix) from None
    except UnicodeDecodeError:
        raise InputError(f"the {what} is not UTF-8 text", file=path,
                         fix="save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror}", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=path) from None
