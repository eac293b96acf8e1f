"""One call that loads everything a command needs: registry, catalog, profile and data.

In: data file paths, optional profile and catalog given as an id (a file in the report
project's profiles/ or catalogs/ folder, else under layouts/) or a path, the project folder
and an optional cache folder.
Out: ``Inputs`` (frozen): the tidy table, the catalog, the registry and the profile.

With a cache folder the tidy table read from the files is kept as a pickle keyed by the
content of the data files, the profile, the catalog and the package version, so a rebuild
after a prose edit does not parse the workbook again (it is the slowest part of a build).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport import __version__
from regionreport.files import cache_path, read_cached, write_cached
from regionreport import paths
from regionreport.model.catalog import Catalog, load_catalog
from regionreport.model.registry import Registry, load_registry
from regionreport.model.results import TidyTable
from regionreport.sources import read_sources
from regionreport.sources.profile import SourceProfile, load_profile


@dataclass(frozen=True)
class Inputs:
    table: TidyTable
    catalog: Catalog
    registry: Registry
    profile: SourceProfile


def resolve_file(given: str | None, default_id: str, kind: str,
                 project: Path | None = None) -> Path:
    """A path for an id-or-file option or layout key: a file path as given (relative to
    ``project``), an existing file, or the id looked up in the project's folder of that kind
    and then among the bundled files (``paths.find``)."""
    if given is None:
        given = default_id
    if project is None and Path(given).is_file():
        return Path(given)
    return paths.find(kind, given, project)


def project_of(profile_file: Path) -> Path | None:
    """The report project a profile file belongs to: the folder holding its ``profiles/``
    folder (where the profile's catalog is looked for first), else none."""
    folder = Path(profile_file).resolve().parent
    return folder.parent if folder.name == "profiles" else None


def load_inputs(data_files: list[Path], profile_id: str | None = None,
                catalog_id: str | None = None, *, cache_dir: Path | None = None,
                project: Path | None = None) -> Inputs:
    """Load the profile, its catalog (or the one given), the registry and every data file;
    ids are looked up in ``project`` (a report's folder) before the bundled files."""
    profile_file = resolve_file(profile_id, str(paths.default("profile")), "profile", project)
    profile = load_profile(profile_file)
    # the profile's own catalog id is looked for beside the profile first
    catalog = load_catalog(resolve_file(catalog_id, profile.catalog, "catalog",
                                        project if catalog_id or project else
                                        project_of(profile_file)))
    registry = load_registry()
    cached = _cache_file(cache_dir, data_files, profile, catalog)
    table = read_cached(cached, TidyTable) if cached is not None else None
    if table is None:
        table = read_sources(data_files, catalog, registry, profile)
        if cached is not None:
            write_cached(cached, table)
    return Inputs(table=table, catalog=catalog, registry=registry, profile=profile)


def _cache_file(cache_dir: Path | None, data_files: list[Path], profile: SourceProfile,
                catalog: Catalog) -> Path | None:
    """Where the table of these inputs is cached (None: no cache or a file is missing)."""
    if cache_dir is None:
        return None
    parts = [__version__.encode(), b"TidyTable\0"]   # (entries of DataFrames are not looked at)
    try:
        for path in [profile.path, catalog.path, *map(Path, data_files)]:
            parts += [str(Path(path).suffix).encode(), Path(path).read_bytes()]
    except OSError:
        return None  # the readers report the missing file properly
    return cache_path(cache_dir, parts)
