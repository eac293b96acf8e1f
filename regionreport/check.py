"""The `check` summary: what the data holds, a region's values, and every disagreement.

In: the tidy results table, the ``Catalog``, the ``Registry``, optionally a ``Region`` and a
year.
Out: a ``CheckSummary`` (plain data) and its text rendering for the terminal: units and levels
found, years per part, indicators, survey non-responders, the region's computed values beside
the published ones, and every (län or Riket, indicator, year) whose computed value disagrees
with the published value.
With a layout (``check_layout``): a ``LayoutCheck``, the warnings about its texts (years
written as numbers that are none of its years, ``stale_years``) and its handout settings
(``compose.handout.handout_warnings``), and the first error a build would stop at (the report
is composed, without charts: years without data, handout settings, template fields, areas).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.aggregate import (METHOD_MEAN, METHOD_SHARE, METHOD_WEIGHTED, RegionValue,
                                    ResultIndex, region_value, region_values, unverifiable)
from regionreport.disagreements import disagrees, incomplete
from regionreport.errors import InputError
from regionreport.model.catalog import Catalog
from regionreport.numbers import format_or_missing
from regionreport.model.regions import Region, county_region, riket_region
from regionreport.model.registry import LEVELS, Registry
from regionreport.model.results import TidyTable

_LEVEL_WORDS = {"riket": ("Riket", "Riket"), "lan": ("län", "län"),
                "kommun": ("kommun", "kommuner"), "stadsdel": ("stadsdel", "stadsdelar")}
_METHOD_WORDS = {METHOD_SHARE: "share of answering units with a positive answer",
                 METHOD_WEIGHTED: "weighted: sum of numerators / sum of denominators",
                 METHOD_MEAN: "plain mean of the units (no counts)"}


@dataclass(frozen=True)
class CheckSummary:
    """Everything `regionreport check` reports, as data."""

    units_by_level: dict[str, int]
    years_by_source: dict[str, list[int]]
    indicators_found: list[str]
    indicators_missing: list[str]
    survey_response: dict[int, tuple[int, list[str]]]
    region: Region | None
    year: int | None
    register_year: int | None
    values: list[RegionValue]
    disagreements: list[RegionValue]
    unverifiable: list[RegionValue] = ()
    incomplete: list[RegionValue] = ()     # differences where member units have no rows
    year_gaps: dict[str, list[int]] | None = None
    units_without_data: list[str] = ()


def summarize(table: TidyTable, catalog: Catalog, registry: Registry,
              region: Region | None = None, year: int | None = None,
              register_year: int | None = None) -> CheckSummary:
    """Collect the summary; ``year`` defaults to the latest survey (else any) year; the
    region's register values are of ``register_year`` when given (a layout's), else of
    ``year``."""
    index = ResultIndex(table)
    present = set(table["unit"])
    units_by_level = {level: sum(1 for u in registry.units(level) if u.code in present)
                      for level in LEVELS}
    years_by_source: dict[str, list[int]] = {}
    for ind in catalog.indicators:
        for found in index.years(ind.id):
            years_by_source.setdefault(ind.source, [])
            if found not in years_by_source[ind.source]:
                years_by_source[ind.source].append(found)
    years_by_source = {k: sorted(v) for k, v in years_by_source.items()}
    found_ids = [i.id for i in catalog.indicators if index.years(i.id)]
    missing_ids = [i.id for i in catalog.indicators if not index.years(i.id)]
    if year is None:
        year = max(years_by_source.get("survey") or [y for v in years_by_source.values()
                                                         for y in v] or [0]) or None
    if register_year is None and year is not None:
        register_year = _register_year(years_by_source.get("register", []), year)
    values = []
    if region is not None and year is not None:
        values = region_values(index, catalog, region, year, registry, ("survey",)) + \
            region_values(index, catalog, region, register_year, registry, ("register",))
    published_gaps = _disagreements(index, catalog, registry)
    return CheckSummary(units_by_level=units_by_level, years_by_source=years_by_source,
                        indicators_found=found_ids, indicators_missing=missing_ids,
                        survey_response=_survey_response(index, catalog, registry),
                        region=region, year=year, register_year=register_year,
                        values=values,
                        disagreements=[v for v in published_gaps if disagrees(
                            catalog.indicator(v.indicator), v)],
                        unverifiable=[v for v in published_gaps if _unverifiable(v, catalog)],
                        incomplete=[v for v in published_gaps if incomplete(
                            catalog.indicator(v.indicator), v)],
                        year_gaps=_year_gaps(index, catalog, years_by_source),
                        units_without_data=_units_without_data(table, registry))


def _register_year(register_years: list[int], year: int) -> int:
    """The register year a summary of survey ``year`` shows: ``year`` itself when the data
    has it, else the latest register year before it (a report's register year lags the
    survey by one), else ``year``."""
    if year in register_years or not register_years:
        return year
    earlier = [y for y in register_years if y < year]
    return max(earlier) if earlier else year


def _unverifiable(value: RegionValue, catalog: Catalog) -> bool:
    return unverifiable(catalog.indicator(value.indicator), value)


def _year_gaps(index: ResultIndex, catalog: Catalog, years_by_source: dict[str, list[int]]
               ) -> dict[str, list[int]]:
    """Indicator -> the years of its source that the data has for other indicators but not
    for it (only for indicators found at all)."""
    gaps = {}
    for indicator in catalog.indicators:
        have = index.years(indicator.id)
        if not have:
            continue
        missing = [y for y in years_by_source.get(indicator.source, [])
                   if y not in have and y >= min(have)]
        if missing:
            gaps[indicator.id] = missing
    return gaps


def _units_without_data(table: TidyTable, registry: Registry) -> list[str]:
    """The kommuner valid in the data's years of which the data holds no record at all."""
    present = set(table["unit"])
    years = sorted(set(int(y) for y in table["year"])) if len(table) else []
    if not years:
        return []
    covered = {u.parent_code for u in registry.units("stadsdel") if u.code in present}
    return [u.code for u in registry.units("kommun")
            if u.valid_in(years[-1]) and u.code not in present and u.code not in covered]


