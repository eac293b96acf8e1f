"""The `regionreport` command line: a thin click layer over the library.

In: command-line arguments. Out: files and terminal text; exit status 0 on success, 1 with
"Error: ..." for bad input (``InputError``, never a traceback), 2 for usage errors.
Each command reads like a short list of stage calls.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from regionreport import __version__
from regionreport.errors import InputError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _reports_input_errors(command):
    """Turn ``InputError`` and file-system errors into click's "Error: ..." with exit 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
    return wrapper


def _data_options(command):
    """--data (repeatable), --profile and --catalog, shared by the commands that read data."""
    command = click.option("--catalog", "catalog_id", default=None, metavar="ID|FILE",
                           help="Indicator catalog: an id under layouts/catalogs/ or a file "
                                "(default: the profile's catalog).")(command)
    command = click.option("--profile", "profile_id", default=None, metavar="ID|FILE",
                           help="Source profile for workbooks: an id under layouts/profiles/ "
                                "or a file (default: layouts/reference/defaults.toml).")(command)
    command = click.option("--data", "data_files", multiple=True,
                           type=click.Path(path_type=Path), metavar="FILE",
                           help="ÖJ workbook (.xlsx), Kolada response (.json) or Kolada/tidy "
                                "CSV; repeat for several files.")(command)
    return command


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="regionreport")
def main() -> None:
    """Regional reports of Öppna jämförelser (ÖJ) of the social services.

    \b
    Examples:
      regionreport sample-data -o sample.xlsx
      regionreport check --data sample.xlsx --region 06 --year 2015
    """


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--lan", default=None, metavar="CODE", help="A county report: the länskod.")
@click.option("--members", default=None, metavar="CODES",
              help="A region of your own: kommun (or stadsdel) codes, comma-separated.")
@click.option("--name", "region_name", default=None, help="The name of a region of members.")
@click.option("--year", type=int, default=None, help="The survey year (default: the "
                                                     "template's).")
@click.option("--catalog", default=None, metavar="ID", help="The indicator catalog (an ÖJ area "
                                                             "and year).")
@click.option("--profile", default=None, metavar="ID", help="The source profile of the data.")
@click.option("--data", "data_files", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="The data files the report reads.")
@click.option("--template", default=None, metavar="NAME|FILE",
              help="The layout to start from: a name under layouts/templates/, the name of "
                   "a bundled sample layout, or a file (default: the county template).")
@_reports_input_errors
def init(folder: Path, lan: str | None, members: str | None, region_name: str | None,
         year: int | None, catalog: str | None, profile: str | None,
         data_files: tuple[Path, ...], template: str | None) -> None:
    """Start a report project in FOLDER, a folder of your own.

    Writes a layout from a template (the county template, or --template: with your region,
    years, catalog and data),
    its prose in a folder beside it and a theme of your own in themes/ that extends the
    default. Catalogs, profiles, themes and labels in the project's catalogs/, profiles/,
    themes/ and labels/ folders are used before the bundled ones; outputs go to FOLDER/out/.
    Nothing is overwritten.

    \b
    Examples:
      regionreport init mina-rapporter --lan 06 --data oj-2015.xlsx
      regionreport init fyra-gr --members 1401,1402,1407,1384 --name "Fyra GR-kommuner"
    """
    from regionreport.scaffold import init_project

    project = init_project(folder, lan=lan, region_name=region_name, year=year,
                           members=[m.strip() for m in members.split(",")] if members else None,
                           catalog=catalog, profile=profile,
                           data_files=list(data_files) or None, template=template)
    click.echo(f"Wrote {project.layout}, its prose in {project.prose} and the theme "
               f"{project.theme}")
    for missing in (f for f in project.data_files if not f.exists()):
        click.echo(f"Note: the data file {missing} does not exist yet: put it there, or "
                   f"correct [data] files in {project.layout}", err=True)
    click.echo(f"Build it with: regionreport build {project.layout}")


@main.command("sample-data", context_settings=CONTEXT)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              metavar="FILE.xlsx", help="Where to write the workbook.")
@click.option("--profile", "profile_id", default=None, metavar="ID|FILE",
              help="Source profile the workbook follows: an id under layouts/profiles/ or a "
                   "file (default: layouts/reference/defaults.toml).")
@click.option("--catalog", "catalog_id", default=None, metavar="ID|FILE",
              help="Indicator catalog (default: the profile's catalog).")
