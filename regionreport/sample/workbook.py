"""The bundled sample: a realistic, synthetic national ÖJ workbook of ekonomiskt bistånd
2015, for trying the tool (any other area and years: ``generic``).

In: an output path and a seed; the source profile, catalog, registry, the Jönköping fixture
and Göteborgsregionen's members from its layout (layouts/goteborgsregionen-2015.toml).
Out: an xlsx written atomically whose sheets, header rows, column headers and missing markers
follow the source profile (layouts/profiles/oj-ekonomiskt-bistand-2015.toml), and a
``SampleSummary``. Same seed, same bytes.

Layout of every data sheet: the title (row 1) and a note that the data are synthetic (row 2)
above the profile's header row; the header row holds the unit code, the unit name, "Län" (the
länskod, ignored by readers) and the profile's column headers; then Riket, the 21 län and the
units in code order (the Bakgrund sheet: units only). The values come from
``register`` and ``survey``; the real parts (Jönköpings län's 2015 answers and the
published Riket values) from the shipped fixture. docs/workbook-format.md describes the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from regionreport import paths
from regionreport.config.layout import load_layout
from regionreport.errors import InputError
from regionreport.files import atomic_path
from regionreport.model.catalog import Catalog, load_catalog
from regionreport.model.registry import Registry, load_registry
from regionreport.sample.entry import Entry
from regionreport.sample.fixture import Fixture, load_fixture
from regionreport.sample.register import RegisterSample, build_register_sample
from regionreport.sample.survey import SurveySample, build_survey_sample
from regionreport.sources.profile import SheetSpec, SourceProfile, load_profile
from regionreport.files import save_reproducibly

FIXED_TIME = dt.datetime(2015, 11, 1, 0, 0, 0)
# The region layout whose members are Göteborgsregionen (the register nudges its levels).
GR_LAYOUT = "goteborgsregionen-2015"
BACKGROUND_IDS = ("kommunstorlek", "socioekonomisk_nyckel")
COUNTY_HEADER = "Län"
# Older spellings written in sheets before this year, to exercise the profile's [answers].
OLD_SPELLINGS = {"Integrerat": "Integrerad verksamhet"}


@dataclass(frozen=True)
class SampleSummary:
    """What was written: the file, the seed, how many kommuner and stadsdelar, and per survey
    year how many units were asked and how many did not answer at all."""

    path: Path
    seed: int
    kommuner: int
    stadsdelar: int
    survey_units: dict[int, int]
    non_responders: dict[int, int]


@dataclass(frozen=True)
class _Sample:
    """Everything one workbook is written from."""

    registry: Registry
    catalog: Catalog
    profile: SourceProfile
    fixture: Fixture
    register: RegisterSample
    survey: SurveySample
    seed: int

    def entries(self, indicator: str, year: int) -> dict[str, Entry]:
        return self.survey.entries.get((indicator, year)) \
            or self.register.entries.get((indicator, year)) \
            or _background_entries(self.register, indicator, year)


def write_sample_workbook(path: str | Path, seed: int = 2015) -> SampleSummary:
    """Write the synthetic national workbook to ``path`` (atomically) and summarise it."""
    path = Path(path)
    sample = build_sample(seed)
    workbook = _workbook(sample)
    with atomic_path(path) as temp:
        save_reproducibly(workbook, temp, FIXED_TIME)
    survey = sample.survey
    return SampleSummary(
        path=path, seed=seed, kommuner=len(sample.registry.units("kommun")),
        stadsdelar=len(sample.registry.units("stadsdel")),
        survey_units={year: len(units) for year, units in survey.units.items()},
        non_responders={year: len(codes) for year, codes in survey.non_responders.items()})


def build_sample(seed: int = 2015) -> _Sample:
    """Load profile, catalog, registry and fixture and draw all values (nothing is written)."""
    registry = load_registry()
    profile = load_profile(paths.profile_path())
    catalog = load_catalog(paths.catalog_path(profile.catalog))
    fixture = load_fixture(registry)
    register = build_register_sample(registry, _years(profile, catalog, "register"), fixture,
                                     gr_members(), seed)
    survey_ids = _survey_indicators(profile, catalog)
    survey = build_survey_sample(registry, catalog, survey_ids, fixture, register.population,
                                 seed)
    return _Sample(registry, catalog, profile, fixture, register, survey, seed)


def gr_members() -> tuple[str, ...]:
    """Göteborgsregionen's member kommuner as its region layout lists them."""
    found = [path for path in paths.region_layouts() if path.stem == GR_LAYOUT]
    if not found:
        raise InputError(f"the region layout '{GR_LAYOUT}.toml' is missing",
                         file=paths.layouts_dir(),
                         fix="restore it from the checkout; the sample data need its members")
    return load_layout(found[0]).region.members


