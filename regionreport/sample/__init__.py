"""The sample generator: a synthetic national ÖJ workbook, for trying the tool (the CLI's
``sample-data`` command; docs/sample-data.md).

In: an output path, a source profile and catalog, the years, an optional calibration file
and a seed. Out: the workbook, written atomically and reproducibly (same inputs and seed,
same bytes), and a ``SampleSummary``. ``write_sample`` (in ``generic``) chooses:

The bundled ekonomiskt bistånd 2015 sample (no profile given), whose calibration of the
published 2015 facts is code and data of its own:

- ``fixture``: the real parts, read from ``data/jonkoping-2015-*.csv``;
- ``register``: populations, register series and background classes of 2011–2015;
- ``survey``: the survey answers of 2015 and 2014;
- ``workbook``: draws everything and writes the sheets of the 2015 profile.

Any other area and years, driven by catalog + profile + calibration:

- ``plan``: the calibration file read and every setting filled in (``fixture_file`` reads
  its fixtures);
- ``population``: invented populations of every unit and year;
- ``survey_draw`` with ``answers`` (categorical) and ``quantities`` (numeric values);
- ``series``: register series; ``classes``: background classes;
- ``sheets``: the profile's sheets, Riket and län rows by ``aggregate.region_value``;
- ``generic``: all of it in order, and the choice between the two.

Shared: ``entry`` (``Entry``, one unit's cells), ``calibration`` and ``levels`` (exact
rounding and the searches that hit a level).
"""

from regionreport.sample.generic import write_any_sample, write_sample
from regionreport.sample.workbook import SampleSummary, build_sample, write_sample_workbook

__all__ = ["SampleSummary", "build_sample", "write_any_sample", "write_sample",
           "write_sample_workbook"]
