"""Background measures of kind "class" (kommunstorlek 1–5, a socio-economic key 1–10) of a
generic sample.

In: the ``SamplePlan``, the registry, every unit's population per year and the seed.
Out: per (indicator, year) unit code -> ``Entry(value=class)`` for every kommun and stadsdel.

With ``bounds`` (upper population bounds of the lower classes) a unit's class follows its
population; otherwise ``classes`` equally large classes of a latent score that persists
from year to year (1 = the lowest score), a stadsdel by the same cuts as the kommuner. A
fixture's class is kept.
"""

from __future__ import annotations

import zlib

import numpy as np

from regionreport.errors import InputError
from regionreport.model.registry import Registry
from regionreport.sample.entry import Entry
from regionreport.sample.levels import next_scores
from regionreport.sample.plan import SamplePlan
from regionreport.sample.population import size_class


def draw_classes(plan: SamplePlan, registry: Registry, populations: dict[str, dict[int, int]],
                 seed: int) -> dict[tuple[str, int], dict[str, Entry]]:
    entries = {}
    codes = [u.code for u in registry.units("kommun") + registry.units("stadsdel")]
    kommun = np.array([registry.unit(c).level == "kommun" for c in codes])
    for member in [p for p in plan.indicators.values() if p.draw == "class"]:
        rng = np.random.default_rng([seed, 8, zlib.crc32(member.id.encode())])
        scores = None
        for year in member.years:
            scores = next_scores(scores, member.persistence, len(codes), rng)
            if member.bounds is not None:
                classes = [size_class(populations[c][year], member.bounds) for c in codes]
            else:
                cuts = np.quantile(scores[kommun], np.arange(1, member.classes)
                                   / member.classes)
                classes = [1 + int(np.searchsorted(cuts, s)) for s in scores]
            rows = {c: Entry(value=float(k)) for c, k in zip(codes, classes)}
            for code, entry in plan.fixtures.cells.get((member.id, year), {}).items():
                if entry.value is None or not float(entry.value).is_integer():
                    raise InputError(f"the class of '{code}' ({member.id}, {year}) must be a "
                                     "whole number", file=plan.fixtures.file_of(member.id, year))
                rows[code] = Entry(value=float(entry.value))
            entries[(member.id, year)] = rows
    return entries
