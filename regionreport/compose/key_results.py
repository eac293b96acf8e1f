"""Key results: each national key result followed by the unit's or the region's own result.

In: a ``ComposeContext`` whose layout has ``[[key_results]]`` (``config.layout.KeyResult``:
an indicator and Swedish sentence templates) and, for a handout, a unit code.
Out: the checks of those entries (``check_key_results``: the indicator, the templates the
indicator's kind needs, every template's fields, the ``answers`` keys), the filled sentences
of one entry (``national_sentence``, ``region_sentence``, ``unit_sentence``) and their
document blocks (``handout_blocks`` for a unit's handout, ``section_blocks`` for the report's
``key_results`` section): a lead-in heading, the national sentence, then the unit's or the
region's sentence, each a paragraph.
Region and Riket numbers are the values the results tables show (``findings.shown``: the
published value where the source has one), unit values those of the unit's table cell, all
formatted with the indicator's decimals, so that text and tables agree.
"""

from __future__ import annotations

import math

from regionreport.aggregate import UnitResult
from regionreport.compose.context import ComposeContext
from regionreport.compose.findings import shown
from regionreport.config.layout import KeyResult, Section
from regionreport.document import Paragraph, Span
from regionreport.errors import InputError
from regionreport.model.catalog import Indicator
from regionreport.numbers import format_number, format_or_missing

# The values each template is filled with besides the report's template fields.
_COMMON = ("år", "enhet", "indikator")
NATIONAL_VALUES = ("riket", "riket_före", "föregående_år", *_COMMON)
REGION_VALUES = {"categorical": ("region", "värde", "riket", "uppfyllda", "svarande", *_COMMON),
                 "numeric": ("region", "värde", "riket", *_COMMON)}
UNIT_VALUES = {"unit_met": ("namn", "svar", *_COMMON),
               "unit_partial": ("namn", "svar", *_COMMON),
               "unit_not_met": ("namn", "svar", *_COMMON),
               "unit_answer": ("namn", "svar", *_COMMON),     # an ``answers`` sentence
               "unit_value": ("namn", "värde", *_COMMON),
               "unit_missing": ("namn", *_COMMON)}
_REQUIRED = {"categorical": ("national", "unit_met", "unit_not_met", "unit_missing"),
             "numeric": ("national", "unit_value", "unit_missing")}
_FOR_KIND = {"categorical": ("unit_met", "unit_partial", "unit_not_met"),
             "numeric": ("unit_value",)}


def _kind(indicator: Indicator) -> str:
    return "categorical" if indicator.is_categorical else "numeric"


def _error(context: ComposeContext, entry: KeyResult, key: str, problem: str,
           fix: str | None = None) -> InputError:
    return InputError(problem, file=context.layout.path, place=f"key '{entry.where}.{key}'",
                      fix=fix)


def in_sections(context: ComposeContext) -> set[str]:
    """The indicators of the key results that a report section shows (and that so need a
    ``region`` sentence): all, or those a section's ``indicators`` names."""
    shown: set[str] = set()
    for section in context.layout.sections:
        if section.kind == "key_results":
            shown.update(section.indicators or (e.indicator for e in context.layout.key_results))
    return shown


