"""Build the bundled sample reports: `python build.py` with no arguments.

Writes the synthetic national ÖJ workbook to out/sample-oj-ekonomiskt-bistand-2015.xlsx, then
for every sample layout its report (out/jonkoping-2015.pdf, out/goteborgsregionen-2015.pdf,
out/vatterbygden-2015.pdf) and its committee handouts (out/handouts/<layout>/<unit>.pdf). Run
`regionreport --help` for the command line and its options.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from regionreport.cli import main

HOME = Path(__file__).resolve().parent
SAMPLE = HOME / "out" / "sample-oj-ekonomiskt-bistand-2015.xlsx"
LAYOUTS = [HOME / "layouts" / "jonkoping-2015.toml",
           HOME / "layouts" / "goteborgsregionen-2015.toml",
           HOME / "layouts" / "vatterbygden-2015.toml"]


def run(*arguments: str) -> None:
    """One `regionreport` command, stopping the build with its message when it fails."""
    try:
        main(list(arguments), prog_name="regionreport", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


def build() -> None:
    run("sample-data", "-o", str(SAMPLE))
    for layout in LAYOUTS:
        run("build", str(layout), "--data", str(SAMPLE))
        run("handouts", str(layout), "-o", str(HOME / "out" / "handouts" / layout.stem),
            "--data", str(SAMPLE))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit("build.py takes no arguments; use `regionreport` for options")
    build()
