"""Where files are found: an analyst's report folder first, then the bundled files.

In: a kind of file and its name or id (a theme "default", a catalog "ekonomiskt-bistand-2015",
a language "sv"), optionally the report project's folder (the folder of its layout), and the
environment (``REGIONREPORT_HOME`` may point at a checkout).
Out: the path of that file: ``find`` looks in the project's own ``catalogs/``, ``profiles/``,
``themes/``, ``labels/`` or ``hyphenation/`` folder first and falls back to the bundled one
under ``layouts/``; a name that is itself a path (ending in the kind's suffix) is taken as
it is, relative to the project. Nothing else in the package joins paths under ``layouts/``:
a new kind of file gets its resolver here. The bundled folders sit next to the
``regionreport`` package in the checkout (and an editable install); a wheel (built from the
checkout or from an sdist) carries them inside the package as ``regionreport/_bundled/layouts``
and ``fonts`` (pyproject.toml's package-dir). Nothing is ever written there: ``output_dir`` is the
checkout's ``out/``, or for an installed package ``out/`` in the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from regionreport.errors import InputError

DEFAULT_CATALOG = "ekonomiskt-bistand-2015"
DEFAULT_PROFILE = "oj-ekonomiskt-bistand-2015"
DEFAULT_THEME = "default"
DEFAULT_LANGUAGE = "sv"

PACKAGE = Path(__file__).resolve().parent
BUNDLE = PACKAGE / "_bundled"        # layouts/ and fonts/ inside an installed package


def installed() -> bool:
    """Whether the bundled files come from inside an installed package (a wheel), not from
    a checkout or ``REGIONREPORT_HOME``."""
    return not os.environ.get("REGIONREPORT_HOME") and BUNDLE.is_dir()


def project_home() -> Path:
    """The folder holding layouts/ and fonts/: ``REGIONREPORT_HOME`` when set, else the
    package's own ``_bundled/`` (an installed wheel), else the checkout above the package."""
    home = os.environ.get("REGIONREPORT_HOME")
    root = Path(home) if home else BUNDLE if installed() else PACKAGE.parent
    if not (root / "layouts").is_dir():
        raise InputError(f"no layouts/ folder in {root}",
                         fix="install regionreport with 'pip install .' from its checkout "
                             "or set REGIONREPORT_HOME to the checkout")
    return root


def layouts_dir() -> Path:
    """layouts/: the report layouts and every data file below."""
    return project_home() / "layouts"


def fonts_dir() -> Path:
    """fonts/: the bundled TrueType fonts."""
    return project_home() / "fonts"


# kind -> (folder, suffix) of the files a report project may hold beside its layout
KINDS = {"catalog": ("catalogs", ".toml"), "profile": ("profiles", ".toml"),
         "theme": ("themes", ".toml"), "labels": ("labels", ".toml"),
         "hyphenation": ("hyphenation", ".txt")}


def find(kind: str, name: str, project: Path | None = None) -> Path:
    """The file of ``name``: a path as given (relative to ``project``), else the project's
    own ``<folder>/<name><suffix>`` when it exists, else the bundled one (which need not
    exist: its loader says so, naming the path)."""
    folder, suffix = KINDS[kind]
    if name.endswith(suffix) or "/" in name:
        given = Path(name)
        return given if given.is_absolute() or project is None else Path(project) / given
    if project is not None:
        own = Path(project) / folder / f"{name}{suffix}"
        if own.is_file():
            return own
    return layouts_dir() / folder / f"{name}{suffix}"


def is_bundled(path: Path) -> bool:
    """Whether ``path`` lies in the bundled layouts folder (a sample layout or template)."""
    try:
        Path(path).resolve().relative_to(layouts_dir().resolve())
    except ValueError:
        return False
    return True


def output_dir() -> Path:
    """out/: where commands write a bundled layout's outputs when no output is given: the
    checkout's (or ``REGIONREPORT_HOME``'s) ``out/``; for an installed package ``out/`` in
    the current folder, never a folder inside the package."""
    return Path.cwd() / "out" if installed() else project_home() / "out"


def region_layouts() -> list[Path]:
    """The region layouts (layouts/*.toml), sorted by name."""
    return sorted(layouts_dir().glob("*.toml"))


def template_path(name: str) -> Path:
    """A layout template under layouts/templates/ ("lan-2015")."""
    return layouts_dir() / "templates" / f"{name}.toml"


def catalog_path(catalog_id: str = DEFAULT_CATALOG, project: Path | None = None) -> Path:
    """The file of a catalog id (the project's catalogs/, then layouts/catalogs/)."""
    return find("catalog", catalog_id, project)


def profile_path(profile_id: str = DEFAULT_PROFILE, project: Path | None = None) -> Path:
    """The file of a source profile id (the project's profiles/, then layouts/profiles/)."""
    return find("profile", profile_id, project)


def theme_path(name: str = DEFAULT_THEME, project: Path | None = None) -> Path:
    """The file of a theme (the project's themes/, then layouts/themes/)."""
    return find("theme", name, project)


def labels_path(language: str = DEFAULT_LANGUAGE, project: Path | None = None) -> Path:
    """The fixed texts of a language ("sv"; the project's labels/, then layouts/labels/)."""
    return find("labels", language, project)


def hyphenation_path(language: str = DEFAULT_LANGUAGE, project: Path | None = None) -> Path:
    """The hyphenation exceptions of a language (the project's, then the bundled)."""
    return find("hyphenation", language, project)


def reference_path(name: str) -> Path:
    """A reference text file under layouts/reference/ ("kommungrupper")."""
    return layouts_dir() / "reference" / f"{name}.toml"


def fonts_folder(folder: str) -> Path:
    """A theme's ``[fonts] folder``, relative to the project folder."""
    return project_home() / folder
