"""The outputs of a layout, stage by stage: report PDF, committee handouts, analysts' workbook.

In: a layout file and where to write, optionally data files that replace the layout's, a
län code that replaces the layout's region (county templates), a switch for charts and a
cache folder (parsed data and drawn charts, keyed by content).
Out:
- ``build_report``: layout -> data -> document -> charts -> PDF; a ``BuildResult`` (path,
  pages, charts, the region's members, warnings about the handout settings);
- ``write_handouts``: layout -> data -> one short document per member unit -> one PDF each
  (named after the unit, ASCII); the written paths. The report itself is not composed;
- ``write_report_xlsx``: layout -> data -> document -> the workbook of its tables and the
  indicator definitions; an ``XlsxResult`` (path, sheets).
The three share one wiring of the look (``Look``: theme, chart style, hyphenation
exceptions, labels). Nothing is written unless every stage succeeds; each file is replaced
atomically and the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from regionreport import paths
from regionreport.charts.style import ChartStyle
from regionreport.config.layout import Layout, RegionSpec, load_layout
from regionreport.config.labels import Labels
from regionreport.config.theme import Theme, theme_for_layout
from regionreport.document import Document
from regionreport.errors import InputError
from regionreport.files import ascii_slug, atomic_path, cache_path, check_output
from regionreport.sources.loading import Inputs, load_inputs


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    charts: int
    region: str = ""                   # the region's name
    members: tuple[str, ...] = ()      # the names of its member units
    warnings: tuple[str, ...] = ()     # settings that build but look wrong (the handouts')


@dataclass(frozen=True)
class XlsxResult:
    output: Path
    sheets: int


@dataclass(frozen=True)
class Prepared:
    """A layout with its data loaded and its report composed."""

    layout: Layout
    inputs: Inputs
    document: Document


@dataclass(frozen=True)
class Look:
    """What every output of a layout needs besides the document, read and checked once: the
    theme, its chart style (checked for every output, not only those with charts), the
    hyphenation exceptions and the fixed Swedish texts."""

    theme: Theme
    chart_style: ChartStyle
    hyphenation_file: Path
    labels: Labels


def default_output(layout: Layout, suffix: str = ".pdf") -> Path:
    """<layout name><suffix> in the ``out/`` folder of the layout's own folder (a report
    project); for a bundled layout or template, the checkout's ``out/`` as before."""
    folder = paths.output_dir() if paths.is_bundled(layout.path) else layout.path.parent / "out"
    return folder / f"{layout.name}{suffix}"


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


def load_look(layout: Layout) -> Look:
    """The theme (with its chart style), hyphenation exceptions and labels of a layout, each
    looked up in the layout's folder first; the labels with the catalog's and the layout's
    ``[labels]`` overlays."""
    from regionreport.config.labels import load_labels

    project = layout.path.parent
    theme = theme_for_layout(layout)
    return Look(theme=theme, chart_style=ChartStyle.from_table(theme.chart, theme.path,
                                                               fonts=theme.fonts),
                hyphenation_file=paths.hyphenation_path(project=project),
                labels=load_labels(paths.labels_path(project=project),
                                   overlays=_label_overlays(layout)))


def _label_overlays(layout: Layout) -> tuple[tuple[dict, Path], ...]:
    """The ``[labels]`` tables of the layout's catalog and of the layout, in that order."""
    from regionreport.model.catalog import load_catalog
    from regionreport.sources.loading import resolve_file

    project = layout.path.parent
    catalog = load_catalog(resolve_file(layout.catalog, layout.catalog, "catalog", project))
    pairs = [(catalog.labels, catalog.path), (layout.labels, layout.path)]
    return tuple((table, file) for table, file in pairs if table)


