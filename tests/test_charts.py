"""Charts: specs drawn with matplotlib into display lists, cached, replayed into a PDF."""

from __future__ import annotations

import io
import pickle

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer

from regionreport import paths, pool
from regionreport.charts import (BarChartSpec, DisplayList, PathOp, ReferenceLine,
                                 SeriesChartSpec, TextOp, chart_key, default_style, draw_chart,
                                 make_charts)
from regionreport.charts import draw as charts_draw
from regionreport.charts.cache import chart_cache_path
from regionreport.files import read_cached
from regionreport.numbers import MINUS_SIGN
from regionreport.render.chart_flowable import ChartFlowable

KOMMUNER = ("Nässjö", "Jönköping", "Gnosjö", "Vetlanda", "Tranås", "Aneby", "Sävsjö",
            "Eksjö", "Värnamo", "Vaggeryd", "Habo", "Mullsjö", "Gislaved")
VALUES = (7.3, 6.8, 5.6, 5.0, 4.4, 4.1, 3.9, 3.2, 2.8, 2.6, 2.2, 1.4, None)
FONTS = {"regular": "SourceSans", "bold": "SourceSans-Bold", "italic": "SourceSans-It",
         "bolditalic": "SourceSans-BoldIt"}


def bar_spec(**changes) -> BarChartSpec:
    fields = dict(
        title="Andel av befolkningen med ekonomiskt bistånd, 2015",
        labels=KOMMUNER, values=VALUES,
        highlight=tuple(name == "Vetlanda" for name in KOMMUNER),
        references=(ReferenceLine("Jönköpings län 4,1", 4.1, "region"),
                    ReferenceLine("Riket 4,3", 4.3, "riket")),
        axis_label="Andel (%)", missing_text="uppgift saknas")
    fields.update(changes)
    return BarChartSpec(**fields)


def series_spec(**changes) -> SeriesChartSpec:
    fields = dict(
        title="Förändring av andelen med långvarigt bistånd",
        years=(2011, 2012, 2013, 2014, 2015),
        series=(("Jönköpings län", (0.8, -0.4, -1.1, None, 0.6)),
                ("Riket", (1.1, 0.2, -0.5, -0.2, 0.9))),
        axis_label="Procentenheter")
    fields.update(changes)
    return SeriesChartSpec(**fields)


@pytest.fixture(scope="module")
def bar_chart() -> DisplayList:
    return draw_chart(bar_spec())


@pytest.fixture(scope="module")
def series_chart() -> DisplayList:
    return draw_chart(series_spec())


@pytest.fixture(scope="module")
def report_fonts() -> dict[str, str]:
    files = {"regular": "Regular", "bold": "Bold", "italic": "It", "bolditalic": "BoldIt"}
    for key, name in FONTS.items():
        pdfmetrics.registerFont(
            TTFont(name, str(paths.fonts_dir() / f"SourceSansPro-{files[key]}.ttf")))
    return FONTS


def test_bar_chart_writes_title_names_values_and_references(bar_chart):
    texts = bar_chart.texts()
    assert "Andel av befolkningen med ekonomiskt bistånd, 2015" in texts
    assert set(KOMMUNER) <= set(texts)
    assert {"7,3", "4,1", "1,4", "uppgift saknas", "Andel (%)"} <= set(texts)
    assert {"Jönköpings län 4,1", "Riket 4,3"} <= set(texts)
    assert bar_chart.width_pt == pytest.approx(160 * 72 / 25.4, abs=0.01)
    # about 5 mm a bar plus title and axis
    assert 13 * 5 * 72 / 25.4 < bar_chart.height_pt < 13 * 5 * 72 / 25.4 + 100


def test_bar_chart_fonts_and_bars(bar_chart):
    fonts = {op.text: op.font_key for op in bar_chart.ops if isinstance(op, TextOp)}
    assert fonts["Vetlanda"] == "bold" and fonts["Nässjö"] == "regular"
    assert fonts["Andel av befolkningen med ekonomiskt bistånd, 2015"] == "bold"
    assert fonts["uppgift saknas"] == "italic"
    filled_rectangles = [op for op in bar_chart.ops
                         if isinstance(op, PathOp) and op.fill is not None
                         and op.fill != (1, 1, 1, 1) and len(op.segments) == 5]
    assert len(filled_rectangles) == 12  # one bar per value, none for the missing one
    dashes = {op.dash for op in bar_chart.ops if isinstance(op, PathOp) and op.width_pt > 1}
    assert None in dashes and any(dash is not None for dash in dashes)  # solid and dashed


