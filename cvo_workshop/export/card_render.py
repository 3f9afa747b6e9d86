"""Drawing one card face or back into its slot on a reportlab canvas.

The face is laid out from the top: the band, then the flowing text (title,
lead, sections), with the facts and corner marks pinned to the foot. The
flowing text is shrunk, all of it by the same factor so the hierarchy
holds, until it fits or its body text reaches the minimum size; whatever
still does not fit is cut at a visible '…' and reported as an overflow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cvo_workshop.export.cards import CardBack, CardFace, Grid, Section
from cvo_workshop.export.colours import mix, rgb
from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.export.sheet import MM, Slot
from cvo_workshop.export.textfit import ellipsize, resolve, text_width, wrap

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Type sizes in points at full scale. The body is what the minimum applies to.
TITLE_PT = 11.5
LEAD_PT = 7.8
LABEL_PT = 5.4
BODY_PT = 7.2
FACT_LABEL_PT = 4.9
FACT_PT = 6.3
CORNER_PT = 4.9
BAND_PT = 7.0
MIN_BODY_PT = 6.0
MIN_LABEL_PT = 4.8

PAD = 3.6 * MM  # the safe area: text stays this far inside the trim line
BAND_H = 9.0 * MM
TEXT = "#1d1d1f"
SOFT = "#3d3d3d"
MUTED = "#6e6e6e"

REGULAR = (FAMILY.regular,)
BOLD = (FAMILY.bold, FAMILY.regular)
ITALIC = (FAMILY.italic, FAMILY.regular)


@dataclass
class Ink:
    """What drawing one card found: characters the font lacked, and whether text was cut."""

    key: str
    missing: list[tuple[str, str]] = field(default_factory=list)  # (where, char)
    overflow: bool = False
    cut_lines: int = 0  # when it overflows: about how many lines of body text did not fit
    scale: float = 1.0

    def text(self, value: str, fonts: tuple[str, ...], where: str) -> tuple[str, str]:
        r = resolve(value, fonts)
        for ch in r.missing:
            if (where, ch) not in self.missing:
                self.missing.append((where, ch))
        return r.text, r.font


def _fill(c: Canvas, colour: str) -> None:
    c.setFillColorRGB(*rgb(colour))


def _stroke(c: Canvas, colour: str) -> None:
    c.setStrokeColorRGB(*rgb(colour))


# --- the flowing part of a face, as rows that know their height --------------------------


@dataclass
class _Row:
    height: float
    draw: Callable[[Canvas, float, float], None]  # (canvas, left x, top y)
    # A text row can be made again with other text: how an overflowing card ends in '…'.
    line: str | None = None
    font: str = ""
    size: float = 0.0
    width: float = 0.0
    remake: Callable[[str], _Row] | None = None


@dataclass(frozen=True)
class _RunIn:
    """A label at the start of a paragraph's first line (`DATA  orders, ...`)."""

    text: str
    font: str
    size: float
    colour: str

    @property
    def tracking(self) -> float:
        return self.size * 0.09

    def width(self) -> float:
        return text_width(self.text, self.font, self.size, self.tracking) + self.size * 0.8


@dataclass(frozen=True)
class _Type:
    """How one piece of text is set."""

    font: str
    size: float
    leading: float
    colour: str


def _text_row(
    line: str,
    t: _Type,
    width: float,
    indent: float = 0.0,
    prefix: str = "",
    run_in: _RunIn | None = None,
) -> _Row:
    start = indent + (run_in.width() if run_in is not None else 0.0)

    def draw(c: Canvas, x: float, top: float) -> None:
        baseline = top - t.leading + (t.leading - t.size) / 2 + t.size * 0.22
        if run_in is not None:
            _fill(c, run_in.colour)
            c.setFont(run_in.font, run_in.size)
            c.drawString(x, baseline, run_in.text, charSpace=run_in.tracking)
        _fill(c, t.colour)
        c.setFont(t.font, t.size)
        if prefix:
            c.drawString(x + indent - text_width(prefix, t.font, t.size), baseline, prefix)
        c.drawString(x + start, baseline, line)

    def remake(text: str) -> _Row:
        return _text_row(text, t, width, indent, prefix, run_in)

    return _Row(t.leading, draw, line, t.font, t.size, width - start, remake)


def _text_rows(
    text: str,
    t: _Type,
    width: float,
    indent: float = 0.0,
    prefix: str = "",
    run_in: _RunIn | None = None,
) -> list[_Row]:
    """A paragraph as rows of lines; `prefix` (a bullet) and `run_in` go on its first line."""
    first = width - indent - run_in.width() if run_in is not None else None
    lines = wrap(text, t.font, t.size, width - indent, first)
    return [
        _text_row(line, t, width, indent, prefix, run_in)
        if i == 0
        else _text_row(line, t, width, indent)
        for i, line in enumerate(lines)
    ]


