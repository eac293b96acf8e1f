"""The report's tables as an Excel workbook for analysts (`regionreport xlsx`).

In: a layout file, an output path, optionally data files that replace the layout's and a
cache folder (parsed data, keyed by content).
Out: ``XlsxResult`` (output path, number of sheets). Runs the report pipeline up to the
document tree (``report.prepare``) and hands it, with the catalog, the layout's theme and the
``[xlsx]`` labels, to ``render.xlsx.render_xlsx``. Nothing is written unless every stage
succeeds; the workbook is replaced atomically and the same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport import report
from regionreport.config.labels import load_labels
from regionreport.config.theme import theme_for_layout
from regionreport.render.xlsx import render_xlsx


@dataclass(frozen=True)
class XlsxResult:
    output: Path
    sheets: int


def write_report_xlsx(layout_path: str | Path, output: str | Path, *,
                      data_files: list[Path] | None = None,
                      cache_dir: Path | None = None) -> XlsxResult:
    """Write the workbook of one report layout to ``output``."""
    layout = report.load_report_layout(layout_path)
    prepared = report.prepare(layout, data_files=data_files, cache_dir=cache_dir)
    theme = theme_for_layout(layout)
    labels = load_labels()
    output = Path(output)
    sheets = render_xlsx(prepared.document, prepared.inputs.catalog, theme, output,
                         labels=labels["xlsx"])
    return XlsxResult(output=output, sheets=sheets)