def test_series_chart_writes_years_labels_and_minus(series_chart):
    texts = series_chart.texts()
    assert "Förändring av andelen med långvarigt bistånd" in texts
    assert {"Jönköpings län", "Riket", "Procentenheter", "2011", "2015"} <= set(texts)
    negative_ticks = [text for text in texts if text.startswith(MINUS_SIGN)]
    assert negative_ticks and all("," in t or t[1:].isdigit() for t in negative_ticks)
    assert not any(text.startswith("-") for text in texts)  # never the hyphen-minus


def test_ticks_with_decimals_use_decimal_comma():
    chart = draw_chart(bar_spec(values=(1.2, 0.9, 0.7) + (None,) * 10,
                                references=(ReferenceLine("Riket 0,8", 0.8, "riket"),)))
    texts = chart.texts()
    assert "0,5" in texts or "0,2" in texts or "0,4" in texts  # ticks below 1
    assert "1,2" in texts


def test_coordinates_are_points_inside_the_chart(bar_chart):
    for op in bar_chart.ops:
        if isinstance(op, TextOp):
            assert 0 <= op.x <= bar_chart.width_pt and 0 <= op.y <= bar_chart.height_pt
        else:
            for segment in op.segments:
                coordinates = segment[1:]
                assert all(round(c, 2) == c for c in coordinates)


def test_same_spec_gives_same_operations(bar_chart, series_chart):
    assert draw_chart(bar_spec()) == bar_chart
    assert draw_chart(series_spec()) == series_chart
    assert pickle.loads(pickle.dumps(bar_chart)) == bar_chart


def test_chart_key_is_stable_and_follows_content():
    assert chart_key(bar_spec()) == chart_key(bar_spec())
    assert len(chart_key(bar_spec())) == 64
    changed = VALUES[:5] + (4.2,) + VALUES[6:]
    assert chart_key(bar_spec(values=changed)) != chart_key(bar_spec())
    assert chart_key(bar_spec(title="Annan rubrik")) != chart_key(bar_spec())
    assert chart_key(series_spec()) != chart_key(bar_spec())


def test_chart_key_follows_style_version(monkeypatch):
    from regionreport.charts import spec

    before = chart_key(bar_spec())
    monkeypatch.setattr(spec, "STYLE_VERSION", spec.STYLE_VERSION + "-next")
    assert chart_key(bar_spec()) != before


def test_specs_are_checked():
    with pytest.raises(ValueError, match="12 values for 13 labels"):
        bar_spec(values=VALUES[:-1])
    with pytest.raises(ValueError, match="'dashed' is not a valid reference line style"):
        ReferenceLine("Riket", 4.3, "dashed")
    with pytest.raises(ValueError, match="use None for a missing value"):
        bar_spec(values=VALUES[:-1] + (float("nan"),))
    with pytest.raises(ValueError, match="series 'Riket' has 2 values for 5 years"):
        series_spec(series=(("Riket", (1.0, 2.0)),))


def test_a_character_missing_from_the_font_is_refused():
    with pytest.raises(ValueError, match="U\\+6F22"):
        draw_chart(bar_spec(title="Rutin \u6f22"))


def test_make_charts_draws_once_then_loads_from_cache(tmp_path, monkeypatch):
    specs = [bar_spec(), series_spec()]
    first = make_charts(specs, cache_dir=tmp_path, workers=1)
    assert list(first) == [chart_key(spec) for spec in specs]
    assert sorted(tmp_path.iterdir()) == sorted(chart_cache_path(tmp_path, k, default_style())
                                                for k in first)

    def no_drawing(spec, style=None):
        raise AssertionError("a cached chart was drawn again")

    monkeypatch.setattr(charts_draw, "draw_chart", no_drawing)
    assert make_charts(specs, cache_dir=tmp_path, workers=2) == first


