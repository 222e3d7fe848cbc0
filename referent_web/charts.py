"""Geometry of the dashboard's charts, drawn as inline SVG by the templates (no script,
no external resource). Each chart is also given as a table of its numbers."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 32, 16, 36


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # share of the largest value, for the width of a CSS bar


def bars(items: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _, value in items), default=0)
    return [Bar(label, value, round(100 * value / top, 1) if top else 0.0) for label, value in items]


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    label: str
    value: int


@dataclass(frozen=True)
class TimeLine:
    points: list[LinePoint]
    path: str
    max_value: int
    ticks: list[tuple[float, int]]  # y position, value of horizontal grid lines
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM
    left: float = PAD_LEFT
    right: float = WIDTH - PAD_RIGHT


def time_line(items: list[tuple[str, int]]) -> TimeLine:
    """A line through one point per period (labels on the x axis, values on the y axis)."""
    top = max(max((value for _, value in items), default=0), 1)
    plot_width = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_height = HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_width / max(len(items) - 1, 1)
    points = [
        LinePoint(
            x=round(PAD_LEFT + index * step, 1),
            y=round(PAD_TOP + plot_height * (1 - value / top), 1),
            label=label,
            value=value,
        )
        for index, (label, value) in enumerate(items)
    ]
    path = " ".join(f"{'M' if index == 0 else 'L'}{p.x},{p.y}" for index, p in enumerate(points))
    tick_values = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    ticks = [(round(PAD_TOP + plot_height * (1 - value / top), 1), value) for value in tick_values]
    return TimeLine(points=points, path=path, max_value=top, ticks=ticks)
