"""Drawing one card face or back into its slot on a reportlab canvas.

The face is laid out from the top: the band, then the flowing text (title,
lead, sections), with the facts and corner marks pinned to the foot. Every
card of a size is set in that size's one type scale (`TYPE_SCALES`: a title
size, a body size, a label size), so a printed deck reads as one: text
that does not fit is never shrunk, it is cut at a visible '…' and reported
as an overflow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cvo_workshop.export.cards import CardBack, CardFace, Grid, Section
from cvo_workshop.export.colours import mix, rgb
from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.export.logo import fit_logo
from cvo_workshop.export.script import right_to_left
from cvo_workshop.export.sheet import MM, Slot
from cvo_workshop.export.textfit import ellipsize, resolve, text_width, wrap

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class TypeScale:
    """The three type sizes of one card size, in points, and `unit`, how much
    larger than a poker card its spacing is. The lead and the facts' values
    are set at the body size; every label (sections, facts, band, corners) at
    the label size, never under `MIN_LABEL_PT`."""

    title: float
    body: float
    label: float
    unit: float

    @property
    def pad(self) -> float:  # the safe area: text stays this far inside the trim line
        return 3.6 * MM * self.unit

    @property
    def band_h(self) -> float:
        return 9.0 * MM * self.unit


MIN_LABEL_PT = 6.0
#: The most lines a fact's value takes at the foot of a face; a longer one is cut at '…'.
FACT_LINES = 2
#: Wall cards are read from two metres: A6, A5 and index cards get a title of
#: 20 pt or more; poker cards are held in the hand.
TYPE_SCALES = {
    "poker": TypeScale(title=10.5, body=6.0, label=6.0, unit=0.85),
    "index": TypeScale(title=20.0, body=10.0, label=7.5, unit=1.45),
    "a6": TypeScale(title=22.0, body=12.0, label=8.0, unit=1.65),
    "a5": TypeScale(title=30.0, body=16.0, label=11.0, unit=2.3),
}
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
    cut_facts: list[str] = field(default_factory=list)  # facts cut to FACT_LINES (labels)

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
        if right_to_left(line):  # a line of a right-to-left paragraph ends at the right
            c.drawRightString(x + width, baseline, line)
        else:
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


def _label(ink: Ink, face: CardFace, label: str, ts: TypeScale) -> _RunIn:
    text, font = ink.text(label.upper(), BOLD, label)
    return _RunIn(text, font, max(ts.label, MIN_LABEL_PT), face.band.palette.accent)


def _label_row(run_in: _RunIn) -> _Row:
    leading = run_in.size * 1.5

    def draw(c: Canvas, x: float, top: float) -> None:
        _fill(c, run_in.colour)
        c.setFont(run_in.font, run_in.size)
        c.drawString(x, top - run_in.size * 1.1, run_in.text, charSpace=run_in.tracking)

    return _Row(leading, draw)


def _grid_size(grid: Grid, ts: TypeScale) -> tuple[float, float, float]:
    """Cell size, width and height of a grid with its ticks and axis labels."""
    cell = max(2.3 * MM * ts.unit, ts.label * 1.15)  # a tick is a label: a row holds one
    tick = ts.label * 0.9 + 0.6 * MM
    return cell, tick + grid.cols * cell + ts.label + 0.7 * MM, grid.rows * cell + ts.label * 1.6


def _draw_grid(
    c: Canvas, grid: Grid, x: float, top: float, colour: str, tint: str, ts: TypeScale
) -> None:
    cell, _, _ = _grid_size(grid, ts)
    size = max(ts.label, MIN_LABEL_PT)
    gx = x + size * 0.9 + 0.6 * MM
    c.setLineWidth(0.5)
    _stroke(c, "#ffffff")
    for r in range(grid.rows):
        for col in range(grid.cols):
            _fill(c, colour if (r, col) in grid.filled else tint)
            c.rect(gx + col * cell, top - (r + 1) * cell, cell, cell, stroke=1, fill=1)
    _fill(c, MUTED)
    c.setFont(FAMILY.regular, size)
    for r, tick in enumerate(grid.row_ticks[: grid.rows]):
        c.drawRightString(gx - 0.6 * MM, top - (r + 1) * cell + (cell - size * 0.7) / 2, tick)
    below = top - grid.rows * cell - size * 1.1
    for col, tick in enumerate(grid.col_ticks[: grid.cols]):
        c.drawCentredString(gx + (col + 0.5) * cell, below, tick)
    c.setFont(FAMILY.bold, size)
    if grid.row_label:
        c.drawString(x, below, grid.row_label)
    if grid.col_label:
        c.drawString(gx + grid.cols * cell + 0.7 * MM, below, grid.col_label)


def _ruled_rows(n: int, ts: TypeScale, colour: str, width: float) -> list[_Row]:
    """Lines to write on by hand, a body line and a half apart."""
    height = ts.body * 2.4

    def draw(c: Canvas, x: float, top: float) -> None:
        _stroke(c, colour)
        c.setLineWidth(0.6)
        c.line(x, top - height + 1, x + width, top - height + 1)

    return [_Row(height, draw) for _ in range(n)]


def _section_rows(
    ink: Ink, section: Section, face: CardFace, ts: TypeScale, width: float
) -> list[_Row]:
    body = ts.body
    leading = body * 1.24
    label = _label(ink, face, section.label, ts)
    if section.ruled:
        return [_label_row(label), *_ruled_rows(section.ruled, ts, face.band.palette.accent, width)]
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
    grid_w = _grid_size(section.grid, ts)[1] + 1.8 * MM if section.grid is not None else 0.0
    text_rows: list[_Row] = []
    for n, (text, font) in enumerate(texts):
        if section.bullets:
            text_rows += _text_rows(
                text, _Type(font, body, leading, TEXT), width - grid_w, body * 0.9, "• "
            )
        else:
            if n:
                text_rows.append(_space(body * 0.3))
            text_rows += _text_rows(text, _Type(font, body, leading, TEXT), width - grid_w)
    if section.grid is None:
        return rows + text_rows
    grid, pal = section.grid, face.band.palette
    grid_h = _grid_size(grid, ts)[2]

    def draw(c: Canvas, x: float, top: float) -> None:
        _draw_grid(c, grid, x, top, pal.colour, pal.tint, ts)
        y = top
        for r in text_rows:
            r.draw(c, x + grid_w, y)
            y -= r.height

    return [*rows, _Row(max(grid_h, sum(r.height for r in text_rows)), draw)]


def _flow(ink: Ink, face: CardFace, ts: TypeScale, width: float) -> list[_Row]:
    rows: list[_Row] = []
    if face.title:
        title, font = ink.text(face.title, BOLD, "title")
        size = ts.body if face.body_title else ts.title
        leading = size * (1.24 if face.body_title else 1.13)
        rows += _text_rows(title, _Type(font, size, leading, TEXT), width)
    if face.lead:
        lead, font = ink.text(face.lead, ITALIC, face.lead_name)
        rows.append(_space(1.1 * MM * ts.unit))
        rows += _text_rows(lead, _Type(font, ts.body, ts.body * 1.25, SOFT), width)
    for section in face.sections:
        if not section.lines and section.grid is None and not section.ruled:
            continue
        if rows:
            rows.append(_space(1.7 * MM * ts.unit))
        rows += _section_rows(ink, section, face, ts, width)
    return rows


def _cut_note(ink: Ink, face: CardFace, ts: TypeScale, width: float) -> list[_Row]:
    """The face's `cut_note` as rows, a little apart from the text above it."""
    if not face.cut_note:
        return []
    text, font = ink.text(face.cut_note, ITALIC, "note")
    size = max(ts.label, MIN_LABEL_PT)
    rows = _text_rows(text, _Type(font, size, size * 1.3, SOFT), width)
    return [_space(1.2 * MM * ts.unit), *rows]


