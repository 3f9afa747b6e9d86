"""The report's two maturity charts, drawn with reportlab.graphics.

A radar of the capability dimensions (0-4, one ring a level) and bars of the
strategy tactics A-E (share in use); targets dashed over both. Values are
printed beside the shapes, so a grayscale copy still reads.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.lib import colors

from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.model.maturity import MaturityResult

INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#6e6e6e")
GRID = colors.HexColor("#c8c8d0")
VALUE = colors.HexColor("#2f6fb5")
TARGET = colors.HexColor("#b03a2e")


def radar(a: MaturityResult, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    cx, cy = width / 2, height / 2 - 6
    radius = min(width, height) / 2 - 30
    dims = a.capability
    n = len(dims)
    angles = [math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(angle: float, value: float) -> tuple[float, float]:
        r = radius * value / 4
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in (1, 2, 3, 4):
        pts = [c for ang in angles for c in point(ang, level)]
        d.add(Polygon(pts, strokeColor=GRID, strokeWidth=0.5, fillColor=None))
        x, y = point(angles[0], level)
        d.add(
            String(x + 3, y - 3, str(level), fontName=FAMILY.regular, fontSize=6, fillColor=MUTED)
        )
    for ang in angles:
        x, y = point(ang, 4)
        d.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
    targets = [dim.target.rank if dim.target else None for dim in dims]
    if all(t is not None for t in targets):
        pts = [c for ang, t in zip(angles, targets, strict=True) for c in point(ang, t or 0)]
        d.add(
            Polygon(
                pts, strokeColor=TARGET, strokeWidth=1.2, strokeDashArray=[3, 2], fillColor=None
            )
        )
    pts = [c for ang, dim in zip(angles, dims, strict=True) for c in point(ang, dim.progress)]
    d.add(
        Polygon(
            pts,
            strokeColor=VALUE,
            strokeWidth=1.6,
            fillColor=colors.Color(VALUE.red, VALUE.green, VALUE.blue, alpha=0.25),
        )
    )
    for ang, dim in zip(angles, dims, strict=True):
        x, y = point(ang, 4.55)
        anchor = "middle" if abs(math.cos(ang)) < 0.3 else ("start" if math.cos(ang) > 0 else "end")
        d.add(
            String(
                x,
                y - 3,
                f"{dim.dimension.label} {dim.progress:.1f}",
                fontName=FAMILY.bold,
                fontSize=7.5,
                fillColor=INK,
                textAnchor=anchor,
            )
        )
    d.add(
        String(0, height - 10, "Capability (0-4)", fontName=FAMILY.bold, fontSize=8, fillColor=INK)
    )
    _legend(d, width, height, target=all(t is not None for t in targets))
    return d


def tactic_bars(a: MaturityResult, width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    left, bottom, top = 28, 24, height - 24
    plot_h = top - bottom
    n = len(a.strategy)
    slot = (width - left - 6) / n
    bar_w = slot * 0.55
    for pct in (0, 0.5, 1.0):
        y = bottom + plot_h * pct
        d.add(Line(left, y, width - 6, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(
            String(
                left - 4,
                y - 3,
                f"{pct:.0%}",
                fontName=FAMILY.regular,
                fontSize=6,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for i, t in enumerate(a.strategy):
        x = left + slot * i + (slot - bar_w) / 2
        value = t.coverage or 0.0
        if value > 0:
            d.add(
                Polygon(
                    [
                        x,
                        bottom,
                        x + bar_w,
                        bottom,
                        x + bar_w,
                        bottom + plot_h * value,
                        x,
                        bottom + plot_h * value,
                    ],
                    fillColor=VALUE,
                    strokeColor=None,
                )
            )
        shown = "—" if t.coverage is None else f"{t.coverage:.0%}"
        d.add(
            String(
                x + bar_w / 2,
                bottom + plot_h * value + 3,
                shown,
                fontName=FAMILY.regular,
                fontSize=6.5,
                fillColor=INK,
                textAnchor="middle",
            )
        )
        if t.target is not None:
            y = bottom + plot_h * t.target
            d.add(
                Line(
                    x - 3,
                    y,
                    x + bar_w + 3,
                    y,
                    strokeColor=TARGET,
                    strokeWidth=1.4,
                    strokeDashArray=[3, 2],
                )
            )
        d.add(
            String(
                x + bar_w / 2,
                bottom - 11,
                t.tactic.value,
                fontName=FAMILY.bold,
                fontSize=8,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    d.add(
        String(
            0,
            height - 10,
            "Strategy tactics A-E (share in use)",
            fontName=FAMILY.bold,
            fontSize=8,
            fillColor=INK,
        )
    )
    # No tactic has a target: no dashed line is drawn, so none is explained.
    _legend(d, width, height, target=any(t.target is not None for t in a.strategy))
    return d


def _legend(d: Drawing, width: float, height: float, target: bool = True) -> None:
    y = 2
    if not target:
        d.add(Line(width - 65, y + 3, width - 51, y + 3, strokeColor=VALUE, strokeWidth=2))
        d.add(
            String(width - 48, y, "current", fontName=FAMILY.regular, fontSize=6.5, fillColor=INK)
        )
        return
    d.add(Line(width - 120, y + 3, width - 106, y + 3, strokeColor=VALUE, strokeWidth=2))
    d.add(String(width - 103, y, "current", fontName=FAMILY.regular, fontSize=6.5, fillColor=INK))
    d.add(
        Line(
            width - 65,
            y + 3,
            width - 51,
            y + 3,
            strokeColor=TARGET,
            strokeWidth=1.4,
            strokeDashArray=[3, 2],
        )
    )
    d.add(String(width - 48, y, "target", fontName=FAMILY.regular, fontSize=6.5, fillColor=INK))