def _space(h: float) -> _Row:
    return _Row(h, lambda c, x, top: None)


def _label(ink: Ink, face: CardFace, label: str, s: float) -> _RunIn:
    text, font = ink.text(label.upper(), BOLD, label)
    return _RunIn(text, font, max(LABEL_PT * s, MIN_LABEL_PT), face.band.palette.accent)


def _label_row(run_in: _RunIn) -> _Row:
    leading = run_in.size * 1.5

    def draw(c: Canvas, x: float, top: float) -> None:
        _fill(c, run_in.colour)
        c.setFont(run_in.font, run_in.size)
        c.drawString(x, top - run_in.size * 1.1, run_in.text, charSpace=run_in.tracking)

    return _Row(leading, draw)


def _grid_size(grid: Grid) -> tuple[float, float, float]:
    """Cell size, width and height of a grid with its ticks and axis labels."""
    cell = 2.3 * MM
    return cell, 2.2 * MM + grid.cols * cell + 2.0 * MM, (grid.rows + 1.4) * cell


def _draw_grid(c: Canvas, grid: Grid, x: float, top: float, colour: str, tint: str) -> None:
    cell, _, _ = _grid_size(grid)
    gx = x + 2.2 * MM
    c.setLineWidth(0.5)
    _stroke(c, "#ffffff")
    for r in range(grid.rows):
        for col in range(grid.cols):
            _fill(c, colour if (r, col) in grid.filled else tint)
            c.rect(gx + col * cell, top - (r + 1) * cell, cell, cell, stroke=1, fill=1)
    _fill(c, MUTED)
    c.setFont(FAMILY.regular, 4.0)
    for r, tick in enumerate(grid.row_ticks[: grid.rows]):
        c.drawRightString(gx - 0.6 * MM, top - (r + 1) * cell + cell * 0.28, tick)
    below = top - grid.rows * cell - 1.6 * MM
    for col, tick in enumerate(grid.col_ticks[: grid.cols]):
        c.drawCentredString(gx + (col + 0.5) * cell, below, tick)
    c.setFont(FAMILY.bold, 4.4)
    if grid.row_label:
        c.drawString(x, below, grid.row_label)
    if grid.col_label:
        c.drawString(gx + grid.cols * cell + 0.7 * MM, below, grid.col_label)


def _section_rows(ink: Ink, section: Section, face: CardFace, s: float, width: float) -> list[_Row]:
    body = BODY_PT * s
    leading = body * 1.24
    label = _label(ink, face, section.label, s)
    texts = [ink.text(line, REGULAR, section.label) for line in section.lines]
    if section.grid is None and not section.bullets:
        # The label runs in at the start of the first paragraph: dense and still scannable.
        rows: list[_Row] = []
        for n, (text, font) in enumerate(texts):
            if n:
                rows.append(_space(body * 0.3))
            rows += _text_rows(
                text, _Type(font, body, leading, TEXT), width, run_in=label if n == 0 else None
            )
        return rows

    rows = [_label_row(label)]
    grid_w = _grid_size(section.grid)[1] + 1.8 * MM if section.grid is not None else 0.0
    text_rows: list[_Row] = []
    for n, (text, font) in enumerate(texts):
        if section.bullets:
            text_rows += _text_rows(
                text, _Type(font, body, leading, TEXT), width - grid_w, 2.2 * MM, "• "
            )
        else:
            if n:
                text_rows.append(_space(body * 0.3))
            text_rows += _text_rows(text, _Type(font, body, leading, TEXT), width - grid_w)
    if section.grid is None:
        return rows + text_rows
    grid, pal = section.grid, face.band.palette
    grid_h = _grid_size(grid)[2]

    def draw(c: Canvas, x: float, top: float) -> None:
        _draw_grid(c, grid, x, top, pal.colour, pal.tint)
        y = top
        for r in text_rows:
            r.draw(c, x + grid_w, y)
            y -= r.height

    return [*rows, _Row(max(grid_h, sum(r.height for r in text_rows)), draw)]