def _source(catalog: Catalog, indicator_id: str) -> str:
    """survey, register or background (background ids need not be in the catalog)."""
    if indicator_id in BACKGROUND_IDS:
        return "background"
    return catalog.indicator(indicator_id).source


def _years(profile: SourceProfile, catalog: Catalog, source: str) -> list[int]:
    return sorted({t.year for s in profile.sheets for _, ts in s.columns for t in ts
                   if _source(catalog, t.indicator) == source})


def _survey_indicators(profile: SourceProfile, catalog: Catalog) -> dict[int, list[str]]:
    """Survey year -> its indicator ids in profile order."""
    found: dict[int, list[str]] = {}
    for sheet in profile.sheets:
        for _, targets in sheet.columns:
            for target in targets:
                ids = found.setdefault(target.year, [])
                if _source(catalog, target.indicator) == "survey" and target.indicator not in ids:
                    ids.append(target.indicator)
    return {year: ids for year, ids in found.items() if ids}


def _background_entries(register: RegisterSample, indicator: str, year: int):
    if indicator == "kommunstorlek":
        return {code: Entry(value=size) for code, size in register.size_class.items()}
    if indicator == "socioekonomisk_nyckel":
        return {code: Entry(value=key) for code, key in register.socio_key[year].items()}
    raise KeyError(f"no sample values for indicator '{indicator}' in {year}")


# -- workbook -------------------------------------------------------------------------------------
def _workbook(sample: _Sample) -> Workbook:
    workbook = Workbook()
    about = workbook.active
    about.title = "Om filen"
    for row, text in enumerate(_about_lines(sample), start=1):
        about.cell(row=row, column=1, value=text)
    about.column_dimensions["A"].width = 110
    for spec in sample.profile.sheets:
        _write_sheet(workbook.create_sheet(spec.name), spec, sample)
    props = workbook.properties
    props.creator = "regionreport sample-data"
    props.title = f"Öppna jämförelser – {sample.catalog.area} {sample.catalog.release_year} " \
                  "(syntetiska exempeldata)"
    props.created = props.modified = FIXED_TIME
    return workbook


def _write_sheet(sheet, spec: SheetSpec, sample: _Sample) -> None:
    """One profile sheet: title, note, header row, then Riket, län and unit rows."""
    source = _sheet_source(spec, sample.catalog)
    sheet.cell(row=1, column=1, value=_title(spec, sample, source))
    sheet.cell(row=2, column=1, value=_note(sample))
    headers = [spec.code_header] + ([spec.name_header] if spec.name_header else []) \
        + [COUNTY_HEADER] + [header for header, _ in spec.columns]
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=spec.header_row, column=column, value=header)
    first = len(headers) - len(spec.columns) + 1
    columns = [(targets, {t: sample.entries(t.indicator, t.year) for t in targets})
               for _, targets in spec.columns]
    marker = _missing_marker(spec)
    for row, unit in enumerate(_row_units(spec, sample, source), start=spec.header_row + 1):
        leading = [unit.code] + ([unit.name] if spec.name_header else []) \
            + [unit.county_code if unit.level not in ("riket", "lan") else
               (unit.code if unit.level == "lan" else None)]
        for column, value in enumerate(leading, start=1):
            sheet.cell(row=row, column=column, value=value)
        for offset, (targets, entries) in enumerate(columns):
            value, number_format = _cell(targets, entries, unit, spec, sample)
            cell = sheet.cell(row=row, column=first + offset,
                              value=marker if value is None else value)
            if value is not None and number_format:
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(row=spec.header_row + 1, column=first)
    sheet.column_dimensions["B"].width = 26


def _sheet_source(spec: SheetSpec, catalog: Catalog) -> str:
    sources = {_source(catalog, t.indicator) for _, ts in spec.columns for t in ts}
    if len(sources) != 1:
        raise ValueError(f"sheet '{spec.name}' mixes {sorted(sources)}")
    return sources.pop()


def _row_units(spec: SheetSpec, sample: _Sample, source: str):
    """Riket, the län and the units of a sheet (Bakgrund: units only)."""
    registry = sample.registry
    if source == "survey":
        units = [registry.unit(c) for c in sample.survey.units[spec.year]]
    else:
        units = [u for u in registry.units("kommun") + registry.units("stadsdel")
                 if u.valid_in(spec.year)]
        units.sort(key=lambda u: u.code)
    if source == "background":
        return units
    return [registry.riket] + registry.counties() + units


def _cell(targets, entries, unit, spec: SheetSpec, sample: _Sample):
    """The value and number format of one cell; several targets must agree."""
    found = [_target_value(t, entries[t].get(unit.code), unit, spec, sample) for t in targets]
    if any(f != found[0] for f in found[1:]):
        raise ValueError(f"sheet '{spec.name}': shared column disagrees for {unit.code}")
    return found[0]


