"""The roadmap on one large page (A3, A2 or Tabloid, landscape): a column per
horizon, now / next / later (and blocked, when an item is), each item with
its rank, title, cohorts and score, to read from across the room.

The whole poster is set in one type scale, the largest at which every column
fits; below `MIN_SCALE` a column that still does not fit ends in a line
naming the items left off, and a warning says so. Nothing prints within
`MARGIN_MM` of the edge and no colour runs off it, so the poster needs no
bleed and no trimming: print it at actual size (the PDF asks for that).

A brand (model/brand.py) gives the heading its title and client, the line
under it the consultant and the date, the top right corner the logo, and the
foot the confidentiality line, who made it for whom and the version.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from cvo_workshop import __version__
from cvo_workshop.engine.backlog import HORIZONS, score_text
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.text import counted, share_percent
from cvo_workshop.export.backlog_cards import (
    HORIZON_MEANING,
    HORIZON_PALETTES,
    HORIZON_SYMBOLS,
    warning_name,
)
from cvo_workshop.export.colours import rgb
from cvo_workshop.export.fonts import FAMILY, missing_summary, register_fonts
from cvo_workshop.export.literal import plain_text, show_noncharacters
from cvo_workshop.export.logo import fit_logo
from cvo_workshop.export.report_summary import date_words
from cvo_workshop.export.script import isolate, right_to_left, unmarked
from cvo_workshop.export.sheet import MM
from cvo_workshop.export.textfit import ellipsize, resolve, text_width, wrap
from cvo_workshop.model.backlog import Backlog, BacklogItem, Horizon
from cvo_workshop.model.brand import NEUTRAL, Brand

#: Landscape, width x height.
POSTER_PAPERS_MM = {"a3": (420.0, 297.0), "a2": (594.0, 420.0), "tabloid": (431.8, 279.4)}
MARGIN_MM = 12.0
#: Type sizes at full scale on A3, in points; A2 sets them larger by its size.
TITLE_PT = 40.0
COLUMN_PT = 30.0
ITEM_PT = 22.0
COHORT_PT = 15.0
SCORE_PT = 12.0
MIN_SCALE = 0.5

TEXT = "#1d1d1f"
SOFT = "#3d3d3d"
MUTED = "#6e6e6e"
BOLD = (FAMILY.bold, FAMILY.regular)
REGULAR = (FAMILY.regular,)
ITALIC = (FAMILY.italic, FAMILY.regular)


@dataclass
class _Glyphs:
    """Characters the font lacks, once each, with every field they were seen in."""

    seen: dict[str, set[str]]

    def text(self, value: str, fonts: tuple[str, ...], where: str) -> tuple[str, str]:
        r = resolve(value, fonts)
        for ch in r.missing:
            self.seen.setdefault(ch, set()).add(where)
        return r.text, r.font


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float
    colour: str
    leading: float


def _lines(
    g: _Glyphs, value: str, fonts: tuple[str, ...], size: float, width: float, most: int, **kw
) -> list[_Line]:
    """`value` wrapped to `width`, at most `most` lines, the last ending in '…' if cut;
    a cut field's name ("title", "cohorts") goes into the `cut` list when one is given."""
    text, font = g.text(value, fonts, kw.get("where", ""))
    lines = wrap(text, font, size, width)
    if len(lines) > most:
        lines = [*lines[: most - 1], ellipsize(lines[most - 1], font, size, width)]
        if kw.get("cut") is not None:
            kw["cut"].append(f"{kw.get('field', 'text')} cut to {counted(most, 'line')}")
    colour, leading = kw.get("colour", TEXT), size * kw.get("leading", 1.15)
    return [_Line(line, font, size, colour, leading) for line in lines]


