"""The cell record every part of the sample generator hands on.

In: nothing (a plain record). Out: ``Entry``, one unit's cells for one indicator and year, as
``register`` and ``survey`` produce them and ``workbook`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One unit's cells for one indicator and year.

    ``answer`` is the catalog spelling of a categorical answer (kommun, stadsdel); ``value`` is
    the number shown in the value column (a unit's share, hours or class; for Riket and län the
    share of positive answers); ``numerator``/``denominator`` the counts behind a weighted value.
    A unit without an ``Entry`` did not answer.
    """

    value: float | None = None
    answer: str | None = None
    numerator: float | None = None
    denominator: float | None = None
