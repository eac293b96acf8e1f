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
    assert pickle.loads(stored.read_bytes()) == draw_chart(bar_spec())


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