def data_files_of(layout: Layout, data_files: list[Path] | None = None) -> list[Path]:
    """``data_files``, or else the layout's ``[data] files``; each must exist (an
    ``InputError`` naming the file and the layout otherwise)."""
    files = list(data_files) if data_files else list(layout.data_files)
    if not files:
        raise InputError("the layout names no data files", file=layout.path,
                         fix="add them under [data] files or pass --data")
    if data_files:
        fix = "check the path given with --data"
    else:
        fix = f"correct [data] files in {layout.path} or pass --data"
        if paths.is_bundled(layout.path):       # a sample layout reads a sample workbook
            fix += "; `python build.py` writes the sample workbooks"
    for file in files:
        if not Path(file).exists():
            raise InputError("data file not found", file=file, fix=fix)
    workbooks = [f for f in files if Path(f).suffix.lower() == ".xlsx"]
    if workbooks and layout.profile is None:
        raise InputError("key 'data.profile' is missing: an ÖJ workbook is read by its source "
                         f"profile ({workbooks[0]})", file=layout.path,
                         fix='add profile = "<id>" under [data] (docs/source-profile.md); '
                             "a layout that reads only Kolada or CSV files needs none")
    return files


def load_data(layout: Layout, *, data_files: list[Path] | None = None,
              cache_dir: Path | None = None) -> Inputs:
    """The layout's data (or ``data_files``), parsed once per content into ``cache_dir``."""
    files = data_files_of(layout, data_files)
    return load_inputs(files, layout.profile, layout.catalog,
                       cache_dir=cache_dir / "data" if cache_dir else None,
                       project=layout.path.parent)


def prepare(layout: Layout, *, data_files: list[Path] | None = None,
            cache_dir: Path | None = None, look: Look | None = None) -> Prepared:
    """Load the layout's data and compose its report (with ``look``, default the layout's)."""
    from regionreport.compose import compose_report

    look = look or load_look(layout)
    inputs = load_data(layout, data_files=data_files, cache_dir=cache_dir)
    return Prepared(layout, inputs, compose_report(layout, inputs, theme=look.theme,
                                                   labels=look.labels))


def workbook_context(prepared: Prepared, look: Look):
    """The ``ComposeContext`` of a prepared report, with its template fields, as the report
    was composed with (the workbook's Data sheet and codes read it)."""
    from regionreport.compose.context import build_context
    from regionreport.compose.fields import compute_fields

    context = build_context(prepared.layout, prepared.inputs, theme=look.theme)
    context.fields = compute_fields(context, look.labels)
    return context


def _member_names(prepared: Prepared) -> tuple[str, ...]:
    """The names of the region's member units, in the registry's table order."""
    from regionreport.compose.context import build_region

    registry = prepared.inputs.registry
    region = build_region(prepared.layout, registry)
    return tuple(registry.unit(code).name
                 for code in registry.sorted_for_tables(list(region.members)))


def _render_pdf(document, output: Path, look: Look, charts: dict,
                cache_dir: Path | None = None) -> int:
    """Render ``document`` with its drawn ``charts``; a chart drawn only where the page needs
    it (a pair's compact size) is drawn here, through the chart cache under ``cache_dir``."""
    from regionreport.charts import make_charts
    from regionreport.charts.spec import chart_key
    from regionreport.render.pdf import render_pdf

    def draw_chart(spec):
        drawn = make_charts([spec], cache_dir=cache_dir / "charts" if cache_dir else None,
                            workers=1, style=look.chart_style)
        return drawn[chart_key(spec)]

    hints_file = _hints_file(cache_dir, output)
    hints = _read_hints(hints_file)
    pages = render_pdf(document, output, theme=look.theme,
                       hyphenation_file=look.hyphenation_file, charts=charts,
                       draw_chart=draw_chart, hints=hints)
    if hints_file is not None:
        try:
            with atomic_path(hints_file) as temporary:
                temporary.write_text(json.dumps(hints, ensure_ascii=False), encoding="utf-8")
        except (OSError, InputError):
            pass                       # only a hint (a cache that cannot be written has
                                       # been reported): the next build takes its passes
    return pages


def _hints_file(cache_dir: Path | None, output: Path) -> Path | None:
    """Where the page numbers of the last build of ``output`` are kept (render/pagination)."""
    if cache_dir is None:
        return None
    return cache_path(cache_dir / "pages", [str(Path(output).resolve()).encode()], ".json")