@click.option("--years", default=None, metavar="YEARS",
              help="The years to fill: YYYY,YYYY or a span YYYY-YYYY (default: every year "
                   "of the profile).")
@click.option("--calibration", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Calibration TOML: national levels, persistence, non-response, fixtures "
                   "(docs/sample-data.md; default: defaults for everything).")
@click.option("--seed", type=int, default=None,
              help="Random seed of the sample (default: layouts/reference/defaults.toml).")
@click.option("--kolada", is_flag=True,
              help="Write Kolada's shape instead (FILE.json, what `fetch kolada` saves) of "
                   "the catalog's Kolada KPIs, kommun level; needs --catalog, no --profile.")
@click.option("--register-years", default=None, metavar="YEARS",
              help="With --kolada: the register years (default: the five years before the "
                   "catalog's release; --years then gives the survey years, default the "
                   "release year and the one before).")
@_reports_input_errors
def sample_data(output: Path, profile_id: str | None, catalog_id: str | None,
                years: str | None, calibration: Path | None, seed: int | None,
                kolada: bool, register_years: str | None) -> None:
    """Write a synthetic national ÖJ workbook (all 290 kommuner) of any area and years.

    The workbook has exactly the sheets and columns the source profile reads. With no
    --profile it is the ekonomiskt bistånd 2015 sample: the real Jönköpings län 2015 answers
    and the published Riket values of the 14 indicators in its fixture are carried unchanged,
    everything else is drawn, seeded, to match the published national facts
    (docs/workbook-format.md). With another profile the values are drawn from the catalog,
    the profile and the calibration (docs/sample-data.md); Riket and län rows are always
    computed by each indicator's rule, so `check` finds no disagreement.

    \b
    Examples:
      regionreport sample-data -o out/sample.xlsx
      regionreport sample-data -o oj-2016.xlsx --profile oj-eb-2016.toml --years 2015,2016
      regionreport sample-data -o missbruk.xlsx --profile oj-missbruk-2015.toml \\
          --calibration missbruk.toml
    """
    from regionreport.sample.generic import write_sample
    from regionreport.sample.plan import parse_years

    from regionreport import paths

    if kolada or register_years:
        _kolada_sample(output, profile_id, catalog_id, years, register_years, calibration,
                       seed, kolada)
        return
    summary = write_sample(output, profile=profile_id, catalog=catalog_id,
                           years=parse_years(years) if years else None,
                           calibration=calibration,
                           seed=int(paths.default("sample_seed")) if seed is None else seed)
    click.echo(f"Wrote {output}: {summary.kommuner} kommuner, {summary.stadsdelar} stadsdelar "
               f"(seed {summary.seed})")


def _kolada_sample(output: Path, profile_id: str | None, catalog_id: str | None,
                   years: str | None, register_years: str | None, calibration: Path | None,
                   seed: int | None, kolada: bool) -> None:
    """`sample-data --kolada`: the options checked, the sample written, one line said."""
    from regionreport import paths
    from regionreport.model.catalog import load_catalog
    from regionreport.sample.kolada_sample import default_years, write_kolada_sample
    from regionreport.sample.plan import parse_years
    from regionreport.sources.loading import resolve_file

    if not kolada:
        raise InputError("--register-years is an option of a Kolada sample",
                         place="option --register-years", fix="add --kolada, or leave it out")
    if profile_id is not None:
        raise InputError("a Kolada sample follows no source profile", place="option --profile",
                         fix="leave --profile out; --catalog names the KPIs")
    if catalog_id is None:
        raise InputError("a Kolada sample needs the catalog whose KPIs it holds",
                         place="option --catalog",
                         fix="add --catalog with the id or file of the catalog")
    if output.suffix.lower() != ".json":
        raise InputError(f"a Kolada sample is JSON, but '{output.name}' does not end in .json",
                         place="option -o", fix="name the output FILE.json, as `build --data` "
                                                "tells the formats apart by the ending")
    catalog = load_catalog(resolve_file(catalog_id, catalog_id, "catalog"))
    survey_default, register_default = default_years(catalog)
    summary = write_kolada_sample(
        output, catalog,
        survey_years=parse_years(years) if years else survey_default,
        register_years=parse_years(register_years) if register_years else register_default,
        calibration=calibration,
        seed=int(paths.default("sample_seed")) if seed is None else seed)
    click.echo(f"Wrote {output}: {summary.records} Kolada records of {summary.kpis} KPIs in "
               f"{summary.pages} pages, survey {_span(summary.survey_years)}, register "
               f"{_span(summary.register_years)} (seed {summary.seed})")


