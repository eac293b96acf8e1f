"""`regionreport handouts`: one committee handout PDF per member unit of a layout's region.

In: a layout (with a ``[handout]`` table of texts), an output folder, optional data files and
a cache folder.
Out: the written PDF paths, one per unit that counts in the region's survey (kommuner, or
stadsdelar where they answered), named after the unit (ASCII), each written atomically and
at most two A4 pages.
"""

from __future__ import annotations

from pathlib import Path

from regionreport import paths
from regionreport.config.labels import load_labels
from regionreport.compose.context import build_context
from regionreport.compose.fields import compute_fields
from regionreport.compose.handout import compose_handout
from regionreport.files import ascii_slug
from regionreport.report import load_report_layout, prepare


def write_handouts(layout_path: str | Path, output_dir: Path, *,
                   data_files: list[Path] | None = None,
                   cache_dir: Path | None = None) -> list[Path]:
    """Write every member unit's handout into ``output_dir``; returns their paths."""
    from regionreport.render.pdf import render_pdf
    from regionreport.config.theme import theme_for_layout

    layout = load_report_layout(layout_path, charts=False)
    prepared = prepare(layout, data_files=data_files, cache_dir=cache_dir)
    context = build_context(layout, prepared.inputs)
    labels = load_labels()
    context.fields = compute_fields(context, labels)
    theme = theme_for_layout(layout)
    survey = [i.id for i in context.catalog.by_source("survey")]
    documents = [(code, compose_handout(context, code, labels))
                 for code in context.region_units(layout.survey_year, survey)]
    written = []
    for code, document in documents:
        name = context.registry.unit(code).name
        output = Path(output_dir) / f"{ascii_slug(name)}.pdf"
        render_pdf(document, output, theme=theme,
                   fonts_folder=paths.fonts_folder(theme.fonts["folder"]),
                   hyphenation_file=paths.hyphenation_path(),
                   charts={})
        written.append(output)
    return written
