"""Charts: specs drawn with matplotlib and recorded as display lists for the PDF.

In: ``BarChartSpec`` / ``SeriesChartSpec`` (``spec``) and a ``ChartStyle`` read from the
theme's ``[chart]`` and ``[fonts]`` tables (``style``, ``fonts``).
Out: ``DisplayList`` (``recording``): the chart as named, picklable drawing records in PDF
points that ``regionreport.render.chart_flowable.ChartFlowable`` replays onto a reportlab
canvas as vector paths and real text in the report's font; ``draw_chart`` draws one spec
(``draw``, with the bar and series charts in ``bars`` and ``series`` and the pure layout
helpers in ``layout``), ``make_charts`` many, cached and in worker processes (``cache``).

This package is the only one that imports matplotlib, and only inside functions, so importing
it is cheap.
"""

from regionreport.charts.cache import make_charts
from regionreport.charts.draw import draw_chart
from regionreport.charts.recording import DisplayList, PathOp, TextOp
from regionreport.charts.spec import (BarChartSpec, ChartSpec, ReferenceLine,
                                          SeriesChartSpec, chart_key)
from regionreport.charts.style import ChartStyle, default_style

__all__ = ["BarChartSpec", "ChartSpec", "ChartStyle", "DisplayList", "PathOp",
           "ReferenceLine", "SeriesChartSpec", "TextOp", "chart_key", "default_style",
           "draw_chart", "make_charts"]