def _span(years) -> str:
    years = list(years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


@main.command(context_settings=CONTEXT)
@_data_options
@click.option("--region", default=None, metavar="CODE|NAME",
              help="A län (code such as 06, or name) or 00/Riket whose values to print "
                   "(default with --layout: the layout's region).")
@click.option("--year", type=int, default=None, help="Year of the values (default: the "
                                                     "layout's survey year, else the latest "
                                                     "survey year in the data).")
@click.option("--layout", "layout_path", default=None, type=click.Path(path_type=Path),
              metavar="FILE.toml", help="Check a report layout too: its data (the default "
                                        "for --data, --profile and --catalog), the years "
                                        "written in its texts and cards, its handout "
                                        "settings, and everything a build checks.")
@_reports_input_errors
def check(data_files: tuple[Path, ...], profile_id: str | None, catalog_id: str | None,
          region: str | None, year: int | None, layout_path: Path | None) -> None:
    """Read and validate data files, then print a summary; with --layout, check a layout.

    Prints the units and levels found, the years, the indicators, the survey's
    non-responders, the region's computed values and every disagreement between computed
    and published län and Riket values.

    With --layout, the layout is checked as a build would check it (without drawing or
    writing anything), and warnings go to stderr: a year written as a number in its texts
    or its catalog's cards that is none of the layout's years (a year left from last year's
    report), and handout settings that make odd handouts. Warnings alone leave the exit
    status 0; an error a build would stop at gives "Error: ..." and exit status 1.

    \b
    Examples:
      regionreport check --data sample.xlsx --region 06 --year 2015
      regionreport check --layout mina-rapporter/jonkopings-lan-2016.toml
    """
    from regionreport.check import (check_layout, disagreement_error, fetch_lines,
                                    format_summary, summarize)
    from regionreport.compose.context import build_region
    from regionreport.model.regions import resolve_region
    from regionreport.model.registry import load_registry
    from regionreport.sources.loading import load_inputs

    if not data_files and layout_path is None:
        raise click.UsageError("Missing option '--data' (or give --layout).")
    layout = look = None
    if layout_path is not None:
        from regionreport.runner import data_files_of, load_look, load_report_layout

        layout = load_report_layout(layout_path, charts=False)
        look = load_look(layout)
        if not data_files:
            data_files = tuple(data_files_of(layout))
    chosen = resolve_region(load_registry(), region) if region else None  # fail fast
    inputs = load_inputs(list(data_files), profile_id or (layout and layout.profile),
                         catalog_id or (layout and layout.catalog),
                         project=layout.path.parent if layout else None)
    if layout is not None:
        if chosen is None:
            chosen = build_region(layout, inputs.registry)
        year = year or layout.survey_year
    summary = summarize(inputs.table, inputs.catalog, inputs.registry, chosen, year,
                        register_year=layout.register_year if layout is not None else None)
    click.echo(format_summary(summary, inputs.catalog, inputs.registry,
                              [str(p) for p in data_files], layout=layout))
    for file in data_files:
        for line in fetch_lines(Path(file)):
            click.echo(line)
    disagreement = disagreement_error(summary, inputs.catalog, layout)
    if layout is not None:
        result = check_layout(layout, inputs, look.labels, look.theme)
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        count = len(result.warnings)
        click.echo(f"Layout: {layout.path}: {'1 error' if result.error else 'builds'}, "
                   f"{count} warning{'' if count == 1 else 's'}")
        if result.error is not None:
            raise result.error
    if disagreement is not None:
        raise disagreement


@main.command(context_settings=CONTEXT)
@click.argument("layout", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              metavar="FILE.pdf", help="Where to write the PDF (default: out/<layout>.pdf).")
@click.option("--data", "data_files", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="Data files instead of the layout's [data] files; repeat "
                                   "for several.")
@click.option("--charts/--no-charts", default=None,
              help="Draw the Del 2 charts (default: as the layout says).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse charts and parsed data whose content did not change (cache in .cache/ "
                   "next to the PDF).")
@_reports_input_errors
def build(layout: Path, output: Path | None, data_files: tuple[Path, ...],
          charts: bool | None, cache: bool) -> None:
    """Build the report PDF of a LAYOUT (layouts/*.toml).

    The PDF is replaced only when the whole build succeeds; the same inputs give the same
    bytes.

    \b
    Examples:
      regionreport build layouts/jonkoping-2015.toml
      regionreport build layouts/jonkoping-2015.toml -o rapport.pdf --data oj-2015.xlsx
    """
    from regionreport.runner import build_report, default_output
    from regionreport.config.layout import load_layout

    target = output or default_output(load_layout(layout))
    cache_dir = target.parent / ".cache" if cache else None
    result = build_report(layout, target, data_files=list(data_files) or None, charts=charts,
                          cache_dir=cache_dir)
    click.echo(f"{result.region}: {len(result.members)} members ({', '.join(result.members)})")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Wrote {result.output}: {result.pages} pages, {result.charts} charts")


@main.command(context_settings=CONTEXT)
@click.argument("layout", type=click.Path(path_type=Path))
@click.option("-o", "--output", default=None, type=click.Path(path_type=Path),
              metavar="FILE.xlsx", help="Where to write the workbook (default: "
                                        "<layout name>.xlsx beside the PDF, in out/).")
@click.option("--data", "data_files", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="Data files instead of the layout's [data] files.")
@_reports_input_errors
def xlsx(layout: Path, output: Path | None, data_files: tuple[Path, ...]) -> None:
    """Write the report's tables of a LAYOUT as an Excel workbook for analysts.

    Innehåll (every sheet with its table's caption and notes, the legend), Data (one row
    per unit, indicator and year: kommunkod, answer, value, täljare, nämnare, how a region
    value was formed), a sheet per results table (one header row, codes, numbers as
    numbers, filterable) and the indicator definitions.

    \b
    Example:
      regionreport xlsx layouts/jonkoping-2015.toml -o jonkoping-2015.xlsx
    """
    from regionreport.config.layout import load_layout
    from regionreport.runner import default_output, write_report_xlsx

    output = output or default_output(load_layout(layout), ".xlsx")
    result = write_report_xlsx(layout, output, data_files=list(data_files) or None,
                               cache_dir=output.parent / ".cache")
    click.echo(f"Wrote {result.output}: {result.sheets} sheets")


@main.command(context_settings=CONTEXT)
@click.argument("layout", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_dir", default=None, type=click.Path(path_type=Path),
              metavar="DIR", help="Folder for the handouts, one PDF per member unit "
                                  "(default: handouts/<layout name>/ in out/).")
@click.option("--data", "data_files", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="Data files instead of the layout's [data] files.")
@click.option("--unit", "units", multiple=True, metavar="CODE|NAME",
              help="Only this member unit's handout (a code such as 0680 or a name); "
                   "repeat for several.")
@_reports_input_errors
def handouts(layout: Path, output_dir: Path | None, data_files: tuple[Path, ...],
             units: tuple[str, ...]) -> None:
    """Write one committee handout per member unit of a LAYOUT (or of --unit).

    Each handout gives the key national results, then the unit's own result for every
    indicator beside the region's and Riket's, with last year's value and the change: one
    landscape page with [handout] one_page = true, else a few portrait pages.

    \b
    Examples:
      regionreport handouts layouts/jonkoping-2015.toml -o out/handouts
      regionreport handouts layouts/jonkoping-2015.toml --unit 0680 --unit Tranås
    """
    from regionreport.config.layout import load_layout
    from regionreport.runner import default_output, write_handouts

    if output_dir is None:
        pdf = default_output(load_layout(layout))
        output_dir = pdf.parent / "handouts" / pdf.stem
    written = write_handouts(layout, output_dir, data_files=list(data_files) or None,
                             cache_dir=output_dir / ".cache", units=list(units) or None)
    click.echo(f"Wrote {len(written)} handout{'' if len(written) == 1 else 's'} to "
               f"{output_dir}")


@main.command(context_settings=CONTEXT)
@click.option("--data", "data_files", multiple=True, required=True,
              type=click.Path(path_type=Path), metavar="FILE",
              help="The national data file(s) every report reads.")
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(path_type=Path),
              metavar="DIR", help="Folder for the reports.")