def test_make_charts_redraws_an_unreadable_cache_file(tmp_path):
    key = chart_key(bar_spec())
    stored = chart_cache_path(tmp_path, key, default_style())
    stored.write_bytes(b"not a pickle")
    assert make_charts([bar_spec()], cache_dir=tmp_path)[key] == draw_chart(bar_spec())
    assert read_cached(stored, DisplayList) == draw_chart(bar_spec())     # stored again


def test_make_charts_in_worker_processes_equals_in_process(bar_chart, series_chart):
    specs = [bar_spec(), series_spec(), bar_spec(width_mm=120)]
    drawn = make_charts(specs, cache_dir=None, workers=2)
    assert drawn[chart_key(specs[0])] == bar_chart
    assert drawn[chart_key(specs[1])] == series_chart
    assert drawn[chart_key(specs[2])].width_pt == pytest.approx(120 * 72 / 25.4, abs=0.01)


def test_make_charts_with_spawned_workers(monkeypatch, bar_chart):
    """The path taken when this process runs threads: fresh interpreters, specs pickled."""
    import multiprocessing

    monkeypatch.setattr(pool, "pool_context", lambda: multiprocessing.get_context("spawn"))
    specs = [bar_spec(), bar_spec(width_mm=120)]
    drawn = make_charts(specs, cache_dir=None, workers=2)
    assert drawn[chart_key(specs[0])] == bar_chart


def test_early_workers_draw_what_this_process_draws(monkeypatch, tmp_path, bar_chart,
                                                    series_chart):
    """A cold build's workers, started before the report is composed (here spawned, as
    this test process runs threads), draw the same display lists."""
    from regionreport.charts import cache

    monkeypatch.setattr(cache, "forking", lambda: True)
    style = default_style()
    specs = [bar_spec(), series_spec()]
    with cache.early_workers(style, cache_dir=tmp_path / "charts") as workers:
        assert workers is not None
        drawn = make_charts(specs, cache_dir=tmp_path / "charts", style=style, pool=workers)
    assert drawn[chart_key(specs[0])] == bar_chart
    assert drawn[chart_key(specs[1])] == series_chart
    # charts in the cache now: a rebuild is not expected to draw, so no workers start
    with cache.early_workers(style, cache_dir=tmp_path / "charts") as workers:
        assert workers is None
    with cache.early_workers(style, cache_dir=None, workers=0) as workers:
        assert workers is None          # a layout without charts


def test_flowable_scales_down_to_a_narrow_frame(bar_chart, report_fonts):
    flowable = ChartFlowable(bar_chart, report_fonts)
    assert flowable.wrap(1000, 1000) == (bar_chart.width_pt, bar_chart.height_pt)
    width, height = flowable.wrap(bar_chart.width_pt / 2, 1000)
    assert width == pytest.approx(bar_chart.width_pt / 2)
    assert height == pytest.approx(bar_chart.height_pt / 2)


def test_flowable_needs_every_font_it_uses(bar_chart):
    with pytest.raises(KeyError, match="bold"):
        ChartFlowable(bar_chart, {"regular": "SourceSans", "italic": "SourceSans-It"})


def test_pdf_holds_the_charts_as_text_in_source_sans(bar_chart, series_chart, report_fonts):
    out = io.BytesIO()
    # initialFontName: else reportlab's page preamble selects (and lists) Helvetica
    doc = SimpleDocTemplate(out, pagesize=A4, invariant=1,
                            initialFontName=report_fonts["regular"])
    doc.build([ChartFlowable(bar_chart, report_fonts), Spacer(1, 20),
               ChartFlowable(series_chart, report_fonts)])
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    text = page.extract_text()
    for expected in ("Jönköping", "Riket", "Nässjö", "uppgift saknas", "4,1", "Procentenheter",
                     f"{MINUS_SIGN}1,5"):
        assert expected in text
    fonts = page["/Resources"]["/Font"]
    base_fonts = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert base_fonts and all("SourceSans" in name for name in base_fonts), base_fonts
    assert all("+" in name for name in base_fonts)  # embedded subsets