# --- the parts pinned to the foot of a face ------------------------------------------------


def _foot(
    ink: Ink, face: CardFace, width: float, ts: TypeScale, columns: int = 1
) -> tuple[float, Callable]:
    """The facts (a label column and a value column) above the corner marks;
    on a landscape card, in two such columns side by side, since height is
    what it lacks.

    Returns its height and a function that draws it given its bottom left corner.
    """
    label_pt = corner_pt = max(ts.label, MIN_LABEL_PT)
    fact_pt = ts.body
    labels = [ink.text(f.label.upper(), BOLD, f.label) for f in face.facts]
    tracking = label_pt * 0.08
    label_w = max((text_width(t, f, label_pt, tracking) for t, f in labels), default=0.0)
    label_w += 1.8 * MM * ts.unit
    leading = fact_pt * 1.22
    gutter = 3 * MM * ts.unit
    col_w = (width - gutter * (columns - 1)) / columns
    facts = []
    for fact, (label, lfont) in zip(face.facts, labels, strict=True):
        value, vfont = ink.text(fact.value, REGULAR, fact.label)
        lines = wrap(value, vfont, fact_pt, col_w - label_w)
        if len(lines) > FACT_LINES:  # a fact is a glance: the text above keeps its room
            ink.overflow = True
            ink.cut_facts.append(fact.label)
            cut = ellipsize(lines[FACT_LINES - 1], vfont, fact_pt, col_w - label_w)
            lines = [*lines[: FACT_LINES - 1], cut]
        facts.append((label, lfont, lines, vfont))
    per_col = max(-(-len(facts) // columns), 1)
    cols = [facts[i : i + per_col] for i in range(0, len(facts), per_col)]
    facts_h = max((sum(len(f[2]) for f in col) for col in cols), default=0) * leading
    rule_gap = 1.6 * MM * ts.unit if facts else 0.0
    small_h = corner_pt * 1.3 if face.small_print else 0.0
    corners_h = corner_pt * 2.2 + small_h
    height = corners_h + facts_h + rule_gap
    # The logo sits at the foot's right, as tall as the corner lines.
    logo, logo_w, logo_h = (
        fit_logo(face.logo, width * 0.3, corner_pt * 1.6 + small_h) if face.logo else (None, 0, 0)
    )
    text_w = width - (logo_w + 1.5 * MM if logo else 0.0)

    left, lfont = ink.text(face.corner_left, REGULAR, "corner")
    right, rfont = ink.text(face.corner_right, REGULAR, "corner")
    room = text_w - text_width(left, lfont, corner_pt) - 2 * MM
    if text_width(right, rfont, corner_pt) > room:
        right = ellipsize(right, rfont, corner_pt, room)
    small, sfont = ink.text(face.small_print, REGULAR, "small print")
    if text_width(small, sfont, corner_pt) > text_w:
        small = ellipsize(small, sfont, corner_pt, text_w)

    def draw(c: Canvas, x: float, bottom: float) -> None:
        if logo is not None:
            c.drawImage(logo, x + width - logo_w, bottom, logo_w, logo_h, mask="auto")
        _fill(c, MUTED)
        if small:
            c.setFont(sfont, corner_pt)
            c.drawString(x, bottom + corner_pt * 0.2, small)
        c.setFont(lfont, corner_pt)
        c.drawString(x, bottom + small_h + corner_pt * 0.2, left)
        c.setFont(rfont, corner_pt)
        c.drawRightString(x + text_w, bottom + small_h + corner_pt * 0.2, right)
        first_top = bottom + height - rule_gap
        if facts:
            _stroke(c, face.band.palette.tint)
            c.setLineWidth(0.7)
            c.line(x, first_top + rule_gap * 0.6, x + width, first_top + rule_gap * 0.6)
        for n, col in enumerate(cols):
            top, cx = first_top, x + n * (col_w + gutter)
            for label, lfont_, lines, vfont in col:
                baseline = top - leading + (leading - fact_pt) / 2 + fact_pt * 0.22
                _fill(c, MUTED)
                c.setFont(lfont_, label_pt)
                c.drawString(cx, baseline, label, charSpace=tracking)
                _fill(c, TEXT)
                c.setFont(vfont, fact_pt)
                for line in lines:
                    if right_to_left(line):  # a right-to-left value ends at the column's right
                        c.drawRightString(cx + col_w, baseline, line)
                    else:
                        c.drawString(cx + label_w, baseline, line)
                    baseline -= leading
                    top -= leading

    return height, draw


# --- whole faces and backs ---------------------------------------------------------------


def _clip_to(c: Canvas, slot: Slot) -> None:
    p = c.beginPath()
    b = slot.bleed
    p.rect(b.x, b.y, b.w, b.h)
    c.clipPath(p, stroke=0, fill=0)


def _band(c: Canvas, ink: Ink, face: CardFace, slot: Slot, ts: TypeScale) -> None:
    band, t, b = face.band, slot.trim, slot.bleed
    pal = band.palette
    # The band names the kind or horizon, read first: at the body size, not a label's.
    band_h, pad, band_pt = ts.band_h, ts.pad, ts.body
    _fill(c, pal.colour)
    c.rect(b.x, t.top - band_h, b.w, b.top - t.top + band_h, stroke=0, fill=1)
    mid = t.top - band_h / 2
    x = t.x + pad
    if band.symbol:
        sym, font = ink.text(band.symbol, REGULAR, "band")
        _fill(c, pal.ink)
        c.setFont(font, ts.title)
        c.drawString(x, mid - ts.title * 0.33, sym)
        x += text_width(sym, font, ts.title) + 1.6 * MM * ts.unit
    label, font = ink.text(band.label.upper(), BOLD, "band")
    _fill(c, pal.ink)
    c.setFont(font, band_pt)
    c.drawString(x, mid - band_pt * 0.36, label, charSpace=band_pt * 0.12)
    if band.index:
        # A short mark at the title's size; a longer one at the label's, in a
        # disc grown to hold it.
        index, font = ink.text(band.index, BOLD, "band")
        r = 3.3 * MM * ts.unit
        size = ts.title
        if text_width(index, font, size) > 2 * r - 1.2 * MM:
            size = max(ts.label, MIN_LABEL_PT)
            r = max(r, (text_width(index, font, size) + 1.2 * MM) / 2)
        cx = t.right - pad - r + 0.6 * MM * ts.unit
        _fill(c, "#ffffff")
        c.circle(cx, mid, r, stroke=0, fill=1)
        _fill(c, pal.accent)
        c.setFont(font, size)
        c.drawCentredString(cx, mid - size * 0.36, index)


def draw_face(c: Canvas, face: CardFace, slot: Slot, ts: TypeScale = TYPE_SCALES["poker"]) -> Ink:
    """Draw `face` into `slot` in the type scale `ts`; returns what was found
    (missing glyphs, overflow)."""
    ink = Ink(face.key)
    t = slot.trim
    pad, band_h = ts.pad, ts.band_h
    width = t.w - 2 * pad
    c.saveState()
    _clip_to(c, slot)
    _fill(c, "#ffffff")
    b = slot.bleed
    c.rect(b.x, b.y, b.w, b.h, stroke=0, fill=1)
    _band(c, ink, face, slot, ts)

    foot_h, draw_foot = _foot(ink, face, width, ts, 2 if t.w > t.h else 1)
    top = t.top - band_h - 2.6 * MM * ts.unit
    bottom = t.y + pad * 0.75 + foot_h + 1.2 * MM * ts.unit
    avail = top - bottom

    rows = _flow(ink, face, ts, width)
    needed = sum(r.height for r in rows)
    # Text cut (here or in the facts) is said under what is printed: the room it takes first.
    note = _cut_note(ink, face, ts, width) if ink.overflow or needed > avail + 0.01 else []
    bottom += sum(r.height for r in note)
    avail = top - bottom
    text_cut = needed > avail + 0.01
    if text_cut:
        ink.overflow = True
        ink.cut_lines += math.ceil((needed - avail) / (ts.body * 1.24))

    placed: list[tuple[_Row, float]] = []
    y = top
    for row in rows:
        if y - row.height < bottom - 0.01:
            break
        placed.append((row, y))
        y -= row.height
    if text_cut:
        # End the text that fits on a visible '…' rather than at a clean-looking break.
        last = max((i for i, (r, _) in enumerate(placed) if r.remake), default=-1)
        if last >= 0:
            row, at = placed[last]
            text = ellipsize(row.line or "", row.font, row.size, row.width)
            placed[last:] = [(row.remake(text) if row.remake else row, at)]
    for row, at in placed:
        row.draw(c, t.x + pad, at)
    y = placed[-1][1] - placed[-1][0].height if placed else top
    for row in note:
        row.draw(c, t.x + pad, y)
        y -= row.height
    draw_foot(c, t.x + pad, t.y + pad * 0.75)
    c.restoreState()
    return ink


def draw_back(
    c: Canvas, back: CardBack | None, slot: Slot, key: str, ts: TypeScale = TYPE_SCALES["poker"]
) -> Ink:
    """Draw a card back: full-bleed colour, a centred emblem and label, small print."""
    ink = Ink(key)
    if back is None:
        return ink
    pal, t, b = back.palette, slot.trim, slot.bleed
    pad = ts.pad
    # The emblem scales with the card; on a landscape card with its height.
    k = min(t.w, t.h * 63 / 88) / (63 * MM)
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
        c.circle(cx, cy, r * MM * k, stroke=1, fill=0)
    _fill(c, mix(pal.colour, pal.ink, 0.22))
    c.circle(cx, cy, 12 * MM * k, stroke=0, fill=1)
    if back.symbol:
        sym, font = ink.text(back.symbol, REGULAR, "back")
        _fill(c, pal.ink)
        c.setFont(font, 32 * k)
        c.drawCentredString(cx, cy - 11.5 * k, sym)
    label, font = ink.text(back.label.upper(), BOLD, "back")
    size = ts.title
    tracking = size * 0.18
    if text_width(label, font, size, tracking) > t.w - 2 * pad:
        label = ellipsize(label, font, size, t.w - 2 * pad - tracking * len(label))
    width = text_width(label, font, size, tracking)
    _fill(c, pal.ink)
    c.setFont(font, size)
    c.drawString(cx - width / 2, t.y + t.h * 0.19, label, charSpace=tracking)
    if back.small_print:
        small, font = ink.text(back.small_print, REGULAR, "back")
        size = max(ts.label, MIN_LABEL_PT)
        if text_width(small, font, size) > t.w - 2 * pad:
            small = ellipsize(small, font, size, t.w - 2 * pad)
        c.setFont(font, size)
        c.drawCentredString(cx, t.y + t.h * 0.19 - 4.2 * MM * ts.unit, small)
    c.restoreState()
    return ink
