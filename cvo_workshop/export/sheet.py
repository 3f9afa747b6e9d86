"""Where cards go on a printed sheet: pure geometry, in PDF points (y grows upwards).

Poker cards (63 x 88 mm), 9 to a sheet in a 3 x 3 grid on A4 or Letter
(ARCHITECTURE.md, Domain, Printed cards); larger cards (`CARD_SIZES_MM`) as
many as fit, on the sheet turned whichever way holds more. Each card's
artwork runs `bleed` past its trim line, so a cut that is slightly off shows
colour, not a white sliver.

Everything printed outside the cards (crop marks, fold line, sheet notes)
stays `SAFE_MM` inside the sheet's edge, where most printers cannot print;
so do the cards' cuts, whatever the bleed: only bleed runs into that edge.
A crop mark runs from there towards the cards and stops short of the outer
bleed; where the margin is too narrow for that, it runs on over the outer
bleed (cut away with it) to `CLEAR_MM` short of the cut. Where even that
leaves less than `MIN_MARK_MM` (Letter's top and bottom), the cuts across
that margin are printed as cut lines through the sheet instead; `cut_lines`
asks for cut lines everywhere.

Between neighbours the cards keep a gap of twice the bleed when the sheet has
room for it and still leaves `MARK_ROOM` for crop marks in the margin; when
it has not (A4's width, Letter's height), neighbours touch and share one cut.
Each axis is decided on its own.

Backs:
- `duplex`: each front page is followed by a back page; long-edge flipping
  turns a portrait sheet around its vertical axis, so the back page mirrors
  the columns (a landscape sheet turns around its horizontal axis: the rows).
  `offset` shifts the back pages to correct a printer that misaligns its two
  sides; an offset that would put a back's cut line within `SAFE_MM` of the
  sheet's edge is refused (`SheetError`).
- `fold`: a landscape sheet, fronts on the left half, backs on the right half
  mirrored about the fold line in the middle; fold, glue, and cut both layers
  at once (4 cards a sheet). The fold always sits in a gutter of twice the
  bleed, so it is cut away with colour to spare either side; on Letter, where
  the width has no room for a gutter between every column, the fold gets the
  only one. (Only a bleed too large for the paper puts the fold on a cut line;
  `Imposition.fold_on_cut` says so and the print report warns.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

MM = 72 / 25.4

PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
CARD_MM = (63.0, 88.0)
#: Card sizes, width x height. Index is the common 5 x 3 in card (landscape):
#: a size of its own, where 6 x 4 in would be A6 again by another name.
CARD_SIZES_MM = {
    "poker": CARD_MM,
    "index": (152.4, 101.6),
    "a6": (105.0, 148.0),
    "a5": (148.0, 210.0),
}
DEFAULT_BLEED_MM = 3.0
# Margin kept outside the outermost bleed for the crop marks to print in.
MARK_ROOM_MM = 6.0
#: The sheet edge most printers leave blank: nothing but bleed is printed there.
SAFE_MM = 5.0
#: The shortest crop mark worth printing; shorter ones become cut lines.
MIN_MARK_MM = 3.0
#: How far a mark running over the outer bleed stops short of the cut.
CLEAR_MM = 1.0
#: How far a mark stops short of the artwork when the margin has room.
GAP_MM = 0.6


class SheetError(ValueError):
    """The sheet cannot be laid out as asked (cards too large, offset too large)."""


class Backs(StrEnum):
    NONE = "none"
    DUPLEX = "duplex"
    FOLD = "fold"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Slot:
    """A place for one card: its trim box, and the larger box its artwork may fill."""

    trim: Box
    bleed: Box

    def moved(self, dx: float, dy: float) -> Slot:
        return Slot(self.trim.moved(dx, dy), self.bleed.moved(dx, dy))


Line = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Marks:
    """Where the cuts are (`xs` vertical cuts, `ys` horizontal ones, `block` the
    grid's outer bleed), and what to print for them: short crop marks in the
    margins (`marks`; `cased` ones run over colour and get a white casing) and
    cut lines through the sheet (`lines`)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    block: Box
    marks: tuple[Line, ...] = ()
    cased: tuple[Line, ...] = ()
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    paper: str = "a4"
    backs: Backs = Backs.NONE
    bleed_mm: float = DEFAULT_BLEED_MM
    offset_mm: tuple[float, float] = (0.0, 0.0)  # back pages: + right, + up
    size: str = "poker"  # a name in CARD_SIZES_MM
    cut_lines: bool = False  # cut lines through the sheet instead of crop marks

    @property
    def card_mm(self) -> tuple[float, float]:
        return CARD_SIZES_MM[self.size]


@dataclass(frozen=True)
class Imposition:
    """How one sheet is laid out.

    `fronts[i]` is the i-th card of the sheet (row by row from the top left);
    `backs[i]` is where its back goes: on the same page (fold), on the page
    after (duplex), or nowhere (no backs: empty).
    """

    spec: SheetSpec
    width: float
    height: float
    fronts: tuple[Slot, ...]
    backs: tuple[Slot, ...]
    front_marks: Marks
    back_marks: Marks | None  # duplex only: the back page's own marks
    fold_x: float | None  # fold only: the fold line
    cols: int
    rows: int
    landscape: bool = False

    @property
    def fold_on_cut(self) -> bool:
        """The fold line is also a cut line: no bleed across the fold."""
        if self.fold_x is None:
            return False
        return any(abs(x - self.fold_x) < 0.01 for x in self.front_marks.xs)

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)

    @property
    def back_page(self) -> bool:
        return self.spec.backs is Backs.DUPLEX

    def pages(self, cards: int) -> int:
        sheets = -(-cards // self.per_sheet)
        return sheets * (2 if self.back_page else 1)


def _axis(page: float, card: float, n: int, bleed: float) -> tuple[list[float], float]:
    """Where n cards start along one axis, and the gap between them."""
    room = MARK_ROOM_MM * MM
    gap = 2 * bleed
    if (page - n * card - (n - 1) * gap - 2 * bleed) / 2 < room:
        gap = 0.0
    total = n * card + (n - 1) * gap
    if total + 2 * _edge(bleed) > page + 1e-6:
        raise SheetError("the cards and their bleed do not fit on the paper")
    start = (page - total) / 2
    return [start + i * (card + gap) for i in range(n)], gap


def _edge(bleed: float) -> float:
    """The least room between a card's cut and the sheet's edge: its bleed, and
    never less than `SAFE_MM`, so no cut (and no card's edge) falls where the
    printer leaves the paper blank."""
    return max(bleed, SAFE_MM * MM)


def _fits(page: float, card: float, bleed: float) -> int:
    """How many cards fit along one axis, touching, clear of the sheet's edge (`_edge`)."""
    return max(int((page - 2 * _edge(bleed) + 1e-6) // card), 0)


def _fold_axis(page: float, card: float, n: int, bleed: float) -> tuple[list[float], list[float]]:
    """The fold sheet's columns and the gaps between them (n - 1).

    The fold needs a gutter of twice the bleed, fold line in its middle, so the
    cards either side of it carry colour past their cut and the fold itself is
    trimmed away: a fold is never as exact as a cut. When the paper has no room
    for a gutter between every column (Letter), only the fold gets one; the
    other neighbours touch and share a cut.
    """
    xs, gap = _axis(page, card, n, bleed)
    if gap > 0 or bleed == 0:
        return xs, [gap] * (n - 1)
    gutter = 2 * bleed
    total = n * card + gutter
    if total + 2 * _edge(bleed) > page + 1e-6:
        return xs, [0.0] * (n - 1)  # no room even for the fold's gutter
    start = (page - total) / 2
    half = n // 2
    xs = [start + i * card + (gutter if i >= half else 0.0) for i in range(n)]
    return xs, [gutter if i == half - 1 else 0.0 for i in range(n - 1)]


def _slot(x: float, y: float, w: float, h: float, ext: tuple[float, float, float, float]) -> Slot:
    left, right, bottom, top = ext
    return Slot(Box(x, y, w, h), Box(x - left, y - bottom, w + left + right, h + bottom + top))


def _mark_end(margin: float, trim: float) -> float | None:
    """How far from the sheet edge a crop mark in a margin ends (`margin`: the
    outer bleed's distance from the edge, `trim`: the cut's); None when even
    running over the bleed leaves no room for a mark worth printing."""
    safe, least = SAFE_MM * MM, MIN_MARK_MM * MM
    if margin - GAP_MM * MM - safe >= least:
        return margin - GAP_MM * MM
    if trim - CLEAR_MM * MM - safe >= least:
        return trim - CLEAR_MM * MM
    return None


def _marks(
    xs: tuple[float, ...],
    ys: tuple[float, ...],
    block: Box,
    bleed: float,
    size: tuple[float, float],
    cut_lines: bool,
    skip_x: float | None,
) -> Marks:
    """What to print for the cuts: crop marks in the margins where they have
    room, cut lines through the sheet along the cuts of an axis where they have not."""
    w, h = size
    safe = SAFE_MM * MM
    marks: list[Line] = []
    cased: list[Line] = []
    lines: list[Line] = []
    xs_drawn = tuple(x for x in xs if skip_x is None or abs(x - skip_x) >= 0.01)
    # Vertical cuts: marks in the bottom and top margins.
    bottom = _mark_end(block.y, block.y + bleed)
    top = _mark_end(h - block.top, h - block.top + bleed)
    if cut_lines or bottom is None or top is None:
        lines += [(x, safe, x, h - safe) for x in xs_drawn]
    else:
        for x in xs_drawn:
            low, high = (x, safe, x, bottom), (x, h - top, x, h - safe)
            for line, over in ((low, bottom > block.y), (high, h - top < block.top)):
                (cased if over else marks).append(line)
    # Horizontal cuts: marks in the left and right margins.
    left = _mark_end(block.x, block.x + bleed)
    right = _mark_end(w - block.right, w - block.right + bleed)
    if cut_lines or left is None or right is None:
        lines += [(safe, y, w - safe, y) for y in ys]
    else:
        for y in ys:
            low, high = (safe, y, left, y), (w - right, y, w - safe, y)
            for line, over in ((low, left > block.x), (high, w - right < block.right)):
                (cased if over else marks).append(line)
    return Marks(xs, ys, block, tuple(marks), tuple(cased), tuple(lines))


def _grid(spec: SheetSpec, pw: float, ph: float, cw: float, ch: float, bleed: float):
    """Columns, rows and whether the sheet turns landscape: the way that holds more cards."""
    fold = spec.backs is Backs.FOLD
    if fold:
        # Landscape, fronts left, backs right: an even number of columns.
        lw, lh = max(pw, ph), min(pw, ph)
        cols = _fits(lw, cw, bleed) // 2 * 2  # the fold's gutter, if room: _fold_axis
        rows = _fits(lh, ch, bleed)
        return cols, rows, True
    portrait = (_fits(pw, cw, bleed), _fits(ph, ch, bleed))
    landscape = (_fits(ph, cw, bleed), _fits(pw, ch, bleed))
    if landscape[0] * landscape[1] > portrait[0] * portrait[1]:
        return *landscape, True
    return *portrait, False


def impose(spec: SheetSpec) -> Imposition:
    if spec.paper not in PAPERS_MM:
        raise SheetError(f"unknown paper {spec.paper!r}; expected one of {', '.join(PAPERS_MM)}")
    if spec.size not in CARD_SIZES_MM:
        raise SheetError(
            f"unknown card size {spec.size!r}; expected one of {', '.join(CARD_SIZES_MM)}"
        )
    if not math.isfinite(spec.bleed_mm) or spec.bleed_mm < 0:
        raise SheetError("bleed must be a finite number of millimetres, not negative")
    pw, ph = (v * MM for v in PAPERS_MM[spec.paper])
    fold = spec.backs is Backs.FOLD
    cw, ch = (v * MM for v in spec.card_mm)
    bleed = spec.bleed_mm * MM
    cols, rows, landscape = _grid(spec, pw, ph, cw, ch, bleed)
    if cols < (2 if fold else 1) or rows < 1:
        w, h = spec.card_mm
        how = "folded (two side by side)" if fold else "with their bleed"
        raise SheetError(
            f"the cards and their bleed do not fit on the paper: {w:g} x {h:g} mm cards "
            f"{how} need a larger sheet"
            + ("; print them with --backs duplex or none" if fold else "")
        )
    if landscape:
        pw, ph = max(pw, ph), min(pw, ph)
    if fold:
        xs, gxs = _fold_axis(pw, cw, cols, bleed)
    else:
        xs, gx = _axis(pw, cw, cols, bleed)
        gxs = [gx] * (cols - 1)
    ys_up, gy = _axis(ph, ch, rows, bleed)
    ys = ys_up[::-1]  # row 0 is the top row

    def slot(c: int, r: int) -> Slot:
        ext = (
            bleed if c == 0 else gxs[c - 1] / 2,
            bleed if c == cols - 1 else gxs[c] / 2,
            bleed if r == rows - 1 else gy / 2,
            bleed if r == 0 else gy / 2,
        )
        return _slot(xs[c], ys[r], cw, ch, ext)

    front_cols = range(cols // 2) if fold else range(cols)
    fronts = tuple(slot(c, r) for r in range(rows) for c in front_cols)
    if landscape and not fold:
        # A landscape sheet flips on its long edge around its horizontal axis.
        mirrored = tuple(slot(c, rows - 1 - r) for r in range(rows) for c in front_cols)
    else:
        mirrored = tuple(slot(cols - 1 - c, r) for r in range(rows) for c in front_cols)
    block = Box(xs[0] - bleed, ys[-1] - bleed, xs[-1] + cw - xs[0] + 2 * bleed, 0.0)
    block = Box(block.x, block.y, block.w, ys[0] + ch + bleed - block.y)
    cut_xs = tuple(sorted({round(v, 4) for x in xs for v in (x, x + cw)}))
    cut_ys = tuple(sorted({round(v, 4) for y in ys for v in (y, y + ch)}))
    fold_x = pw / 2 if fold else None
    fold_cut = (
        fold_x if fold_x is not None and any(abs(x - fold_x) < 0.01 for x in cut_xs) else None
    )
    front_marks = _marks(cut_xs, cut_ys, block, bleed, (pw, ph), spec.cut_lines, fold_cut)

    backs: tuple[Slot, ...] = ()
    back_marks = None
    if spec.backs is Backs.DUPLEX:
        dx, dy = (v * MM for v in spec.offset_mm)
        backs = tuple(s.moved(dx, dy) for s in mirrored)
        _check_offset(spec, backs, pw, ph)
        back_marks = _marks(
            tuple(x + dx for x in cut_xs),
            tuple(y + dy for y in cut_ys),
            block.moved(dx, dy),
            bleed,
            (pw, ph),
            spec.cut_lines,
            None,
        )
    elif fold:
        backs = mirrored
    return Imposition(
        spec=spec,
        width=pw,
        height=ph,
        fronts=fronts,
        backs=backs,
        front_marks=front_marks,
        back_marks=back_marks,
        fold_x=fold_x,
        cols=cols // 2 if fold else cols,
        rows=rows,
        landscape=landscape,
    )


def _check_offset(spec: SheetSpec, backs: tuple[Slot, ...], pw: float, ph: float) -> None:
    """Refuse an offset that moves a back's cut line into the sheet's unprintable edge."""
    safe = SAFE_MM * MM
    left = min(s.trim.x for s in backs)
    right = pw - max(s.trim.right for s in backs)
    bottom = min(s.trim.y for s in backs)
    top = ph - max(s.trim.top for s in backs)
    if min(left, right, bottom, top) >= safe - 1e-6:
        return
    dx, dy = (v * MM for v in spec.offset_mm)
    room_x = (min(left - dx, right + dx) - safe) / MM  # the margins before the shift
    room_y = (min(bottom - dy, top + dy) - safe) / MM
    x, y = spec.offset_mm
    raise SheetError(
        f"--offset {x:g},{y:g} pushes the backs' cut lines into the outer {SAFE_MM:g} mm "
        f"of the sheet, which printers leave blank: on this sheet the offset can be at "
        f"most {max(room_x, 0):.1f} mm left or right and {max(room_y, 0):.1f} mm up or down"
    )