def _item_lines(
    g: _Glyphs, item: BacklogItem, s: float, width: float, cut: list[str] | None = None
) -> list[_Line]:
    """The item's title, cohorts and score; what had to be cut is named in `cut`."""
    cohorts = " + ".join(
        c.name + (f" · {share_percent(c.share)}" if c.share is not None else "")
        for c in item.cohorts
    )
    where = f"#{item.rank}"
    return [
        *_lines(g, item.title, BOLD, ITEM_PT * s, width, 3, where=where, cut=cut, field="title"),
        *_lines(
            g,
            cohorts,
            ITALIC,
            COHORT_PT * s,
            width,
            2,
            colour=SOFT,
            where=where,
            cut=cut,
            field="cohorts",
        ),
        # The breakdown reads whole ("RICE 160 = 100% reach x 1 impact x ..."): a score is
        # never a bare number, so it takes up to four lines before it is cut.
        *_lines(
            g,
            score_text(item),
            REGULAR,
            SCORE_PT * s,
            width,
            4,
            colour=MUTED,
            where=where,
            cut=cut,
            field="score breakdown",
        ),
    ]


def _pad(s: float) -> float:
    return 3.0 * MM * s


def _rank_w(s: float) -> float:
    """Room for the widest rank a poster shows ("#120"), so titles line up."""
    return text_width("#000", FAMILY.bold, ITEM_PT * s) + 1.5 * MM * s


def _item_height(lines: list[_Line], s: float) -> float:
    return sum(line.leading for line in lines) + 2 * _pad(s)


def _column_fits(g, items, s, width, avail) -> bool:
    """Whether the column's items fit in `avail` at scale `s`: measured only until they
    do not, so a long backlog costs what a page holds, not every item at every scale."""
    inner = width - _rank_w(s) - 2 * _pad(s)
    height = 0.0
    for i in items:
        height += _item_height(_item_lines(g, i, s, inner), s) + _pad(s)
        if height > avail:
            return False
    return True


def _columns(backlog: Backlog, horizons: Sequence[Horizon]) -> list[Horizon]:
    """Now, next and later always (a column may be empty); blocked when an item is."""
    out: list[Horizon] = [h for h in HORIZONS if h in horizons and h is not Horizon.BLOCKED]
    if Horizon.BLOCKED in horizons and backlog.horizon(Horizon.BLOCKED):
        out.append(Horizon.BLOCKED)
    return out


