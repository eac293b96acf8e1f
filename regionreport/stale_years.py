"""Years written as numbers in a report's texts that are not the report's years.

The stale-year trap of hand-made reports: next year's report is a copy of this year's, and a
"Kalenderåret 2013" left in a card or in the prose is printed in a 2016 report. Texts that use
the template fields ({år}, {registerår}, ...) follow the layout; this finds the numbers.

In: a ``Layout``, its ``Catalog`` and the names of the municipality groupings (the labels'
``[groupings]``, "SKL 2011", which name a scheme, not a year of data).
Out: ``stale_years`` -> a list of warning messages ("<file>, <place>: <problem> (<fix>)"),
one per text, naming the file and the key, the indicator and key, or the prose file and line.

What is read: the layout's ``[meta]`` texts, section headings, prose files and the
``[findings]``, ``[handout]`` and ``[[key_results]]`` templates; and the card texts of every
survey and register indicator of the catalog (``compose.cards.CARD_TEXTS``). What counts as
one of the layout's years:
- in the layout's texts: the survey year, last year's survey, the register years
  ``register_first``..``register`` and the catalog's release year (the layout's range);
  ``meta.date`` (the report's date) is only checked not to lie before the survey year;
- in a survey indicator's card: the survey year and the catalog's release year;
- in a register indicator's card: the register years and the catalog's release year;
- the measurement (``measurement``, Mätdatum or Mätperiod) of a card says when the value shown
  was measured, so its last year must be the survey year (survey) or the register year
  (register).
Never read as years: the layout's ``[[references]]`` and the footnote definitions of prose
(sources), numbers of laws and regulations ("SoL 2001:453", "SOSFS 2011:9", "prop.
2000/01:80"), URLs, template fields, the grouping names, and numbers that are part of a longer
number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from regionreport.compose.cards import CARD_TEXTS
from regionreport.config.layout import Layout
from regionreport.errors import describe
from regionreport.model.catalog import Catalog, Indicator

# A year of 1900-2099 standing alone: not part of a longer number or a decimal, and not the
# year of a law's or a regulation's number ("2001:453", "2000/01:80").
_YEAR = re.compile(r"(?<![\d:])(?<!\d[,.])(?<!\d:\s)((?:19|20)\d\d)"
                   r"(?![\d])(?!\s?:\s?\d)(?!/\d\d:)")
_MASKS = (re.compile(r"\{\{|\}\}"),                     # printed braces
          re.compile(r"\{[^{}\n]*\}"),                  # template fields
          re.compile(r"https?://\S+|www\.\S+"),         # URLs
          re.compile(r"\]\([^)\n]*\)"))                 # Markdown link targets
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:")
_FIELDS = "{år}, {föregående_år}, {registerår}, {första_registerår}, {utgivningsår}"


@dataclass(frozen=True)
class _Text:
    file: Path
    place: str          # "key 'meta.cover_note'", "indicator 'x', key 'measurement'", "line 3"
    text: str


def _masked(text: str, names: Iterable[str]) -> str:
    """``text`` with everything that is not read as years blanked (same length, same lines)."""
    for pattern in _MASKS:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    for name in names:
        if name:
            text = text.replace(name, " " * len(name))
    return text


def years_in(text: str, names: Iterable[str] = ()) -> list[int]:
    """The years written as numbers in ``text``, in order."""
    return [int(m.group(1)) for m in _YEAR.finditer(_masked(text, names))]


def _span(years: Iterable[int]) -> str:
    ordered = sorted(set(years))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def layout_years(layout: Layout, catalog: Catalog) -> set[int]:
    """The years a layout's texts may name: the survey year and last year's, the register
    years of the series and the catalog's release year."""
    previous = layout.survey_previous or layout.survey_year - 1
    return ({layout.survey_year, previous, catalog.release_year}
            | set(range(layout.register_first, layout.register_year + 1)))


