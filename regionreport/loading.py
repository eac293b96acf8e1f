"""One call that loads everything a command needs: registry, catalog, profile and data.

In: data file paths and optional profile and catalog given as an id (a file under
layouts/profiles/ or layouts/catalogs/) or a path.
Out: ``Inputs`` (frozen): the tidy table, the catalog, the registry and the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from regionreport import paths
from regionreport.catalog import Catalog, load_catalog
from regionreport.registry import Registry, load_registry
from regionreport.sources import read_sources
from regionreport.sources.profile import SourceProfile, load_profile


@dataclass(frozen=True)
class Inputs:
    table: pd.DataFrame
    catalog: Catalog
    registry: Registry
    profile: SourceProfile


def resolve_file(given: str | None, default_id: str, folder: str) -> Path:
    """A path for an id-or-file option: an existing file as given, else layouts/FOLDER/ID.toml."""
    if given is None:
        given = default_id
    candidate = Path(given)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    return paths.layouts_dir() / folder / f"{given}.toml"


def load_inputs(data_files: list[Path], profile_id: str | None = None,
                catalog_id: str | None = None) -> Inputs:
    """Load the profile, its catalog (or the one given), the registry and every data file."""
    profile = load_profile(resolve_file(profile_id, paths.DEFAULT_PROFILE, "profiles"))
    catalog = load_catalog(resolve_file(catalog_id, profile.catalog, "catalogs"))
    registry = load_registry()
    table = read_sources(data_files, catalog, registry, profile)
    return Inputs(table=table, catalog=catalog, registry=registry, profile=profile)
