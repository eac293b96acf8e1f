"""The sample generator against the pipeline: its calibration searches hit what the pipeline's
rounding (``regionreport.numbers.round_half_up``) and aggregation (``regionreport.aggregate``)
compute, and Göteborgsregionen's members come from the region layout, not from a copy.

The exact half-up rounding below is the test's oracle only; the generator itself rounds with
the pipeline's function on the float nearest an exact ratio, which these properties justify.
"""

from __future__ import annotations

import math
import shutil
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regionreport import paths
from regionreport.aggregate import share_positive, weighted_ratio
from regionreport.config.layout import load_layout
from regionreport.errors import InputError
from regionreport.model.registry import load_registry
from regionreport.numbers import round_half_up
from regionreport.sample.calibration import (counts_for_shares, is_tie, rounds_to, share_counts,
                                             total_for_target)
from regionreport.sample.fixture import load_fixture
from regionreport.sample.register import build_register_sample
from regionreport.sample.workbook import GR_LAYOUT, gr_members

GR_LAYOUT_FILE = paths.layouts_dir() / f"{GR_LAYOUT}.toml"
# One-decimal percentages and whole percents, as the published targets are written.
targets = st.one_of(st.integers(1, 999).map(lambda n: Decimal(n).scaleb(-1)),
                    st.integers(1, 99).map(Decimal))
# The generator's denominators: head counts, posts, answering units up to Riket's population.
denominators = st.integers(1, 10 ** 8)


def exact_half_up(value: Fraction, decimals: int = 1) -> float:
    """The oracle: ``value`` rounded half-up exactly, as the float the workbook holds."""
    scaled = value * 10 ** decimals
    return float(Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-decimals))


def decimals_of(target: Decimal) -> int:
    return max(0, -target.as_tuple().exponent)


# -- rounding on the generator's ratios -----------------------------------------------------------
@given(denominators, st.floats(0, 1), st.sampled_from([0, 1]))
def test_pipeline_rounding_of_a_count_share_is_exact(denominator, fraction, decimals):
    """Shares 100·n/d of integer counts: the pipeline's rounding of the float equals exact
    half-up rounding, ties included (which the calibration still avoids)."""
    numerator = round(fraction * denominator)
    assert round_half_up(100 * numerator / denominator, decimals) == \
        exact_half_up(Fraction(100 * numerator, denominator), decimals)


@given(st.integers(0, 10 ** 7), st.integers(1, 10 ** 6))
def test_pipeline_rounding_of_hours_per_post_is_exact(tenths, halves):
    """Hours per post, (tenths/10)/(halves/2) = tenths/(5·halves)."""
    assert round_half_up(tenths / (5 * halves)) == exact_half_up(Fraction(tenths, 5 * halves))


@given(st.integers(0, 10 ** 6), denominators)
def test_rounds_to_agrees_with_the_pipeline(numerator, denominator):
    value = Fraction(100 * numerator, denominator)
    target = Decimal(repr(round_half_up(float(value))))
    assert rounds_to(value, target, 1) == (not is_tie(value, 1))


# -- the calibration searches hit what the pipeline computes --------------------------------------
@settings(max_examples=300)
@given(targets, st.integers(1_000, 10 ** 7), st.sampled_from([Fraction(100), Fraction(1, 5)]),
       st.floats(0, 1))
def test_total_for_target_gives_the_target_by_the_weighted_rule(target, denominator, scale,
                                                                  start):
    """The register's and the survey's Riket totals: Σnumerator over Σdenominator by the
    pipeline's weighted rule rounds to the published target (percent counts, and hours in
    tenths over posts in halves)."""
    assume(target <= 100 or scale != 100)
    current = round(start * float(target) * denominator / float(scale))
    total = total_for_target(target, denominator, scale, current)
    if scale == 100:
        value = weighted_ratio([(total, denominator)], 100.0)
    else:
        value = weighted_ratio([(total / 10, denominator / 2)], 1.0)
    assert round_half_up(value, decimals_of(target)) == float(target)


@settings(max_examples=300)
@given(st.integers(1, 99).map(Decimal), st.integers(250, 320), st.integers(0, 13),
       st.data())
def test_share_counts_give_the_target_by_the_share_rule(target, responders, fixed_count, data):
    """A categorical Riket share: the answering units with ``positive`` positive answers give
    the target by the pipeline's share-of-positive rule, and the fixed answers fit."""
    fixed_positive = data.draw(st.integers(0, fixed_count))
    try:
        missing, positive = share_counts(target, responders, fixed_positive, fixed_count)
    except ValueError:      # the fixed answers alone rule the target out
        return
    answering = responders - missing
    answers = ["Ja"] * positive + ["Nej"] * (answering - positive) + [None] * missing
    share, counted, hits = share_positive(answers, {"Ja"})
    assert (counted, hits) == (answering, positive)
    assert fixed_positive <= positive <= answering - (fixed_count - fixed_positive)
    assert round_half_up(share, 0) == float(target)


@given(st.lists(st.integers(0, 1000).map(lambda n: Decimal(n).scaleb(-1)), min_size=1,
                max_size=2), st.integers(1, 40))
def test_counts_for_shares_give_every_share(values, minimum):
    """A fixture unit's published caseworker shares come back from the head count found."""
    try:
        denominator, counts = counts_for_shares(values, minimum)
    except ValueError:
        return
    for value, count in zip(values, counts):
        assert round_half_up(weighted_ratio([(count, denominator)], 100.0)) == float(value)


# -- Göteborgsregionen from its layout ------------------------------------------------------------
def test_gr_members_are_the_layouts_region_members():
    assert gr_members() == load_layout(GR_LAYOUT_FILE).region.members


def test_gr_members_follow_an_edited_layout(tmp_path, monkeypatch):
    shutil.copytree(paths.layouts_dir(), tmp_path / "layouts")
    layout = tmp_path / "layouts" / GR_LAYOUT_FILE.name
    text = layout.read_text(encoding="utf-8")
    assert '"1482", "1489"]' in text
    layout.write_text(text.replace('"1482", "1489"]', '"1482"]'), encoding="utf-8")
    monkeypatch.setenv("REGIONREPORT_HOME", str(tmp_path))
    assert gr_members() == load_layout(GR_LAYOUT_FILE).region.members[:-1]


def test_gr_members_missing_layout_is_an_input_error(tmp_path, monkeypatch):
    shutil.copytree(paths.layouts_dir(), tmp_path / "layouts")
    (tmp_path / "layouts" / GR_LAYOUT_FILE.name).unlink()
    monkeypatch.setenv("REGIONREPORT_HOME", str(tmp_path))
    with pytest.raises(InputError, match=GR_LAYOUT):
        gr_members()


def test_register_gr_values_are_over_the_layouts_members():
    """The register's Göteborgsregionen levels are the weighted values over exactly the
    layout's member kommuner (Göteborg through its stadsdelar' sum)."""
    registry = load_registry()
    members = load_layout(GR_LAYOUT_FILE).region.members
    sample = build_register_sample(registry, [2011, 2012, 2013, 2014, 2015],
                                   load_fixture(registry), members, seed=2015)
    for (indicator, year), published in sample.gr_values.items():
        rows = sample.entries[(indicator, year)]
        pairs = [(rows[code].numerator, rows[code].denominator) for code in members]
        assert round_half_up(weighted_ratio(pairs, 100.0)) == published, (indicator, year)
