"""Committee handouts: one short document per member unit, from the same data and layout.

In: a ``Layout`` with its ``[handout]`` templates, the loaded ``Inputs``, the Swedish labels
and the theme (``compose_handouts``); or a ``ComposeContext`` and one unit code
(``compose_handout``).
Out: (unit name, ``Document``) for every member unit, a few A4 pages (two for the 2015
samples): a title, an introduction "I Tranås ...", the key national results (a bullet list,
or with ``[[key_results]]`` each national key result followed by the unit's own), then a
table of the unit's own result for every survey indicator beside the region's and Riket's
with last year's value and the change, and a table of the register indicators. Cells carry
the report's style names (colour plus ▲/▼ marks).
"""

from __future__ import annotations

import dataclasses
import math

from regionreport.aggregate import UnitResult
from regionreport.model.catalog import Catalog, Indicator
from regionreport.compose import selection
from regionreport.compose.charts import handout_series
from regionreport.compose.context import ComposeContext, build_context
from regionreport.compose.fields import compute_fields
from regionreport.config.layout import HANDOUT_REQUIRED, Layout
from regionreport.config.theme import Theme
from regionreport.compose.findings import shown
from regionreport.compose.key_results import check_key_results, handout_blocks
from regionreport.compose.tables import legend_for, national_quartiles, region_cell, unit_cell
from regionreport.document import (BulletList, Cell, Columns, Document, HeaderCell, Meta,
                                   Paragraph, Row, Span, Table)
from regionreport.errors import InputError, describe
from regionreport.numbers import format_number, format_or_missing
from regionreport.sources.loading import Inputs

_REQUIRED = (*HANDOUT_REQUIRED, "national")
# the texts of the national bullet list, which [[key_results]] replace
_NATIONAL_LIST = ("national", "national_categorical", "national_numeric")


def _required(layout: Layout) -> tuple[str, ...]:
    """The [handout] keys `handouts` needs: without the national list's where the layout
    has [[key_results]]."""
    if layout.key_results:
        return tuple(key for key in _REQUIRED if key not in _NATIONAL_LIST)
    return _REQUIRED

# The values each [handout] template is filled with besides the report's template fields;
# the words of a categorical change (improved, worsened, unchanged, new) are printed as written.
_INTRO = ("namn", "uppfyllda", "besvarade", "före_uppfyllda", "före_besvarade")
TEMPLATE_VALUES = {"title": ("namn",), "intro": _INTRO, "intro_no_previous": _INTRO,
                   "intro_no_answers": _INTRO, "how_to_read": ("namn",),
                   "national_heading": (), "national_categorical": ("andel", "påstående"),
                   "national_numeric": ("indikator", "värde", "enhet", "år"),
                   "survey_caption": ("namn", "år"), "register_caption": ("namn", "år"),
                   "indicator": (), "change": (),
                   "change_note": ("namn", "år", "föregående_år"),
                   "source_line": ("namn", "datum")}


def _templates(context: ComposeContext) -> dict:
    templates = context.layout.handout
    for key in _required(context.layout):
        if key not in templates:
            raise InputError(f"key 'handout.{key}' is missing", file=context.layout.path,
                             fix="handouts need the texts under [handout] "
                                 "(docs/layout-format.md)")
    check_handout(context)
    return templates


def check_national(layout: Layout, catalog: Catalog) -> None:
    """The handouts' national indicators are survey or register indicators of the catalog
    (checked by every build, so that a wrong id is not first noticed when the handouts are
    made)."""
    for indicator_id in layout.handout.get("national", ()):
        if indicator_id not in catalog or catalog.indicator(indicator_id).source == "background":
            raise InputError(f"'{indicator_id}' is not an indicator of the catalog "
                             f"'{catalog.id}'", file=layout.path, place="key 'handout.national'",
                             fix="use one of " + ", ".join(i.id for i in catalog.indicators
                                                           if i.source != "background"))


