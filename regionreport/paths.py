"""Where the project's data folders are: layouts (catalogs, profiles, report layouts) and fonts.

In: nothing but the environment (``REGIONREPORT_HOME`` may point at a checkout).
Out: paths of the bundled catalog, profile, layouts and fonts folders. The tool is meant to run
from a checkout installed with ``pip install -e .`` (README); the folders sit next to the
``regionreport`` package there.
"""

from __future__ import annotations

import os
from pathlib import Path

from regionreport.errors import InputError

DEFAULT_CATALOG = "ekonomiskt-bistand-2015"
DEFAULT_PROFILE = "oj-ekonomiskt-bistand-2015"


def project_home() -> Path:
    """The folder holding layouts/ and fonts/ (the checkout)."""
    home = os.environ.get("REGIONREPORT_HOME")
    root = Path(home) if home else Path(__file__).resolve().parent.parent
    if not (root / "layouts").is_dir():
        raise InputError(f"no layouts/ folder in {root}",
                         fix="install regionreport with 'pip install -e .' from its checkout "
                             "or set REGIONREPORT_HOME to the checkout")
    return root


def layouts_dir() -> Path:
    return project_home() / "layouts"


def fonts_dir() -> Path:
    return project_home() / "fonts"


def catalog_path(catalog_id: str = DEFAULT_CATALOG) -> Path:
    """The file of a catalog id under layouts/catalogs/."""
    return layouts_dir() / "catalogs" / f"{catalog_id}.toml"


def profile_path(profile_id: str = DEFAULT_PROFILE) -> Path:
    """The file of a source profile id under layouts/profiles/."""
    return layouts_dir() / "profiles" / f"{profile_id}.toml"
