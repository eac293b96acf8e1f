"""Jönköpings län 2015: county values from the fixture's 13 kommuner, worked out by hand."""

from __future__ import annotations

import pytest

from regionreport.aggregate import ResultIndex, region_value
from regionreport.numbers import round_half_up
from regionreport.model.regions import county_region, riket_region
from regionreport.sources.workbook import read_workbook
from tests.conftest import fixture_sheet_rows, write_workbook

# Positive sets (data/README.md): rutin_* Ja/Integrerat/Verksamhet saknas/Ny rutin;
# overensk_* Ja/Ny överenskommelse; strukturerad_inskolning Ja/Ingen nyanställd; others Ja.
# All 13 kommuner answered, so every share is (positive kommuner) / 13.
EXPECTED = {
    # Aneby Int, Eksjö Int, Gislaved Ny rutin, Habo Int, Jönköping Ny rutin, Nässjö Ja,
    # Värnamo Ja are positive; Gnosjö, Mullsjö, Sävsjö, Tranås, Vaggeryd, Vetlanda said Nej.
    "rutin_barn_unga": (7, 53.8),
    # Nej only from Gnosjö, Nässjö, Tranås, Vetlanda: 13 - 4 = 9.
    "rutin_vuxenvard": (9, 69.2),
    # Nej from Aneby, Gnosjö, Tranås, Vetlanda, Värnamo; Habo's "Verksamhet saknas" counts.
    "rutin_arbetsmarknad": (8, 61.5),
    # Nej from Aneby, Mullsjö, Nässjö, Vetlanda: 9 Ja (the 69,2 of issue 4's example).
    "overensk_af": (9, 69.2),
    # Nej from Aneby, Gnosjö, Mullsjö, Nässjö, Vetlanda: 8 Ja.
    "overensk_fk": (8, 61.5),
    # Nej from Aneby, Gnosjö, Mullsjö; Vetlanda's "Ny överenskommelse" counts: 10.
    "overensk_primarvard": (10, 76.9),
    # Nej from Aneby, Gnosjö, Habo, Mullsjö; Vetlanda's "Ny överenskommelse" counts: 9.
    "overensk_oppenpsykiatri": (9, 69.2),
    # Nej from Eksjö, Mullsjö, Tranås, Vaggeryd: 9 Ja.
    "utredningsmall_barnperspektiv": (9, 69.2),
    # Ja or "Ingen nyanställd" everywhere: 13 of 13.
    "strukturerad_inskolning": (13, 100.0),
    # Nej from Eksjö and Värnamo: 11.
    "samlad_kompetensplan": (11, 84.6),
    # Nej from Värnamo only: 12.
    "individuell_kompetensplan": (12, 92.3),
}


@pytest.fixture
def jonkoping(fixture_workbook, fixture_profile, catalog, registry):
    table = read_workbook(fixture_workbook, fixture_profile, catalog, registry)
    return ResultIndex(table), county_region(registry, "06")


@pytest.mark.parametrize("indicator_id", sorted(EXPECTED))
def test_county_share_by_hand(jonkoping, catalog, registry, indicator_id):
    index, region = jonkoping
    positive, share = EXPECTED[indicator_id]
    value = region_value(index, catalog.indicator(indicator_id), region, 2015, registry)
    assert value.method == "share_positive"
    assert (value.positive, value.responding, value.nonresponding) == (positive, 13, ())
    assert round_half_up(value.value, 1) == share


def test_every_categorical_fixture_indicator_is_covered(fixture_profile, catalog):
    categorical = {i for i in fixture_profile.indicator_ids() if catalog.indicator(i).is_categorical}
    assert categorical == set(EXPECTED)


def test_numeric_without_counts_is_a_plain_mean_and_says_so(jonkoping, catalog, registry):
    # The fixture has no head counts, so the weighted rule cannot apply: the mean of the 13
    # shares (0 + 60 + 57,1 + 100 + 80 + 84,3 + 50 + 93,3 + 85,7 + 91,7 + 60 + 50 + 92,3) / 13.
    index, region = jonkoping
    value = region_value(index, catalog.indicator("andel_socionomexamen"), region, 2015, registry)
    assert value.method == "mean"
    assert round_half_up(value.value, 1) == 69.6


def test_riket_published_values_are_kept(jonkoping, catalog, registry):
    index, _ = jonkoping
    value = region_value(index, catalog.indicator("overensk_af"), riket_region(registry), 2015,
                         registry)
    assert value.published == 42.8


def test_nonresponders_are_excluded_and_counted(tmp_path, fixture_profile, catalog, registry):
    # Aneby (0604, said Nej to overensk_af) leaves every answer empty: 9 Ja of 12 answering.
    def silence_aneby(code, row):
        if code == "0604":
            for key in row:
                if key != "unit":
                    row[key] = "-"
    path = write_workbook(tmp_path / "w.xlsx",
                          {"Enkät 2015": fixture_sheet_rows(registry, edit=silence_aneby)})
    index = ResultIndex(read_workbook(path, fixture_profile, catalog, registry))
    value = region_value(index, catalog.indicator("overensk_af"), county_region(registry, "06"),
                         2015, registry)
    assert (value.positive, value.responding, value.nonresponding) == (9, 12, ("0604",))
    assert round_half_up(value.value, 1) == 75.0
