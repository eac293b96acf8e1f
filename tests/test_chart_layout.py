"""Properties of the charts' pure layout helpers (hypothesis): ticks, wrapping, spreading."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from regionreport.charts.layout import clear_of_lines, nice_ticks, spread, tick_decimals, wrap

values = st.integers(-10**7, 10**7).map(lambda v: v / 100)
positions = st.floats(-500, 500, allow_nan=False)


@settings(deadline=None)
@given(values, values, st.integers(3, 12))
def test_ticks_increase_cover_the_range_in_round_steps(a, b, most):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high, most)
    assert len(ticks) >= 2
    assert all(t0 < t1 for t0, t1 in zip(ticks, ticks[1:]))
    span = max(high - low, 1)
    assert ticks[0] <= low + span * 1e-9 and ticks[-1] >= min(high, low + span) - span * 1e-9
    step = ticks[1] - ticks[0]
    assert all(math.isclose(t1 - t0, step, rel_tol=1e-6) for t0, t1 in zip(ticks, ticks[1:]))
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 5, 10))


@settings(deadline=None)
@given(values, values, st.integers(3, 12))
def test_tick_decimals_write_every_tick_exactly(a, b, most):
    ticks = nice_ticks(min(a, b), max(a, b), most)
    decimals = tick_decimals(ticks)
    assert all(math.isclose(round(t, decimals), t, abs_tol=1e-9) for t in ticks)
    if 0 < decimals < 4:
        assert any(not math.isclose(round(t, decimals - 1), t, abs_tol=1e-9) for t in ticks)


words = st.lists(st.text("abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12),
                 min_size=0, max_size=30)


@given(words, st.integers(1, 40))
def test_wrap_keeps_every_word_and_each_line_fits(word_list, width):
    lines = wrap(" ".join(word_list), width, len)
    assert " ".join(lines).split() == word_list
    assert all(len(line) <= width or " " not in line for line in lines)


@given(st.lists(positions, max_size=12), st.floats(1, 30), positions, st.floats(0, 800))
def test_spread_keeps_order_gap_and_bounds(wanted, gap, low, extent):
    high = low + extent
    placed = spread(wanted, gap, low, high)
    assert len(placed) == len(wanted)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    in_order = [placed[i] for i in order]
    assert all(p1 - p0 >= gap - 1e-6 for p0, p1 in zip(in_order, in_order[1:]))
    if wanted and gap * (len(wanted) - 1) <= extent:
        assert all(low - 1e-6 <= p <= high + 1e-6 for p in placed)


@given(st.lists(positions, min_size=1))
def test_spread_leaves_labels_apart_where_they_are(wanted):
    separated = sorted({round(w / 40) * 40 for w in wanted})
    assert spread(separated, 10, -1000, 1000) == separated


@given(positions, st.floats(0, 60), st.lists(positions, max_size=8), st.floats(0, 600))
def test_clear_of_lines_finds_a_free_start_or_stays(x, width, lines, room):
    limit = x + room
    start = clear_of_lines(x, width, lines, limit)
    free = not any(start - 1.5 <= line <= start + width + 1.5 for line in lines)
    assert start == x or (free and start > x and start + width <= limit)


@given(st.lists(st.one_of(st.none(), positions), max_size=8), st.floats(1, 20))
def test_dodge_leaves_no_two_markers_covering_each_other(ys, size):
    from regionreport.charts.layout import dodge

    offsets = dodge(ys, size)
    assert len(offsets) == len(ys)
    placed = [(y, x) for y, x in zip(ys, offsets) if y is not None]
    for i, (y0, x0) in enumerate(placed):
        for y1, x1 in placed[i + 1:]:
            assert abs(y1 - y0) >= size - 1e-9 or abs(x1 - x0) >= size - 1e-9
    assert all(x == 0 for y, x in zip(ys, offsets) if y is None)
