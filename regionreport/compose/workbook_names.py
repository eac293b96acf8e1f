"""Sheet names of the analysts' workbook: short, unique, within Excel's 31 characters.

In: a report's results ``Table`` (its ``key`` "table-N" and ``subject``), the labels
(``[table] part_title``, ``[xlsx] table_sheet``, ``part_sheet``, ``sheet_names``) and the
names already taken.
Out: the sheet name, e.g. "T2 Intern och extern samordning", "T4 Uppföljning, genomförande 1"
(a part of a split table): the table's number and its subject, or the subject's short name
from ``[xlsx.sheet_names]`` when the subject is too long. A subject with neither that fits
is cut at a word and marked "…" (never cut unmarked); a name already taken gets " (2)".
"""

from __future__ import annotations

import re

from regionreport.compose.prose import fill_fields
from regionreport.config.labels import Labels
from regionreport.document import Table

MAX_SHEET_NAME = 31                  # Excel's limit
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
CUT_MARK = "…"


def table_number(table: Table) -> int | None:
    """The number of a results table from its key ("table-6" -> 6), None for another key."""
    found = re.fullmatch(r"table-(\d+)", table.key)
    return int(found.group(1)) if found else None


def split_part(subject: str, part_title: str) -> tuple[str, str | None]:
    """``subject`` as (the area's name, the part's number) when it is a part of a split table
    written by the labels' ``part_title`` ("{område} (del {del_nr} av {delar})"), else
    (``subject``, None)."""
    pattern, position = "", 0
    for field in re.finditer(r"\{([^{}]+)\}", part_title):
        pattern += re.escape(part_title[position:field.start()])
        name = field.group(1)
        pattern += {"område": r"(?P<name>.+?)", "del_nr": r"(?P<part>\d+)"}.get(name, r".+?")
        position = field.end()
    pattern += re.escape(part_title[position:])
    found = re.fullmatch(pattern, subject)
    if found is None or "name" not in found.groupdict() or "part" not in found.groupdict():
        return subject, None
    return found.group("name"), found.group("part")


def clean(text: str) -> str:
    """``text`` without the characters Excel forbids in sheet names, spaces collapsed."""
    return " ".join(FORBIDDEN_IN_SHEET_NAMES.sub(" ", text).split()).strip("'")


def table_sheet_name(table: Table, number: int, labels: Labels, taken: set[str]) -> str:
    """The sheet name of results table ``number``; added to ``taken`` (casefolded)."""
    xlsx = labels["xlsx"]
    base, part = split_part(table.subject, labels["table"]["part_title"])
    base = clean(base) or table.key

    def named(name: str) -> str:
        text = fill_fields(xlsx["table_sheet"], {"nummer": str(number), "namn": name},
                           file=xlsx.path)
        if part is not None:
            text = fill_fields(xlsx["part_sheet"], {"namn": text, "del_nr": part},
                               file=xlsx.path)
        return clean(text)

    candidates = [base]
    short = xlsx["sheet_names"].get(base)
    if short:
        candidates.append(clean(short))
    name = next((named(c) for c in candidates if len(named(c)) <= MAX_SHEET_NAME), None)
    if name is None:
        name = _cut(candidates[-1], named)
    return unique(name, taken)


def _cut(text: str, named) -> str:
    """``named`` of ``text`` cut at a word (at a character for one long word), marked "…",
    within the limit."""
    words = text.split()
    while len(words) > 1:
        words.pop()
        name = named(" ".join(words).rstrip(" ,;.-–") + CUT_MARK)
        if len(name) <= MAX_SHEET_NAME:
            return name
    word = words[0] if words else text
    while word:
        word = word[:-1]
        name = named(word + CUT_MARK)
        if len(name) <= MAX_SHEET_NAME:
            return name
    return named(CUT_MARK)[:MAX_SHEET_NAME]


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` ... when taken (Excel ignores case); the name
    chosen is added to ``taken``."""
    name = clean(name)[:MAX_SHEET_NAME] or "Blad"
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate
