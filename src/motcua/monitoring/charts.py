"""Trend charts drawn as SVG on the server — pure, no JavaScript, no internet access needed.

``trend_svg`` draws bars (a count, left scale) and a line (a percentage, 0–100 on the right) for a
series of periods; the caller puts the same numbers in a table for screen readers and printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Point:
    label: str
    count: int
    percent: float | None  # None: nothing to measure (no gap in the bars, a gap in the line)


def _nice_max(value: int) -> int:
    """The smallest of 1, 2, 5 × 10ⁿ at or above ``value`` (a round top for the scale)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def trend_svg(points: list[Point], *, title: str, count_label: str, percent_label: str,
              width: int = 720, height: int = 240) -> str:
    left, right, top, bottom = 48, 48, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_count = _nice_max(max([p.count for p in points] + [1]))
    slot = plot_w / max(len(points), 1)
    parts = [f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for share in (0, 0.5, 1):  # grid and both scales
        y = top + plot_h * (1 - share)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{round(top_count * share)}</text>')
        parts.append(f'<text class="axis" x="{width - right + 6}" y="{y + 4:.1f}">{round(100 * share)} %</text>')
    line = []
    for i, p in enumerate(points):
        x = left + slot * i
        bar_h = plot_h * p.count / top_count
        parts.append(f'<rect class="bar" x="{x + slot * 0.2:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.6:.1f}" '
                     f'height="{bar_h:.1f}"><title>{escape(p.label)}: {p.count}</title></rect>')
        parts.append(f'<text class="axis" x="{x + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                     f'{escape(p.label)}</text>')
        if p.percent is not None:
            line.append((x + slot / 2, top + plot_h * (1 - p.percent / 100), p))
    if len(line) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y, _) in enumerate(line))
        parts.append(f'<path class="line" d="{path}"/>')
    for x, y, p in line:
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                     f'<title>{escape(p.label)}: {p.percent:.1f} %</title></circle>')
    parts.append(f'<text class="legend" x="{left}" y="{height - 4}">▮ {escape(count_label)}</text>')
    parts.append(f'<text class="legend line-legend" x="{width - right}" y="{height - 4}" text-anchor="end">'
                 f'● {escape(percent_label)}</text></svg>')
    return "".join(parts)
