"""Synthetic survey answers (the kommun- och stadsdelsenkät) of the bundled ekonomiskt bistånd
2015 sample (its calibration: the constants below are published 2015 facts and invented
levels of that release; other areas and years are drawn by ``survey_draw``).

In: the registry, the catalog, which survey indicators each year has (from the source profile),
the Jönköping fixture, every unit's invented population and a seed.
Out: ``SurveySample``: per (indicator, year) a dict unit code -> ``Entry`` for every answering
kommun or stadsdel, every län and Riket; and the non-responders per year.

The latest year (2015) is calibrated: Jönköpings län answers exactly as in the fixture, and the
other units are drawn so that the share computed from all answering units rounds to the
published Riket value (or to a plausible whole percent where none is published). Earlier years
are drawn from the latest with persistence: most units gave the same answer the year before,
shares a few points lower on average.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from regionreport.aggregate import share_positive, weighted_ratio
from regionreport.model.catalog import Catalog, Indicator
from regionreport.model.registry import Registry
from regionreport.numbers import round_half_up
from regionreport.sample.calibration import (counts_for_shares, share_counts, spread_delta,
                                             total_for_target)
from regionreport.sample.entry import Entry
from regionreport.sample.fixture import Fixture
from regionreport.sample.survey_draw import eligible_non_responders

NON_RESPONDERS = {2015: 13, 2014: 10}
# Riket shares (whole percent) where the fixture has none: published facts of the 2015 release
# (data/README.md) for the first five, plausible invented levels for the rest.
RIKET_TARGETS = {"standardiserade_bedomningsmetoder": "55", "uppfoljning_individniva": "82",
                 "genomforandeplan_tre_manader": "51", "genomforandeplan_undertecknad": "40",
                 "genomforandeplan_uppfoljning": "36", "sammanstallning_gruppniva": "47",
                 "it_system_uppfoljning": "28", "brukarundersokning": "39",
                 "vantetid_nybesok": "71", "information_webben": "86",
                 "information_andra_sprak": "33", "socialjour": "93"}
# Relative frequency of each answer within the positive or the negative answers.
ANSWER_WEIGHTS = {"Ja": 1.0, "Nej": 1.0, "Integrerat": 0.3, "Ny rutin": 0.05,
                  "Verksamhet saknas": 0.03, "Ny överenskommelse": 0.06,
                  "Ingen nyanställd": 0.3}
# Answers that describe something new this year: the year before it was mostly "Nej".
NEW_THIS_YEAR = ("Ny rutin", "Ny överenskommelse")
INHABITANTS_PER_CASEWORKER = 2800
SHARE_LEVELS = {"andel_socionomexamen": (0.85, 0.09), "andel_erfarenhet_2ar": (0.67, 0.14)}


@dataclass(frozen=True)
class SurveySample:
    """``entries[(indicator, year)][code]``; ``non_responders[year]`` the units that did not
    answer at all; ``units[year]`` the survey units in code order."""

    entries: dict[tuple[str, int], dict[str, Entry]]
    non_responders: dict[int, tuple[str, ...]]
    units: dict[int, tuple[str, ...]]


def survey_units(registry: Registry, year: int) -> list[str]:
    """The kommuner and stadsdelar that answer the survey in ``year``, in code order."""
    codes = [u.code for k in registry.units("kommun") for u in registry.survey_units(k.code, year)]
    return sorted(codes)


@dataclass(frozen=True)
class _Draw:
    """What the drawing of one survey year needs besides the indicator."""

    responders: list[str]
    fixture: Fixture
    quality: dict[str, float]
    sizes: dict[str, int]
    heads: dict[str, int]
    skip: dict[str, set[str]]
    rng: np.random.Generator


def build_survey_sample(registry: Registry, catalog: Catalog, indicators: dict[int, list[str]],
                        fixture: Fixture, population: dict[str, dict[int, int]],
                        seed: int) -> SurveySample:
    """Draw every survey year; ``indicators`` maps a year to its survey indicator ids."""
    rng = np.random.default_rng([seed, 2])
    years = sorted(indicators, reverse=True)
    latest = years[0]
    units = {year: tuple(survey_units(registry, year)) for year in years}
    sizes = {code: population[code][max(y for y in population[code] if y <= latest)]
             for code in units[latest]}
    eligible = eligible_non_responders(registry, units[latest], set(fixture.answers))
    missing = {latest: _pick(rng, eligible, NON_RESPONDERS[latest], sizes)}
    draw = _latest_draw(units[latest], missing[latest], eligible, fixture, sizes, rng)
    entries: dict[tuple[str, int], dict[str, Entry]] = {}
    for ind_id in indicators[latest]:
        indicator = catalog.indicator(ind_id)
        drawer = _draw_categorical if indicator.is_categorical else _draw_numeric
        entries[(ind_id, latest)] = drawer(indicator, draw)
    for year in years[1:]:
        kept = _pick(rng, missing[latest], NON_RESPONDERS[year] // 2, sizes)
        others = [c for c in eligible if c not in missing[latest]]
        missing[year] = sorted(kept + _pick(rng, others, NON_RESPONDERS[year] - len(kept), sizes))
        answering = [c for c in units[year] if c not in missing[year]]
        heads = _earlier_heads(answering, draw, entries, latest, rng)
        for ind_id in indicators[year]:
            indicator = catalog.indicator(ind_id)
            later = entries.get((ind_id, latest), {})
            entries[(ind_id, year)] = _previous_year(indicator, answering, later, heads, rng)
    for (ind_id, year), rows in entries.items():
        rows.update(_region_rows(registry, catalog.indicator(ind_id), rows))
    return SurveySample(entries=entries,
                        non_responders={y: tuple(sorted(m)) for y, m in missing.items()},
                        units=units)


def _latest_draw(units: tuple[str, ...], missing: list[str], eligible: list[str],
                 fixture: Fixture, sizes: dict[str, int], rng: np.random.Generator) -> _Draw:
    """Responders, a quality score per unit (larger units a little better equipped), caseworker
    head counts and the few units that skip the numeric questions."""
    responders = [c for c in units if c not in missing]
    quality = {c: rng.normal() + 0.4 * np.log10(sizes[c] / 20_000) for c in responders}
    heads = {c: max(1, int(round(sizes[c] / INHABITANTS_PER_CASEWORKER
                                 * np.exp(rng.normal(0, 0.25))))) for c in responders}
    free = [c for c in eligible if c in quality]
    skip = {"shares": set(_pick(rng, free, 2, sizes)),
            "hours": set(_pick(rng, free, 3, sizes))}
    return _Draw(responders, fixture, quality, sizes, heads, skip, rng)


def _earlier_heads(answering: list[str], draw: _Draw,
                   entries: dict[tuple[str, int], dict[str, Entry]], latest: int,
                   rng: np.random.Generator) -> dict[str, int]:
    """Caseworker head counts the year before (shared by both caseworker shares)."""
    later = entries.get((next(iter(SHARE_LEVELS)), latest), {})
    heads = {}
    for code in answering:
        now = later[code].denominator if code in later else draw.heads.get(code)
        now = now or max(1, round(draw.sizes.get(code, 20_000) / INHABITANTS_PER_CASEWORKER))
        step = int(rng.integers(-1, 2)) if now > 3 else 0
        heads[code] = max(1, int(now) + step)
    return heads


# -- who answers ----------------------------------------------------------------------------------
def _pick(rng: np.random.Generator, codes: list[str], count: int,
          sizes: dict[str, int]) -> list[str]:
    """``count`` codes drawn without replacement, small units more likely."""
    weights = np.array([1 / np.sqrt(sizes[c]) for c in codes])
    chosen = rng.choice(len(codes), size=count, replace=False, p=weights / weights.sum())
    return [codes[i] for i in sorted(chosen)]


# -- the calibrated year --------------------------------------------------------------------------
def _target(indicator: Indicator, fixture: Fixture) -> Decimal:
    if indicator.id in fixture.riket:
        return fixture.riket[indicator.id]
    return Decimal(RIKET_TARGETS[indicator.id])


def _draw_categorical(indicator: Indicator, draw: _Draw) -> dict[str, Entry]:
    """Answers of all responders: fixture units as given; of the others a number of positive
    answers (and of item non-responses) such that the Riket share rounds to the target."""
    responders, fixture, rng = draw.responders, draw.fixture, draw.rng
    fixed = {c: fixture.answers[c][indicator.id] for c in responders
             if c in fixture.answers and indicator.id in fixture.answers[c]}
    fixed_positive = sum(answer in indicator.positive for answer in fixed.values())
    missing_count, positive = share_counts(
        _target(indicator, fixture), len(responders), fixed_positive, len(fixed),
        min_missing=int(rng.choice([0, 0, 0, 1, 1, 2])))
    free = [c for c in responders if c not in fixed]
    outside = [c for c in free if c not in fixture.answers]
    skipped = set(_pick(rng, outside, missing_count, draw.sizes))
    free = [c for c in free if c not in skipped]
    score = np.array([draw.quality[c] for c in free]) + rng.normal(0, 1.0, len(free))
    ranked = [free[i] for i in np.argsort(-score, kind="stable")]
    is_positive = {c: rank < positive - fixed_positive for rank, c in enumerate(ranked)}
    negative = [a for a in indicator.answers if a not in indicator.positive]
    rows = {c: Entry(answer=a) for c, a in fixed.items()}
    for code in free:
        choices = list(indicator.positive) if is_positive[code] else negative
        rows[code] = Entry(answer=_weighted_choice(rng, choices))
    return rows


def _weighted_choice(rng: np.random.Generator, answers: list[str]) -> str:
    weights = np.array([ANSWER_WEIGHTS.get(a, 0.1) for a in answers])
    return answers[int(rng.choice(len(answers), p=weights / weights.sum()))]


def _draw_numeric(indicator: Indicator, draw: _Draw) -> dict[str, Entry]:
    """Counts behind a numeric indicator for all responders but a few item non-responses,
    fixture units reproducing their published values, the total calibrated to Riket."""
    group = "hours" if indicator.kind == "hours" else "shares"
    answering = [c for c in draw.responders if c not in draw.skip[group]]
    if indicator.kind == "hours":
        return _hours_rows(indicator, answering, draw)
    return _share_rows(indicator, answering, draw)


def _share_rows(indicator: Indicator, answering: list[str], draw: _Draw) -> dict[str, Entry]:
    """Caseworkers with the property (numerator) among all caseworkers (denominator)."""
    fixture, heads, rng = draw.fixture, draw.heads, draw.rng
    mean, spread = SHARE_LEVELS[indicator.id]
    dens, nums, fixed = [], [], []
    for code in answering:
        if code in fixture.answers:
            den, counts = _fixture_head_count(fixture, code, heads[code])
            share_index = list(SHARE_LEVELS).index(indicator.id)
            dens.append(den)
            nums.append(counts[share_index])
        else:
            level = mean + 0.02 * draw.quality[code]
            share = float(np.clip(rng.normal(level, spread), 0.2, 1.0))
            dens.append(heads[code])
            nums.append(int(round(share * heads[code])))
        fixed.append(code in fixture.answers)
    goal = total_for_target(_target(indicator, fixture), sum(dens), Fraction(100), sum(nums))
    nums = spread_delta(nums, goal - sum(nums), dens, [not f for f in fixed])
    rows = {}
    for code, num, den in zip(answering, nums, dens):
        value = fixture.answers[code][indicator.id] if code in fixture.answers else \
            round_half_up(100 * num / den)
        rows[code] = Entry(value=float(value), numerator=num, denominator=den)
    return rows


def _fixture_head_count(fixture: Fixture, code: str, drawn: int) -> tuple[int, list[int]]:
    """A plausible head count of caseworkers giving both of a fixture unit's published shares."""
    values = [Decimal(fixture.answers[code][ind]) for ind in SHARE_LEVELS]
    return counts_for_shares(values, max(2, int(drawn * 0.7)))


