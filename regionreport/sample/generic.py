"""The sample workbook of any ÖJ area and years: catalog + source profile + calibration.

In: an output path, the source profile and catalog (ids or files), the years (None: every
year of the profile), an optional calibration file (docs/sample-data.md) and a seed.
Out: the workbook, written atomically and reproducibly (same inputs and seed, same bytes),
exactly in the shape the profile reads, and a ``SampleSummary``.

``write_sample`` is what ``regionreport sample-data`` calls: with no profile, or the bundled
ekonomiskt bistånd 2015 profile and catalog with no calibration and all their years, it
writes the bundled 2015 sample (``workbook.write_sample_workbook``, the 2015 calibration in
``survey``/``register``/``fixture``), unchanged; anything else is drawn here by
``plan`` -> ``series``, ``survey_draw``, ``classes`` -> ``sheets``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from regionreport import paths
from regionreport.files import atomic_path, save_reproducibly
from regionreport.model.catalog import Catalog, load_catalog
from regionreport.model.registry import load_registry
from regionreport.sample.classes import draw_classes
from regionreport.sample.entry import Entry
from regionreport.sample.plan import SamplePlan, make_plan, profile_years
from regionreport.sample.population import make_atoms, unit_populations
from regionreport.sample.series import draw_series
from regionreport.sample.sheets import make_grids, write_workbook
from regionreport.sample.survey_draw import SurveyDraw, draw_survey
from regionreport.sample.workbook import SampleSummary, write_sample_workbook
from regionreport.sources.loading import project_of, resolve_file
from regionreport.sources.profile import SourceProfile, load_profile


def write_sample(path: str | Path, *, profile: str | None = None, catalog: str | None = None,
                 years: list[int] | None = None, calibration: str | Path | None = None,
                 seed: int | None = None) -> SampleSummary:
    """Write a sample workbook for ``profile`` (an id or a file; None: the bundled
    default) and its catalog (or ``catalog``). An id is looked up in the current folder's
    ``profiles/`` (``catalogs/``) first, as in a report project; the profile's catalog id
    also beside the profile (a ``profiles/`` folder's sibling ``catalogs/``)."""
    profile_file = resolve_file(profile, str(paths.default("profile")), "profile", Path.cwd())
    seed = int(paths.default("sample_seed")) if seed is None else seed
    loaded = load_profile(profile_file)
    catalog_file = resolve_file(catalog, loaded.catalog, "catalog",
                                _project_of(profile_file) if catalog is None else Path.cwd())
    if _is_bundled_2015(profile_file, catalog_file, loaded, years, calibration):
        return write_sample_workbook(path, seed=seed)
    return write_any_sample(path, loaded, load_catalog(catalog_file), years=years,
                            calibration=Path(calibration) if calibration else None, seed=seed)


def _project_of(profile_file: Path) -> Path:
    """The report project a profile file belongs to (``loading.project_of``), else the
    current folder."""
    return project_of(profile_file) or Path.cwd()


def _is_bundled_2015(profile_file: Path, catalog_file: Path, profile: SourceProfile,
                     years: list[int] | None, calibration) -> bool:
    """True for the inputs of the bundled 2015 sample: its profile and catalog files, no
    calibration, all the profile's years."""
    bundled_profile = paths.profile_path()
    bundled_catalog = paths.catalog_path()
    return calibration is None and _same(profile_file, bundled_profile) \
        and _same(catalog_file, bundled_catalog) \
        and (years is None or list(years) == profile_years(profile))


def _same(path: Path, bundled: Path) -> bool:
    try:
        return path.resolve() == bundled.resolve() or path.read_bytes() == bundled.read_bytes()
    except OSError:
        return False


def write_any_sample(path: str | Path, profile: SourceProfile, catalog: Catalog, *,
                     years: list[int] | None = None, calibration: Path | None = None,
                     seed: int) -> SampleSummary:
    """Draw every value the profile has in ``years`` and write the workbook to ``path``."""
    path = Path(path)
    registry = load_registry()
    plan = make_plan(catalog, profile, registry, years, calibration, seed)
    entries, survey = draw_entries(plan, registry, seed)
    grids = make_grids(plan, registry, entries, survey.units)
    workbook = write_workbook(grids, plan, registry, _about(plan, survey, seed),
                              _note(seed))
    props = workbook.properties
    props.creator = "regionreport sample-data"
    props.title = f"Öppna jämförelser – {catalog.area} {catalog.release_year} " \
                  "(syntetiska exempeldata)"
    with atomic_path(path) as temp:
        save_reproducibly(workbook, temp, dt.datetime(max(plan.years), 11, 1))
    return SampleSummary(
        path=path, seed=seed, kommuner=len(registry.units("kommun")),
        stadsdelar=len(registry.units("stadsdel")),
        survey_units={y: len(u) for y, u in sorted(survey.units.items())},
        non_responders={y: len(c) for y, c in sorted(survey.non_responders.items())})


def draw_entries(plan: SamplePlan, registry, seed: int
                 ) -> tuple[dict[tuple[str, int], dict[str, Entry]], SurveyDraw]:
    """Every unit cell of the plan: per (indicator, year) unit code -> ``Entry`` (register
    series, survey answers and values, classes), and the survey draw (units asked,
    non-responders)."""
    atoms = make_atoms(registry, list(plan.years), np.random.default_rng([seed, 1]))
    populations = unit_populations(atoms)
    survey = draw_survey(plan, registry, populations, seed)
    entries = dict(draw_series(plan, registry, atoms, seed))
    entries.update(survey.entries)
    entries.update(draw_classes(plan, registry, populations, seed))
    return entries, survey


def _note(seed: int) -> str:
    return f"Syntetiska exempeldata i ÖJ-format (regionreport sample-data, frö {seed}) – " \
           "se bladet Om filen."


def _about(plan: SamplePlan, survey: SurveyDraw, seed: int) -> list[str]:
    """The Swedish text of the first sheet."""
    catalog = plan.catalog
    years = ", ".join(str(y) for y in plan.years)
    lines = [f"Öppna jämförelser – {catalog.area} {catalog.release_year}: syntetiska "
             "exempeldata", "",
             f"Syntetiska exempeldata i det format som källprofilen {plan.profile.id} "
             f"beskriver, år {years}.",
             "Filen är skapad av regionreport (kommandot regionreport sample-data) för att "
             "prova verktyget och är inte officiell statistik.", ""]
    if plan.fixtures.files:
        lines.append("Verkliga uppgifter: enheternas värden och rikets värden i "
                     + ", ".join(f.name for f in plan.fixtures.files) + ".")
    else:
        lines.append("Alla värden är påhittade.")
    lines.append("Kalibrering: " + (plan.calibration.name if plan.calibration
                                    else "standardvärden") + "."
                 + (f" {plan.description}" if plan.description else ""))
    if survey.units:
        answered = ", ".join(f"{y}: {len(u) - len(survey.non_responders[y])} av {len(u)}"
                             for y, u in sorted(survey.units.items()))
        lines += ["", f"Svarande enheter (kommuner och stadsdelar): {answered}."]
    lines += ["Läns- och riksvärden är beräknade ur enheternas värden enligt varje indikators "
              "regel: andel enheter med positivt svar bland dem som svarat, summa täljare / "
              "summa nämnare, eller medelvärdet.",
              "Saknade värden är tomma celler.",
              f"Slumpfrö: {seed}. Samma frö ger samma fil."]
    return lines