def _survey_response(index: ResultIndex, catalog: Catalog, registry: Registry
                     ) -> dict[int, tuple[int, list[str]]]:
    """Per survey year: (units asked, units that answered no survey question at all)."""
    survey = [i.id for i in catalog.by_source("survey")]
    result = {}
    for year in sorted({y for i in survey for y in index.years(i)}):
        answered: dict[str, bool] = {}
        for indicator_id in survey:
            for code, cell in index.units(indicator_id, year).items():
                if registry.unit(code).level in ("kommun", "stadsdel"):
                    answered[code] = answered.get(code, False) or cell.answered
        result[year] = (len(answered), sorted(c for c, ok in answered.items() if not ok))
    return result


def _disagreements(index: ResultIndex, catalog: Catalog, registry: Registry
                   ) -> list[RegionValue]:
    """Every published län or Riket value that the computed value does not reproduce."""
    regions = [riket_region(registry)] + [county_region(registry, c.code)
                                          for c in registry.counties()]
    found = []
    for indicator in catalog.indicators:
        if indicator.aggregation == "none":
            continue
        for year in index.years(indicator.id):
            cells = index.units(indicator.id, year)
            for region in regions:
                if region.published_code in cells:
                    value = region_value(index, indicator, region, year, registry)
                    if value.agrees is False:
                        found.append(value)
    return found