def check_handout(context: ComposeContext) -> None:
    """The layout's ``[handout]`` settings as far as it gives them: the national indicators
    (``check_national``) and every template's fields (the report's fields and the template's
    own values), and the ``[[key_results]]`` (``key_results.check_key_results``). Run by every
    build (``compose_report``) once the fields are known, so that a typo is not first noticed
    by ``handouts``; the error names the key."""
    layout = context.layout
    check_national(layout, context.catalog)
    check_key_results(context)
    for key, names in TEMPLATE_VALUES.items():
        template = layout.handout.get(key)
        if not isinstance(template, str):
            continue
        try:
            context.fill(template, **{name: "" for name in names})
        except InputError as exc:
            raise InputError(exc.problem, file=layout.path, place=f"key 'handout.{key}'",
                             fix=exc.fix) from None


def handout_warnings(layout: Layout, catalog: Catalog) -> list[str]:
    """What in the ``[handout]`` settings makes odd handouts but not a wrong report: a
    national indicator that no section of the report shows, and, in a layout that has a
    ``[handout]`` table, the texts `handouts` needs that it lacks."""
    warnings = []
    in_report = selection.shown_ids(layout, catalog)
    for indicator_id in layout.handout.get("national", ()):
        if indicator_id in catalog and indicator_id not in in_report:
            warnings.append(describe(
                f"'{indicator_id}' is not shown in the report (no section shows it), but "
                "its Riket value opens every handout", file=layout.path,
                place="key 'handout.national'",
                fix="add it to a section's indicators or take it out of the list"))
    missing = [key for key in _required(layout) if key not in layout.handout]
    if layout.handout and missing:
        warnings.append(describe(
            "the keys " + ", ".join(f"'{k}'" for k in missing) + " are missing, so "
            "`regionreport handouts` will stop", file=layout.path, place="table [handout]",
            fix="add them (docs/layout-format.md) if the report gets handouts"))
    return warnings


def compose_handouts(layout: Layout, inputs: Inputs, labels: dict, *,
                     theme: Theme | None = None, units: list[str] | None = None
                     ) -> list[tuple[str, Document]]:
    """(unit name, handout) of every unit that counts in the region's survey (kommuner, or
    stadsdelar where they answered), in table order, or of ``units`` (unit codes, each a
    member; an ``InputError`` names one that is not); all composed before any is written.
    ``theme`` (default: the layout's) gives the column widths."""
    context = build_context(layout, inputs, theme=theme)
    context.fields = compute_fields(context, labels)
    survey = [i.id for i in context.catalog.by_source("survey")]
    members = context.region_units(layout.survey_year, survey)
    if units:
        wanted = [_member_code(context, unit, members) for unit in units]
        members = [code for code in members if code in wanted]
    return [(context.registry.unit(code).name, compose_handout(context, code, labels))
            for code in members]


def _member_code(context: ComposeContext, unit: str, members: list[str]) -> str:
    """The code of ``--unit``: a member's code or name."""
    text = unit.strip()
    for code in members:
        if text == code or text.casefold() == context.registry.unit(code).name.casefold():
            return code
    names = ", ".join(f"{context.registry.unit(c).name} ({c})" for c in members)
    raise InputError(f"'{unit}' is not a member unit of {context.region.name}",
                     place="option --unit", fix=f"give the code or name of one of: {names}")