def check_key_results(context: ComposeContext) -> None:
    """Every ``[[key_results]]`` entry: a survey or register indicator of the catalog; the
    templates its kind needs (``region`` only where a section shows the key results,
    ``unit_partial`` where the indicator has partial answers without an ``answers``
    sentence); no template of the other kind; each template's fields known (filled with
    dummy values); ``answers`` keys that are answers of the indicator. Run by every build,
    so that a typo is not first noticed by ``handouts``; the error names the key."""
    catalog = context.catalog
    region_needed = in_sections(context)
    for entry in context.layout.key_results:
        if entry.indicator not in catalog or \
                catalog.indicator(entry.indicator).source == "background":
            raise _error(context, entry, "indicator",
                         f"'{entry.indicator}' is not a survey or register indicator of the "
                         f"catalog '{catalog.id}'",
                         fix="use one of " + ", ".join(i.id for i in catalog.indicators
                                                       if i.source != "background"))
        indicator = catalog.indicator(entry.indicator)
        kind = _kind(indicator)
        required = list(_REQUIRED[kind])
        if entry.indicator in region_needed:
            required.append("region")
        if kind == "categorical" and any(a not in entry.answers for a in indicator.partial):
            required.append("unit_partial")
        for key in required:
            if key not in entry.templates:
                raise _error(context, entry, key, "is missing",
                             fix=f"a key result of a {kind} indicator needs "
                                 + ", ".join(f"'{k}'" for k in required)
                                 + " (docs/layout-format.md)")
        other = "numeric" if kind == "categorical" else "categorical"
        for key in _FOR_KIND[other]:
            if key in entry.templates and key not in _FOR_KIND[kind]:
                raise _error(context, entry, key,
                             f"is for {other} indicators, and '{indicator.id}' is {kind}",
                             fix="use " + ", ".join(f"'{k}'" for k in _FOR_KIND[kind])
                                 + " instead")
        if entry.answers and kind != "categorical":
            raise _error(context, entry, "answers",
                         f"'{indicator.id}' is {kind}: it has no answers",
                         fix="use 'unit_value' for its value")
        for answer in entry.answers:
            if answer not in indicator.answers:
                raise _error(context, entry, f"answers.{answer}",
                             f"'{answer}' is not an answer of '{indicator.id}'",
                             fix="its answers: " + ", ".join(indicator.answers))
        _check_fields(context, entry, kind)


def _check_fields(context: ComposeContext, entry: KeyResult, kind: str) -> None:
    checks = [(key, template, _values(key, kind)) for key, template in entry.templates.items()]
    checks += [(f"answers.{answer}", template, UNIT_VALUES["unit_answer"])
               for answer, template in entry.answers.items()]
    if entry.heading is not None:
        checks.append(("heading", entry.heading, ()))
    for key, template, names in checks:
        try:
            context.fill(template, **{name: "" for name in names})
        except InputError as exc:
            raise _error(context, entry, key, exc.problem, fix=exc.fix) from None


def _values(key: str, kind: str) -> tuple[str, ...]:
    if key == "national":
        return NATIONAL_VALUES
    if key == "region":
        return REGION_VALUES[kind]
    return UNIT_VALUES[key]


def _years(context: ComposeContext, indicator: Indicator) -> tuple[int, int | None]:
    """The report year of the indicator's kind and the year before it (None: none)."""
    if indicator.source == "survey":
        return context.survey_year, context.layout.survey_previous
    return context.layout.register_year, context.layout.register_year - 1


def _common(context: ComposeContext, indicator: Indicator, year: int) -> dict:
    return {"år": year, "enhet": indicator.unit, "indikator": indicator.short_name}


def _riket(context: ComposeContext, indicator: Indicator, year: int | None,
           missing: str) -> str:
    if year is None or not context.index.units(indicator.id, year):
        return missing
    return format_or_missing(shown(context.value(indicator, context.riket, year)),
                             indicator.decimals, missing=missing)


def national_sentence(context: ComposeContext, entry: KeyResult, missing: str) -> str:
    """The national sentence: Riket's value this year and the year before as the tables
    show them (``missing``, the tables' mark, where there is none)."""
    indicator = context.catalog.indicator(entry.indicator)
    year, previous = _years(context, indicator)
    return context.fill(entry.templates["national"],
                        riket=_riket(context, indicator, year, missing),
                        riket_före=_riket(context, indicator, previous, missing),
                        föregående_år=previous if previous is not None else missing,
                        **_common(context, indicator, year))