def render_poster(
    backlog: Backlog,
    *,
    paper: str = "a3",
    horizons: Sequence[Horizon] = HORIZONS,
    brand: Brand = NEUTRAL,
    logo: bytes | None = None,
) -> tuple[bytes, list[str]]:
    """The poster as PDF bytes, and warnings (items left off, characters the font lacks)."""
    from cvo_workshop.export.script import canvas_class

    if paper not in POSTER_PAPERS_MM:
        raise ValueError(f"unknown poster paper {paper!r}")
    # What people typed, before our own marks go in (literal.show_noncharacters).
    backlog, brand = show_noncharacters((backlog, brand))
    register_fonts()
    w, h = (v * MM for v in POSTER_PAPERS_MM[paper])
    k = min(w / (420 * MM), h / (297 * MM))  # type grows with the paper
    margin = MARGIN_MM * MM * k
    client = brand.client or backlog.workshop.organization
    heading = f"{isolate(client)}: {brand.title or 'roadmap'}"
    buf = io.BytesIO()
    # Every PDF draws through one canvas: shaping, bidi order, the --font fallback.
    c = canvas_class()(buf, pagesize=(w, h), pageCompression=1)
    c.setTitle(unmarked(plain_text(heading)))
    c.setAuthor(plain_text(brand.consultant or "cvo-workshop"))
    c.setSubject("The backlog's roadmap: now, next and later, in priority order")
    c.setCreator(f"cvo-workshop {__version__}")
    c.setViewerPreference("PrintScaling", "None")
    g = _Glyphs({})
    warnings: list[str] = []

    # The heading: for whom, by whom, and at what level of maturity; the logo at its right.
    top = h - margin
    room = w - 2 * margin
    if logo:
        logo_h = (TITLE_PT + COHORT_PT * 1.6) * k
        room -= _logo(c, logo, w - margin, top, logo_h, room * 0.25) + 6 * MM * k
    # A long client takes a second line, then smaller type; it is cut only past that.
    text, font = g.text(heading, BOLD, "title")
    size = TITLE_PT * k
    while len(wrap(text, font, size, room)) > 2 and size > TITLE_PT * k * MIN_SCALE:
        size -= 2 * k
    heading_cut: list[str] = []
    title = _lines(
        g,
        heading,
        BOLD,
        size,
        room,
        2,
        where="title",
        leading=1.1,
        cut=heading_cut,
        field="heading",
    )
    if heading_cut:
        warnings.append(
            "the poster's heading (client: title) does not fit; cut to 2 lines, shown as '…'. "
            "Shorten the client or the title."
        )
    y = top - size
    for line in title:
        _fill(c, line.colour)
        c.setFont(line.font, line.size)
        c.drawString(margin, y, line.text)
        y -= line.leading
    title_h = size + sum(line.leading for line in title[1:])
    head_h = title_h + COHORT_PT * k * 1.6
    level = maturity_label(backlog.maturity, backlog.assessment)
    sub = " · ".join(
        x
        for x in (
            f"Prepared by {brand.consultant}" if brand.consultant else "",
            f"Maturity: {level}",
            f"{counted(len(backlog.items), 'item')}, in priority order within each horizon",
            date_words(brand.date or backlog.workshop.created),
        )
        if x
    )
    sub_text, sub_font = g.text(sub, REGULAR, "title")
    if text_width(sub_text, sub_font, COHORT_PT * k) > room:
        sub_text = ellipsize(sub_text, sub_font, COHORT_PT * k, room)
        warnings.append(
            "the line under the poster's heading (consultant, maturity, date) does not fit; "
            "cut, shown as '…'. Shorten the consultant's name."
        )
    _fill(c, MUTED)
    c.setFont(sub_font, COHORT_PT * k)
    c.drawString(margin, top - head_h, sub_text)
    top -= title_h + COHORT_PT * k * 2.8
    # The foot: the brand's confidentiality line, who for whom, the version.
    # Each part set apart: a right-to-left confidentiality line leaves the line left to right.
    foot_h = _foot(c, g, brand.footer(isolate), margin, w - 2 * margin, SCORE_PT * k, warnings)

    columns = _columns(backlog, horizons)
    gutter = 8 * MM * k
    col_w = (w - 2 * margin - gutter * (len(columns) - 1)) / max(len(columns), 1)
    band_h = COLUMN_PT * k * 1.7
    meaning_h = COHORT_PT * k * 3.0
    avail = top - band_h - meaning_h - margin - foot_h
    items = {hz: backlog.horizon(hz) for hz in columns}

    # One scale for the whole poster: the largest at which every column fits.
    s = k
    while s > MIN_SCALE * k and not all(
        _column_fits(g, items[hz], s, col_w, avail) for hz in columns
    ):
        s -= 0.05 * k
    s = max(s, MIN_SCALE * k)

    cuts: list[str] = []  # one line per item whose text is cut, as wall cards say it
    for n, hz in enumerate(columns):
        x = margin + n * (col_w + gutter)
        left_off = _column(c, g, hz, items[hz], x, top, col_w, band_h, avail, s, k, cuts)
        if left_off:
            ranks = ", ".join(f"#{i.rank}" for i in left_off)
            warnings.append(
                f"the {hz.label} column holds too many items for the poster: "
                f"{ranks} left off it (print a larger --paper, or fewer --horizon)"
            )
    warnings += cuts
    warnings += missing_summary((w, ch) for ch, fields in g.seen.items() for w in fields)
    c.showPage()
    c.save()
    return buf.getvalue(), warnings


def _fill(c, colour: str) -> None:
    c.setFillColorRGB(*rgb(colour))


def _logo(c, data: bytes, right: float, top: float, most_h: float, most_w: float) -> float:
    """Draw the logo with its top right corner at (right, top); its width."""
    image, lw, lh = fit_logo(data, most_w, most_h)
    c.drawImage(image, right - lw, top - lh, lw, lh, mask="auto")
    return float(lw)


def _foot(
    c, g: _Glyphs, text: str, margin: float, width: float, size: float, warnings: list[str]
) -> float:
    """The brand's line at the poster's foot (nothing for a neutral poster); its height."""
    if not text:
        return 0.0
    said, font = g.text(text, REGULAR, "foot")
    if text_width(said, font, size) > width:
        said = ellipsize(said, font, size, width)
        warnings.append(
            "the poster's foot line (confidentiality line, credit, version) does not fit; "
            "cut, shown as '…'. Shorten the confidentiality line."
        )
    _fill(c, MUTED)
    c.setFont(font, size)
    c.drawString(margin, margin + size * 0.25, said)
    return size * 2.0


