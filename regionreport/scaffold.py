"""`regionreport init`: a report project in a folder of the analyst's own.

In: a folder, the region (a län code, or member unit codes with the region's name and code),
optionally the survey year, the catalog and profile ids, data files, and the layout the
project starts from (a template under layouts/templates/, a bundled sample layout, or a file;
default the county template that layouts/reference/defaults.toml names).
Out: in the folder, ``<name>.toml`` (the template's layout with the region, its years moved by
the same step to the survey year asked for, catalog, profile, data files and theme set; every
other key and comment as in the template), its prose in ``<name>/`` and a theme overlay
``themes/<name>.toml`` that extends the default theme; the layout is read back and checked
before anything is written. Existing files are never overwritten; paths in the layout are
made to work from the new folder.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from regionreport import paths
from regionreport.config.layout import load_layout
from regionreport.config.toml import read_toml
from regionreport.errors import InputError
from regionreport.files import ascii_slug
from regionreport.model.registry import load_registry

THEME_OVERLAY = '''# The look of this report: only what differs from the bundled default theme
# (layouts/themes/default.toml shows every key). For example:
extends = "default"

# [colours]
# accent = "#1f4e79"
# header_fill = "#dfe7ef"
'''


@dataclass(frozen=True)
class Project:
    layout: Path
    prose: Path
    theme: Path
    data_files: tuple[Path, ...] = ()     # as the layout's [data] files name them


def init_project(folder: Path, *, lan: str | None = None, members: list[str] | None = None,
                 region_name: str | None = None, year: int | None = None,
                 catalog: str | None = None, profile: str | None = None,
                 data_files: list[Path] | None = None, template: str | None = None
                 ) -> Project:
    """Scaffold a report project in ``folder`` from ``template`` (a name or a file; default
    the county template); returns the files written."""
    template_path = paths.template_path(template)
    if not template_path.is_file():
        raise InputError("template not found", file=template_path,
                         fix="give a layout file, or a name under layouts/templates/")
    template_data = read_toml(template_path, "layout template")
    region = _region_table(lan, members, region_name)
    survey = year or template_data["years"]["survey"]
    name = f"{ascii_slug(_region_title(lan, region_name))}-{survey}"
    folder = Path(folder)
    project = Project(folder / f"{name}.toml", folder / name, folder / "themes" / f"{name}.toml")
    for path in (project.layout, project.prose, project.theme):
        if path.exists():
            raise InputError("already exists", file=path,
                             fix="choose another folder, or move the earlier project away")
    files = [Path(f).resolve() for f in data_files] if data_files else \
        [(template_path.parent / f).resolve() for f in template_data["data"].get("files", [])]
    data = {"catalog": catalog or template_data["data"]["catalog"],
            "profile": profile or _profile_for(catalog, template_data, template_path, folder),
            "files": [f.as_posix() for f in files]}
    text = template_path.read_text(encoding="utf-8")
    text = _replace_table(text, "data", data, template_path)
    text = _replace_table(text, "region", region, template_path)
    step = survey - template_data["years"]["survey"]
    text = _replace_table(text, "years", {key: value + step for key, value in
                                          template_data["years"].items()}, template_path)
    text = text.replace("[options]\n", f"[options]\ntheme = {_toml(name)}\n", 1)
    stem = template_path.stem
    text = text.replace(f'file = "{stem}/', f'file = "{name}/')
    text = text.replace(f'logo = "{stem}/', f'logo = "{name}/')   # a logo in the prose folder
    text = _project_header(name) + _without_header_comment(text)
    _write(project, text, template_path.parent / stem)
    return dataclasses.replace(project, data_files=tuple(files))


def _profile_for(catalog: str | None, template_data: dict, template: Path,
                 folder: Path) -> str:
    """The template's profile, or for another ``catalog`` the one profile made for it (in the
    project's profiles/, then the bundled ones); an ``InputError`` when there is none or
    more than one."""
    own = template_data["data"]["profile"]
    if catalog is None or catalog == template_data["data"]["catalog"]:
        return own
    found = {}
    for place in (Path(folder) / "profiles", paths.layouts_dir() / "profiles"):
        for path in sorted(place.glob("*.toml")) if place.is_dir() else ():
            head = read_toml(path, "source profile").get("profile", {})
            if head.get("catalog") == catalog and head.get("id", path.stem) not in found:
                found[head.get("id", path.stem)] = path
    if len(found) != 1:
        raise InputError(f"{'no' if not found else 'more than one'} source profile is made for "
                         f"the catalog '{catalog}'" + (f" ({', '.join(found)})" if found else ""),
                         fix="give --profile with the profile of the data's workbook; "
                             "docs/source-profile.md describes profiles")
    (path,) = found.values()
    return path.stem                    # the layout's [data] profile names the file


def _region_table(lan: str | None, members: list[str] | None, name: str | None) -> dict:
    registry = load_registry()
    if (lan is None) == (not members):
        raise InputError("give either --lan or --members", fix="e.g. --lan 06, or --members "
                         "0604,0617 --name \"FoU Höglandet\"")
    if lan is not None:
        unit = registry.get(lan.zfill(2))
        if unit is None or unit.level != "lan":
            raise InputError(f"'{lan}' is not a länskod", fix="use a two-digit code such as 06")
        return {"lan": unit.code}
    unknown = [code for code in members if registry.get(code) is None]
    if unknown:
        raise InputError(f"'{unknown[0]}' is not a kommun or stadsdel code",
                         fix="give four-digit kommun codes (stadsdelar six digits)")
    if not name:
        raise InputError("a region of members needs a name", fix="add --name \"...\"")
    return {"code": ascii_slug(name).upper()[:12], "name": name, "members": list(members)}


def _region_title(lan: str | None, name: str | None) -> str:
    if lan is not None:
        return load_registry().get(lan.zfill(2)).name
    return name or "region"


def _toml(value) -> str:
    """A TOML literal of a text, a whole number or a list of texts."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _replace_table(text: str, table: str, values: dict, template: Path) -> str:
    """``text`` with the body of ``[table]`` (up to the next table) replaced by ``values``."""
    pattern = re.compile(rf"^\[{table}\]\n.*?(?=^\[)", re.MULTILINE | re.DOTALL)
    body = "".join(f"{key} = {_toml(value)}\n" for key, value in values.items())
    replaced, count = pattern.subn(lambda _: f"[{table}]\n{body}\n", text, count=1)
    if count != 1:
        raise InputError(f"the template has no [{table}] table", file=template)
    return replaced


def _project_header(name: str) -> str:
    return (f"# Report project {name}: made by `regionreport init` from a template.\n"
            "# Edit the texts under [meta], the prose in the folder beside this file and the\n"
            "# theme in themes/; docs/layout-format.md describes every key.\n\n")


def _without_header_comment(text: str) -> str:
    """The template without its own opening comment (it describes the template)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return "".join(lines[start:]).lstrip("\n")


def _write(project: Project, text: str, prose_source: Path) -> None:
    """Write the three parts, check the layout, and remove them all again if it fails."""
    written: list[Path] = []
    try:
        project.layout.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(prose_source, project.prose)
        written.append(project.prose)
        project.theme.parent.mkdir(exist_ok=True)
        project.theme.write_text(THEME_OVERLAY, encoding="utf-8")
        written.append(project.theme)
        project.layout.write_text(text, encoding="utf-8")
        written.append(project.layout)
        load_layout(project.layout)
    except BaseException:
        for path in reversed(written):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        raise