def region_sentence(context: ComposeContext, entry: KeyResult, missing: str) -> str:
    """The region's sentence: its value (and, for a categorical indicator, its responding
    units and those whose answer is positive) beside Riket's."""
    indicator = context.catalog.indicator(entry.indicator)
    year, _ = _years(context, indicator)
    value = context.value(indicator, context.region, year)
    values = dict(_common(context, indicator, year), region=context.region.name,
                  värde=format_or_missing(shown(value), indicator.decimals, missing=missing),
                  riket=_riket(context, indicator, year, missing))
    if indicator.is_categorical:
        values.update(uppfyllda=value.positive or 0, svarande=value.responding)
    return context.fill(entry.templates["region"], **values)


def unit_sentence(context: ComposeContext, entry: KeyResult, code: str) -> str:
    """The unit's own sentence: by its answer (an ``answers`` sentence for that exact answer
    first, then met, partial or not met) or its value; ``unit_missing`` where it has none."""
    indicator = context.catalog.indicator(entry.indicator)
    year, _ = _years(context, indicator)
    result = context.index.units(indicator.id, year).get(code, UnitResult())
    values = dict(_common(context, indicator, year), namn=context.registry.unit(code).name)
    templates = entry.templates
    if indicator.is_categorical:
        answer = result.answer
        if answer is None:
            return context.fill(templates["unit_missing"], **values)
        template = entry.answers.get(answer) or (
            templates["unit_met"] if answer in indicator.positive else
            templates["unit_partial"] if answer in indicator.partial else
            templates["unit_not_met"])
        return context.fill(template, svar=answer, **values)
    if math.isnan(result.value):
        return context.fill(templates["unit_missing"], **values)
    return context.fill(templates["unit_value"],
                        värde=format_number(result.value, indicator.decimals), **values)


def _heading(context: ComposeContext, entry: KeyResult, level: int) -> Paragraph:
    text = entry.heading if entry.heading is not None else \
        context.catalog.indicator(entry.indicator).short_name
    return Paragraph((Span(context.fill(text), bold=True),), style="lead_in",
                     heading_level=level)


def _blocks(context: ComposeContext, entry: KeyResult, own: str, missing: str,
            level: int) -> list:
    return [_heading(context, entry, level),
            Paragraph((Span(national_sentence(context, entry, missing)),)),
            Paragraph((Span(own),))]


def handout_blocks(context: ComposeContext, code: str, missing: str, *, level: int) -> list:
    """Every key result of the layout for the unit ``code``: heading (a heading of
    ``level`` in the handout's structure), national sentence, the unit's sentence."""
    return [block for entry in context.layout.key_results
            for block in _blocks(context, entry, unit_sentence(context, entry, code),
                                 missing, level)]


def section_entries(context: ComposeContext, section: Section) -> list[KeyResult]:
    """The key results a section shows: all, or its ``indicators`` (each the indicator of a
    key result) in the section's order."""
    entries = context.layout.key_results
    if not entries:
        raise InputError(f"section '{section.where}' shows the key results, but the layout "
                         "has no [[key_results]]", file=context.layout.path,
                         place=f"key '{section.where}.kind'",
                         fix="add [[key_results]] entries (docs/layout-format.md)")
    if not section.indicators:
        return list(entries)
    by_id = {entry.indicator: entry for entry in entries}
    chosen = []
    for indicator_id in section.indicators:
        if indicator_id not in by_id:
            raise InputError(f"key '{section.where}.indicators': '{indicator_id}' is not the "
                             "indicator of a key result", file=context.layout.path,
                             fix="use one of " + ", ".join(by_id))
        chosen.append(by_id[indicator_id])
    return chosen


def section_blocks(context: ComposeContext, section: Section, missing: str) -> list:
    """The key results of a report section: heading, national sentence, the region's
    sentence."""
    check_key_results(context)
    return [block for entry in section_entries(context, section)
            for block in _blocks(context, entry, region_sentence(context, entry, missing),
                                 missing, section.level + 1)]
