"""Compose: a layout plus loaded data become the renderer-agnostic document tree.

In: a ``Layout``, ``Inputs`` (results table, catalog, registry), and the theme (its column
widths) and labels (fixed texts) of the layout, which the runner has read.
Out: a ``Document`` (regionreport.document): meta, then the blocks of every section in the
layout's order, with headings numbered to four levels, tables and figures numbered, notes
numbered across the report, and every value already formatted.

Section kinds are plug-ins: functions registered with ``@section_kind("name")``; an unknown
kind in a layout is an ``InputError`` naming the layout file and the section.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from regionreport import paths
from regionreport.compose.cards import card_fields, indicator_card
from regionreport.compose.charts import chart_blocks
from regionreport.compose.context import ComposeContext, build_context
from regionreport.compose.fields import compute_fields
from regionreport.compose.findings import findings_blocks
from regionreport.compose import front_matter
from regionreport.compose.handout import check_handout, check_national
from regionreport.compose.key_results import section_blocks as key_results_blocks
from regionreport.compose.tables import area_tables, background_table
from regionreport.document import (BulletList, Contents, Cover, Document, ListOfCaptions,
                                   Meta, PageBreak, Paragraph, Span)
from regionreport.errors import InputError
from regionreport.config.labels import Labels, load_labels
from regionreport.plugins import PluginRegistry
from regionreport.config.layout import Layout, Section
from regionreport.config.theme import Theme
from regionreport.sources.loading import Inputs
from regionreport.compose.prose import parse_prose
from regionreport.compose.selection import section_indicators, shown_ids
from regionreport.config.toml import read_toml

Composer = Callable[[ComposeContext, Section, dict], list]
SECTION_COMPOSERS: PluginRegistry[Composer] = PluginRegistry("section kind")
section_kind = SECTION_COMPOSERS.register


def compose_report(layout: Layout, inputs: Inputs, *, theme: Theme | None = None,
                   labels: dict | None = None) -> Document:
    """The whole report as a document tree; ``theme`` (column widths) and ``labels`` (the
    fixed texts) default to the layout's theme and the Swedish labels."""
    context = build_context(layout, inputs, theme=theme)
    check_national(layout, inputs.catalog)
    labels = labels if labels is not None else load_labels()
    context.fields = compute_fields(context, labels)
    check_handout(context)
    meta = _meta(context)
    if layout.cards == "appendix" and not any(s.kind == "card_appendix"
                                              for s in layout.sections):
        raise InputError("key 'options.cards' is \"appendix\", but no section prints the "
                         "appendix, so the report would have no indicator cards",
                         file=layout.path,
                         fix='add a section [[sections]] kind = "card_appendix" (for example '
                             "before the references), or choose cards = \"after\"")
    blocks: list = []
    for section in layout.sections:
        composer = SECTION_COMPOSERS.get(section.kind)
        if composer is None:
            raise InputError(f"key '{section.where}.kind': '{section.kind}' is not a section "
                             "kind", file=layout.path,
                             fix="use one of " + ", ".join(sorted(SECTION_COMPOSERS)))
        composed = composer(context, section, labels)
        if section.kind == "list_of_tables":
            composed = _after_contents(blocks, composed)
        blocks.extend(composed)
    return Document(meta=meta, blocks=tuple(blocks))


def _after_contents(blocks: list, composed: list) -> list:
    """A list of tables right after the contents follows it on the contents' page (where
    there is room) instead of leaving that page short: the page break between them is
    dropped from ``blocks`` and the first list marked ``follows_contents``."""
    if (len(blocks) < 2 or not isinstance(blocks[-1], PageBreak)
            or not isinstance(blocks[-2], Contents) or not composed
            or not isinstance(composed[0], ListOfCaptions)):
        return composed
    blocks.pop()
    return [dataclasses.replace(composed[0], follows_contents=True), *composed[1:]]


def _meta(context: ComposeContext) -> Meta:
    layout = context.layout
    fill = context.fill
    return Meta(title=fill(layout.meta["title"]), region=context.region.name,
                organisation=fill(layout.meta["organisation"]),
                author=fill(layout.meta["author"]), date=layout.meta["date"],
                subject=fill(layout.meta.get("subject", "")),
                running_title=fill(layout.meta.get("running_title", layout.meta["title"])),
                two_sided=layout.two_sided)


def _heading(context: ComposeContext, section: Section, text: str | None = None) -> list:
    title = text if text is not None else section.heading
    if not title:
        return []
    return [context.counters.heading(context.fill(title), section.level, section.numbered)]


def _prose(context: ComposeContext, section: Section, labels: Labels) -> list:
    if section.prose is None:
        return []
    blocks, context.counters.next_note = parse_prose(
        section.prose, context.fields, file=section.prose_file,
        first_note=context.counters.next_note, notes_heading=labels["notes"]["heading"],
        root=context.layout.path.parent)
    return blocks


@section_kind("cover")
def _cover(context: ComposeContext, section: Section, labels: dict) -> list:
    layout, cover = context.layout, labels["cover"]
    lines = tuple(context.fill(cover[key], file=cover.path,
                               författare=context.fill(layout.meta["author"]),
                               datum=layout.meta["date"])
                  for key in ("prepared_by", "author", "date"))
    fill = context.fill
    return [Cover(title=fill(layout.meta["title"]), subtitle=fill(layout.meta.get("subtitle", "")),
                  lines=lines, note=fill(layout.meta.get("cover_note", "")),
                  logo=front_matter.cover_logo(context)), PageBreak()]


@section_kind("contents")
def _contents(context: ComposeContext, section: Section, labels: dict) -> list:
    return [Contents(section.heading or labels["contents"]["heading"]), PageBreak()]


