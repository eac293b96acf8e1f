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
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}") from None
    return wrapper


def _data_options(command):
    """--data (repeatable), --profile and --catalog, shared by the commands that read data."""
    command = click.option("--catalog", "catalog_id", default=None, metavar="ID|FILE",
                           help="Indicator catalog: an id under layouts/catalogs/ or a file "
                                "(default: the profile's catalog).")(command)
    command = click.option("--profile", "profile_id", default=None, metavar="ID|FILE",
                           help="Source profile for workbooks: an id under layouts/profiles/ "
                                "or a file (default: oj-ekonomiskt-bistand-2015).")(command)
    command = click.option("--data", "data_files", multiple=True, required=True,
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


@main.command("sample-data", context_settings=CONTEXT)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              metavar="FILE.xlsx", help="Where to write the workbook.")
@click.option("--seed", default=2015, show_default=True, help="Random seed of the sample.")
@_reports_input_errors
def sample_data(output: Path, seed: int) -> None:
    """Write a realistic synthetic national ÖJ workbook (all 290 kommuner).

    The real Jönköpings län 2015 answers and the published Riket values of the 14 indicators
    in the fixture are carried unchanged; everything else is drawn, seeded, to match the
    published national facts. Format: docs/workbook-format.md.

    \b
    Example:
      regionreport sample-data -o out/sample.xlsx
    """
    from regionreport.sample_data import write_sample_workbook

    summary = write_sample_workbook(output, seed=seed)
    click.echo(f"Wrote {output}: {summary.kommuner} kommuner, {summary.stadsdelar} stadsdelar "
               f"(seed {summary.seed})")


@main.command(context_settings=CONTEXT)
@_data_options
@click.option("--region", default=None, metavar="CODE|NAME",
              help="A län (code such as 06, or name) or 00/Riket whose values to print.")
@click.option("--year", type=int, default=None, help="Year of the values (default: latest "
                                                     "survey year in the data).")
@_reports_input_errors
def check(data_files: tuple[Path, ...], profile_id: str | None, catalog_id: str | None,
          region: str | None, year: int | None) -> None:
    """Read and validate data files, then print a summary.

    Prints the units and levels found, the years, the indicators, the survey's
    non-responders, the region's computed values and every disagreement between computed
    and published län and Riket values.

    \b
    Example:
      regionreport check --data sample.xlsx --region 06 --year 2015
    """
    from regionreport.check import format_summary, summarize
    from regionreport.loading import load_inputs
    from regionreport.regions import resolve_region

    from regionreport.registry import load_registry

    chosen = resolve_region(load_registry(), region) if region else None  # fail fast
    inputs = load_inputs(list(data_files), profile_id, catalog_id)
    summary = summarize(inputs.table, inputs.catalog, inputs.registry, chosen, year)
    click.echo(format_summary(summary, inputs.catalog, inputs.registry,
                              [str(p) for p in data_files]))


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
    from regionreport.report import build_report, default_output
    from regionreport.layout import load_layout

    target = output or default_output(load_layout(layout))
    cache_dir = target.parent / ".cache" if cache else None
    result = build_report(layout, target, data_files=list(data_files) or None, charts=charts,
                          cache_dir=cache_dir)
    click.echo(f"Wrote {result.output}: {result.pages} pages, {result.charts} charts")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
