"""Build the bundled sample: `python build.py` with no arguments.

Writes the synthetic national ÖJ workbook to out/sample-oj-ekonomiskt-bistand-2015.xlsx and
prints the check summary for Jönköpings län 2015 (the report itself is the next stage).
Run `regionreport --help` for the command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from regionreport.cli import main

OUT = Path(__file__).resolve().parent / "out"
SAMPLE = OUT / "sample-oj-ekonomiskt-bistand-2015.xlsx"


def build() -> None:
    """Run the sample's stages as the command line would."""
    for arguments in (["sample-data", "-o", str(SAMPLE)],
                      ["check", "--data", str(SAMPLE), "--region", "06", "--year", "2015"]):
        try:
            main(arguments, prog_name="regionreport", standalone_mode=False)
        except Exception as exc:  # click already printed usage errors; say which stage failed
            from click import ClickException

            if isinstance(exc, ClickException):
                exc.show()
                sys.exit(exc.exit_code)
            raise


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit("build.py takes no arguments; use `regionreport` for options")
    build()
