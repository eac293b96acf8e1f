"""The real data the sample workbook reproduces: the shipped Jönköping fixture.

In: the CSV files ``regionreport/sample/data/jonkoping-2015-survey.csv`` (the 13 kommuners'
2015 answers and Riket's published values) and ``jonkoping-2015-units.csv`` (their
kommunstorlek and socioekonomisk nyckel), and the registry to turn kommun names into codes.
Out: a frozen ``Fixture``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from regionreport.model.registry import Registry


@dataclass(frozen=True)
class FixtureUnit:
    """A Jönköping kommun's real background: size class and socio-economic keys."""

    size_class: int
    socio_key: dict[int, int]


@dataclass(frozen=True)
class Fixture:
    """The real data the sample must reproduce: Jönköping's 2015 answers (unit code ->
    indicator -> text as in the CSV), the published Riket values and the 13 kommuner's
    background."""

    answers: dict[str, dict[str, str]]
    riket: dict[str, Decimal]
    units: dict[str, FixtureUnit]


def load_fixture(registry: Registry) -> Fixture:
    """Read the shipped Jönköping fixture; names become kommun codes through the registry."""
    answers: dict[str, dict[str, str]] = {}
    riket: dict[str, Decimal] = {}
    for row in _read_data_csv("jonkoping-2015-survey.csv"):
        name = row.pop("unit")
        if name == "Riket":
            riket = {key: Decimal(text) for key, text in row.items()}
        else:
            answers[_kommun_code(registry, name)] = dict(row)
    units = {}
    for row in _read_data_csv("jonkoping-2015-units.csv"):
        units[_kommun_code(registry, row["kommun"])] = FixtureUnit(
            size_class=int(row["kommunstorlek"]),
            socio_key={2015: int(row["socioek_nyckel_2015"]),
                       2014: int(row["socioek_nyckel_2014"])})
    return Fixture(answers=answers, riket=riket, units=units)


def _read_data_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("regionreport.sample.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _kommun_code(registry: Registry, name: str) -> str:
    found = registry.find_by_name(name, "kommun")
    if len(found) != 1:
        raise ValueError(f"fixture kommun '{name}' is not exactly one kommun in the registry")
    return found[0].code