def test_replay_is_deterministic(bar_chart, report_fonts):
    def page_bytes() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4, invariant=1)
        canvas.translate(50, 300)
        flowable = ChartFlowable(bar_chart, report_fonts)
        flowable.wrap(500, 800)
        flowable.drawOn(canvas, 0, 0)
        canvas.save()
        return out.getvalue()

    assert page_bytes() == page_bytes()


def test_the_style_comes_from_the_theme_and_keys_the_cache(tmp_path):
    import dataclasses

    style = default_style()
    assert style.bar_colour == "#a6a6a6" and style.reference_lines[1][2] == (4.0, 2.2)
    darker = dataclasses.replace(style, bar_colour="#606060")
    assert darker.digest() != style.digest()
    spec = bar_spec()
    assert draw_chart(spec, darker) != draw_chart(spec, style)
    make_charts([spec], cache_dir=tmp_path, style=darker)
    assert chart_cache_path(tmp_path, chart_key(spec), darker).exists()


def test_value_labels_step_past_reference_lines():
    from regionreport.charts.layout import clear_of_lines

    assert clear_of_lines(100, 12, [50, 200], 300) == 100          # nothing in the way
    assert clear_of_lines(100, 12, [105], 300) == 108              # just right of the line
    assert clear_of_lines(100, 12, [105, 110, 118], 300) == 121    # past a cluster of lines
    assert clear_of_lines(100, 12, [105], 115) == 100              # no room: stays, boxed


class _CanvasLog:
    """Stands in for a reportlab canvas: records the calls replay makes."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name):
        if name == "beginPath":
            return lambda: self
        return lambda *args, **kwargs: self.calls.append((name, *args))


def test_the_flowable_reads_named_records():
    from regionreport.render.chart_flowable import replay

    path = PathOp(segments=(("m", 1.0, 2.0), ("l", 3.0, 4.0)), fill=None,
                  stroke=(0.1, 0.2, 0.3, 1.0), width_pt=0.8, dash=(0.0, (4.0, 2.0)), cap=1,
                  join=2, clip=(0.0, 0.0, 50.0, 60.0))
    text = TextOp(x=5.0, y=6.0, text="Riket", font_key="bold", size_pt=7.5, angle_deg=0.0,
                  rgba=(0.0, 0.0, 0.0, 1.0))
    canvas = _CanvasLog()
    replay(canvas, (path, text), {"bold": "SourceSans-Bold"})
    calls = canvas.calls
    assert ("setLineWidth", 0.8) in calls and ("setDash", [4.0, 2.0], 0.0) in calls
    assert ("setLineCap", 1) in calls and ("setLineJoin", 2) in calls
    assert ("rect", 0.0, 0.0, 50.0, 60.0) in calls
    assert ("moveTo", 1.0, 2.0) in calls and ("lineTo", 3.0, 4.0) in calls
    assert ("setFont", "SourceSans-Bold", 7.5) in calls
    assert ("drawString", 5.0, 6.0, "Riket") in calls
    with pytest.raises(ValueError, match="not a valid display-list operation"):
        replay(_CanvasLog(), (("text", 5.0, 6.0, "Riket", "bold", 7.5, 0.0, (0, 0, 0, 1)),),
               {"bold": "SourceSans-Bold"})


def test_display_lists_hold_named_records_that_pickle(bar_chart, series_chart):
    for chart in (bar_chart, series_chart):
        assert {type(op) for op in chart.ops} == {PathOp, TextOp}
        assert pickle.loads(pickle.dumps(chart)).ops == chart.ops


# --- issue 11: charts that can be read in print ---------------------------------------------

GR_REFERENCES = (ReferenceLine("Göteborgsregionen 11,9", 11.9, "region"),
                 ReferenceLine("Västra Götalands län 12,5", 12.5, "other"),
                 ReferenceLine("Hallands län 11,3", 11.3, "other2"),
                 ReferenceLine("Riket 12,1", 12.1, "riket"))
GR_UNITS = ("Angered", "Västra Hisingen", "Lerum", "Norra Hisingen", "Lilla Edet", "Partille",
            "Centrum", "Alingsås", "Ale", "Kungsbacka")
GR_VALUES = (23.7, 16.1, 14.8, 12.2, 11.9, 11.6, 10.9, 9.6, 9.7, 6.6)


def gr_bar_spec(**changes) -> BarChartSpec:
    fields = dict(title="Arbetslösa 18–64 år 2014", labels=GR_UNITS, values=GR_VALUES,
                  highlight=(False,) * len(GR_UNITS), references=GR_REFERENCES,
                  axis_label="Andel (%)")
    fields.update(changes)
    return BarChartSpec(**fields)


def _texts_at(chart: DisplayList) -> dict[str, TextOp]:
    return {op.text: op for op in chart.ops if isinstance(op, TextOp)}


def _horizontal_lines(chart: DisplayList) -> list[PathOp]:
    return [op for op in chart.ops if isinstance(op, PathOp) and op.fill is None
            and len(op.segments) == 2 and op.segments[0][2] == op.segments[1][2]
            and op.segments[0][1] != op.segments[1][1]]


def _vertical_reference_lines(chart: DisplayList) -> list[PathOp]:
    return [op for op in chart.ops if isinstance(op, PathOp) and op.fill is None
            and len(op.segments) == 2 and op.segments[0][1] == op.segments[1][1]
            and op.width_pt >= 1]


def test_crowded_reference_lines_are_named_in_a_legend():
    """Four lines within 1,2 units on a 0–25 axis: one legend row above the bars, each name
    after a horizontal sample of its own line (dash pattern), none at the lines' ends."""
    style = default_style()
    chart = draw_chart(gr_bar_spec())
    texts = _texts_at(chart)
    labels = [texts[r.label] for r in GR_REFERENCES]
    assert len({op.y for op in labels}) == 1                     # one legend row
    plot_top = max(max(s[2] for s in op.segments) for op in _vertical_reference_lines(chart))
    assert all(op.y > plot_top for op in labels)                 # above the bars
    samples = _horizontal_lines(chart)
    dashes = {n: d for n, _, d in style.reference_lines}
    for reference, text in zip(GR_REFERENCES, labels):
        sample = [op for op in samples if abs(op.segments[1][1] + 3 - text.x) < 0.05]
        assert len(sample) == 1, reference.label
        assert sample[0].segments[1][1] - sample[0].segments[0][1] == pytest.approx(
            style.legend_sample_pt, abs=0.05)
        expected = dashes[reference.style]
        assert (sample[0].dash is None) == (expected is None)
    # the lines themselves stop at the plot's top: no label rows above them
    assert {op.segments[1][2] for op in _vertical_reference_lines(chart)} == {plot_top}


