"""regionreport from a plain (non-editable) install: the sdist and wheel carry the bundled
layouts/ and fonts/, and an analyst's project outside the checkout builds from them with
nothing written into the installed package or the checkout.

The end-to-end tests build an sdist from a copy of the sources, a wheel from that sdist
(`pip wheel --no-deps --no-build-isolation`, no network), install it with `pip install
--target`, and run `python -m regionreport` from it in a fresh folder. They need setuptools
(the test extra) and are marked slow (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from regionreport import paths
from regionreport.model.registry import load_registry

CHECKOUT = Path(__file__).resolve().parent.parent
SOURCES = ["regionreport", "layouts", "fonts", "pyproject.toml", "README.md"]
# checkout folders the listing leaves out: git's, the environments', and the test tools'
# caches, which the other test workers write meanwhile (hypothesis, pytest)
NOT_THE_PROJECT = {".git", ".venv", ".ci-venv", ".hypothesis", ".pytest_cache"}
MEMBERS = {"0680": "Jönköping", "0682": "Nässjö", "0683": "Värnamo",
           "1380": "Halmstad", "1381": "Laholm", "1382": "Falkenberg"}
REGION_NAME = "FoU Sydväst"


# -- the package list and the resolver (quick) ----------------------------------------------------
def test_pyproject_lists_every_package_folder():
    """pyproject.toml lists its packages (find cannot add the bundled folders): a package
    folder added under regionreport/ must be listed too, or the wheel lacks it."""
    setuptools = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]
    folders = {".".join(path.relative_to(CHECKOUT).parts)
               for path in [CHECKOUT / "regionreport", *(CHECKOUT / "regionreport").rglob("*")]
               if path.is_dir() and path.name != "__pycache__"}
    bundled = {name for name in setuptools["packages"] if name.startswith("regionreport._bundled")}
    assert set(setuptools["packages"]) - bundled == folders
    assert {setuptools["package-dir"][name] for name in bundled} == {"layouts", "fonts"}


def test_an_installed_package_reads_its_bundle_and_writes_to_the_current_folder(
        tmp_path, monkeypatch):
    bundle = tmp_path / "site" / "regionreport" / "_bundled"
    (bundle / "layouts").mkdir(parents=True)
    (tmp_path / "work").mkdir()
    monkeypatch.setattr(paths, "BUNDLE", bundle)
    monkeypatch.delenv("REGIONREPORT_HOME", raising=False)
    monkeypatch.chdir(tmp_path / "work")
    assert paths.installed()
    assert paths.layouts_dir() == bundle / "layouts"
    assert paths.fonts_folder("fonts") == bundle / "fonts"
    assert paths.output_dir() == tmp_path / "work" / "out"
    assert paths.is_bundled(bundle / "layouts" / "jonkoping-2015.toml")


def test_a_checkout_reads_and_writes_beside_the_package(monkeypatch):
    monkeypatch.delenv("REGIONREPORT_HOME", raising=False)
    monkeypatch.chdir(CHECKOUT / "tests")
    assert not paths.installed()
    assert paths.layouts_dir() == CHECKOUT / "layouts"
    assert paths.output_dir() == CHECKOUT / "out"


# -- a wheel installed outside the checkout (slow) ------------------------------------------------
def listing(root: Path, leave_out: set[str] = frozenset()) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root`` (but the top-level ``leave_out``) with its
    modification time and size."""
    found = {}
    for folder, subfolders, files in os.walk(root):
        if Path(folder) == root:
            subfolders[:] = [name for name in subfolders if name not in leave_out]
        for name in subfolders + files:
            path = Path(folder) / name
            stat = path.lstat()
            found[str(path.relative_to(root))] = (stat.st_mtime_ns,
                                                  0 if path.is_dir() else stat.st_size)
    return found