def compose_handout(context: ComposeContext, code: str, labels: dict) -> Document:
    """The handout of one member unit: the indicators the report shows."""
    templates = _templates(context)
    name = context.registry.unit(code).name
    year, previous = context.survey_year, context.layout.survey_previous
    # the indicators the report shows (a layout's subset), in catalog order
    in_report = selection.shown_ids(context.layout, context.catalog)
    survey = [i for i in context.catalog.by_source("survey") if i.id in in_report]
    fulfilled, answered = _tally(context, survey, code, year)
    before_fulfilled, before_answered = _tally(context, survey, code, previous) \
        if previous else (0, 0)
    title = context.fill(templates["title"], namn=name)
    # the year is not left alone on the title's second line
    head, _, last = title.rpartition(" ")
    blocks: list = [Paragraph((Span(f"{head}\u00a0{last}" if head else title),),
                              style="handout_title", heading_level=1),
                    Paragraph((Span(_intro(context, templates, name, fulfilled, answered,
                                           before_fulfilled, before_answered)),),
                              style="lead")]
    blocks.append(Paragraph((Span(context.fill(templates["national_heading"]), bold=True),),
                            style="lead_in", heading_level=2))
    if context.layout.key_results:
        # each national key result followed by the unit's own, instead of the bullet list
        blocks += handout_blocks(context, code, labels["table"]["missing_value"], level=3)
    else:
        blocks.append(BulletList(tuple(Paragraph((Span(_national(context, templates, i)),),
                                                 style="bullet")
                                       for i in templates["national"])))
    survey_table = _unit_table(context, labels, templates, code, name, survey, year, previous,
                               "survey_caption", spanned=not templates.get("one_page"))
    register = [i for i in context.catalog.by_source("register") if i.id in in_report]
    register_year = context.layout.register_year
    register_tables = [_unit_table(context, labels, templates, code, name, register,
                                   register_year, register_year - 1, "register_caption")
                       ] if register else []
    source = [Paragraph((Span(context.fill(templates["source_line"], namn=name,
                                           datum=context.layout.meta["date"])),),
                        style="table_note")] if templates.get("source_line") else []
    # the unit's own series beside the region and Riket ([handout] series; compose/charts.py)
    series = handout_series(context, code, labels)
    if templates.get("one_page"):
        # one landscape page: the texts and the register table beside the survey table,
        # whose note goes with the texts
        notes = [Paragraph((Span(note),), style="table_note") for note in survey_table.notes]
        survey_table = dataclasses.replace(survey_table, notes=())
        blocks = [Columns(head=(blocks[0],),
                          left=tuple(blocks[1:] + register_tables + series + notes + source),
                          right=(survey_table,),
                          left_fraction=context.theme.columns["handout_left_fraction"])]
    else:
        blocks += [survey_table, *register_tables, *series, *source]
    meta = Meta(title=title, region=name,
                organisation=context.fill(context.layout.meta["organisation"]),
                author=context.fill(context.layout.meta["author"]),
                date=context.layout.meta["date"],
                subject=title, running_title=context.fields["titel"])
    return Document(meta=meta, blocks=tuple(blocks))


def _intro(context: ComposeContext, templates: dict, name: str, fulfilled: int, answered: int,
           before_fulfilled: int, before_answered: int) -> str:
    """The opening: the unit's tally this year against last year's, or what is missing (a
    unit that did not answer this year, or not last year), then how to read the table."""
    key = "intro" if answered and before_answered else \
        "intro_no_previous" if answered else "intro_no_answers"
    first = context.fill(templates[key], namn=name, uppfyllda=fulfilled, besvarade=answered,
                         före_uppfyllda=before_fulfilled, före_besvarade=before_answered)
    if templates.get("one_page"):
        return first        # one page: the legend beside the table says how to read it
    return f"{first} {context.fill(templates['how_to_read'], namn=name)}"


def _tally(context: ComposeContext, indicators: list[Indicator], code: str, year: int
           ) -> tuple[int, int]:
    """(answers in the positive set, answers given) of the unit's categorical indicators."""
    fulfilled = answered = 0
    for indicator in indicators:
        if not indicator.is_categorical:
            continue
        result = context.index.units(indicator.id, year).get(code)
        if result is not None and result.answer is not None:
            answered += 1
            fulfilled += result.answer in indicator.positive
    return fulfilled, answered


def _national(context: ComposeContext, templates: dict, indicator_id: str) -> str:
    indicator = context.catalog.indicator(indicator_id)
    year = context.survey_year if indicator.source == "survey" else context.layout.register_year
    value = shown(context.value(indicator, context.riket, year))
    text = format_or_missing(value, indicator.decimals)
    if indicator.is_categorical and indicator.finding:
        return context.fill(templates["national_categorical"], andel=text,
                            påstående=indicator.finding)
    return context.fill(templates["national_numeric"], indikator=indicator.short_name,
                        värde=text, enhet=indicator.unit, år=year)


