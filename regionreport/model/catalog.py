"""Indicator catalogs: what each ÖJ indicator means and how its region value is formed.

In: a catalog TOML file (layouts/catalogs/*.toml; keys in docs/catalog-format.md).
Out: a frozen ``Catalog`` of ``Indicator`` records (card texts, value kind, answers and
positive set or direction, unit, aggregation rule, Kolada id with its coding and end year),
its indicator areas, quality areas, background measures and the Swedish card labels.

Everything is validated here: an unknown key, a positive answer outside the indicator's
answers or an unknown aggregation rule is an ``InputError`` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from regionreport.errors import InputError
from regionreport.config.toml import read_toml
from regionreport.model.kolada_codings import KoladaCoding, parse_codings, parse_until

KINDS = ("categorical", "percent", "hours", "kronor", "numeric", "class", "group")
# kinds of a [[background]] entry: a class measure from the data, or the municipality group
# (from the layout's grouping, no data)
BACKGROUND_KINDS = ("class", "group")
AGGREGATIONS = ("share_positive", "weighted", "mean", "none")
DIRECTIONS = ("up", "down", "none")
SOURCES = ("survey", "register", "background")

_REQUIRED = ("id", "area", "source", "name", "short_name", "kind", "unit", "direction",
             "aggregation")
_OPTIONAL = ("answers", "positive", "target", "direction_text", "aggregation_text",
             "indicator_type", "description", "questions", "definitions", "criterion", "levels",
             "measurement_label", "measurement", "data_sources", "error_sources",
             "quality_area", "kolada", "decimals", "finding", "scale", "unit_text",
             "axis_label", "partial", "kolada_codes", "kolada_until")
# keys of a [[background]] entry that make it a column of the results tables
_BACKGROUND_OPTIONAL = ("header", "note", "previous", "background_table", "table_header")


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
    partial: tuple[str, ...] = ()   # answers that partly fulfil ("Delvis"); not positive
    scale_factor: float | None = None   # the catalog's `scale`; None: by kind
    unit_text: str = ""             # the value's phrase in captions ("kronor per invånare")
    axis_label: str = ""            # the chart's value-axis label; "": by kind
    # how Kolada codes a kommun's answer, by years; (): layouts/reference/kolada-codes.toml
    kolada_codes: tuple[KoladaCoding, ...] = ()
    kolada_until: int | None = None  # the last year of a KPI Kolada marks as ending

    @property
    def is_categorical(self) -> bool:
        return self.kind == "categorical"

    @property
    def is_percentage(self) -> bool:
        """Values (and categorical region values) are percentages within 0–100."""
        return self.kind in ("categorical", "percent")

    @property
    def scale(self) -> float:
        """numerator / denominator × scale is the value: the catalog's ``scale``, or 100 for
        percentages and 1 otherwise."""
        if self.scale_factor is not None:
            return self.scale_factor
        return 100.0 if self.kind == "percent" else 1.0

    @property
    def is_numeric(self) -> bool:
        """A number with a unit (percent, hours, kronor or a free numeric unit)."""
        return self.kind in ("percent", "hours", "kronor", "numeric")

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
class BackgroundColumn:
    """A background column of the results tables, declared by a ``[[background]]`` entry
    with a ``header``: the measure (or, for ``kind = "group"``, the municipality group), its
    header, its sentence in the table note, whether last year's value is shown in
    parentheses, and its header in the background table (Tabell 1) if it is shown there."""

    id: str
    kind: str
    header: str
    note: str = ""
    previous: bool = False
    background_table: bool = False
    table_header: str = ""
    from_labels: bool = False   # header, note, table_header name keys of the labels' [table]


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
    background_columns: tuple[BackgroundColumn, ...] = ()
    labels: dict | None = None      # the catalog's [labels] overlay, if any

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
    data = read_toml(path, "indicator catalog", fix="put it in the catalogs/ folder beside "
                     "the layout or profile, or give its path")
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
    columns = []
    seen: set[str] = set()
    entries = [(e, "indicators") for e in data.get("indicators", [])]
    entries += [(e, "background") for e in data.get("background", [])]
    for index, (raw, table) in enumerate(entries, start=1):
        where = f"{table}[{index}]"
        if table == "background":
            raw, column = _background_column(raw, path, where)
            if column is not None:
                columns.append(column)
            if column is not None and column.kind == "group":
                continue                    # the municipality group: no data, no indicator
        ind = _indicator(raw, path, where, categories, area_ids, quality_ids)
        if ind.id in seen:
            raise InputError(f"indicator id '{ind.id}' appears twice", file=path)
        seen.add(ind.id)
        indicators.append(ind)
    if not columns:
        columns = _columns_of_0_1(seen)
    overlay = data.get("labels")
    if overlay is not None and not isinstance(overlay, dict):
        raise InputError("'labels' must be a table of labels (such as [labels.table])",
                         file=path)
    return Catalog(id=head["id"], area=head["area"], release_year=int(head["release_year"]),
                   title=head["title"], answer_categories=categories,
                   card_labels=dict(data.get("card_labels", {})), areas=areas,
                   quality_areas=quality, indicators=tuple(indicators), path=path,
                   background_columns=tuple(columns), labels=overlay)


def _background_column(raw: dict, path: Path, where: str
                       ) -> tuple[dict, BackgroundColumn | None]:
    """Split a ``[[background]]`` entry into its measure's keys and its column (``None``
    when it has no ``header``: a measure that is read but not shown)."""
    name = raw.get("id", where)
    keys = {key: raw[key] for key in _BACKGROUND_OPTIONAL if key in raw}
    rest = {key: value for key, value in raw.items() if key not in _BACKGROUND_OPTIONAL}
    kind = raw.get("kind", "")
    if kind == "group":
        unknown = sorted(set(rest) - {"id", "kind", "name", "short_name", "source"})
        if unknown:
            raise InputError(f"background '{name}': a municipality-group column "
                             f"(kind = \"group\") takes no key '{unknown[0]}'", file=path)
    elif "kind" in raw and kind not in BACKGROUND_KINDS:
        raise InputError(f"background '{name}': kind '{kind}' is not one of "
                         + ", ".join(BACKGROUND_KINDS), file=path)
    if "header" not in keys:
        if kind == "group" or len(keys):
            raise InputError(f"background '{name}': key 'header' is missing (the column's "
                             "header in the results tables)", file=path)
        return rest, None
    for key in ("header", "note", "table_header"):
        if key in keys and not isinstance(keys[key], str):
            raise InputError(f"background '{name}': '{key}' must be a text", file=path)
    for key in ("previous", "background_table"):
        if key in keys and not isinstance(keys[key], bool):
            raise InputError(f"background '{name}': '{key}' must be true or false",
                             file=path)
    if keys.get("background_table") and "table_header" not in keys:
        raise InputError(f"background '{name}': key 'table_header' is missing (its header "
                         "in the background table)", file=path)
    if "id" not in raw:
        raise InputError(f"{where}: key 'id' is missing", file=path)
    return rest, BackgroundColumn(id=raw["id"], kind=kind or "class", **keys)


def _columns_of_0_1(measures: set[str]) -> list[BackgroundColumn]:
    """The background columns a catalog written for 0.1 (no ``header`` in its
    ``[[background]]``) had: declared in layouts/reference/background-0.1.toml, and only when
    the catalog has their measures. Their texts are keys of the labels' [table]."""
    from regionreport import paths

    spec = read_toml(paths.reference_path("background-0.1"), "reference file")
    columns = [BackgroundColumn(from_labels=True, **entry) for entry in spec["columns"]]
    needed = {c.id for c in columns if c.kind != "group"}
    return columns if needed <= measures else []


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
    partial = tuple(raw.get("partial", ()))
    for answer in partial:
        if raw["kind"] != "categorical":
            raise InputError(f"indicator '{name}': 'partial' is for categorical indicators",
                             file=path)
        if answer not in answers or answer in positive:
            raise InputError(f"indicator '{name}': partial answer '{answer}' must be one of "
                             "its answers and not a positive one", file=path)
    if "scale" in raw and (isinstance(raw["scale"], bool)
                           or not isinstance(raw["scale"], (int, float)) or raw["scale"] <= 0):
        raise InputError(f"indicator '{name}': 'scale' must be a number above 0 (10000 for "
                         "a rate per 10 000)", file=path)
    if raw["kind"] == "class" and raw["source"] != "background" or \
            raw["kind"] == "group":
        raise InputError(f"indicator '{name}': kind '{raw['kind']}' is for [[background]] "
                         "entries", file=path)
    fields = {key: raw[key] for key in _REQUIRED + _OPTIONAL if key in raw}
    fields.update(_kolada_keys(raw, name, answers, path))
    for key in ("answers", "positive", "questions", "definitions", "levels", "partial"):
        if key in fields:
            fields[key] = tuple(fields[key])
    if "scale" in fields:
        fields["scale_factor"] = float(fields.pop("scale"))
    return Indicator(**fields)


def _kolada_keys(raw: dict, name: str, answers: tuple[str, ...], path: Path) -> dict:
    """``kolada_codes`` and ``kolada_until`` validated (regionreport.model.kolada_codings):
    both need a ``kolada`` id, the codes a categorical indicator."""
    fields: dict = {}
    for key in ("kolada_codes", "kolada_until"):
        if key in raw and not raw.get("kolada"):
            raise InputError(f"indicator '{name}': '{key}' needs the indicator's Kolada id "
                             "(kolada = \"U31482\")", file=path)
    if "kolada_codes" in raw:
        if raw["kind"] != "categorical":
            raise InputError(f"indicator '{name}': 'kolada_codes' is for categorical "
                             "indicators (a kommun's answer coded as a number)", file=path)
        fields["kolada_codes"] = parse_codings(raw["kolada_codes"], answers, name, path)
    if "kolada_until" in raw:
        fields["kolada_until"] = parse_until(raw["kolada_until"],
                                             fields.get("kolada_codes", ()), name, path)
    return fields
