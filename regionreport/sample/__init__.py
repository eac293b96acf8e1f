"""The sample generator: a synthetic national ÖJ workbook of ekonomiskt bistånd, for trying
the tool (the CLI's ``sample-data`` command).

In: an output path and a seed. Out: the workbook, written atomically and reproducibly (same
seed, same bytes), and a ``SampleSummary``. The modules, from the inside out:

- ``entry``: ``Entry``, one unit's cells for one indicator and year;
- ``fixture``: the real parts, read from ``data/jonkoping-2015-*.csv``;
- ``calibration``: exact rounding checks and the searches that hit published values;
- ``register``: populations, register series and background classes;
- ``survey``: the survey answers of every year;
- ``workbook``: draws everything and writes the sheets the source profile describes.
"""

from regionreport.sample.workbook import SampleSummary, build_sample, write_sample_workbook

__all__ = ["SampleSummary", "build_sample", "write_sample_workbook"]
