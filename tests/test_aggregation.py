"""Region values: Göteborgsregionen over kommuner and stadsdelar, and properties of the rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regionreport.aggregate import (ResultIndex, plain_mean, region_value, share_positive,
                                    weighted_ratio)
from regionreport.numbers import round_half_up
from regionreport.model.regions import custom_region, resolve_region
from regionreport.model.results import tidy_table

GR_KOMMUNER = ["1384", "1401", "1402", "1407", "1415", "1419", "1440", "1441", "1462", "1480",
               "1481", "1482", "1489"]
GOTEBORG_STADSDELAR = [f"1480{n:02d}" for n in range(1, 11)]
# overensk_af 2015: Ja in Kungsbacka, Härryda, Partille, Lerum, Mölndal and the stadsdelar
# Angered (148001), Centrum (148004), Lundby (148009), Norra Hisingen (148010); Nej elsewhere.
GR_JA = {"1384", "1401", "1402", "1441", "1481", "148001", "148004", "148009", "148010"}


def gr_table(silent: set[str] = frozenset()):
    rows = []
    for code in [c for c in GR_KOMMUNER if c != "1480"] + GOTEBORG_STADSDELAR:
        answer = None if code in silent else ("Ja" if code in GR_JA else "Nej")
        rows.append({"indicator": "overensk_af", "unit": code, "year": 2015, "answer": answer,
                     "origin": "test"})
    # A kommun-level row for Göteborg that must not count when GR counts its stadsdelar.
    rows.append({"indicator": "overensk_af", "unit": "1480", "year": 2015, "answer": "Ja",
                 "origin": "test"})
    return tidy_table(rows)


def test_gr_value_over_12_kommuner_and_10_stadsdelar(catalog, registry):
    region = custom_region(registry, "gr", "Göteborgsregionen", GR_KOMMUNER, split_cities=True)
    value = region_value(ResultIndex(gr_table()), catalog.indicator("overensk_af"), region,
                         2015, registry)
    # 12 kommuner besides Göteborg + Göteborg's 10 stadsdelar = 22 units; 9 said Ja.
    assert len(value.units) == 22 and "1480" not in value.units
    assert (value.positive, value.responding) == (9, 22)
    assert round_half_up(value.value, 1) == 40.9
    assert value.published is None  # a custom region is always computed


def test_gr_nonresponder_is_left_out(catalog, registry):
    region = custom_region(registry, "gr", "Göteborgsregionen", GR_KOMMUNER)
    value = region_value(ResultIndex(gr_table(silent={"1419"})),
                         catalog.indicator("overensk_af"), region, 2015, registry)
    # Tjörn (1419, Nej) did not answer: 9 Ja of 21 answering.
    assert (value.positive, value.responding, value.nonresponding) == (9, 21, ("1419",))
    assert round_half_up(value.value, 1) == 42.9


def test_gr_spans_two_counties(registry):
    counties = {registry.unit(code).county_code for code in GR_KOMMUNER}
    assert counties == {"13", "14"}  # Kungsbacka lies in Hallands län


def test_resolve_region_by_code_and_name(registry):
    assert resolve_region(registry, "06").name == "Jönköpings län"
    assert resolve_region(registry, "Jönköpings län").code == "06"
    assert resolve_region(registry, "Jönköping").code == "06"
    assert len(resolve_region(registry, "06").members) == 13
    assert resolve_region(registry, "Riket").code == "00"


def test_weighted_and_mean():
    assert weighted_ratio([(43, 51), (4, 7)], 100) == 100 * 47 / 58
    assert weighted_ratio([], 100) is None
    assert plain_mean([1.0, 2.0, 4.0]) == 7 / 3


# --- properties of the categorical rule --------------------------------------------------------
ANSWERS = ["Ja", "Nej", "Integrerat", "Ny rutin", "Verksamhet saknas", None]
POSITIVE = {"Ja", "Integrerat", "Ny rutin", "Verksamhet saknas"}
answer_lists = st.lists(st.sampled_from(ANSWERS), max_size=60)


@given(answer_lists, st.randoms())
def test_order_of_units_does_not_matter(answers, random):
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert share_positive(shuffled, POSITIVE) == share_positive(answers, POSITIVE)


@given(st.lists(st.sampled_from(sorted(POSITIVE)), min_size=1, max_size=60),
       st.integers(0, 10))
def test_all_positive_gives_100(answers, silent):
    assert share_positive(answers + [None] * silent, POSITIVE)[0] == 100.0


@given(answer_lists, st.integers(1, 20))
def test_nonresponders_do_not_count(answers, silent):
    assert share_positive(answers + [None] * silent, POSITIVE) == share_positive(answers,
                                                                                 POSITIVE)


@given(st.lists(st.sampled_from(ANSWERS), min_size=1, max_size=60).filter(
    lambda a: any(x is not None for x in a)))
def test_adding_a_nej_never_raises_the_share(answers):
    before = share_positive(answers, POSITIVE)[0]
    after = share_positive(answers + ["Nej"], POSITIVE)[0]
    assert after <= before