def _read_hints(path: Path | None) -> dict:
    """The hints at ``path``; none when absent or not readable (a hint is never trusted:
    a wrong one only costs passes)."""
    if path is None:
        return {}
    try:
        hints = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(hints, dict):
        return {}
    return {key: value for key, value in hints.items()
            if (isinstance(value, int) and not isinstance(value, bool))
            or (isinstance(value, list) and all(
                isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], int)
                and isinstance(entry[1], str) and isinstance(entry[2], int)
                for entry in value))}


def build_report(layout_path: str | Path, output: str | Path | None = None, *,
                 data_files: list[Path] | None = None, charts: bool | None = None,
                 cache_dir: Path | None = None, workers: int = 2,
                 lan: str | None = None) -> BuildResult:
    """Build one report PDF from its layout."""
    from regionreport.charts import make_charts
    from regionreport.charts.cache import early_workers
    from regionreport.compose.handout import handout_warnings

    layout = load_report_layout(layout_path, lan=lan, charts=charts)
    output = Path(output) if output else default_output(layout)
    check_output(output, suffix=".pdf")   # a folder, a file in the way, read-only: said first
    look = load_look(layout)
    chart_cache = cache_dir / "charts" if cache_dir else None
    # a cold build's chart workers get ready while the data is read and the report composed
    with early_workers(look.chart_style, cache_dir=chart_cache,
                       workers=workers if layout.charts else 0) as pool:
        prepared = prepare(layout, data_files=data_files, cache_dir=cache_dir, look=look)
        document = prepared.document
        specs = [chart.spec for chart in document.charts()]
        drawn = make_charts(specs, cache_dir=chart_cache, workers=workers,
                            style=look.chart_style, pool=pool) if specs else {}
    pages = _render_pdf(document, output, look, drawn, cache_dir)
    return BuildResult(output=output, pages=pages, charts=len(specs), region=document.meta.region,
                       members=_member_names(prepared),
                       warnings=tuple(handout_warnings(layout, prepared.inputs.catalog)))


def write_handouts(layout_path: str | Path, output_dir: Path, *,
                   data_files: list[Path] | None = None,
                   cache_dir: Path | None = None,
                   units: list[str] | None = None) -> list[Path]:
    """Write every member unit's handout (or those of ``units``, unit codes) into
    ``output_dir``; returns their paths."""
    from regionreport.compose.handout import compose_handouts

    layout = load_report_layout(layout_path, charts=False)
    check_output(output_dir, folder=True)
    look = load_look(layout)
    inputs = load_data(layout, data_files=data_files, cache_dir=cache_dir)
    from regionreport.charts import make_charts

    handouts = compose_handouts(layout, inputs, look.labels, theme=look.theme, units=units)
    # the handouts' series charts ([handout] series), drawn once for all of them
    specs = [chart.spec for _, document in handouts for chart in document.charts()]
    drawn = make_charts(specs, cache_dir=cache_dir / "charts" if cache_dir else None,
                        style=look.chart_style) if specs else {}
    written = []
    for name, document in handouts:
        output = Path(output_dir) / f"{ascii_slug(name)}.pdf"
        _render_pdf(document, output, look, drawn, cache_dir)
        written.append(output)
    return written


def write_report_xlsx(layout_path: str | Path, output: str | Path, *,
                      data_files: list[Path] | None = None,
                      cache_dir: Path | None = None) -> XlsxResult:
    """Write the workbook of one report layout to ``output``."""
    from regionreport.compose.cards import card_fields
    from regionreport.compose.workbook import compose_workbook
    from regionreport.render.xlsx import render_xlsx

    layout = load_report_layout(layout_path)
    check_output(output, suffix=".xlsx")
    look = load_look(layout)
    prepared = prepare(layout, data_files=data_files, cache_dir=cache_dir, look=look)
    workbook = compose_workbook(prepared.document, workbook_context(prepared, look),
                                look.labels, card_fields(layout, prepared.inputs.catalog))
    output = Path(output)
    sheets = render_xlsx(workbook, look.theme, output)
    return XlsxResult(output=output, sheets=sheets)