def test_reference_lines_far_apart_keep_their_labels_at_the_lines():
    chart = draw_chart(gr_bar_spec(references=(ReferenceLine("Göteborgsregionen 5,9", 5.9,
                                                             "region"),
                                               ReferenceLine("Riket 18,1", 18.1, "riket"))))
    texts = _texts_at(chart)
    lines = sorted(_vertical_reference_lines(chart), key=lambda op: op.segments[0][1])
    assert texts["Göteborgsregionen 5,9"].x == pytest.approx(lines[0].segments[0][1] + 3,
                                                             abs=0.05)
    assert texts["Riket 18,1"].x == pytest.approx(lines[1].segments[0][1] + 3, abs=0.05)
    assert texts["Göteborgsregionen 5,9"].y != texts["Riket 18,1"].y
    assert not _horizontal_lines(chart)[1:]      # only the axis line, no legend samples


def test_the_legend_threshold_comes_from_the_theme():
    import dataclasses

    from regionreport.charts.bars import crowded

    assert crowded([100.0, 110.0], 14.2) and not crowded([100.0, 120.0], 14.2)
    wide = dataclasses.replace(default_style(), reference_legend_gap_mm=0.5)
    chart = draw_chart(gr_bar_spec(), wide)
    texts = _texts_at(chart)
    assert len({texts[r.label].y for r in GR_REFERENCES}) == 4   # a label row per line