@click.option("--workers", default=2, show_default=True, help="Parallel worker processes.")
@click.option("--charts/--no-charts", default=True, show_default=True,
              help="Draw the Del 2 charts.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")
@click.option("--template", type=click.Path(path_type=Path), metavar="FILE",
              help="The county template: a file, or a name under layouts/templates/ "
                   "(default: layouts/reference/defaults.toml).")
@click.option("--layouts", "layouts", multiple=True, type=click.Path(path_type=Path),
              metavar="FILE", help="Region layouts to build (default: those in layouts/ "
                                   "that fit the data).")
@_reports_input_errors
def batch(data_files: tuple[Path, ...], output_dir: Path, workers: int, charts: bool,
          quiet: bool, template: Path | None, layouts: tuple[Path, ...]) -> None:
    """Build the report of every county from a template, and of region layouts.

    The 21 county reports come from the county template (--template, default the one
    layouts/reference/defaults.toml names) with the län as parameter. The region layouts are
    those given with --layouts, or else every layout in layouts/ whose catalog, profile and years
    fit the data (the others are listed as skipped). A failing report does not stop the
    others, all failures are listed at the end and the exit status is then 1.

    \b
    Examples:
      regionreport batch --data out/sample-oj-ekonomiskt-bistand-2015.xlsx -o out/batch
      regionreport batch --data oj-2016.xlsx --template lan-2016.toml -o out/2016
    """
    from regionreport.batch import run_batch

    chosen = {"template": template} if template else {}
    if layouts:
        chosen["layouts"] = list(layouts)
    result = run_batch(list(data_files), output_dir, workers=workers, charts=charts,
                       quiet=quiet, **chosen)
    for name, reason in result.skipped:
        click.echo(f"  skipped: {name}: {reason}", err=True)
    click.echo(f"Built {len(result.built)} of {len(result.built) + len(result.failed)} "
               f"reports in {output_dir} ({result.pages} pages, {result.seconds:.1f} s)")
    if result.failed:
        for name, message in result.failed:
            click.echo(f"  failed: {name}: {message}", err=True)
        raise click.ClickException(f"{len(result.failed)} report(s) failed")


