"""The report pipeline, stage by stage: layout -> data -> document -> charts -> PDF.

In: a layout file, an output path, optionally data files that replace the layout's, a switch
for charts and a cache folder (charts and parsed data, keyed by content).
Out: ``BuildResult`` (output path, page count, number of charts drawn and taken from the
cache). Nothing is written unless every stage succeeds; the PDF is replaced atomically.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from regionreport import paths
from regionreport.compose import compose_report
from regionreport.errors import InputError
from regionreport.layout import Layout, load_layout
from regionreport.loading import load_inputs


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    charts: int


def default_output(layout: Layout) -> Path:
    """out/<layout name>.pdf in the project folder."""
    return paths.project_home() / "out" / f"{layout.name}.pdf"


def build_report(layout_path: str | Path, output: str | Path | None = None, *,
                 data_files: list[Path] | None = None, charts: bool | None = None,
                 cache_dir: Path | None = None, workers: int = 2) -> BuildResult:
    """Build one report PDF from its layout."""
    from regionreport.charts import make_charts
    from regionreport.render.pdf import render_pdf
    from regionreport.render.theme import load_theme

    layout = load_layout(layout_path)
    if charts is not None:
        layout = dataclasses.replace(layout, charts=charts)
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
    document = compose_report(layout, inputs)
    output = Path(output) if output else default_output(layout)
    specs = [chart.spec for chart in document.charts()]
    drawn = make_charts(specs, cache_dir=cache_dir / "charts" if cache_dir else None,
                        workers=workers) if specs else {}
    theme = load_theme(paths.layouts_dir() / "themes" / f"{layout.theme}.toml")
    pages = render_pdf(document, output, theme=theme,
                       fonts_folder=paths.project_home() / theme.fonts["folder"],
                       hyphenation_file=paths.layouts_dir() / "hyphenation" / "sv.txt",
                       charts=drawn)
    return BuildResult(output=output, pages=pages, charts=len(specs))