def _hours_rows(indicator: Indicator, answering: list[str], draw: _Draw) -> dict[str, Entry]:
    """Support hours per week (tenths) and full-time posts (halves) per unit; value = hours /
    posts. Fixture units get whole posts and hours = posts × their published value."""
    fixture, heads, rng = draw.fixture, draw.heads, draw.rng
    tenths, halves, fixed = [], [], []
    for code in answering:
        if code in fixture.answers:
            posts = max(1, int(_fixture_head_count(fixture, code, heads[code])[0] * 0.9))
            value = Decimal(fixture.answers[code][indicator.id])
            halves.append(2 * posts)
            tenths.append(int(posts * value * 10))
        else:
            half_posts = max(2, int(round(2 * heads[code] * rng.uniform(0.8, 1.0))))
            hours = float(np.clip(2.0 * np.exp(rng.normal(0, 0.35)), 0.3, 8.0))
            halves.append(half_posts)
            tenths.append(int(round(hours * half_posts / 2 * 10)))
        fixed.append(code in fixture.answers)
    # value = (tenths / 10) / (halves / 2) = tenths / (5 · halves)
    goal = total_for_target(_target(indicator, fixture), sum(halves), Fraction(1, 5),
                            sum(tenths))
    tenths = spread_delta(tenths, goal - sum(tenths), [100 * h for h in halves],
                          [not f for f in fixed])
    rows = {}
    for code, hours, posts in zip(answering, tenths, halves):
        value = Decimal(fixture.answers[code][indicator.id]) if code in fixture.answers else \
            round_half_up(hours / (5 * posts))
        rows[code] = Entry(value=float(value), numerator=hours / 10, denominator=posts / 2)
    return rows