def run(*arguments, cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run([sys.executable, *map(str, arguments)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{arguments}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """A wheel built from an sdist of the sources, installed with --target into site/, and
    every command run from it in work/; the listings of site/ and the checkout before and
    after the commands, and each command's output."""
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        version = "0"
    if int(version.split(".")[0]) < 77:
        pytest.skip(f"building the wheel without network needs setuptools>=77 in this "
                    f"environment (found {version}): pip install -e '.[test]'")
    checkout_before = listing(CHECKOUT, NOT_THE_PROJECT)
    tmp = tmp_path_factory.mktemp("wheel")
    source, dist, site, work = (tmp / name for name in ("src", "dist", "site", "work"))
    for name in SOURCES:            # a copy, so that the build writes nothing into the checkout
        copy = shutil.copytree if (CHECKOUT / name).is_dir() else shutil.copy2
        copy(CHECKOUT / name, source / name,
             **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree
                else {}))
    sdist = run("-c", "import sys; from setuptools import build_meta; "
                f"print(build_meta.build_sdist({str(dist)!r}))", cwd=source).split()[-1]
    run("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--no-cache-dir", "-q", "-w", dist, dist / sdist, cwd=tmp)
    wheel = next(dist.glob("regionreport-*.whl"))
    run("-m", "pip", "install", "--no-deps", "--no-index", "--no-cache-dir", "-q",
        "--target", site, wheel, cwd=tmp)
    site_before = listing(site)
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "REGIONREPORT_HOME"}
    env["PYTHONPATH"] = str(site)
    bundled = site / "regionreport" / "_bundled" / "layouts" / "jonkoping-2015.toml"
    commands = {
        "where": ["-c", "import regionreport, regionreport.paths as p; "
                        "print(regionreport.__file__); print(p.layouts_dir())"],
        "sample": ["sample-data", "-o", "data.xlsx"],
        "init": ["init", "proj", "--lan", "06", "--data", "data.xlsx"],
        "build": ["build", "proj/jonkopings-lan-2015.toml"],
        "handouts": ["handouts", "proj/jonkopings-lan-2015.toml", "-o", "proj/out/handouts"],
        "xlsx": ["xlsx", "proj/jonkopings-lan-2015.toml", "-o", "proj/out/tabeller.xlsx"],
        "init region": ["init", "fou", "--members", ",".join(MEMBERS), "--name", REGION_NAME,
                        "--data", "data.xlsx"],
        "build region": ["build", "fou/fou-sydvast-2015.toml", "--no-charts"],
        "build bundled": ["build", bundled, "--data", "data.xlsx", "--no-charts"],
        # another ÖJ area: its sample data, a project from its sample layout, edited, built
        "sample bou": ["sample-data", "-o", "bou.xlsx", "--profile", "oj-barn-och-unga-2015",
                       "--catalog", "barn-och-unga-2015"],
        "init bou": ["init", "bou", "--lan", "06", "--template", "jonkoping-bou-2015",
                     "--data", "bou.xlsx"],
        "edit bou": ["-c", "from pathlib import Path; p = Path('bou/jonkopings-lan-2015.toml'); "
                           "t = p.read_text(encoding='utf-8'); p.write_text(t.replace("
                           "'Barn och unga {år}\"', 'Barn och unga i länet\"'), "
                           "encoding='utf-8')"],
        "build bou": ["build", "bou/jonkopings-lan-2015.toml"],
        "handouts bou": ["handouts", "bou/jonkopings-lan-2015.toml"],
        "xlsx bou": ["xlsx", "bou/jonkopings-lan-2015.toml"],
    }
    output = {name: run(*(arguments if arguments[0] == "-c" else
                          ["-m", "regionreport", *arguments]), cwd=work, env=env)
              for name, arguments in commands.items()}
    return {"site": site, "work": work, "output": output,
            "site_before": site_before, "site_after": listing(site),
            "checkout_before": checkout_before,
            "checkout_after": listing(CHECKOUT, NOT_THE_PROJECT)}


def test_the_commands_run_the_installed_package(installed_wheel):
    module, layouts = installed_wheel["output"]["where"].splitlines()
    site = installed_wheel["site"]
    assert Path(module) == site / "regionreport" / "__init__.py"
    assert Path(layouts) == site / "regionreport" / "_bundled" / "layouts"


def test_nothing_is_written_into_the_installed_package_or_the_checkout(installed_wheel):
    assert installed_wheel["site_after"] == installed_wheel["site_before"]
    assert installed_wheel["checkout_after"] == installed_wheel["checkout_before"]


def test_the_outputs_land_in_the_projects_out_folders(installed_wheel):
    work = installed_wheel["work"]
    written = {path.relative_to(work).as_posix() for path in work.rglob("*")
               if path.is_file() and ".cache" not in path.parts}
    outputs = {path for path in written if "/out/" in f"/{path}"}
    handouts = {f"proj/out/handouts/{name}.pdf" for name in (
        "aneby", "eksjo", "gislaved", "gnosjo", "habo", "jonkoping", "mullsjo", "nassjo",
        "savsjo", "tranas", "vaggeryd", "vetlanda", "varnamo")}
    bou = {"bou/out/jonkopings-lan-2015.pdf", "bou/out/jonkopings-lan-2015.xlsx"} | {
        path.replace("proj/out/handouts/", "bou/out/handouts/jonkopings-lan-2015/")
        for path in handouts}
    assert outputs == {"proj/out/jonkopings-lan-2015.pdf", "proj/out/tabeller.xlsx",
                       "fou/out/fou-sydvast-2015.pdf", "out/jonkoping-2015.pdf"} | handouts | bou
    assert {path for path in work.rglob(".cache")} == {
        work / "proj" / "out" / ".cache", work / "proj" / "out" / "handouts" / ".cache",
        work / "fou" / "out" / ".cache", work / "out" / ".cache", work / "bou" / "out" / ".cache",
        work / "bou" / "out" / "handouts" / "jonkopings-lan-2015" / ".cache"}


def test_the_county_report_names_the_county_and_its_kommuner(installed_wheel):
    work = installed_wheel["work"]
    kommuner = [unit.name for unit in load_registry().kommuner_in("06")]
    assert len(kommuner) == 13
    text = pdf_text(work / "proj" / "out" / "jonkopings-lan-2015.pdf")
    assert "Jönköpings län" in text
    assert [name for name in kommuner if name not in text] == []
    book = openpyxl.load_workbook(work / "proj" / "out" / "tabeller.xlsx", read_only=True)
    cells = {str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
             for value in row}
    assert [name for name in kommuner if name not in cells] == []
    assert "Wrote 13 handouts to proj/out/handouts" in installed_wheel["output"]["handouts"]


def test_a_region_across_two_counties_builds_from_the_wheel(installed_wheel):
    assert installed_wheel["output"]["build region"].startswith(
        f"{REGION_NAME}: 6 members (Falkenberg, Halmstad, Jönköping, Laholm, Nässjö, Värnamo)")
    text = pdf_text(installed_wheel["work"] / "fou" / "out" / "fou-sydvast-2015.pdf")
    assert REGION_NAME in text
    assert [name for name in MEMBERS.values() if name not in text] == []


def test_another_area_builds_from_the_wheel_by_data_alone(installed_wheel):
    """Barn och unga from the installed package: sample data from its catalog and profile,
    a project from its sample layout, edited (the running title), built with handouts and
    the workbook."""
    work = installed_wheel["work"] / "bou"
    text = pdf_text(work / "out" / "jonkopings-lan-2015.pdf")
    assert "Social barn- och ungdomsvård 2015" in text
    assert "Barn och unga i länet" in text                       # the analyst's edit
    assert "antal per 10 000 invånare 0–20 år" in text
    assert "Storlek" not in text and "Socioekonomisk" not in text
    kommuner = [unit.name for unit in load_registry().kommuner_in("06")]
    assert [name for name in kommuner if name not in text] == []
    assert "Wrote 13 handouts" in installed_wheel["output"]["handouts bou"]
