"""The charts of the HTML report, drawn with matplotlib's Agg canvas into PNG bytes.

No pyplot: each chart is its own ``Figure`` on a ``FigureCanvasAgg``, so
drawing needs no display, touches no global figure state, and works the
same in a worker, a CI job or a terminal without X. Labels come from task
and model names, which may hold ``$``: mathtext is switched off so a name
is drawn as written and cannot break the drawing.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

from werk.benchmarks.harness.check_result import (
    BUDGET,
    CRASH,
    DID_NOT_COMPILE,
    FAILED_TESTS,
    VIOLATED_PROPERTY,
)

PASSED = "passed"
SEGMENT_COLOURS = {
    PASSED: "#2e7d32",
    DID_NOT_COMPILE: "#6a1b9a",
    FAILED_TESTS: "#c62828",
    VIOLATED_PROPERTY: "#ef6c00",
    BUDGET: "#f9a825",
    CRASH: "#424242",
}
OTHER_COLOUR = "#90a4ae"
STYLE: dict[RcKeyType, Any] = {
    "text.parse_math": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI = 110


def grouped_bars(
    title: str, groups: Sequence[str], series: dict[str, Sequence[float | None]], ylabel: str
) -> bytes:
    """One group per category (or difficulty), one bar per model; a missing value is no bar.

    Values are fractions; the bars show percent, labelled with their value.
    """
    width_in = min(16.0, max(6.0, 1.5 + 0.4 * len(groups) * max(1, len(series))))
    with matplotlib.rc_context(STYLE):
        figure, axes = _figure(width_in, 3.8)
        bar_width = 0.8 / max(1, len(series))
        for index, (model, values) in enumerate(series.items()):
            positions = [
                group + (index - (len(series) - 1) / 2) * bar_width
                for group, value in enumerate(values)
                if value is not None
            ]
            heights = [100 * value for value in values if value is not None]
            bars = axes.bar(positions, heights, bar_width, label=model, color=_colour(index))
            axes.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
        axes.set_xticks(range(len(groups)), list(groups))
        axes.set_ylim(0, 110)
        axes.set_ylabel(ylabel)
        axes.set_title(title)
        _legend(axes, len(series))
        return _png(figure)


def scatter(
    title: str, points: Sequence[tuple[str, float, float]], xlabel: str, colours: Sequence[int]
) -> bytes:
    """One labelled point per model: (name, x, pass@1 as a fraction).

    ``colours`` gives each point's palette index, so that a model keeps the
    colour it has in the bar charts.
    """
    with matplotlib.rc_context(STYLE):
        figure, axes = _figure(6.5, 4.2)
        for (model, x, y), colour in zip(points, colours, strict=True):
            axes.scatter([x], [100 * y], s=60, color=_colour(colour), zorder=3)
            axes.annotate(model, (x, 100 * y), textcoords="offset points", xytext=(6, 4))
        axes.set_xlabel(xlabel)
        axes.set_ylabel("pass@1 (%)")
        axes.set_ylim(-5, 110)
        largest = max((x for _, x, _ in points), default=0.0)
        axes.set_xlim(0, largest * 1.25 if largest > 0 and math.isfinite(largest) else 1)
        axes.grid(True, alpha=0.3)
        axes.set_title(title)
        return _png(figure)


def stacked_outcomes(
    title: str, models: Sequence[str], segments: dict[str, Sequence[int]]
) -> bytes:
    """One bar per model, stacked by outcome (passed, then each failure category)."""
    width_in = min(16.0, max(5.0, 2.5 + 0.9 * len(models)))
    with matplotlib.rc_context(STYLE):
        figure, axes = _figure(width_in, 3.8)
        bottoms = [0] * len(models)
        for kind, counts in segments.items():
            axes.bar(
                range(len(models)),
                counts,
                0.6,
                bottom=bottoms,
                label=kind,
                color=SEGMENT_COLOURS.get(kind, OTHER_COLOUR),
            )
            bottoms = [below + count for below, count in zip(bottoms, counts, strict=True)]
        axes.set_xticks(range(len(models)), list(models))
        axes.set_ylabel("attempts")
        axes.set_title(title)
        _legend(axes, len(segments), reverse=True)  # listed top-down as stacked
        return _png(figure)


def _figure(width_in: float, height_in: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width_in, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _legend(axes: Axes, entries: int, reverse: bool = False) -> None:
    if entries:
        axes.legend(
            loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, reverse=reverse
        )
    for label in axes.get_xticklabels():
        label.set_rotation(20)
        label.set_horizontalalignment("right")


def _colour(index: int) -> tuple[float, float, float, float]:
    colours = matplotlib.colormaps["tab10"]
    return tuple(colours(index % 10))  # type: ignore[return-value]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # no software/date metadata: the same results give byte-identical images
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