def _flow(ink: Ink, face: CardFace, s: float, width: float) -> list[_Row]:
    rows: list[_Row] = []
    title, font = ink.text(face.title, BOLD, "title")
    size = TITLE_PT * s
    rows += _text_rows(title, _Type(font, size, size * 1.13, TEXT), width)
    if face.lead:
        lead, font = ink.text(face.lead, ITALIC, "lead")
        size = LEAD_PT * s
        rows.append(_space(1.1 * MM * s))
        rows += _text_rows(lead, _Type(font, size, size * 1.25, SOFT), width)
    for section in face.sections:
        if not section.lines and section.grid is None:
            continue
        rows.append(_space(1.7 * MM * s))
        rows += _section_rows(ink, section, face, s, width)
    return rows


def _scales(min_body: float) -> list[float]:
    """Shrink steps: the body text loses a quarter point at a time down to the minimum."""
    out, size = [], BODY_PT
    while size > min_body + 1e-9:
        out.append(size / BODY_PT)
        size -= 0.25
    out.append(min_body / BODY_PT)
    return out


# --- the parts pinned to the foot of a face ------------------------------------------------


def _foot(ink: Ink, face: CardFace, width: float) -> tuple[float, Callable]:
    """The facts (a label column and a value column) above the corner marks.

    Returns its height and a function that draws it given its bottom left corner.
    """
    labels = [ink.text(f.label.upper(), BOLD, f.label) for f in face.facts]
    tracking = FACT_LABEL_PT * 0.08
    label_w = max((text_width(t, f, FACT_LABEL_PT, tracking) for t, f in labels), default=0.0)
    label_w += 1.8 * MM
    leading = FACT_PT * 1.22
    facts = []
    for fact, (label, lfont) in zip(face.facts, labels, strict=True):
        value, vfont = ink.text(fact.value, REGULAR, fact.label)
        facts.append((label, lfont, wrap(value, vfont, FACT_PT, width - label_w), vfont))
    facts_h = sum(len(lines) for *_, lines, _ in facts) * leading
    rule_gap = 1.6 * MM if facts else 0.0
    corners_h = CORNER_PT * 2.2
    height = corners_h + facts_h + rule_gap

    left, lfont = ink.text(face.corner_left, REGULAR, "corner")
    right, rfont = ink.text(face.corner_right, REGULAR, "corner")
    room = width - text_width(left, lfont, CORNER_PT) - 2 * MM
    if text_width(right, rfont, CORNER_PT) > room:
        right = ellipsize(right, rfont, CORNER_PT, room)

    def draw(c: Canvas, x: float, bottom: float) -> None:
        _fill(c, MUTED)
        c.setFont(lfont, CORNER_PT)
        c.drawString(x, bottom + CORNER_PT * 0.2, left)
        c.setFont(rfont, CORNER_PT)
        c.drawRightString(x + width, bottom + CORNER_PT * 0.2, right)
        top = bottom + height - rule_gap
        if facts:
            _stroke(c, face.band.palette.tint)
            c.setLineWidth(0.7)
            c.line(x, top + rule_gap * 0.6, x + width, top + rule_gap * 0.6)
        for label, lfont_, lines, vfont in facts:
            baseline = top - leading + (leading - FACT_PT) / 2 + FACT_PT * 0.22
            _fill(c, MUTED)
            c.setFont(lfont_, FACT_LABEL_PT)
            c.drawString(x, baseline, label, charSpace=tracking)
            _fill(c, TEXT)
            c.setFont(vfont, FACT_PT)
            for line in lines:
                c.drawString(x + label_w, baseline, line)
                baseline -= leading
                top -= leading

    return height, draw


# --- whole faces and backs ---------------------------------------------------------------


def _clip_to(c: Canvas, slot: Slot) -> None:
    p = c.beginPath()
    b = slot.bleed
    p.rect(b.x, b.y, b.w, b.h)
    c.clipPath(p, stroke=0, fill=0)


def _band(c: Canvas, ink: Ink, face: CardFace, slot: Slot) -> None:
    band, t, b = face.band, slot.trim, slot.bleed
    pal = band.palette
    _fill(c, pal.colour)
    c.rect(b.x, t.top - BAND_H, b.w, b.top - t.top + BAND_H, stroke=0, fill=1)
    mid = t.top - BAND_H / 2
    x = t.x + PAD
    if band.symbol:
        sym, font = ink.text(band.symbol, REGULAR, "band")
        _fill(c, pal.ink)
        c.setFont(font, BAND_PT * 1.5)
        c.drawString(x, mid - BAND_PT * 0.5, sym)
        x += text_width(sym, font, BAND_PT * 1.5) + 1.6 * MM
    label, font = ink.text(band.label.upper(), BOLD, "band")
    _fill(c, pal.ink)
    c.setFont(font, BAND_PT)
    c.drawString(x, mid - BAND_PT * 0.36, label, charSpace=BAND_PT * 0.12)
    if band.index:
        r = 3.3 * MM
        cx = t.right - PAD - r + 0.6 * MM
        _fill(c, "#ffffff")
        c.circle(cx, mid, r, stroke=0, fill=1)
        index, font = ink.text(band.index, BOLD, "band")
        size = 10.5 if len(index) <= 1 else 8.0 if len(index) <= 2 else 6.2
        while size > 4 and text_width(index, font, size) > 2 * r - 1.2 * MM:
            size -= 0.5
        _fill(c, pal.accent)
        c.setFont(font, size)
        c.drawCentredString(cx, mid - size * 0.36, index)


