"""What every section composer needs, built once per report.

In: a ``Layout``, the loaded ``Inputs`` (table, catalog, registry) and the ``Theme``.
Out: a ``ComposeContext``: the region and its comparison regions, the indexed results, the
template fields computed from the data, the theme (column widths), the one template filler
(``fill``) and the running counters (heading numbers, table,
figure and note numbers) that composers advance as they emit blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from regionreport.aggregate import RegionValue, ResultIndex, region_value
from regionreport.compose.prose import fill_fields
from regionreport.disagreements import gate
from regionreport.model.catalog import Catalog, Indicator
from regionreport.document import Heading
from regionreport.errors import InputError
from regionreport.config.layout import Layout
from regionreport.config.theme import Theme, theme_for_layout
from regionreport.sources.loading import Inputs
from regionreport.model.regions import Region, county_region, custom_region, riket_region
from regionreport.model.registry import Registry


@dataclass
class Counters:
    """Running numbers: headings per level, tables, figures, notes."""

    levels: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    tables: int = 0
    figures: int = 0
    next_note: int = 1
    keys: set[str] = field(default_factory=set)

    def heading(self, text: str, level: int, numbered: bool = True) -> Heading:
        """The next numbered heading at ``level`` (deeper levels restart); an unnumbered
        heading (a summary before chapter 1) leaves the numbering alone."""
        if not numbered:
            key = f"u{len(self.keys) + 1}"
            self.keys.add(key)
            return Heading(number="", text=text, level=level, key=key)
        self.levels[level - 1] += 1
        for deeper in range(level, 4):
            self.levels[deeper] = 0
        number = ".".join(str(n) for n in self.levels[:level])
        key = f"h{number}"
        self.keys.add(key)
        return Heading(number=number, text=text, level=level, key=key)

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def figure(self) -> int:
        self.figures += 1
        return self.figures


@dataclass
class ComposeContext:
    layout: Layout
    catalog: Catalog
    registry: Registry
    index: ResultIndex
    region: Region
    comparisons: tuple[Region, ...]
    riket: Region
    fields: dict[str, str]
    theme: Theme
    counters: Counters = field(default_factory=Counters)

    @property
    def survey_year(self) -> int:
        return self.layout.survey_year

    def fill(self, template: str, *, file: str | Path | None = None, **values: object) -> str:
        """``template`` with its ``{fields}`` filled from the report's fields and ``values``;
        an unknown field is an error naming ``file`` (default: the layout)."""
        fields = dict(self.fields)
        fields.update({name: str(value) for name, value in values.items()})
        return fill_fields(template, fields, file=file or self.layout.path)

    def value(self, indicator: Indicator, region: Region, year: int) -> RegionValue:
        """The region's value by the indicator's rule, with the published value beside it;
        a disagreement between the two that the layout does not accept stops the report
        (regionreport.disagreements)."""
        value = region_value(self.index, indicator, region, year, self.registry)
        gate(indicator, value, self.layout, self.registry)
        return value

    def accepted(self, indicator: Indicator, value: RegionValue):
        """The layout's acceptance of ``value``'s disagreement (with its reason), or None."""
        return gate(indicator, value, self.layout, self.registry)

    def region_units(self, year: int, indicator_ids: list[str]) -> list[str]:
        """The region's data units in ``year`` (kommuner, or stadsdelar where they count)."""
        present: set[str] = set()
        for indicator_id in indicator_ids:
            present.update(self.index.units(indicator_id, year))
        units = self.region.data_units(self.registry, year, frozenset(present))
        return self.registry.sorted_for_tables(units)


def build_region(layout: Layout, registry: Registry) -> Region:
    """The layout's region: a län by code, or its named list of members."""
    spec = layout.region
    try:
        if spec.lan is not None:
            region = county_region(registry, spec.lan.zfill(2))
            return Region(region.code, spec.name or region.name, region.members,
                          region.published_code, spec.split_cities)
        return custom_region(registry, spec.code, spec.name, list(spec.members),
                             split_cities=spec.split_cities)
    except InputError as exc:
        raise InputError(exc.problem, file=layout.path, place="key 'region'",
                         fix=exc.fix) from None


def check_years(layout: Layout, catalog: Catalog, index: ResultIndex) -> None:
    """Every year the layout names (``years.survey``, ``survey_previous``, ``register``,
    ``register_first``) has results of its kind in the data, where the catalog has
    indicators of that kind: a year without data would give a report of "–" that looks
    right. The error names the layout key and the years the data has."""
    for source, key, year in (("survey", "survey", layout.survey_year),
                              ("survey", "survey_previous", layout.survey_previous),
                              ("register", "register", layout.register_year),
                              ("register", "register_first", layout.register_first)):
        indicators = [i.id for i in catalog.by_source(source)]
        if year is None or not indicators:
            continue
        found = sorted({y for i in indicators for y in index.years(i)
                        if any(r.answered for r in index.units(i, y).values())})
        if year not in found:
            have = ", ".join(map(str, found)) if found else "no year"
            raise InputError(f"the data has no {source} results for {year}", file=layout.path,
                             place=f"key 'years.{key}'",
                             fix=f"the data has {source} results for {have}: correct the year "
                                 f"or add the data of {year}")
    _check_shown_indicators(layout, catalog, index)


def _check_shown_indicators(layout: Layout, catalog: Catalog, index: ResultIndex) -> None:
    """Every indicator the layout's sections show has results in its report year (the
    survey year, or the register year): a column of "–" for a KPI that a download left out
    looks like a report. The error names the indicator and the years the data has it."""
    from regionreport.compose.selection import shown_ids

    shown = shown_ids(layout, catalog)
    for indicator in catalog.indicators:
        if indicator.id not in shown or indicator.source == "background":
            continue
        key, year = ("survey", layout.survey_year) if indicator.source == "survey" else \
            ("register", layout.register_year)
        if any(r.answered for r in index.units(indicator.id, year).values()):
            continue
        has = [y for y in index.years(indicator.id)
               if any(r.answered for r in index.units(indicator.id, y).values())]
        raise InputError(
            f"indicator '{indicator.id}' has no results for {year} in the data"
            + (f" (it has them for {', '.join(map(str, has))})" if has else
               " (the data has none of it)"),
            file=layout.path, place=f"key 'years.{key}'",
            fix="add its data, or leave it out of the layout's sections with an "
                "'indicators' list")


def build_context(layout: Layout, inputs: Inputs, fields: dict[str, str] | None = None, *,
                  theme: Theme | None = None) -> ComposeContext:
    """Everything composers share; template fields are added by ``compose.fields``. The
    theme (default: the layout's) gives the column widths the tables are composed with."""
    registry = inputs.registry
    index = ResultIndex(inputs.table)
    check_years(layout, inputs.catalog, index)
    region = build_region(layout, registry)
    comparisons = []
    for code in layout.region.compare:
        try:
            comparisons.append(county_region(registry, code.zfill(2)))
        except InputError:
            raise InputError(f"'{code}' in 'region.compare' is not a länskod",
                             file=layout.path, fix="list two-digit länskoder") from None
    return ComposeContext(layout=layout, catalog=inputs.catalog, registry=registry,
                          index=index, region=region,
                          comparisons=tuple(comparisons), riket=riket_region(registry),
                          fields=fields or {},
                          theme=theme if theme is not None else theme_for_layout(layout))
