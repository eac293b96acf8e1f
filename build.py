"""Build the bundled sample reports: `python build.py` with no arguments.

For each sample area, writes its synthetic national data (an ÖJ workbook, or Kolada's JSON)
to out/ and then, for every sample layout of that area, its report (out/<layout>.pdf) and
its committee handouts (out/handouts/<layout>/<unit>.pdf):
- ekonomiskt bistånd 2015 (out/sample-oj-ekonomiskt-bistand-2015.xlsx): Jönköpings län,
  Göteborgsregionen and the FoU region Vätterbygden;
- social barn- och ungdomsvård 2015 (out/sample-oj-barn-och-unga-2015.xlsx, drawn from its
  catalog, profile and layouts/samples/barn-och-unga-2015.toml): Jönköpings län;
- ekonomiskt bistånd 2021 in Kolada's shape (out/sample-kolada-ekonomiskt-bistand-2021.json,
  what `regionreport fetch kolada` saves, drawn from the 2021 catalog and
  layouts/samples/ekonomiskt-bistand-2021-kolada.toml): Kalmar län.
Run `regionreport --help` for the command line and its options.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from regionreport.cli import main

HOME = Path(__file__).resolve().parent
OUT = HOME / "out"
LAYOUTS = HOME / "layouts"
# (the sample workbook, the sample-data options that write it, the layouts that read it)
AREAS = [
    (OUT / "sample-oj-ekonomiskt-bistand-2015.xlsx", [],
     ["jonkoping-2015", "goteborgsregionen-2015", "vatterbygden-2015"]),
    (OUT / "sample-oj-barn-och-unga-2015.xlsx",
     ["--profile", "oj-barn-och-unga-2015", "--catalog", "barn-och-unga-2015",
      "--calibration", str(LAYOUTS / "samples" / "barn-och-unga-2015.toml")],
     ["jonkoping-bou-2015"]),
    (OUT / "sample-kolada-ekonomiskt-bistand-2021.json",
     ["--kolada", "--catalog", "ekonomiskt-bistand-2021",
      "--calibration", str(LAYOUTS / "samples" / "ekonomiskt-bistand-2021-kolada.toml")],
     ["kalmar-2021"]),
]


def run(*arguments: str) -> None:
    """One `regionreport` command, stopping the build with its message when it fails."""
    try:
        main(list(arguments), prog_name="regionreport", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


def build() -> None:
    for sample, options, layouts in AREAS:
        run("sample-data", "-o", str(sample), *options)
        for name in layouts:
            layout = LAYOUTS / f"{name}.toml"
            run("build", str(layout), "--data", str(sample))
            run("handouts", str(layout), "-o", str(OUT / "handouts" / name), "--data",
                str(sample))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit("build.py takes no arguments; use `regionreport` for options")
    build()
