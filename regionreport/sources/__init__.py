"""Input formats: every reader turns one file into the tidy results table.

In: paths of ÖJ workbooks (.xlsx), saved Kolada API responses (.json), Kolada CSV or tidy CSV
files (.csv), the catalog, the registry and (for workbooks) a source profile.
Out: one tidy table (regionreport.model.results) holding all files; a value given twice is an
error. Readers register under a file suffix with ``@reader``; an unknown suffix or a duplicate
registration is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from regionreport.model.catalog import Catalog
from regionreport.errors import InputError
from regionreport.plugins import PluginRegistry
from regionreport.model.registry import Registry
from regionreport.model.results import TidyTable, combine
from regionreport.sources.profile import SourceProfile

Reader = Callable[[Path, Catalog, Registry, SourceProfile | None], TidyTable]
READERS: PluginRegistry[Reader] = PluginRegistry("reader for files ending in")
reader = READERS.register


@reader(".xlsx")
def _workbook(path: Path, catalog: Catalog, registry: Registry,
              profile: SourceProfile | None) -> TidyTable:
    from regionreport.sources.workbook import read_workbook

    if profile is None:
        raise InputError("a workbook needs a source profile", file=path, fix="pass --profile")
    return read_workbook(path, profile, catalog, registry)


@reader(".json")
def _kolada_json(path: Path, catalog: Catalog, registry: Registry,
                 profile: SourceProfile | None) -> TidyTable:
    from regionreport.sources.kolada import read_kolada_json

    return read_kolada_json(path, catalog, registry)


@reader(".csv")
def _csv(path: Path, catalog: Catalog, registry: Registry,
         profile: SourceProfile | None) -> TidyTable:
    from regionreport.sources.kolada import read_kolada_csv
    from regionreport.sources.tidy_csv import read_tidy_csv

    if _looks_like_kolada_csv(path):
        return read_kolada_csv(path, catalog, registry)
    return read_tidy_csv(path, catalog, registry)


def _looks_like_kolada_csv(path: Path) -> bool:
    from regionreport.sources.text_files import header_names

    fields = header_names(path)     # separated by ";", a tab or ",", as the readers split it
    return "kpi" in fields and "indicator" not in fields


def read_sources(paths: list[str | Path], catalog: Catalog, registry: Registry,
                 profile: SourceProfile | None = None) -> TidyTable:
    """Read every file with the reader of its suffix and combine them into one table."""
    frames = []
    for raw in paths:
        path = Path(raw)
        function = READERS.get(path.suffix.lower())
        if function is None:
            raise InputError(f"unknown input format '{path.suffix or '(none)'}'", file=path,
                             fix="give an ÖJ workbook (.xlsx), a Kolada response (.json) or a "
                                 "Kolada or tidy CSV (.csv)")
        if not path.exists():
            raise InputError("file not found", file=path, fix="check the path given with --data")
        frames.append(function(path, catalog, registry, profile))
    return combine(frames)