@pytest.mark.parametrize("spec", [gr_bar_spec(), bar_spec()], ids=["gr", "jonkoping"])
def test_a_value_label_stays_at_its_bar(spec):
    """Alingsås "9,6" and Partille "11,6" end among the lines: each value starts within a
    few points of its bar's end (a white box where a line crosses it), never past the lines."""
    style = default_style()
    chart = draw_chart(spec)
    bars = sorted((op for op in chart.ops if isinstance(op, PathOp) and op.fill is not None
                   and op.fill != (1, 1, 1, 1) and len(op.segments) == 5),
                  key=lambda op: -op.segments[0][2])                 # top to bottom
    shown = [(label, value) for label, value in zip(spec.labels, spec.values)
             if value is not None]
    texts = [op for op in chart.ops if isinstance(op, TextOp)]
    most = style.value_gap_pt + style.value_max_shift_mm * 72 / 25.4 + 0.05
    for bar, (label, value) in zip(bars, shown):
        end = max(s[1] for s in bar.segments if len(s) > 1)
        middle = (min(s[2] for s in bar.segments if len(s) > 1)
                  + max(s[2] for s in bar.segments if len(s) > 1)) / 2
        text = format_value(value)
        found = [op for op in texts if op.text == text and abs(op.y - middle) < 6
                 and op.x > end]
        assert found, (label, text)
        assert min(op.x for op in found) - end <= most, (label, text)
    boxes = [op for op in chart.ops if isinstance(op, PathOp) and op.fill == (1, 1, 1, 1)]
    assert boxes                                       # lines cross some values: boxed


def format_value(value: float) -> str:
    from regionreport.numbers import format_number

    return format_number(value, 1)


GR_SERIES = (("Göteborgsregionen", (11.9, 12.1, 12.0, 11.9)),
             ("Riket", (12.2, 12.1, 12.2, 12.1)),
             ("Västra Götalands län", (12.4, 12.5, 12.3, 12.5)),
             ("Hallands län", (11.5, 11.3, 11.4, 11.3)))


def test_each_series_has_its_own_marker_and_dash():
    from regionreport.charts.series import series_looks

    style = default_style()
    for count in (2, 4, 7, 12):
        names = [(f"S{i}", (1.0, 2.0)) for i in range(count)]
        for highlight in (None, count - 1):
            spec = SeriesChartSpec(title="t", years=(2014, 2015), series=tuple(names),
                                   axis_label="a", highlight=highlight)
            looks = series_looks(spec, style)
            assert len({(look.marker, look.dash) for look in looks}) == count
            assert [look.bold for look in looks].count(True) == 1
    # in the drawing: a line per series, each with its own dash pattern
    chart = draw_chart(series_spec(series=GR_SERIES, years=(2011, 2012, 2013, 2014)))
    lines = [op for op in chart.ops if isinstance(op, PathOp) and op.stroke is not None
             and op.fill is None and len(op.segments) == 4]
    assert len(lines) == 4 and len({op.dash for op in lines}) == 4


def test_wider_lines_lie_below_and_markers_above_every_line():
    chart = draw_chart(series_spec(series=GR_SERIES, years=(2011, 2012, 2013, 2014)))
    ops = list(chart.ops)
    lines = [i for i, op in enumerate(ops) if isinstance(op, PathOp) and op.fill is None
             and len(op.segments) == 4]
    widths = [ops[i].width_pt for i in lines]
    assert widths == sorted(widths, reverse=True)          # the region's wide line first
    markers = [i for i, op in enumerate(ops) if isinstance(op, PathOp) and op.fill is not None
               and i > lines[0] and i < len(ops) - 20]
    assert markers and min(markers) > max(lines)


def test_markers_of_one_year_that_would_cover_each_other_stand_side_by_side():
    from regionreport.charts.layout import dodge

    assert dodge([10.0, 10.5, 40.0, None], 5.0) == [-2.5, 2.5, 0.0, 0.0]
    assert dodge([10.0, 14.0, 18.0], 5.0) == [-5.0, 0.0, 5.0]
    assert dodge([10.0, 30.0], 5.0) == [0.0, 0.0]


