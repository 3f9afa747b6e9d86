"""The report's two maturity charts, drawn with reportlab.graphics.

A radar of the capability dimensions (0-4, one ring a level) and bars of the
strategy tactics A-E on the answer scale (No to Continuously); targets dashed over both. Values are
printed beside the shapes, so a grayscale copy still reads.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from cvo_workshop.engine.frameworks import definition
from cvo_workshop.engine.maturity import ANSWERS
from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.model.backlog import Backlog, BacklogItem
from cvo_workshop.model.grooming import ReachBasis
from cvo_workshop.model.maturity import MaturityResult

INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#6e6e6e")
GRID = colors.HexColor("#c8c8d0")
VALUE = colors.HexColor("#2f6fb5")
TARGET = colors.HexColor("#b03a2e")


def _drawing(width: float, height: float) -> Drawing:
    # Reportlab starts a drawing in Helvetica, which the PDF would then reference
    # unembedded though no text uses it: start in the embedded family.
    d = Drawing(width, height)
    d.initialFontName = FAMILY.regular
    return d


def radar(a: MaturityResult, width: float, height: float) -> Drawing:
    d = _drawing(width, height)
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


#: The scored answers, in order: a tactic's value is a mean of these.


def _scale_pos(v: float) -> float:
    """0-1 height of an answer value with the answers evenly spaced (ordinal)."""
    steps = [value for value, _ in ANSWERS]
    for k, (a, b) in enumerate(pairwise(steps)):
        if v <= b:
            return (k + (v - a) / (b - a)) / (len(steps) - 1)
    return 1.0


def tactic_bars(a: MaturityResult, width: float, height: float) -> Drawing:
    """How far each tactic is in use, on the answer scale (No ... Continuously)."""
    d = _drawing(width, height)
    left, bottom, top = 58, 24, height - 24
    plot_h = top - bottom
    n = len(a.strategy)
    slot = (width - left - 6) / n
    bar_w = slot * 0.55
    for value, label in ANSWERS:
        y = bottom + plot_h * _scale_pos(value)
        d.add(Line(left, y, width - 6, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(
            String(
                left - 4,
                y - 3,
                label,
                fontName=FAMILY.regular,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for i, t in enumerate(a.strategy):
        x = left + slot * i + (slot - bar_w) / 2
        value = _scale_pos(t.coverage) if t.coverage is not None else 0.0
        if value > 0:
            top_y = bottom + plot_h * value
            d.add(
                Polygon(
                    [x, bottom, x + bar_w, bottom, x + bar_w, top_y, x, top_y],
                    fillColor=VALUE,
                    strokeColor=None,
                )
            )
        if t.coverage is None:
            d.add(
                String(
                    x + bar_w / 2,
                    bottom + 3,
                    "—",
                    fontName=FAMILY.regular,
                    fontSize=6.5,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
        if t.target is not None:
            y = bottom + plot_h * _scale_pos(t.target)
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
            "Strategy tactics A-E: in use?",
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


@dataclass(frozen=True)
class MatrixPoint:
    """One backlog item on the value / effort matrix."""

    rank: int
    score: float
    effort: float  # person-months, or ease 1-10 (see `value_effort`)
    reach: float  # percent of customers or of revenue: the bubble's area


@dataclass(frozen=True)
class MatrixPoints:
    """The items placed on the matrix, the ranks left off it, and the effort axis."""

    points: list[MatrixPoint]
    #: Ranks with no score or no effort to place.
    left_out: list[int]
    #: True where the framework has ease (ICE, PIE) rather than effort (RICE).
    ease: bool
    #: "reach (customers)" or "reach (share of revenue)": what a bubble's area is.
    reach_words: str
    #: Where the quadrants split, (score, effort): the whole backlog's medians, so a
    #: part of it (--horizon) places an item where the whole does; None: no point.
    split: tuple[float, float] | None = None


def matrix_points(b: Backlog, whole: Backlog | None = None) -> MatrixPoints:
    """Every item as a point of the value / effort matrix (the report's and the
    slide deck's): effort in person-months where the framework asks it, else ease.
    `whole` is the backlog `b` is a part of (--horizon): the quadrants split at its
    medians, not the part's."""
    ease = "effort" not in definition(b.framework).keys
    points, left_out = _points(b, ease)
    every = _points(whole, ease)[0] if whole is not None else points
    split = None
    if every:
        split = (_median([p.score for p in every]), _median([p.effort for p in every]))
    basis = "share of revenue" if b.reach_basis is ReachBasis.REVENUE else "customers"
    return MatrixPoints(points, left_out, ease, f"reach ({basis})", split)


def _points(b: Backlog, ease: bool) -> tuple[list[MatrixPoint], list[int]]:
    """The items with a score and an effort as points; the ranks of the others."""
    points, left_out = [], []
    for i in b.items:
        e = _factor(i, "ease" if ease else "effort")
        if i.score is None or e is None:
            left_out.append(i.rank)
            continue
        points.append(MatrixPoint(i.rank, i.score, e, _reach(i, b.reach_basis)))
    return points, left_out


def _factor(i: BacklogItem, key: str) -> float | None:
    f = i.breakdown.factors.get(key)
    return f.value if f is not None else None


def _reach(i: BacklogItem, basis: ReachBasis) -> float:
    """The item's reach in percent: RICE's, else its cohorts' shares on the basis."""
    if i.reach is not None:
        return i.reach
    shares = [c.revenue_share if basis is ReachBasis.REVENUE else c.share for c in i.cohorts]
    return min(100.0, 100 * sum(v for v in shares if v is not None))


#: Quadrant names, by (high value, low effort).
QUADRANTS = {
    (True, True): "Quick wins",
    (True, False): "Big bets",
    (False, True): "Fill-ins",
    (False, False): "Money pits",
}


#: A box on the chart, (x0, y0, x1, y1) in points.
Box = tuple[float, float, float, float]
#: A bubble as drawn: (x, y, radius).
Bubble = tuple[float, float, float]


def bubble_radius(reach: float, biggest: float) -> float:
    """A bubble's radius in points: its area grows with reach, 5 pt at the least."""
    return 5 + 13 * math.sqrt(max(reach, 0.0) / (biggest or 1.0))


def value_effort(placed: MatrixPoints, width: float, height: float) -> Drawing:
    """Score up, effort to the right, a bubble an item (area = reach), numbered by
    rank. Ease (ICE, PIE) plots 1-10 with the easiest at the left, so low effort is
    always on the left. Dashed lines mark where the quadrants split (`placed.split`).

    Every bubble lies inside the axes: values are placed a largest bubble's radius
    in from them. The quadrants' names go where no bubble or number is (`_name_place`);
    a number that a bubble's outline or a name would cross is printed on a white ground."""
    points, ease, split = placed.points, placed.ease, placed.split
    d = _drawing(width, height)
    left, bottom, right, top = 40, 34, width - 10, height - 10
    biggest = max((p.reach for p in points), default=0.0) or 1.0
    radii = {p.rank: bubble_radius(p.reach, biggest) for p in points}
    # Room for the largest bubble (and its outline) between the axes and any centre.
    pad = max(radii.values(), default=0.0) + 1.5
    x0, x1, y0, y1 = left + pad, right - pad, bottom + pad, top - pad
    # The axes hold the split too: the whole backlog's medians may lie past the part's items.
    scores = sorted([p.score for p in points] + ([split[0]] if split else []))
    efforts = sorted([p.effort for p in points] + ([split[1]] if split else []))
    if ease:
        lo_e, hi_e = 10.0, 1.0  # the axis runs from easy to hard

        def fx(v: float) -> float:
            return x0 + (x1 - x0) * (lo_e - v) / (lo_e - hi_e)
    else:
        # Person-months on a log scale: 0.5 and 120 on one axis without squashing.
        # Room around the smallest and largest, so no bubble sits on an axis.
        lo_e = min(0.5, efforts[0] if efforts else 0.5) / 1.6
        hi_e = max(lo_e * 8, efforts[-1] * 1.6 if efforts else 4)

        def fx(v: float) -> float:
            return x0 + (x1 - x0) * math.log(v / lo_e) / math.log(hi_e / lo_e)

    # Nothing above 0 (or no items): an axis 0 to 1 rather than one of 1e-9.
    top_score = scores[-1] * 1.15 if scores and scores[-1] > 0 else 1.0

    def fy(v: float) -> float:
        return y0 + (y1 - y0) * max(v, 0.0) / top_score

    d.add(Line(left, bottom, right, bottom, strokeColor=INK, strokeWidth=0.8))
    d.add(Line(left, bottom, left, top, strokeColor=INK, strokeWidth=0.8))
    if points and split:
        mx, my = fx(split[1]), fy(split[0])
        d.add(Line(mx, bottom, mx, top, strokeColor=GRID, strokeWidth=0.8, strokeDashArray=[4, 3]))
        d.add(Line(left, my, right, my, strokeColor=GRID, strokeWidth=0.8, strokeDashArray=[4, 3]))
    bubbles = {p.rank: (fx(p.effort), fy(p.score), radii[p.rank]) for p in points}
    places = [(x, y, rank) for rank, (x, y, _) in bubbles.items()]
    # Bold 8 pt digits are about 5 pt wide; a label is about 11 pt high.
    numbers = _apart(
        [
            _number_place(x, y, label_text(ranks), left, right)
            for x, y, ranks in shared_labels(places, (5, 11))
        ],
        bottom,
        top,
    )
    names: list[Box] = []
    if points and split:
        names = _quadrant_names(
            d, (left, bottom, right, top), (mx, my), list(bubbles.values()), numbers
        )
    # Largest bubbles first, so small ones stay visible on top of them.
    for p in sorted(points, key=lambda p: -p.reach):
        x, y, r = bubbles[p.rank]
        d.add(
            Circle(
                x,
                y,
                r,
                fillColor=colors.Color(VALUE.red, VALUE.green, VALUE.blue, alpha=0.35),
                strokeColor=VALUE,
                strokeWidth=0.8,
            )
        )
    for x, y, text, box in numbers:
        crossed = any(_crosses(b, box) for b in bubbles.values())
        if crossed or any(_overlap(box, name) for name in names):
            # On a white ground: no outline or name runs through the digits.
            d.add(
                Rect(
                    box[0],
                    box[1],
                    box[2] - box[0],
                    box[3] - box[1],
                    rx=2,
                    ry=2,
                    fillColor=colors.Color(1, 1, 1, alpha=0.9),
                    strokeColor=None,
                )
            )
        d.add(
            String(
                x,
                y - 3,
                text,
                fontName=FAMILY.bold,
                fontSize=8,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    ticks = [10.0, 7.0, 4.0, 1.0] if ease else _log_ticks(lo_e, hi_e)
    for t in ticks:
        x = fx(t)
        d.add(Line(x, bottom, x, bottom - 3, strokeColor=INK, strokeWidth=0.6))
        d.add(
            String(
                x,
                bottom - 12,
                f"{t:g}",
                fontName=FAMILY.regular,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    x_label = "Ease (10 = easiest), easy to hard" if ease else "Effort (person-months, log scale)"
    d.add(
        String(
            (left + right) / 2,
            bottom - 26,
            x_label,
            fontName=FAMILY.bold,
            fontSize=8,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    for v in round_ticks(top_score):
        y = fy(v)
        d.add(Line(left - 3, y, left, y, strokeColor=INK, strokeWidth=0.6))
        d.add(
            String(
                left - 5,
                y - 2.5,
                f"{v:g}",
                fontName=FAMILY.regular,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    label = String(0, 0, "Score", fontName=FAMILY.bold, fontSize=8, fillColor=INK)
    group = Group(label)
    group.transform = (0, 1, -1, 0, 8, (bottom + top) / 2 - 10)
    d.add(group)
    d.add(
        String(
            right,
            top + 2,
            f"Bubble area: {placed.reach_words}",
            fontName=FAMILY.regular,
            fontSize=7,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    return d


def _number_place(
    x: float, y: float, text: str, left: float, right: float
) -> tuple[float, float, str, Box]:
    """A number label centred at (x, y), kept between the axes; its box with a margin."""
    from cvo_workshop.export.textfit import text_width

    half = text_width(text, FAMILY.bold, 8) / 2 + 1.5
    x = min(max(x, left + half + 1), right - half - 1)
    return x, y, text, (x - half, y - 5, x + half, y + 5)


def _apart(
    numbers: list[tuple[float, float, str, Box]], bottom: float, top: float
) -> list[tuple[float, float, str, Box]]:
    """The number labels, each moved up or down by whole lines, as little as it can
    be, off the labels before it: labels of bubbles side by side (each shared by a
    few items, so wide) no longer print over each other. A label with no free line
    within three of its place stays there."""
    placed: list[tuple[float, float, str, Box]] = []
    for x, y, text, box in numbers:
        line = box[3] - box[1] + 1
        for k in (0, 1, -1, 2, -2, 3, -3):
            dy = k * line
            moved = (box[0], box[1] + dy, box[2], box[3] + dy)
            inside = bottom <= moved[1] and moved[3] <= top
            if inside and not any(_overlap(moved, p[3]) for p in placed):
                placed.append((x, y + dy, text, moved))
                break
        else:
            placed.append((x, y, text, box))
    return placed


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _touches(bubble: Bubble, box: Box) -> bool:
    """Whether the bubble (its disc) and the box share any point."""
    x, y, r = bubble
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return dx * dx + dy * dy < r * r


def _crosses(bubble: Bubble, box: Box) -> bool:
    """Whether the bubble's outline runs through the box: it touches it without holding it."""
    x, y, r = bubble
    corners = ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3]))
    inside = all((cx - x) ** 2 + (cy - y) ** 2 <= r * r for cx, cy in corners)
    return _touches(bubble, box) and not inside


#: The quadrants' names: bold, 10 pt; a box 2 pt below the baseline and 8 pt above it.
NAME_PT = 10.0


def _quadrant_names(
    d: Drawing,
    plot: Box,
    split: tuple[float, float],
    bubbles: list[Bubble],
    numbers: list[tuple[float, float, str, Box]],
) -> list[Box]:
    """Each quadrant's name, in its quadrant, where no bubble or number is (its outer
    corner if free); where nowhere is, in the outer corner under the bubbles. The
    names' boxes."""
    from cvo_workshop.export.textfit import text_width

    left, bottom, right, top = plot
    mx, my = split
    # (high value, low effort): the quadrant's box, and its corner on the plot's edge.
    quads = {
        (True, True): ((left, my, mx, top), (0, 1)),
        (True, False): ((mx, my, right, top), (1, 1)),
        (False, True): ((left, bottom, mx, my), (0, 0)),
        (False, False): ((mx, bottom, right, my), (1, 0)),
    }
    taken = [box for *_, box in numbers]
    out: list[Box] = []
    for key, (quad, corner) in quads.items():
        name = QUADRANTS[key]
        w = text_width(name, FAMILY.bold, NAME_PT)
        x, y = _name_place(quad, corner, w, bubbles, taken)
        box = (x - 1, y - 2, x + w + 1, y + NAME_PT * 0.8)
        taken.append(box)
        out.append(box)
        d.add(String(x, y, name, fontName=FAMILY.bold, fontSize=NAME_PT, fillColor=MUTED))
    return out


def _name_place(
    quad: Box, corner: tuple[int, int], w: float, bubbles: list[Bubble], taken: list[Box]
) -> tuple[float, float]:
    """Where a name `w` wide starts (x, baseline) in the quadrant `quad`: the free
    place nearest its outer `corner` (0: left or bottom, 1: right or top), looked
    for in steps over the quadrant; the corner itself when none is free."""
    qx0, qy0, qx1, qy1 = quad
    inset = 5.0
    lo_x, hi_x = qx0 + inset, qx1 - inset - w
    lo_y, hi_y = qy0 + inset + 2, qy1 - inset - NAME_PT * 0.8
    cx = hi_x if corner[0] else lo_x
    cy = hi_y if corner[1] else lo_y
    if hi_x < lo_x or hi_y < lo_y:  # too small a quadrant for its name
        return cx, cy
    step = 6.0
    nx, ny = int((hi_x - lo_x) / step) + 1, int((hi_y - lo_y) / step) + 1
    spots = [
        (cx + (-i if corner[0] else i) * step, cy + (-j if corner[1] else j) * step)
        for i in range(nx)
        for j in range(ny)
    ]
    # Nearest the corner first: along the edges before the middle of the quadrant.
    spots.sort(
        key=lambda s: min(abs(s[0] - cx), abs(s[1] - cy)) * 4 + abs(s[0] - cx) + abs(s[1] - cy)
    )
    for x, y in spots:
        box = (x - 2, y - 4, x + w + 2, y + NAME_PT * 0.8 + 2)
        if not any(_touches(b, box) for b in bubbles) and not any(_overlap(box, t) for t in taken):
            return x, y
    return cx, cy


def shared_labels(
    places: Iterable[tuple[float, float, int]], size: tuple[float, float]
) -> list[tuple[float, float, list[int]]]:
    """The items' numbers to print, (x, y, ranks), from their places (x, y, rank):
    items whose numbers would print over each other share one label, "1, 4"
    (`label_text`), instead.

    `size` is a character's width and a label's height. An item joins the first
    label (by rank) its own number would overlap, else takes a label of its own
    there; a label is centred on its first item. Labels are looked for only in
    the cells of a grid around the item, so 2,000 items stay quick.
    """
    char_w, h = size

    def width(ranks: list[int]) -> float:
        return char_w * len(label_text(ranks))

    places = sorted(places, key=lambda p: p[2])
    # A cell as wide as the widest label: any label an item overlaps is in the
    # item's cell or the next one either way.
    w = max((width([r] * 5) for *_, r in places), default=1.0)
    grid: dict[tuple[int, int], list[tuple[float, float, list[int]]]] = {}
    labels: list[tuple[float, float, list[int]]] = []
    for x, y, rank in places:
        cx, cy = math.floor(x / w), math.floor(y / h)
        near = (
            label
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for label in grid.get((cx + dx, cy + dy), ())
            if abs(label[0] - x) < (width(label[2]) + width([rank])) / 2 and abs(label[1] - y) < h
        )
        label = next(near, None)
        if label is None:
            label = (x, y, [])
            grid.setdefault((cx, cy), []).append(label)
            labels.append(label)
        label[2].append(rank)
    return labels


def label_text(ranks: list[int]) -> str:
    """A shared label's text, "1, 4"; past four ranks, three and '…'."""
    shown = [str(r) for r in (ranks if len(ranks) <= 4 else ranks[:3])]
    return ", ".join(shown if len(ranks) <= 4 else [*shown, "…"])


def quadrants(placed: MatrixPoints) -> dict[str, list[int]]:
    """The ranks in each quadrant, by name (split at `placed.split`, as drawn)."""
    out: dict[str, list[int]] = {name: [] for name in QUADRANTS.values()}
    if not placed.points or placed.split is None:
        return out
    score, effort = placed.split
    for p in placed.points:
        low_effort = p.effort >= effort if placed.ease else p.effort <= effort
        out[QUADRANTS[(p.score >= score, low_effort)]].append(p.rank)
    return out


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return (s[n // 2] + s[(n - 1) // 2]) / 2


def round_ticks(top: float) -> list[float]:
    """Evenly spaced round ticks from 0 up to `top`: a step of 1, 2, 2.5 or 5 x 10^k,
    the smallest that leaves at most six steps (four to seven ticks)."""
    if top <= 0:
        return [0.0]
    least = top / 6
    power = 10.0 ** math.floor(math.log10(least))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= least * (1 - 1e-9))
    # Rounded, so 3 x 0.2 reads 0.6, not 0.6000000000000001.
    return [round(k * step, 12) for k in range(int(top / step * (1 + 1e-9)) + 1)]


def _log_ticks(lo: float, hi: float) -> list[float]:
    ticks, t = [], 0.5
    while t <= hi:
        if t >= lo:
            ticks.append(t)
        t *= 2
    return ticks