def _target_value(target, entry: Entry | None, unit, spec: SheetSpec, sample: _Sample):
    if entry is None:
        return None, None
    kind = "class" if target.indicator in BACKGROUND_IDS else \
        sample.catalog.indicator(target.indicator).kind
    if target.role == "value" and entry.answer is not None:
        return _spelling(entry.answer, spec, sample.profile), None
    number = {"value": entry.value, "numerator": entry.numerator,
              "denominator": entry.denominator}[target.role]
    if number is None:
        return None, None
    if kind == "class" or (kind == "percent" and target.role != "value"):
        return int(number), "0"
    return float(number), "0.0"


def _spelling(answer: str, spec: SheetSpec, profile: SourceProfile) -> str:
    """The answer as written in this sheet: older sheets use the older spelling where the
    profile maps it back."""
    old = OLD_SPELLINGS.get(answer)
    if old and spec.year < max(s.year for s in profile.sheets) \
            and profile.answers.get(old) == answer:
        return old
    return answer


def _missing_marker(spec: SheetSpec) -> str | None:
    """Empty cell in this year's sheets, "-" in older ones (both must be in the profile)."""
    marker = "" if spec.year >= 2015 else "-"
    if marker not in spec.missing:
        raise ValueError(f"sheet '{spec.name}': missing marker '{marker}' is not in the profile")
    return marker or None


def _title(spec: SheetSpec, sample: _Sample, source: str) -> str:
    catalog = sample.catalog
    if source == "survey":
        areas = []
        for _, targets in spec.columns:
            area_id = catalog.indicator(targets[0].indicator).area
            # (Catalog.area is the area's name; Catalog.area(id) is shadowed by that field.)
            name = next(a.name for a in catalog.areas if a.id == area_id)
            if name not in areas:
                areas.append(name)
        subject, release = " / ".join(areas), spec.year
    elif source == "register":
        subject, release = f"Registeruppgifter {spec.year}", catalog.release_year
    else:
        subject, release = "Bakgrundsmått (kommunstorlek och socioekonomisk nyckel)", \
            catalog.release_year
    return f"Öppna jämförelser – {catalog.area} {release}: {subject}"


def _note(sample: _Sample) -> str:
    return (f"Syntetiska exempeldata i ÖJ-format (regionreport, frö {sample.seed}). "
            "Endast Jönköpings läns svar 2015 och rikets värden för 14 indikatorer är "
            "verkliga – se bladet Om filen.")


def _about_lines(sample: _Sample) -> list[str]:
    """The Swedish text of the first sheet."""
    survey = sample.survey
    years = sorted(survey.units)
    answered = ", ".join(f"{y}: {len(survey.units[y]) - len(survey.non_responders[y])} av "
                         f"{len(survey.units[y])}" for y in years)
    return [
        f"Öppna jämförelser – {sample.catalog.area} {sample.catalog.release_year}: "
        "syntetiska exempeldata",
        "",
        "Den här filen är syntetiska exempeldata i samma format som Socialstyrelsens och SKL:s "
        "nationella resultatfiler för Öppna jämförelser.",
        "Den är skapad av regionreport (kommandot regionreport sample-data) för att prova "
        "verktyget och är inte officiell statistik.",
        "",
        "Verkliga uppgifter:",
        "– Jönköpings läns 13 kommuners svar 2015 på 14 enkätindikatorer (samordning, "
        "kompetens) och rikets publicerade värden för samma 14 indikatorer, från Region "
        "Jönköpings läns rapport om ÖJ ekonomiskt bistånd 2015.",
        "– Jönköpingskommunernas kommunstorlek och socioekonomiska nyckel 2015 och 2014.",
        "– Rikets nivåer har kalibrerats mot publicerade uppgifter (t.ex. 55 % använder "
        "standardiserade bedömningsmetoder, 4,4 % av befolkningen fick ekonomiskt bistånd "
        "2014).",
        "",
        "Påhittade uppgifter:",
        "– Alla andra kommuners och stadsdelars svar, alla svar 2014 (även Jönköpings läns) "
        "och övriga enkätindikatorer 2015.",
        "– Folkmängd, åldersgrupper och alla registeruppgifter 2011–2015, kommunstorlek och "
        "socioekonomisk nyckel utanför Jönköpings län.",
        "– Antal handläggare, heltidstjänster och timmar stöd bakom andelarna.",
        "",
        f"Svarande enheter (kommuner och stadsdelar): {answered}.",
        "Läns- och riksvärden är beräknade ur enheternas värden: andel enheter med positivt "
        "svar bland dem som svarat, eller summa täljare / summa nämnare.",
        "Saknade svar är tomma celler i 2015 års blad och \"-\" i 2014 års blad.",
        f"Slumpfrö: {sample.seed}. Samma frö ger samma fil.",
    ]
