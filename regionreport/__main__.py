"""`python -m regionreport`: the same command line as `regionreport` (regionreport.cli)."""

from regionreport.cli import main

main(prog_name="regionreport")
