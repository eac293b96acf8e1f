"""Where the project's data files are: one resolver for every kind of bundled file.

In: a name or id (a theme "default", a catalog "ekonomiskt-bistand-2015", a language "sv")
and the environment (``REGIONREPORT_HOME`` may point at a checkout).
Out: the path of the bundled file of that kind under the project's ``layouts/`` or
``fonts/`` folder. Nothing else in the package joins paths under ``layouts/``: a new kind of
file gets its resolver here. The tool runs from a checkout installed with
``pip install -e .`` (README); the folders sit next to the ``regionreport`` package there.
"""

from __future__ import annotations

import os
from pathlib import Path

from regionreport.errors import InputError

DEFAULT_CATALOG = "ekonomiskt-bistand-2015"
DEFAULT_PROFILE = "oj-ekonomiskt-bistand-2015"
DEFAULT_THEME = "default"
DEFAULT_LANGUAGE = "sv"


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
    """layouts/: the report layouts and every data file below."""
    return project_home() / "layouts"


def fonts_dir() -> Path:
    """fonts/: the bundled TrueType fonts."""
    return project_home() / "fonts"


def output_dir() -> Path:
    """out/: where commands write when no output is given."""
    return project_home() / "out"


def region_layouts() -> list[Path]:
    """The region layouts (layouts/*.toml), sorted by name."""
    return sorted(layouts_dir().glob("*.toml"))


def template_path(name: str) -> Path:
    """A layout template under layouts/templates/ ("lan-2015")."""
    return layouts_dir() / "templates" / f"{name}.toml"


def catalog_path(catalog_id: str = DEFAULT_CATALOG) -> Path:
    """The file of a catalog id under layouts/catalogs/."""
    return layouts_dir() / "catalogs" / f"{catalog_id}.toml"


def profile_path(profile_id: str = DEFAULT_PROFILE) -> Path:
    """The file of a source profile id under layouts/profiles/."""
    return layouts_dir() / "profiles" / f"{profile_id}.toml"


def theme_path(name: str = DEFAULT_THEME) -> Path:
    """The file of a theme under layouts/themes/."""
    return layouts_dir() / "themes" / f"{name}.toml"


def labels_path(language: str = DEFAULT_LANGUAGE) -> Path:
    """The fixed texts of a language under layouts/labels/ ("sv")."""
    return layouts_dir() / "labels" / f"{language}.toml"


def hyphenation_path(language: str = DEFAULT_LANGUAGE) -> Path:
    """The hyphenation exceptions of a language under layouts/hyphenation/."""
    return layouts_dir() / "hyphenation" / f"{language}.txt"


def reference_path(name: str) -> Path:
    """A reference text file under layouts/reference/ ("kommungrupper")."""
    return layouts_dir() / "reference" / f"{name}.toml"


def fonts_folder(folder: str) -> Path:
    """A theme's ``[fonts] folder``, relative to the project folder."""
    return project_home() / folder
