"""Unit codes as found in source files, made into registry codes.

In: a raw code cell or field (text "0114", a number 114 that Excel stripped of its zero,
Kolada's "0000" for Riket and "0006" for a län when ``kolada=True``).
Out: the registry code ("0114", "00", "06"), or an ``InputError`` naming file and place when
the code is not a unit of the registry. With ``kolada=True`` a Kolada municipality group
("G92792") or organisational unit (an id with letters, or longer than four digits) is refused
with what to fetch instead.
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
    if kolada:
        _refuse_kolada_group(code, file=file, place=place)
    if kolada and len(code) == 4 and code.startswith("00"):
        code = RIKET_CODE if code == "0000" else code[2:]
    if code.casefold() == "riket":
        code = RIKET_CODE
    if code not in registry:
        raise InputError(f"unknown unit code '{code}'", file=file, place=place,
                         fix="expected '00' for Riket, a two-digit länskod, a four-digit "
                             "kommunkod or a six-digit stadsdel code of the registry")
    return code


def _refuse_kolada_group(code: str, *, file: str, place: str) -> None:
    """A Kolada municipality group (``G…``) or organisational unit is not a unit."""
    if code.casefold() == "riket":
        return
    if code[:1].upper() == "G":
        raise InputError(f"Kolada municipality group '{code}' is not a unit: Kolada groups "
                         "are not kommuner, län or Riket", file=file, place=place,
                         fix="fetch the group's member kommuner (their four-digit ids) and "
                             "declare the group as a region of the layout")
    if code and (not (code.isascii() and code.isdigit()) or len(code) > 4):
        raise InputError(f"Kolada id '{code}' is an organisational unit (ou), not a unit: "
                         "Kolada ous are not kommuner, län or Riket", file=file, place=place,
                         fix="fetch the KPI by municipality (data/kpi/<ids>/municipality/"
                             "<ids>/year/<years>), not by ou")
