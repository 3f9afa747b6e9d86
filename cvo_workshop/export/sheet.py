"""Where cards go on a printed sheet: pure geometry, in PDF points (y grows upwards).

Poker cards (63 x 88 mm), 9 to a sheet in a 3 x 3 grid on A4 or Letter
(ARCHITECTURE.md, Domain, Printed cards). Each card's artwork runs `bleed` past its trim line,
so a cut that is slightly off shows colour, not a white sliver.

Between neighbours the cards keep a gap of twice the bleed when the sheet has
room for it and still leaves `MARK_ROOM` for crop marks in the margin; when
it has not (A4's width, Letter's height), neighbours touch and share one cut.
Each axis is decided on its own.

Backs:
- `duplex`: each front page is followed by a back page; long-edge flipping
  turns the sheet around its vertical axis, so the back page mirrors the
  columns. `offset` shifts the back pages to correct a printer that
  misaligns its two sides.
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
DEFAULT_BLEED_MM = 3.0
# Margin kept outside the outermost bleed for the crop marks to print in.
MARK_ROOM_MM = 6.0


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


@dataclass(frozen=True)
class Marks:
    """Cut lines, drawn from the sheet edge to the outer bleed of the grid (`block`)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    block: Box


@dataclass(frozen=True)
class SheetSpec:
    paper: str = "a4"
    backs: Backs = Backs.NONE
    bleed_mm: float = DEFAULT_BLEED_MM
    offset_mm: tuple[float, float] = (0.0, 0.0)  # back pages: + right, + up
    card_mm: tuple[float, float] = CARD_MM


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
    if total + 2 * bleed > page + 1e-6:
        raise ValueError("the cards and their bleed do not fit on the paper")
    start = (page - total) / 2
    return [start + i * (card + gap) for i in range(n)], gap


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
    if total + 2 * bleed > page + 1e-6:
        return xs, [0.0] * (n - 1)  # no room even for the fold's gutter
    start = (page - total) / 2
    half = n // 2
    xs = [start + i * card + (gutter if i >= half else 0.0) for i in range(n)]
    return xs, [gutter if i == half - 1 else 0.0 for i in range(n - 1)]


def _slot(x: float, y: float, w: float, h: float, ext: tuple[float, float, float, float]) -> Slot:
    left, right, bottom, top = ext
    return Slot(Box(x, y, w, h), Box(x - left, y - bottom, w + left + right, h + bottom + top))


def impose(spec: SheetSpec) -> Imposition:
    if spec.paper not in PAPERS_MM:
        raise ValueError(f"unknown paper {spec.paper!r}; expected one of {', '.join(PAPERS_MM)}")
    if not math.isfinite(spec.bleed_mm) or spec.bleed_mm < 0:
        raise ValueError("bleed must be a finite number of millimetres, not negative")
    pw, ph = (v * MM for v in PAPERS_MM[spec.paper])
    fold = spec.backs is Backs.FOLD
    if fold:
        pw, ph = ph, pw  # landscape: fronts left, backs right
    cw, ch = (v * MM for v in spec.card_mm)
    bleed = spec.bleed_mm * MM
    cols, rows = (4, 2) if fold else (3, 3)
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
    mirrored = tuple(slot(cols - 1 - c, r) for r in range(rows) for c in front_cols)
    block = Box(xs[0] - bleed, ys[-1] - bleed, xs[-1] + cw - xs[0] + 2 * bleed, 0.0)
    block = Box(block.x, block.y, block.w, ys[0] + ch + bleed - block.y)
    cut_xs = tuple(sorted({round(v, 4) for x in xs for v in (x, x + cw)}))
    cut_ys = tuple(sorted({round(v, 4) for y in ys for v in (y, y + ch)}))
    front_marks = Marks(cut_xs, cut_ys, block)

    backs: tuple[Slot, ...] = ()
    back_marks = None
    if spec.backs is Backs.DUPLEX:
        dx, dy = (v * MM for v in spec.offset_mm)
        backs = tuple(s.moved(dx, dy) for s in mirrored)
        back_marks = Marks(
            tuple(x + dx for x in cut_xs), tuple(y + dy for y in cut_ys), block.moved(dx, dy)
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
        fold_x=pw / 2 if fold else None,
        cols=cols // 2 if fold else cols,
        rows=rows,
    )