def _layout_texts(layout: Layout) -> Iterator[_Text]:
    for key, value in layout.meta.items():
        if key != "date":
            yield _Text(layout.path, f"key 'meta.{key}'", value)
    for section in layout.sections:
        if section.heading:
            yield _Text(layout.path, f"key '{section.where}.heading'", section.heading)
    for table, templates in (("findings", layout.findings), ("handout", layout.handout)):
        for key, value in templates.items():
            if isinstance(value, str):
                yield _Text(layout.path, f"key '{table}.{key}'", value)
    for entry in layout.key_results:
        texts = dict(entry.templates)
        if entry.heading:
            texts["heading"] = entry.heading
        texts.update({f"answers.{answer}": text for answer, text in entry.answers.items()})
        for key, value in texts.items():
            yield _Text(layout.path, f"key '{entry.where}.{key}'", value)
    seen: set[Path] = set()
    for section in layout.sections:
        if section.prose is None or section.prose_file in seen:
            continue
        seen.add(section.prose_file)
        in_footnote = False
        for number, line in enumerate(section.prose.splitlines(), start=1):
            in_footnote = bool(_FOOTNOTE.match(line)) or (
                in_footnote and line.startswith(("    ", "\t")) and bool(line.strip()))
            if not in_footnote:
                yield _Text(section.prose_file, f"line {number}", line)


def _card_texts(indicator: Indicator, catalog: Catalog) -> Iterator[tuple[str, _Text]]:
    for key in CARD_TEXTS:
        value = getattr(indicator, key)
        where = f"indicator '{indicator.id}', key '{key}"
        items = enumerate(value, 1) if isinstance(value, tuple) else [(0, value)]
        for number, text in items:
            place = f"{where}[{number}]'" if number else where + "'"
            yield key, _Text(catalog.path, place, text)


def _warning(text: _Text, years: list[int], allowed: set[int], what: str, fields: str) -> str:
    stale = sorted(set(y for y in years if y not in allowed))
    word = "year" if len(stale) == 1 else "years"
    return describe(f"the {word} {_span(stale)} {'is' if len(stale) == 1 else 'are'} not "
                    f"{what}", file=text.file, place=text.place,
                    fix=f"a year left from an earlier report? Write it as a template field "
                        f"({fields}) or correct it")


def stale_years(layout: Layout, catalog: Catalog, names: Iterable[str] = ()) -> list[str]:
    """The warnings about years in the layout's and the catalog's texts that are none of
    the layout's years (see the module docstring); ``names`` are texts never read as years
    (the grouping names)."""
    names = tuple(names)
    warnings = []
    allowed = layout_years(layout, catalog)
    range_text = f"one of the layout's years ({_span(allowed)})"
    for text in _layout_texts(layout):
        years = years_in(text.text, names)
        if any(y not in allowed for y in years):
            warnings.append(_warning(text, years, allowed, range_text, _FIELDS))
    date = layout.meta.get("date", "")
    early = [y for y in years_in(date) if y < layout.survey_year]
    if early:
        warnings.append(describe(f"the report's date {date} lies before its survey year "
                                 f"{layout.survey_year}", file=layout.path,
                                 place="key 'meta.date'", fix="correct the date"))
    register = set(range(layout.register_first, layout.register_year + 1))
    for indicator in catalog.indicators:
        if indicator.source == "survey":
            allowed = {layout.survey_year, catalog.release_year}
            last, last_field = layout.survey_year, "{mätår}"
            what = (f"the layout's survey year {layout.survey_year} or the catalog's "
                    f"release year {catalog.release_year}")
        elif indicator.source == "register":
            allowed = register | {catalog.release_year}
            last, last_field = layout.register_year, "{registerår}"
            what = (f"one of the layout's register years ({_span(register)}) or the "
                    f"catalog's release year {catalog.release_year}")
        else:
            continue        # background measures have no card
        for key, text in _card_texts(indicator, catalog):
            years = years_in(text.text, names)
            if any(y not in allowed for y in years):
                warnings.append(_warning(text, years, allowed, what,
                                         "{mätår}, {år}, {utgivningsår}"
                                         if indicator.source == "survey" else
                                         "{registerår}, {första_registerår}, {utgivningsår}"))
            elif key == "measurement" and years and max(years) != last:
                warnings.append(describe(
                    f"the measurement ends in {max(years)}, not in the layout's "
                    f"{indicator.source} year {last}", file=text.file, place=text.place,
                    fix=f"write {last_field} for the year the value was measured"))
    return warnings
