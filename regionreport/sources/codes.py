"""Unit codes as found in source files, made into registry codes.

In: a raw code cell or field (text "0114", a number 114 that Excel stripped of its zero,
Kolada's "0000" for Riket and "0006" for a län when ``kolada=True``).
Out: the registry code ("0114", "00", "06"), or an ``InputError`` naming file and place when
the code is not a unit of the registry.
"""

from __future__ import annotations

from regionreport.errors import InputError
from regionreport.model.registry import RIKET_CODE, Registry


def unit_code(raw: object, registry: Registry, *, file: str, place: str,
              kolada: bool = False) -> str:
    """The registry code for ``raw``; ``InputError`` for an unknown or malformed code."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        code = str(raw).zfill(2 if raw < 100 else 4 if raw < 10000 else 6)
    else:
        code = str(raw).strip() if raw is not None else ""
    if kolada and len(code) == 4 and code.startswith("00"):
        code = RIKET_CODE if code == "0000" else code[2:]
    if code.casefold() == "riket":
        code = RIKET_CODE
    if code not in registry:
        raise InputError(f"unknown unit code '{code}'", file=file, place=place,
                         fix="expected '00' for Riket, a two-digit länskod, a four-digit "
                             "kommunkod or a six-digit stadsdel code of the registry")
    return code