def draw_face(c: Canvas, face: CardFace, slot: Slot, min_body: float = MIN_BODY_PT) -> Ink:
    """Draw `face` into `slot`; returns what was found (missing glyphs, overflow)."""
    ink = Ink(face.key)
    t = slot.trim
    width = t.w - 2 * PAD
    c.saveState()
    _clip_to(c, slot)
    _fill(c, "#ffffff")
    b = slot.bleed
    c.rect(b.x, b.y, b.w, b.h, stroke=0, fill=1)
    _band(c, ink, face, slot)

    foot_h, draw_foot = _foot(ink, face, width)
    top = t.top - BAND_H - 2.6 * MM
    bottom = t.y + PAD * 0.75 + foot_h + 1.2 * MM
    avail = top - bottom

    rows: list[_Row] = []
    for s in _scales(min_body):
        rows = _flow(ink, face, s, width)
        ink.scale = s
        needed = sum(r.height for r in rows)
        if needed <= avail + 0.01:
            break
    else:
        ink.overflow = True
        ink.cut_lines = math.ceil((needed - avail) / (min_body * 1.24))

    placed: list[tuple[_Row, float]] = []
    y = top
    for row in rows:
        if y - row.height < bottom - 0.01:
            break
        placed.append((row, y))
        y -= row.height
    if ink.overflow:
        # End the text that fits on a visible '…' rather than at a clean-looking break.
        last = max((i for i, (r, _) in enumerate(placed) if r.remake), default=-1)
        if last >= 0:
            row, at = placed[last]
            text = ellipsize(row.line or "", row.font, row.size, row.width)
            placed[last:] = [(row.remake(text) if row.remake else row, at)]
    for row, at in placed:
        row.draw(c, t.x + PAD, at)
    draw_foot(c, t.x + PAD, t.y + PAD * 0.75)
    c.restoreState()
    return ink


def draw_back(c: Canvas, back: CardBack | None, slot: Slot, key: str) -> Ink:
    """Draw a card back: full-bleed colour, a centred emblem and label, small print."""
    ink = Ink(key)
    if back is None:
        return ink
    pal, t, b = back.palette, slot.trim, slot.bleed
    c.saveState()
    _clip_to(c, slot)
    _fill(c, pal.colour)
    c.rect(b.x, b.y, b.w, b.h, stroke=0, fill=1)
    cx, cy = t.x + t.w / 2, t.y + t.h * 0.58
    # Rings in a slightly lighter shade, all inside the trim: texture that still
    # looks deliberate when a duplex printer shifts the back a little.
    c.setLineWidth(0.9)
    _stroke(c, mix(pal.colour, pal.ink, 0.2))
    for r in (16.5, 20.5, 24.5):
        c.circle(cx, cy, r * MM, stroke=1, fill=0)
    _fill(c, mix(pal.colour, pal.ink, 0.22))
    c.circle(cx, cy, 12 * MM, stroke=0, fill=1)
    if back.symbol:
        sym, font = ink.text(back.symbol, REGULAR, "back")
        _fill(c, pal.ink)
        c.setFont(font, 32)
        c.drawCentredString(cx, cy - 11.5, sym)
    label, font = ink.text(back.label.upper(), BOLD, "back")
    size = 10.0
    tracking = size * 0.18
    while size > 6 and text_width(label, font, size, tracking) > t.w - 2 * PAD:
        size -= 0.5
        tracking = size * 0.18
    width = text_width(label, font, size, tracking)
    _fill(c, pal.ink)
    c.setFont(font, size)
    c.drawString(cx - width / 2, t.y + t.h * 0.19, label, charSpace=tracking)
    if back.small_print:
        small, font = ink.text(back.small_print, REGULAR, "back")
        size = 6.0
        if text_width(small, font, size) > t.w - 2 * PAD:
            small = ellipsize(small, font, size, t.w - 2 * PAD)
        c.setFont(font, size)
        c.drawCentredString(cx, t.y + t.h * 0.19 - 4.2 * MM, small)
    c.restoreState()
    return ink
