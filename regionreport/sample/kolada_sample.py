"""Sample data in Kolada's shape: what `fetch kolada` would have saved, drawn like a workbook.

In: an output path (``FILE.json``), the ``Catalog`` (its indicators with a ``kolada`` KPI id;
survey indicators with ``kolada_codes`` or the reference 1 = Ja / 0 = Nej), the survey years
and the register years, an optional calibration file (docs/sample-data.md) and the seed.
Out: ``FILE.json``, the JSON list of pages that ``fetch kolada`` writes and
``build --data`` reads (``sources/kolada.py``), written atomically and reproducibly, and a
``KoladaSampleSummary``.

The values are drawn by the generic generator (``plan`` -> ``generic.draw_entries``) from a
source profile made here in memory: per year a survey sheet (the survey KPIs, a value each)
and a register sheet (the register and background KPIs with value, numerator and
denominator, so that the counts behind each rate exist). The records are then written as
Kolada has them:
- a kommun's survey answer as the number of its answer in the indicator's coding for that
  year; a unit asked that did not answer gets a record with value null (status "Missing");
- survey KPIs at kommun level only (no län or Riket record): the report computes the county
  and national shares from the kommuner, and says so;
- register KPIs for every kommun, every län ("00" + länskod) and Riket ("0000"): a kommun's
  rate rounded to the indicator's decimals, a region's the weighted rate of its kommuner
  (Σ numerator / Σ denominator × scale), as Kolada publishes it; the counts are not written
  (Kolada gives none).
Pages hold at most ``MAX_PER_PAGE`` records and link the next by ``next_page``, as Kolada does.

Kolada has no stadsdelar: a survey year in which a city answered through its stadsdelar is
refused (the registry says which years those are).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.files import atomic_path
from regionreport.kolada_fetch import dump_pages
from regionreport.model.catalog import Catalog, Indicator
from regionreport.model.kolada_codings import coding_for
from regionreport.model.registry import Registry, load_registry
from regionreport.numbers import round_half_up
from regionreport.sample.generic import draw_entries
from regionreport.sample.plan import make_plan
from regionreport.sample.sheets import make_grids
from regionreport.sources.kolada import survey_codes
from regionreport.sources.kolada_api import (DEFAULT_BASE_URL, MAX_PER_PAGE, data_url,
                                             municipality_id)
from regionreport.sources.profile import ColumnTarget, SheetSpec, SourceProfile

_COUNT_ROLES = ("numerator", "denominator")


@dataclass(frozen=True)
class KoladaSampleSummary:
    """What was written: the file, the seed, the KPIs, the years and the records."""

    path: Path
    seed: int
    kpis: int
    survey_years: tuple[int, ...]
    register_years: tuple[int, ...]
    records: int
    pages: int
    non_responders: dict[int, int]


def default_years(catalog: Catalog) -> tuple[list[int], list[int]]:
    """(survey years, register years) of a catalog's release: the release year and the one
    before for the survey, the five years before the release for the registers."""
    release = catalog.release_year
    return [release - 1, release], list(range(release - 5, release))


def write_kolada_sample(path: str | Path, catalog: Catalog, *, survey_years: list[int],
                        register_years: list[int], calibration: Path | None = None,
                        seed: int) -> KoladaSampleSummary:
    """Draw the catalog's Kolada KPIs in the years given and write them as Kolada pages."""
    path = Path(path)
    registry = load_registry()
    _refuse_stadsdelar(registry, survey_years)
    profile = kolada_profile(catalog, survey_years, register_years)
    plan = make_plan(catalog, profile, registry, None, calibration, seed)
    entries, survey = draw_entries(plan, registry, seed)
    grids = make_grids(plan, registry, entries, survey.units)
    records = []
    for grid in grids:
        records += _records(grid, catalog, registry)
    order = _order(catalog)
    records.sort(key=lambda r: (order[r["kpi"]], r["period"], r["municipality"]))
    kpis = list(dict.fromkeys(r["kpi"] for r in records))
    pages = paginate(records, data_url(DEFAULT_BASE_URL, kpis,
                                       sorted(set(survey_years) | set(register_years))))
    with atomic_path(path) as temporary:
        temporary.write_bytes(dump_pages(pages))
    return KoladaSampleSummary(
        path=path, seed=seed, kpis=len(kpis), survey_years=tuple(sorted(survey_years)),
        register_years=tuple(sorted(register_years)), records=len(records), pages=len(pages),
        non_responders={y: len(c) for y, c in sorted(survey.non_responders.items())})