def format_summary(summary: CheckSummary, catalog: Catalog, registry: Registry,
                   sources: list[str], layout=None) -> str:
    """The summary as terminal text (English frame, Swedish names and numbers); a
    disagreement that ``layout`` accepts is shown with its reason."""
    lines = [f"Data: {', '.join(sources)}",
             f"Catalog: {catalog.id} ({catalog.title})"]
    levels = [f"{n} {_LEVEL_WORDS[level][0 if n == 1 else 1]}"
              for level, n in summary.units_by_level.items() if n and level != "riket"]
    if summary.units_by_level.get("riket"):
        levels.append("Riket")
    lines.append("Units: " + (", ".join(levels) or "none"))
    for source, years in summary.years_by_source.items():
        lines.append(f"Years ({source}): {_year_span(years)}")
    by_source = {}
    for indicator_id in summary.indicators_found:
        source = catalog.indicator(indicator_id).source
        by_source[source] = by_source.get(source, 0) + 1
    lines.append(f"Indicators: {len(summary.indicators_found)} of {len(catalog.indicators)} "
                 "in the catalog found (" + ", ".join(f"{n} {s}" for s, n in by_source.items())
                 + ")")
    if summary.indicators_missing:
        lines.append("  not in the data: " + ", ".join(
            f"{i} ({catalog.indicator(i).kolada})" if catalog.indicator(i).kolada else i
            for i in summary.indicators_missing))
    for indicator_id, years in (summary.year_gaps or {}).items():
        indicator = catalog.indicator(indicator_id)
        kpi = f" ({indicator.kolada})" if indicator.kolada else ""
        lines.append(f"  {indicator_id}{kpi}: no values for {_year_span(years)}")
    if summary.units_without_data:
        lines.append("  kommuner without any value: " + ", ".join(
            _unit_label(registry, c) for c in summary.units_without_data))
    for year, (asked, silent) in summary.survey_response.items():
        lines.append(f"Survey {year}: {asked - len(silent)} of {asked} kommuner and stadsdelar "
                     f"answered; {len(silent)} did not")
        if silent:
            lines.append("  non-responders: " + ", ".join(_unit_label(registry, c)
                                                          for c in silent))
    if summary.region is not None:
        lines += [""] + _region_lines(summary, catalog, registry)
    lines.append("")
    if summary.unverifiable:
        lines += _unverifiable_lines(summary.unverifiable, catalog)
    if summary.incomplete:
        absent = sorted({code for value in summary.incomplete for code in value.absent})
        shown = ", ".join(_unit_label(registry, c) for c in absent[:5])
        more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
        lines += [f"Published values that differ because the data lacks member units: "
                  f"{len(summary.incomplete)} (expected: the data has no row of {len(absent)} "
                  f"member unit{'s' if len(absent) != 1 else ''}, {shown}{more}; reports show "
                  "the published value and say how the computed one differs)", ""]
    if summary.disagreements:
        lines.append(f"Disagreements between computed and published values: "
                     f"{len(summary.disagreements)}")
        for value in summary.disagreements:
            indicator = catalog.indicator(value.indicator)
            computed = format_or_missing(value.value, indicator.decimals)
            published = format_or_missing(value.published, indicator.decimals)
            accepted = layout.accepted(value.indicator, value.region, value.year) \
                if layout is not None else None
            lines.append(f"  {_unit_label(registry, value.region)}, {value.indicator}, "
                         f"{value.year}: computed {computed}, published {published} "
                         f"({value.responding} of {len(value.units)} units with data)"
                         + (f"; accepted by the layout: {accepted.reason}" if accepted else ""))
    else:
        lines.append("Disagreements between computed and published values: none "
                     + ("(every published län and Riket value that the data can check is "
                        "reproduced)" if summary.unverifiable or summary.incomplete else
                        "(every published län and Riket value is reproduced)"))
    return "\n".join(lines)


def disagreement_error(summary: CheckSummary, catalog: Catalog, layout=None
                       ) -> InputError | None:
    """The error `check` exits with when published values disagree with the computed ones
    (those ``layout`` does not accept), or None."""
    from regionreport.disagreements import unaccepted

    failing = unaccepted(summary.disagreements, catalog, layout)
    if not failing:
        return None
    count = len(failing)
    return InputError(
        f"{count} published län or Riket value{'s' if count != 1 else ''} "
        f"disagree{'s' if count == 1 else ''} with the value computed from the data by the "
        "publisher's own rule (listed above under 'Disagreements'); a report built from this "
        "data would show numbers that cannot be trusted",
        fix="correct the data file; a layout may accept a listed disagreement with a reason "
            "([[accepted_disagreements]] with indicator, unit, year and reason; see "
            "docs/layout-format.md)")


def _unverifiable_lines(values: list[RegionValue], catalog: Catalog) -> list[str]:
    """The published values that the data cannot check, as a count per indicator."""
    per_indicator: dict[str, int] = {}
    for value in values:
        per_indicator[value.indicator] = per_indicator.get(value.indicator, 0) + 1
    lines = [f"Published values that cannot be reproduced from this data: {len(values)} "
             f"(expected: the rule 'weighted' needs each unit's counts, which the data does "
             "not give; a plain mean differs, so reports show the published value)"]
    lines += [f"  {catalog.indicator(i).short_name} ({i}): {n} län and Riket values"
              for i, n in per_indicator.items()]
    return lines + [""]