def _change(templates: dict, indicator: Indicator, before: UnitResult, now: UnitResult,
            missing: str) -> str:
    """The change column: met now / not met now / unchanged / new question, or points; the
    missing mark where this year's value is missing."""
    if indicator.is_categorical:
        if now.answer is None:
            return missing
        if before.answer is None:
            return templates["new"]
        was, is_ = before.answer in indicator.positive, now.answer in indicator.positive
        return templates["improved"] if is_ and not was else \
            templates["worsened"] if was and not is_ else templates["unchanged"]
    if math.isnan(now.value):
        return missing
    if math.isnan(before.value):
        return ""
    delta = round(now.value, indicator.decimals) - round(before.value, indicator.decimals)
    return format_number(delta, indicator.decimals, signed=True)


def _unit_table(context: ComposeContext, labels: dict, templates: dict, code: str, name: str,
                indicators: list[Indicator], year: int, previous: int | None,
                caption_key: str, *, spanned: bool = True) -> Table:
    table_labels = labels["table"]
    # last year's column and the change only where the unit has last year's answers
    has_previous = previous is not None and any(
        context.index.units(i.id, previous).get(code, UnitResult()).answered
        for i in indicators)
    # the unit's name stands over its year columns, so that a long name (Askim-Frölunda-
    # Högsbo) gets their width; in the wide column of a one-page handout, short of height,
    # the name and the year share one header row (``spanned`` False)
    top = [HeaderCell(""), HeaderCell(name, span=2 if has_previous else 1)]
    header = [HeaderCell(context.fill(templates["indicator"]))]
    if has_previous:
        header.append(HeaderCell(str(previous) if spanned else f"{name} {previous}"))
    header += [HeaderCell(str(year) if spanned else f"{name} {year}")]
    if has_previous:
        header.append(HeaderCell(context.fill(templates["change"])))
        top.append(HeaderCell(""))
    header += [HeaderCell(f"{context.region.name} {year}"),
               HeaderCell(f"{context.riket.name} {year}")]
    top += [HeaderCell(""), HeaderCell("")]
    header_rows = (tuple(top), tuple(header)) if spanned else (tuple(header),)
    rows = []
    current_area = None
    for indicator in indicators:
        if indicator.area != current_area:
            current_area = indicator.area
            area = context.catalog.find_area(indicator.area)
            rows.append(Row((Cell(area.name, align="left"),) + (Cell(""),) * (len(header) - 1),
                            role="group"))
        now = context.index.units(indicator.id, year).get(code, UnitResult())
        cells = [Cell(indicator.short_name, align="left")]
        if has_previous:
            before = context.index.units(indicator.id, previous).get(code, UnitResult())
            cells.append(unit_cell(indicator, before,
                                   national_quartiles(context, indicator, previous),
                                   table_labels) if context.index.units(indicator.id, previous)
                         else Cell(table_labels["missing_value"]))
        cells.append(unit_cell(indicator, now, national_quartiles(context, indicator, year),
                               table_labels))
        if has_previous:
            cells.append(Cell(_change(templates, indicator, before, now,
                                      table_labels["missing_value"])))
        cells.append(region_cell(indicator, context.value(indicator, context.region, year),
                                 table_labels))
        cells.append(region_cell(indicator, context.value(indicator, context.riket, year),
                                 table_labels))
        rows.append(Row(tuple(cells)))
    widths = (context.theme.columns["handout_indicator_mm"],) + (None,) * (len(header) - 1)
    # the note explains "Uppfylld nu" and the points: only under a table with answers
    explain = has_previous and any(i.is_categorical for i in indicators)
    notes = (context.fill(templates["change_note"], namn=name, år=year,
                          föregående_år=previous),) if explain else ()
    return Table(key=f"handout-{caption_key}",
                 caption=context.fill(templates[caption_key], namn=name, år=year),
                 header=header_rows, rows=tuple(rows), column_widths_mm=widths,
                 legend=legend_for(rows, labels), notes=notes, wide=False,
                 styles="handout_")
