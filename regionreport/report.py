"""The report pipeline, stage by stage: layout -> data -> document -> charts -> PDF.

In: a layout file, an output path, optionally data files that replace the layout's, a län
code that replaces the layout's region (county templates), a switch for charts and a cache
folder (charts and parsed data, keyed by content).
Out: ``BuildResult`` (output path, page count, number of charts). Nothing is written unless
every stage succeeds; the PDF is replaced atomically. ``prepare`` runs the stages up to the
document tree, for the other outputs (xlsx, handouts).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from regionreport import paths
from regionreport.compose import compose_report
from regionreport.document import Document
from regionreport.errors import InputError
from regionreport.config.layout import Layout, RegionSpec, load_layout
from regionreport.sources.loading import Inputs, load_inputs


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    charts: int


@dataclass(frozen=True)
class Prepared:
    """A layout with its data loaded and its document composed."""

    layout: Layout
    inputs: Inputs
    document: Document


def default_output(layout: Layout, suffix: str = ".pdf") -> Path:
    """out/<layout name><suffix> in the project folder."""
    return paths.output_dir() / f"{layout.name}{suffix}"


def load_report_layout(layout_path: str | Path, *, lan: str | None = None,
                       charts: bool | None = None) -> Layout:
    """The layout, with the region replaced by a län when ``lan`` is given (county
    templates) and charts switched on or off when ``charts`` is given."""
    layout = load_layout(layout_path)
    if lan is not None:
        layout = dataclasses.replace(layout, region=RegionSpec(
            lan=lan, code=lan, name="", members=(), split_cities=False,
            compare=layout.region.compare))
    if charts is not None:
        layout = dataclasses.replace(layout, charts=charts)
    return layout


def prepare(layout: Layout, *, data_files: list[Path] | None = None,
            cache_dir: Path | None = None) -> Prepared:
    """Load the layout's data (or ``data_files``) and compose the document."""
    files = list(data_files) if data_files else list(layout.data_files)
    if not files:
        raise InputError("the layout names no data files", file=layout.path,
                         fix="add them under [data] files or pass --data")
    for file in files:
        if not Path(file).exists():
            raise InputError("data file not found", file=file,
                             fix="run `python build.py` to write the sample workbook, or pass "
                                 "--data")
    inputs = load_inputs(files, layout.profile, layout.catalog,
                         cache_dir=cache_dir / "data" if cache_dir else None)
    return Prepared(layout, inputs, compose_report(layout, inputs))


def render_document(prepared: Prepared, output: Path, *, cache_dir: Path | None = None,
                    workers: int = 2) -> BuildResult:
    """Draw the document's charts (cached) and write its PDF atomically."""
    from regionreport.charts import make_charts
    from regionreport.render.pdf import render_pdf
    from regionreport.config.theme import load_theme

    from regionreport.charts import ChartStyle

    document, layout = prepared.document, prepared.layout
    theme = load_theme(paths.theme_path(layout.theme))
    specs = [chart.spec for chart in document.charts()]
    style = ChartStyle.from_table(theme.chart, theme.path, fonts=theme.fonts)
    drawn = make_charts(specs, cache_dir=cache_dir / "charts" if cache_dir else None,
                        workers=workers, style=style) if specs else {}
    pages = render_pdf(document, output, theme=theme,
                       fonts_folder=paths.fonts_folder(theme.fonts["folder"]),
                       hyphenation_file=paths.hyphenation_path(),
                       charts=drawn)
    return BuildResult(output=output, pages=pages, charts=len(specs))


def build_report(layout_path: str | Path, output: str | Path | None = None, *,
                 data_files: list[Path] | None = None, charts: bool | None = None,
                 cache_dir: Path | None = None, workers: int = 2,
                 lan: str | None = None) -> BuildResult:
    """Build one report PDF from its layout."""
    layout = load_report_layout(layout_path, lan=lan, charts=charts)
    prepared = prepare(layout, data_files=data_files, cache_dir=cache_dir)
    output = Path(output) if output else default_output(layout)
    return render_document(prepared, output, cache_dir=cache_dir, workers=workers)