def kolada_profile(catalog: Catalog, survey_years: list[int], register_years: list[int]
                   ) -> SourceProfile:
    """The in-memory source profile of a Kolada sample: per survey year a sheet of the survey
    KPIs (values), per register year a sheet of the register and background KPIs (value,
    numerator, denominator)."""
    survey = [i for i in catalog.indicators if i.kolada and i.source == "survey"]
    register = [i for i in catalog.indicators if i.kolada and i.source != "survey"
                and i.kind != "group"]
    if not survey and not register:
        raise InputError(f"catalog '{catalog.id}' names no Kolada KPI", file=catalog.path,
                         fix='give its indicators kolada = "<KPI id>"')
    sheets = []
    for year in sorted(survey_years):
        columns = [(i.kolada, (ColumnTarget(i.id, "value", year),)) for i in survey
                   if _valid(i, year)]
        sheets.append(_sheet(f"Kolada enkät {year}", year, columns))
    for year in sorted(register_years):
        columns = []
        for indicator in register:
            if not _valid(indicator, year):
                continue
            roles = ("value",) if indicator.kind == "class" or indicator.aggregation in (
                "none", "mean") else ("value", *_COUNT_ROLES)
            columns += [(f"{indicator.kolada}:{role}",
                         (ColumnTarget(indicator.id, role, year),)) for role in roles]
        sheets.append(_sheet(f"Kolada register {year}", year, columns))
    return SourceProfile(id=f"kolada-{catalog.id}", description="Kolada (sample)",
                         catalog=catalog.id, answers={}, sheets=tuple(sheets),
                         path=catalog.path)


def paginate(records: list[dict], first_url: str, per_page: int = MAX_PER_PAGE
             ) -> list[dict]:
    """Kolada's pages of ``records``: at most ``per_page`` each, the next linked by
    ``next_page`` (null on the last)."""
    chunks = [records[i:i + per_page] for i in range(0, len(records), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        following = f"{first_url}&page={number + 1}" if number < len(chunks) else None
        pages.append({"count": len(chunk), "values": chunk, "next_page": following})
    return pages


def _valid(indicator: Indicator, year: int) -> bool:
    return indicator.kolada_until is None or year <= indicator.kolada_until


def _sheet(name: str, year: int, columns: list) -> SheetSpec:
    return SheetSpec(name=name, year=year, header_row=1, code_header="Kommunkod",
                     name_header=None, missing=(), columns=tuple(columns))


def _refuse_stadsdelar(registry: Registry, years: list[int]) -> None:
    for year in years:
        cities = sorted({u.parent_code for u in registry.units("stadsdel")
                         if u.valid_in(year)})
        if cities:
            names = ", ".join(registry.unit(c).name for c in cities)
            raise InputError(f"in {year} {names} answered the survey through stadsdelar, "
                             "which Kolada does not hold (kommun level only)",
                             place="option --years",
                             fix="choose survey years in which every kommun answered as "
                                 "itself, or make an ÖJ workbook sample instead")


def _records(grid, catalog: Catalog, registry: Registry) -> list[dict]:
    """The Kolada records of one sheet's value columns."""
    records = []
    for column, (header, targets) in enumerate(grid.spec.columns):
        target = targets[0]
        if target.role != "value":
            continue
        indicator = catalog.indicator(target.indicator)
        for code in grid.codes:
            unit = registry.unit(code)
            if unit.level == "stadsdel":
                continue
            if indicator.source == "survey" and unit.level != "kommun":
                continue                    # survey KPIs: kommun level only
            value = grid.cells[code][column]
            records.append(_record(indicator, target.year, code, value, catalog.path))
    return records


def _record(indicator: Indicator, year: int, code: str, value, file: Path) -> dict:
    if value is None:
        entry = {"gender": "T", "count": 0, "status": "Missing", "value": None}
    else:
        number = _code_of(indicator, year, value, file) if isinstance(value, str) else \
            round_half_up(float(value), indicator.decimals)
        entry = {"gender": "T", "count": 1, "status": "", "value": number}
    return {"kpi": indicator.kolada, "municipality": municipality_id(code), "period": year,
            "values": [entry]}


def _code_of(indicator: Indicator, year: int, answer: str, file: Path) -> int | float:
    """Kolada's number of a survey answer in the indicator's coding of ``year``."""
    coding = coding_for(indicator.kolada_codes, year) if indicator.kolada_codes else None
    if indicator.kolada_codes and coding is None:
        raise InputError(f"indicator '{indicator.id}' has no Kolada coding for {year}",
                         file=file, fix="add the year to its kolada_codes "
                                                             "or leave the year out")
    table = coding.table if coding else survey_codes()
    inverse = {a: code for code, a in table.items()}
    if answer not in inverse:
        raise InputError(f"the answer '{answer}' of indicator '{indicator.id}' has no Kolada "
                         f"code in {year}", file=file,
                         fix="declare its code in kolada_codes, or give the answer weight 0 "
                             "in the calibration")
    code = inverse[answer]
    return int(code) if float(code).is_integer() else code


def _order(catalog: Catalog) -> dict[str, int]:
    return {i.kolada: n for n, i in enumerate(catalog.indicators) if i.kolada}