def _region_lines(summary: CheckSummary, catalog: Catalog, registry: Registry) -> list[str]:
    region = summary.region
    kommuner = sum(1 for c in region.members if registry.unit(c).level == "kommun")
    years = f"year {summary.year}" if summary.register_year in (None, summary.year) else \
        f"survey {summary.year}, register {summary.register_year}"
    lines = [f"Region: {region.name} ({region.code}), {kommuner} kommuner, {years}"]
    if not summary.values:
        return lines + [f"  no values for {summary.year}"]
    width = max(len(catalog.indicator(v.indicator).short_name) for v in summary.values)
    lines.append(f"  {'indicator':<{width}}  {'value':>7}  {'published':>9}  answered  rule")
    for value in summary.values:
        indicator = catalog.indicator(value.indicator)
        published = format_or_missing(value.published, indicator.decimals)
        mark = "  DISAGREES" if disagrees(indicator, value) else ""
        rule = _METHOD_WORDS[value.method]
        if value.method != indicator.aggregation and indicator.aggregation != "none":
            rule += f" (catalog rule '{indicator.aggregation}' needs counts)"
        lines.append(f"  {indicator.short_name:<{width}}  "
                     f"{format_or_missing(value.value, indicator.decimals):>7}  {published:>9}  "
                     f"{value.responding:>3} of {len(value.units):<3} {rule}{mark}")
        if value.nonresponding:
            lines.append(f"  {'':<{width}}  not answered: " + ", ".join(
                _unit_label(registry, c) for c in value.nonresponding))
    return lines


def _unit_label(registry: Registry, code: str) -> str:
    unit = registry.get(code)
    return f"{unit.name} ({code})" if unit else code


def _year_span(years: list[int]) -> str:
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


@dataclass(frozen=True)
class LayoutCheck:
    """What `check --layout` says about a layout: warnings, and the error a build would
    stop at (None when it builds)."""

    warnings: list[str]
    error: InputError | None


def check_layout(layout, inputs, labels, theme=None) -> LayoutCheck:
    """Check a ``Layout`` against its loaded ``Inputs`` with its labels and theme: the years
    written in its and its catalog's texts, its handout settings, and a composition of the
    whole report (as `build` makes it, without drawing or writing anything)."""
    from regionreport.compose import compose_report
    from regionreport.compose.handout import handout_warnings
    from regionreport.stale_years import stale_years

    warnings = stale_years(layout, inputs.catalog, labels["groupings"].values())
    error = None
    try:
        warnings += handout_warnings(layout, inputs.catalog)
        compose_report(layout, inputs, theme=theme, labels=labels)
    except InputError as exc:
        error = exc
    return LayoutCheck(warnings=warnings, error=error)


def fetch_lines(data_file: Path) -> list[str]:
    """What the manifest of a Kolada download (``FILE.manifest.json`` beside it, written by
    ``fetch kolada``) says: when and from where, the records, the KPIs and years asked for
    that came empty, and whether the file changed since. Nothing without a manifest."""
    import hashlib
    import json

    from regionreport.kolada_fetch import manifest_path

    path = manifest_path(Path(data_file))
    if not path.is_file():
        return []
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        counts = manifest["records_per_kpi_and_year"]
        lines = [f"Kolada fetch: {manifest['fetched_at']} from {manifest['base_url']}, "
                 f"{manifest['records']} records of {len(manifest['kpis'])} KPIs, "
                 f"{manifest['municipalities_received']} municipalities"]
    except (ValueError, KeyError, TypeError, OSError):
        return [f"Kolada fetch: {path} cannot be read (not a manifest of `fetch kolada`)"]
    empty = [f"{kpi} {year}" for kpi, years in counts.items()
             for year, count in years.items() if not count]
    if empty:
        lines.append("  asked for, but no records: " + ", ".join(empty))
    if hashlib.sha256(Path(data_file).read_bytes()).hexdigest() != manifest.get("data_sha256"):
        lines.append(f"  {Path(data_file).name} has changed since the fetch")
    return lines
