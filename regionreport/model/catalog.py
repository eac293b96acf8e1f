"""Indicator catalogs: what each ÖJ indicator means and how its region value is formed.

In: a catalog TOML file (layouts/catalogs/*.toml; keys in docs/catalog-format.md).
Out: a frozen ``Catalog`` of ``Indicator`` records (card texts, value kind, answers and
positive set or direction, unit, aggregation rule, Kolada id), its indicator areas, quality
areas, background measures and the Swedish card labels.

Everything is validated here: an unknown key, a positive answer outside the indicator's
answers or an unknown aggregation rule is an ``InputError`` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.config.toml import read_toml

KINDS = ("categorical", "percent", "hours", "kronor", "class")
AGGREGATIONS = ("share_positive", "weighted", "mean", "none")
DIRECTIONS = ("up", "down", "none")
SOURCES = ("survey", "register", "background")

_REQUIRED = ("id", "area", "source", "name", "short_name", "kind", "unit", "direction",
             "aggregation")
_OPTIONAL = ("answers", "positive", "target", "direction_text", "aggregation_text",
             "indicator_type", "description", "questions", "definitions", "criterion", "levels",
             "measurement_label", "measurement", "data_sources", "error_sources",
             "quality_area", "kolada", "decimals", "finding")


@dataclass(frozen=True)
class Area:
    """An indikatorområde (or a part of Del 2): id, Swedish name, survey or register part."""

    id: str
    name: str
    part: str


@dataclass(frozen=True)
class QualityArea:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Indicator:
    """One indicator with every field of its card and the rule for region values.

    ``answers``/``positive`` are set for categorical indicators; ``direction`` says whether a
    higher value is better ("up"), worse ("down") or neither ("none"). ``scale`` turns a
    numerator/denominator ratio into the value (100 for percentages).
    """

    id: str
    area: str
    source: str
    name: str
    short_name: str
    kind: str
    unit: str
    direction: str
    aggregation: str
    answers: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    target: str = ""
    direction_text: str = ""
    aggregation_text: str = ""
    indicator_type: str = ""
    description: str = ""
    questions: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()
    criterion: str = ""
    levels: tuple[str, ...] = ()
    measurement_label: str = ""
    measurement: str = ""
    data_sources: str = ""
    error_sources: str = ""
    quality_area: str = ""
    kolada: str = ""
    decimals: int = 1
    finding: str = ""               # predicate for key findings: "har en aktuell rutin ..."

    @property
    def is_categorical(self) -> bool:
        return self.kind == "categorical"

    @property
    def is_percentage(self) -> bool:
        """Values (and categorical region values) are percentages within 0–100."""
        return self.kind in ("categorical", "percent")

    @property
    def scale(self) -> float:
        return 100.0 if self.kind == "percent" else 1.0

    @property
    def states_target(self) -> bool:
        """The card states a target (Målvärde): categorical indicators, and numeric ones
        without a written direction; the others state their direction (Riktning)."""
        return self.is_categorical or not self.direction_text

    @property
    def target_or_direction(self) -> str:
        """The target statement or the direction text, whichever the card states."""
        return self.target if self.states_target else self.direction_text


@dataclass(frozen=True)
class Catalog:
    """All indicators of one ÖJ area and release, in catalog order."""

    id: str
    area: str
    release_year: int
    title: str
    answer_categories: tuple[str, ...]
    card_labels: dict[str, str]
    areas: tuple[Area, ...]
    quality_areas: tuple[QualityArea, ...]
    indicators: tuple[Indicator, ...]
    path: Path

    def __contains__(self, indicator_id: str) -> bool:
        return any(i.id == indicator_id for i in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def in_area(self, area_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.area == area_id]

    def by_source(self, source: str) -> list[Indicator]:
        return [i for i in self.indicators if i.source == source]

    def by_kolada(self) -> dict[str, Indicator]:
        return {i.kolada: i for i in self.indicators if i.kolada}

    def find_area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; raises ``InputError`` naming the file and key."""
    path = Path(path)
    data = read_toml(path, "indicator catalog")
    head = data.get("catalog", {})
    for key in ("id", "area", "release_year", "title", "answer_categories"):
        if key not in head:
            raise InputError(f"key 'catalog.{key}' is missing", file=path)
    categories = tuple(head["answer_categories"])
    areas = tuple(Area(a["id"], a["name"], a["part"]) for a in data.get("areas", []))
    quality = tuple(QualityArea(q["id"], q["name"], q.get("description", ""))
                    for q in data.get("quality_areas", []))
    area_ids = {a.id for a in areas}
    quality_ids = {q.id for q in quality}
    indicators = []
    seen: set[str] = set()
    entries = [(e, "indicators") for e in data.get("indicators", [])]
    entries += [(e, "background") for e in data.get("background", [])]
    for index, (raw, table) in enumerate(entries, start=1):
        ind = _indicator(raw, path, f"{table}[{index}]", categories, area_ids, quality_ids)
        if ind.id in seen:
            raise InputError(f"indicator id '{ind.id}' appears twice", file=path)
        seen.add(ind.id)
        indicators.append(ind)
    return Catalog(id=head["id"], area=head["area"], release_year=int(head["release_year"]),
                   title=head["title"], answer_categories=categories,
                   card_labels=dict(data.get("card_labels", {})), areas=areas,
                   quality_areas=quality, indicators=tuple(indicators), path=path)


def _indicator(raw: dict, path: Path, where: str, categories: tuple[str, ...],
               area_ids: set[str], quality_ids: set[str]) -> Indicator:
    name = raw.get("id", where)
    for key in raw:
        if key not in _REQUIRED and key not in _OPTIONAL:
            raise InputError(f"indicator '{name}': unknown key '{key}'", file=path)
    for key in _REQUIRED:
        if key not in raw:
            raise InputError(f"indicator '{name}': key '{key}' is missing", file=path)
    checks = (("source", SOURCES), ("kind", KINDS), ("aggregation", AGGREGATIONS),
              ("direction", DIRECTIONS))
    for key, allowed in checks:
        if raw[key] not in allowed:
            raise InputError(f"indicator '{name}': {key} '{raw[key]}' is not one of "
                             + ", ".join(allowed), file=path)
    if raw["source"] != "background" and raw["area"] not in area_ids:
        raise InputError(f"indicator '{name}': area '{raw['area']}' is not a listed area",
                         file=path)
    if raw.get("quality_area") and raw["quality_area"] not in quality_ids:
        raise InputError(f"indicator '{name}': quality_area '{raw['quality_area']}' is not "
                         "a listed quality area", file=path)
    answers = tuple(raw.get("answers", ()))
    positive = tuple(raw.get("positive", ()))
    if raw["kind"] == "categorical":
        if not answers or not positive:
            raise InputError(f"indicator '{name}': a categorical indicator needs 'answers' "
                             "and 'positive'", file=path)
        for answer in answers:
            if answer not in categories:
                raise InputError(f"indicator '{name}': answer '{answer}' is not in "
                                 "catalog.answer_categories", file=path)
        for answer in positive:
            if answer not in answers:
                raise InputError(f"indicator '{name}': positive answer '{answer}' is not "
                                 "one of its answers", file=path)
        if raw["aggregation"] != "share_positive":
            raise InputError(f"indicator '{name}': a categorical indicator aggregates by "
                             "'share_positive'", file=path)
    fields = {key: raw[key] for key in _REQUIRED + _OPTIONAL if key in raw}
    for key in ("answers", "positive", "questions", "definitions", "levels"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return Indicator(**fields)