# -- earlier years --------------------------------------------------------------------------------
def _previous_year(indicator: Indicator, answering: list[str], later: dict[str, Entry],
                   heads: dict[str, int], rng: np.random.Generator) -> dict[str, Entry]:
    """The year before, drawn from the later year's answers with persistence."""
    if indicator.is_categorical:
        pool = [e.answer for e in later.values() if e.answer]
        rows = {}
        for code in answering:
            if rng.random() < 0.004:
                continue
            answer = later[code].answer if code in later else None
            answer = _earlier_answer(indicator, answer, pool, rng)
            rows[code] = Entry(answer=answer)
        return rows
    return _previous_numbers(indicator, answering, later, heads, rng)


def _earlier_answer(indicator: Indicator, answer: str | None, pool: list[str],
                    rng: np.random.Generator) -> str:
    """One unit's answer the year before, given its later answer (None: not known)."""
    if answer is None:
        return pool[int(rng.integers(len(pool)))]
    negative = [a for a in indicator.answers if a not in indicator.positive]
    if answer in NEW_THIS_YEAR:
        return "Nej" if rng.random() < 0.85 else "Ja"
    if answer in indicator.positive:
        if rng.random() < 0.09:
            return _weighted_choice(rng, negative)
        if answer == "Ja" and "Ny rutin" in indicator.answers and rng.random() < 0.05:
            return "Ny rutin"
        if answer == "Ingen nyanställd" and rng.random() < 0.5:
            return "Ja"
        return answer
    if rng.random() < 0.04:
        return _weighted_choice(rng, [a for a in indicator.positive if a not in NEW_THIS_YEAR])
    return answer


