"""The alternative text of a chart: what a listener hears for the figure, in a few sentences.

In: a ``ComposeContext`` (its ``fill`` and report fields, the report's Riket), a chart spec
(regionreport.charts.spec), the labels (``[chart_alt]``, ``[chart] riket_in_text``,
``[words] and``) and the indicator's unit ("procent", "kronor", "per 10 000 invånare").
Out: plain text. A bar chart: its kind and title and how many units it sorts; the highest
and the lowest unit with their values (tied units named together, or only counted when more
than ``NAMED_TIES`` share a value); how many units have no value; the reference lines (the
region, comparison counties and Riket) with their values. A series chart: its kind, title,
lines and years; for each line its first and last value and whether it rose, fell or stayed
the same. Numbers as the report writes them (``format_number`` with the chart's decimals);
every sentence is a template of the labels, never text in code.
"""

from __future__ import annotations

from regionreport.charts.spec import BarChartSpec, ChartSpec, SeriesChartSpec
from regionreport.compose.context import ComposeContext
from regionreport.numbers import format_number

# Tied highest (or lowest) units are named when at most this many, otherwise counted.
NAMED_TIES = 3


def chart_alt(context: ComposeContext, spec: ChartSpec, labels: dict, unit: str) -> str:
    """The alternative text of a bar or series chart (see the module's docstring)."""
    if isinstance(spec, BarChartSpec):
        return bar_chart_alt(context, spec, labels, unit)
    if isinstance(spec, SeriesChartSpec):
        return series_chart_alt(context, spec, labels, unit)
    raise TypeError(f"{type(spec).__name__} is not a chart spec")


def bar_chart_alt(context: ComposeContext, spec: BarChartSpec, labels: dict, unit: str) -> str:
    """What a sorted bar chart shows: title and count, highest, lowest, missing, references."""
    text = _Texts(context, labels, spec.decimals, unit)
    valued = [(name, value) for name, value in zip(spec.labels, spec.values)
              if value is not None]
    sentences = [text("bar", titel=spec.title, antal=len(spec.labels))]
    if not valued:
        sentences.append(text("bar_no_values", antal=len(spec.labels)))
    else:
        # compared as printed, so that units shown with the same number count as tied
        shown = [(name, text.number(value)) for name, value in valued]
        high = max(valued, key=lambda pair: pair[1])[1]
        low = min(valued, key=lambda pair: pair[1])[1]
        if text.number(high) == text.number(low):
            sentences.append(text("bar_all_equal", antal=len(valued), värde=text.value(high)))
        else:
            for key, extreme in (("bar_highest", high), ("bar_lowest", low)):
                names = [name for name, number in shown if number == text.number(extreme)]
                sentences.append(text.extreme(key, names, extreme))
        missing = len(spec.labels) - len(valued)
        if missing:
            sentences.append(text("bar_missing", antal=missing, totalt=len(spec.labels)))
    if spec.references:
        sentences.append(text("bar_references", referenser=text.join(
            f"{_reference_name(labels, line, spec.decimals)} "
            f"{text.value(line.value)}" for line in spec.references)))
    return " ".join(sentences)


def series_chart_alt(context: ComposeContext, spec: SeriesChartSpec, labels: dict,
                     unit: str) -> str:
    """What a series chart shows: title, lines and years, and each line's first and last
    value with its direction."""
    text = _Texts(context, labels, spec.decimals, unit)
    names = [_series_name(context, labels, name) for name, _ in spec.series]
    first, last = spec.years[0], spec.years[-1]
    sentences = [text("series" if first != last else "series_one_year", titel=spec.title,
                      namn=text.join(names), första_år=first, sista_år=last)]
    for name, (_, values) in zip(names, spec.series):
        points = [(year, value) for year, value in zip(spec.years, values) if value is not None]
        if not points:
            sentences.append(text("series_no_values", namn=name))
            continue
        (year_a, a), (year_b, b) = points[0], points[-1]
        if len(points) == 1:
            sentences.append(text("series_one_value", namn=name, första=text.value(a),
                                  första_år=year_a))
            continue
        if text.number(a) == text.number(b):
            key = "series_unchanged"
        else:
            key = "series_increased" if b > a else "series_decreased"
        sentences.append(text(key, namn=name, första=text.value(a), sista=text.value(b),
                              första_år=year_a, sista_år=year_b))
    return " ".join(sentences)


class _Texts:
    """The ``[chart_alt]`` templates filled through the context, numbers written alike."""

    def __init__(self, context: ComposeContext, labels: dict, decimals: int, unit: str):
        self.context, self.labels, self.decimals, self.unit = context, labels, decimals, unit
        self.table = labels["chart_alt"]

    def __call__(self, key: str, **values: object) -> str:
        return self.context.fill(self.table[key], file=self.table.path, **values)

    def number(self, value: float) -> str:
        return format_number(value, self.decimals)

    def value(self, value: float) -> str:
        """A number with its unit ("4,1 procent")."""
        return self("value", värde=self.number(value), måttenhet=self.unit).strip()

    def join(self, names) -> str:
        """ "A", "A och B", "A, B och C"."""
        names = list(names)
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.labels['words']['and']} {names[-1]}"

    def extreme(self, key: str, names: list[str], value: float) -> str:
        """The highest or lowest sentence: the units named, or counted when many tie."""
        if len(names) > NAMED_TIES:
            return self(f"{key}_many", antal=len(names), värde=self.value(value))
        return self(key, namn=self.join(names), värde=self.value(value))


def _reference_name(labels: dict, line, decimals: int) -> str:
    """A reference line's region name: its label without the printed value ("Jönköpings
    län 4,1" -> "Jönköpings län"), Riket as running text writes it."""
    if line.style == "riket":
        return labels["chart"]["riket_in_text"]
    suffix = " " + format_number(line.value, decimals)
    return line.label[:-len(suffix)] if line.label.endswith(suffix) else line.label


def _series_name(context: ComposeContext, labels: dict, name: str) -> str:
    """A series' name in running text (Riket as ``[chart] riket_in_text``)."""
    return labels["chart"]["riket_in_text"] if name == context.riket.name else name