section_kind("colophon")(front_matter.colophon)
section_kind("list_of_tables")(front_matter.list_of_tables)


@section_kind("prose")
def _prose_section(context: ComposeContext, section: Section, labels: dict) -> list:
    return _heading(context, section) + _prose(context, section, labels)


@section_kind("background")
def _background(context: ComposeContext, section: Section, labels: dict) -> list:
    blocks = _heading(context, section) + _prose(context, section, labels)
    table, occurring = background_table(context, labels)
    blocks.append(table)
    descriptions = _group_descriptions(context.layout.municipality_groups)
    intro = context.fill(labels["table"]["groups_intro"], file=labels.path)
    blocks.append(Paragraph((Span(intro),)))
    items = []
    for entry in occurring:
        code, _, name = entry.partition(" ")
        items.append(Paragraph((Span(f"{code} {name}: ", bold=True),
                                Span(descriptions.get(code, ""))), style="bullet"))
    blocks.append(BulletList(tuple(items)))
    return blocks


def _group_descriptions(scheme: str) -> dict[str, str]:
    data = read_toml(paths.reference_path("kommungrupper"),
                     "municipality group texts")
    return {str(k): v for k, v in data.get(scheme, {}).items()}


def _cards(context: ComposeContext, indicators) -> list:
    """The cards of ``indicators``, their texts' template fields filled."""
    fields = card_fields(context.layout, context.catalog)
    return [indicator_card(i, context.catalog, fields) for i in indicators]


def _area_indicators(context: ComposeContext, section: Section, area_id: str):
    """The area's indicators, or the section's chosen subset of them in its order."""
    return section_indicators(context.layout, context.catalog, section, area_id)


@section_kind("indicator_area")
def _indicator_area(context: ComposeContext, section: Section, labels: dict) -> list:
    if not section.area:
        raise InputError(f"key '{section.where}.area' is missing", file=context.layout.path)
    indicators = _area_indicators(context, section, section.area)
    area = context.catalog.find_area(section.area)
    blocks = (_heading(context, section, section.heading or area.name)
              + _prose(context, section, labels))
    tables = area_tables(context, labels, area.name, area.part, indicators,
                         context.survey_year, context.layout.survey_previous)
    return blocks + _with_cards(context, indicators, tables)


def _with_cards(context: ComposeContext, indicators, following: list) -> list:
    """An area's cards and the blocks that show its results (tables, charts), in the
    layout's order (``options.cards``): cards first, cards after, or no cards (an
    appendix has them)."""
    placement = context.layout.cards
    if placement == "appendix":
        return following
    cards = _cards(context, indicators)
    return cards + following if placement == "before" else following + cards


@section_kind("quality_area")
def _quality_area(context: ComposeContext, section: Section, labels: dict) -> list:
    """The survey indicators of one kvalitetsområde: heading, cards, table, then the prose
    as the area's closing summary."""
    indicators = section_indicators(context.layout, context.catalog, section)
    quality = next(q for q in context.catalog.quality_areas if q.id == section.area)
    blocks = _heading(context, section, section.heading or quality.name)
    blocks += _with_cards(context, indicators,
                          area_tables(context, labels, quality.name, "survey", indicators,
                                      context.survey_year, context.layout.survey_previous))
    return blocks + _prose(context, section, labels)


@section_kind("register_part")
def _register_part(context: ComposeContext, section: Section, labels: dict) -> list:
    blocks = _heading(context, section) + _prose(context, section, labels)
    year = context.layout.register_year
    for area_id in section.areas:
        indicators = _area_indicators(context, section, area_id)
        if not indicators:
            continue            # a subset that names none of this area's indicators
        area = context.catalog.find_area(area_id)
        blocks.append(context.counters.heading(area.name, min(section.level + 1, 4)))
        results = area_tables(context, labels, area.name, area.part, indicators, year,
                              year - 1)
        if context.layout.charts:
            results += chart_blocks(context, indicators, labels)
        blocks += _with_cards(context, indicators, results)
    return blocks


@section_kind("card_appendix")
def _card_appendix(context: ComposeContext, section: Section, labels: dict) -> list:
    """"Bilaga: indikatorbeskrivningar": the cards of every indicator the report shows, by
    area in catalog order, when ``options.cards = "appendix"`` (else nothing)."""
    if context.layout.cards != "appendix":
        return []
    shown = shown_ids(context.layout, context.catalog)
    blocks = [PageBreak()]      # an appendix starts on a page of its own
    blocks += _heading(context, section, section.heading or labels["contents"]["cards_appendix"])
    blocks += _prose(context, section, labels)
    for area in context.catalog.areas:
        indicators = [i for i in context.catalog.indicators
                      if i.area == area.id and i.id in shown]
        if indicators:     # numbered only in a numbered appendix
            blocks.append(context.counters.heading(area.name, min(section.level + 1, 4),
                                                   section.numbered))
            blocks += _cards(context, indicators)
    return blocks


@section_kind("findings")
def _findings(context: ComposeContext, section: Section, labels: dict) -> list:
    for area_id in section.areas:
        _area_indicators(context, section, area_id)  # names an unknown area
    return (_heading(context, section) + _prose(context, section, labels)
            + findings_blocks(context, list(section.areas), level=section.level + 1))


@section_kind("key_results")
def _key_results(context: ComposeContext, section: Section, labels: dict) -> list:
    """Each national key result followed by the region's own (compose/key_results.py)."""
    return (_heading(context, section) + _prose(context, section, labels)
            + key_results_blocks(context, section, labels["table"]["missing_value"]))


@section_kind("references")
def _references(context: ComposeContext, section: Section, labels: dict) -> list:
    return (_heading(context, section) + _prose(context, section, labels)
            + front_matter.reference_paragraphs(context))