def _previous_numbers(indicator: Indicator, answering: list[str], later: dict[str, Entry],
                      heads: dict[str, int], rng: np.random.Generator) -> dict[str, Entry]:
    """Counts the year before: head counts or posts about the same, values a little lower.
    The caseworker shares use the shared head counts ``heads``; a unit without a later value
    borrows the level of a random other unit."""
    known = [e for e in later.values() if e.denominator]
    rows = {}
    for code in answering:
        base = later.get(code) or known[int(rng.integers(len(known)))]
        level = base.numerator / base.denominator
        if indicator.kind == "hours":
            halves = max(2, int(round(2 * base.denominator)) + int(rng.integers(-1, 2)))
            tenths = int(round(level * np.exp(rng.normal(-0.05, 0.12)) * halves / 2 * 10))
            value = round_half_up(tenths / (5 * halves))
            rows[code] = Entry(value=float(value), numerator=tenths / 10,
                               denominator=halves / 2)
        else:
            den = heads[code]
            num = int(np.clip(round((level - 0.02 + rng.normal(0, 0.04)) * den), 0, den))
            value = round_half_up(100 * num / den)
            rows[code] = Entry(value=float(value), numerator=num, denominator=den)
    return rows


# -- län and Riket --------------------------------------------------------------------------------
def _region_rows(registry: Registry, indicator: Indicator,
                 rows: dict[str, Entry]) -> dict[str, Entry]:
    """Riket and län entries computed from the unit entries by the indicator's rule."""
    groups = {registry.riket.code: list(rows)}
    for county in registry.counties():
        groups[county.code] = [c for c in rows if registry.unit(c).county_code == county.code]
    result = {}
    for code, members in groups.items():
        entry = _aggregate(indicator, [rows[c] for c in members])
        if entry is not None:
            result[code] = entry
    return result


def _aggregate(indicator: Indicator, entries: list[Entry]) -> Entry | None:
    """A region's entry from its units' entries by the pipeline's rules (share of positive
    answers, or weighted Σnumerator/Σdenominator) and rounding; the counts written beside a
    weighted value are the exact sums of the units' decimal counts."""
    if not entries:
        return None
    if indicator.is_categorical:
        share, _, _ = share_positive((e.answer for e in entries), indicator.positive)
        return Entry(value=round_half_up(share))
    value = weighted_ratio(((e.numerator, e.denominator) for e in entries), indicator.scale)
    num = sum(Fraction(str(e.numerator)) for e in entries)
    den = sum(Fraction(str(e.denominator)) for e in entries)
    return Entry(value=round_half_up(value), numerator=float(num), denominator=float(den))