def _column(
    c, g, hz: Horizon, items, x, top, width, band_h, avail, s, k, cuts: list[str]
) -> list[BacklogItem]:
    """Draw one horizon's column; returns the items that did not fit. Each drawn item
    whose text is cut adds a warning to `cuts`, naming the item and what was cut."""
    pal = HORIZON_PALETTES[hz]
    _fill(c, pal.colour)
    c.roundRect(x, top - band_h, width, band_h, 2 * MM * k, stroke=0, fill=1)
    label, font = g.text(f"{HORIZON_SYMBOLS[hz]}  {hz.label.upper()}", BOLD, "column")
    size = COLUMN_PT * k
    _fill(c, pal.ink)
    c.setFont(font, size)
    c.drawString(x + 4 * MM * k, top - band_h / 2 - size * 0.36, label)
    count = counted(len(items), "item")
    y = top - band_h - COHORT_PT * k * 1.5
    _fill(c, SOFT)
    meaning, mfont = g.text(f"{count}. {HORIZON_MEANING[hz]}", ITALIC, "column")
    c.setFont(mfont, SCORE_PT * k)
    for said in wrap(meaning, mfont, SCORE_PT * k, width)[:2]:
        c.drawString(x, y, said)
        y -= SCORE_PT * k * 1.2
    y = top - band_h - COHORT_PT * k * 3.0
    bottom = y - avail
    pad, rank_w = _pad(s), _rank_w(s)
    inner = width - rank_w - 2 * pad
    for n, item in enumerate(items):
        cut: list[str] = []
        lines = _item_lines(g, item, s, inner, cut)
        height = _item_height(lines, s)
        rest = items[n + 1 :]
        # Room for a closing line naming the rest, unless this is the last item.
        need = height + (SCORE_PT * s * 2.5 if rest else 0)
        if y - need < bottom:
            _more(c, g, items[n:], x, y, width, s)
            return list(items[n:])
        _fill(c, pal.tint)
        c.roundRect(x, y - height, width, height, 1.5 * MM * s, stroke=0, fill=1)
        _fill(c, pal.colour)
        c.rect(x, y - height, 1.6 * MM * s, height, stroke=0, fill=1)
        _fill(c, pal.accent)
        c.setFont(FAMILY.bold, ITEM_PT * s)
        c.drawString(x + pad, y - pad - ITEM_PT * s * 0.95, f"#{item.rank}")
        ty = y - pad
        for line in lines:
            _fill(c, line.colour)
            c.setFont(line.font, line.size)
            if right_to_left(line.text):  # a line of a right-to-left paragraph ends at the right
                c.drawRightString(x + width - pad, ty - line.size * 0.95, line.text)
            else:
                c.drawString(x + pad + rank_w, ty - line.size * 0.95, line.text)
            ty -= line.leading
        if cut:
            cuts.append(
                f"{warning_name(item)}: the text does not fit; "
                f"{' and '.join(cut)}, shown as '…'. Shorten the item."
            )
        y -= height + pad
    return []


def _more(c, g: _Glyphs, rest: Sequence[BacklogItem], x, y, width, s) -> None:
    """'+ N more: #12 title, #13 title, ...' on one line, cut with '…' only if it must be."""
    size = SCORE_PT * s
    # No more titles than the line could hold at the narrowest letters: a long backlog's
    # rest is neither resolved nor measured in full.
    room = int(width / (size * 0.2)) + 1
    text, named = f"+ {len(rest)} more: ", 0
    for i in rest:
        if len(text) > room:
            break
        text += (", " if named else "") + f"#{i.rank} {isolate(plain_text(i.title))}"
        named += 1
    said, font = g.text(text, ITALIC, "more")  # fonts with every letter, as the items have
    if named < len(rest) or text_width(said, font, size) > width:
        said = ellipsize(said, font, size, width)
    _fill(c, MUTED)
    c.setFont(font, size)
    c.drawString(x, y - size * 1.2, said)