@main.group(context_settings=CONTEXT)
def fetch() -> None:
    """Download data from an online source into a file `build --data` reads."""


@fetch.command("kolada", context_settings=CONTEXT)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              metavar="FILE.json", help="Where to save the pages (a manifest "
                                        "FILE.manifest.json is written beside it).")
@click.option("--catalog", "catalog_id", default=None, metavar="ID|FILE",
              help="Fetch the Kolada KPIs of this catalog's indicators (their kolada keys).")
@click.option("--kpi", "kpis", multiple=True, metavar="ID",
              help="A Kolada KPI id such as N31807; repeat for several.")
@click.option("--years", required=True, metavar="YEARS",
              help="Years, comma-separated or a range: YYYY,YYYY or YYYY-YYYY.")
@click.option("--members", default=None, metavar="CODES",
              help="Comma-separated kommun, län (06) or Riket (00) codes (default: every "
                   "kommun, län and Riket).")
@click.option("--base-url", default=None, metavar="URL",
              help="The API's base URL (default: https://api.kolada.se/v2/).")
@click.option("--per-page", default=5000, show_default=True, type=click.IntRange(1, 5000),
              help="Records per page asked of the API (Kolada's maximum is 5000).")
@click.option("--timeout", default=30.0, show_default=True,
              type=click.FloatRange(0, min_open=True), help="Seconds to wait for an answer.")
@click.option("--retries", default=4, show_default=True, type=click.IntRange(0, 20),
              help="Retries of a page after a timeout, connection error, 429 or 5xx.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@_reports_input_errors
def fetch_kolada(output: Path, catalog_id: str | None, kpis: tuple[str, ...], years: str,
                 members: str | None, base_url: str | None, per_page: int, timeout: float,
                 retries: int, quiet: bool) -> None:
    """Fetch Kolada API v2 data of KPIs and years into FILE.json, with a manifest.

    An interrupted fetch keeps its pages in FILE.json.pages/ and the same command resumes;
    a failed fetch leaves an earlier FILE.json as it was.

    \b
    Examples:
      regionreport fetch kolada --catalog ekonomiskt-bistand-2015 --years 2014,2015 -o kolada.json
      regionreport fetch kolada --kpi N31807 --years 2016-2020 --members 0604,0680,06,00 -o n.json
    """
    from regionreport.kolada_fetch import fetch_from_options

    result = fetch_from_options(output, catalog_id, list(kpis), years, members, base_url,
                                per_page=per_page, timeout=timeout, retries=retries,
                                quiet=quiet)
    click.echo(f"Wrote {result.output}: {result.records} records in {result.pages} pages "
               f"({result.reused} reused); manifest {result.manifest}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