def test_a_units_own_series_is_drawn_beside_region_and_riket():
    spec = series_spec(series=(("Jönköpings län", (4.0, 4.1, 4.1, 4.1, 4.2)),
                               ("Riket", (4.4, 4.3, 4.3, 4.3, 4.3)),
                               ("Vetlanda", (4.0, None, 4.6, 4.1, 4.1))), highlight=2)
    chart = draw_chart(spec)
    fonts = {op.text: op.font_key for op in chart.ops if isinstance(op, TextOp)}
    assert fonts["Vetlanda"] == "bold" and fonts["Jönköpings län"] == "regular"
    black = [op for op in chart.ops if isinstance(op, PathOp) and op.stroke == (0, 0, 0, 1)]
    assert black                                         # the theme's unit look
    with pytest.raises(ValueError, match="highlight 3 is not the index"):
        series_spec(highlight=3)


@pytest.fixture(scope="module")
def gr_pages(sample_workbook, tmp_path_factory) -> list[str]:
    from regionreport.runner import build_report

    folder = tmp_path_factory.mktemp("gr-charts")
    result = build_report(paths.layouts_dir() / "goteborgsregionen-2015.toml", folder / "gr.pdf",
                          data_files=[sample_workbook.path], cache_dir=folder / "cache")
    return [page.extract_text() for page in PdfReader(result.output).pages]


def test_each_bar_chart_shares_its_page_with_its_series_chart(gr_pages):
    """GR pairs them (series_charts = "after_each"): "Figur N." of the sorted bars and
    "Figur N+1." of the same indicator's series are printed on one page."""
    import re

    page_of = {}
    for number, text in enumerate(gr_pages, start=1):
        for found in re.findall(r"^Figur (\d+)\. ", text, flags=re.MULTILINE):
            page_of[int(found)] = number
    assert len(page_of) == 16 and sorted(page_of) == list(range(1, 17))
    for bar in range(1, 17, 2):
        assert page_of[bar] == page_of[bar + 1], (bar, page_of)
    assert "referenslinjer" in gr_pages[page_of[1] - 1]    # the bar chart's caption


def test_a_handout_ends_with_the_units_series_charts(kolada_sample, tmp_path):
    """Kalmar län's [handout] series: a chart per listed indicator at the end of each
    handout, with three series: the kommun (highlighted), Kalmar län and Riket."""
    from regionreport.compose.handout import compose_handouts
    from regionreport.config.layout import load_layout
    from regionreport.document import KeepTogether
    from regionreport.runner import load_data, load_look, write_handouts

    layout_path = paths.layouts_dir() / "kalmar-2021.toml"
    layout = load_layout(layout_path)
    assert layout.handout["series"] == ["bistandsmottagare", "langvarigt"]
    look = load_look(layout)
    inputs = load_data(layout, data_files=[kolada_sample])
    name, document = next(iter(compose_handouts(layout, inputs, look.labels)))
    charts = document.charts()
    assert len(charts) == 2
    # the two charts end the handout, before its source line
    assert all(isinstance(block, KeepTogether) for block in document.blocks[-3:-1])
    for chart in charts:
        assert [label for label, _ in chart.spec.series] == ["Kalmar län", "Riket", name]
        assert chart.spec.highlight == 2
        assert chart.caption.endswith(f"{name}, Kalmar län och riket.")
        assert not chart.caption.startswith("Figur")
    written = write_handouts(layout_path, tmp_path, data_files=[kolada_sample])
    first = PdfReader(written[0])
    last_page = first.pages[-1].extract_text()
    assert "Biståndsmottagare, andel 2016–2020" in last_page
    assert f"{name}, Kalmar län och riket." in last_page.replace("\n", " ")


def test_a_handout_series_id_must_be_a_register_indicator(kolada_sample):
    import dataclasses

    from regionreport.compose.handout import compose_handouts
    from regionreport.config.layout import load_layout
    from regionreport.errors import InputError
    from regionreport.runner import load_data, load_look

    layout = load_layout(paths.layouts_dir() / "kalmar-2021.toml")
    look = load_look(layout)
    inputs = load_data(layout, data_files=[kolada_sample])
    wrong = dataclasses.replace(layout, handout={**layout.handout, "series": ["socialjour"]})
    with pytest.raises(InputError) as caught:
        compose_handouts(wrong, inputs, look.labels)
    assert caught.value.place == "key 'handout.series'"
    assert "'socialjour' is not a register indicator" in caught.value.problem
