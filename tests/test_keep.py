"""Blocks kept together: a pair measured by its content, and drawn closer where that saves a
page (render/keep.py)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from regionreport.charts.recording import DisplayList
from regionreport.render.chart_flowable import ChartFlowable
from regionreport.render.keep import CompactPair, KeepWhole

FRAME = A4[1] - 2 * 72 - 12       # SimpleDocTemplate's text height (frame padding 6 pt)


def chart(height: float, compact: float | None = None) -> ChartFlowable:
    flowable = ChartFlowable(DisplayList(width_pt=300, height_pt=height, ops=()), {})
    flowable.compact_spec = compact
    return flowable


def pages(story) -> list[str]:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return [page.extract_text() for page in PdfReader(out).pages]


def caption(text: str) -> Paragraph:
    return Paragraph(text, getSampleStyleSheet()["Normal"])


def pair(kind, bar: ChartFlowable, series: ChartFlowable, **extra):
    return kind([KeepWhole([bar, caption("Figur 1.")]), series, caption("Figur 2.")], **extra)


def test_a_pair_that_fits_below_a_table_stays_on_its_page():
    # reportlab's KeepTogether counts the inner KeepTogether as taller than a page and
    # would move the pair on; KeepWhole measures it by its content
    story = [caption("Tabell 1."), Spacer(1, FRAME * 0.35),
             pair(KeepWhole, chart(FRAME * 0.25), chart(FRAME * 0.25))]
    text = pages(story)
    assert len(text) == 1 and "Figur 2." in text[0]


def test_a_pair_that_does_not_fit_moves_on_whole():
    story = [caption("Tabell 1."), Spacer(1, FRAME * 0.45),
             pair(KeepWhole, chart(FRAME * 0.35), chart(FRAME * 0.3))]
    text = pages(story)
    assert len(text) == 2 and "Figur 1." in text[1] and "Figur 2." in text[1]


def recorder() -> tuple[list, object]:
    """(the specs drawn, a ``draw_chart`` whose spec is the chart's height)."""
    drawn: list = []

    def draw(spec):
        drawn.append(spec)
        return DisplayList(width_pt=300, height_pt=spec, ops=())

    return drawn, draw


def test_a_short_page_takes_the_pair_drawn_closer():
    drawn, draw = recorder()
    story = [caption("Tabell 1."), Spacer(1, FRAME * 0.35),
             pair(CompactPair, chart(FRAME * 0.4, FRAME * 0.25), chart(FRAME * 0.3, FRAME * 0.2),
                  draw_chart=draw)]
    text = pages(story)
    assert len(text) == 1 and "Figur 1." in text[0] and "Figur 2." in text[0]
    assert drawn == [FRAME * 0.25, FRAME * 0.2], "each compact chart drawn once"


def test_a_page_more_than_half_full_is_not_given_the_closer_pair():
    drawn, draw = recorder()
    story = [caption("Tabell 1."), Spacer(1, FRAME * 0.55),
             pair(CompactPair, chart(FRAME * 0.3, FRAME * 0.15), chart(FRAME * 0.2, FRAME * 0.1),
                  draw_chart=draw)]
    text = pages(story)
    assert len(text) == 2 and "Figur 1." in text[1] and drawn == []
