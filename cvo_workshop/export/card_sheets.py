"""The card engine's entry point: card faces in, a print-ready PDF and a report out.

    pdf, report = render_cards(faces, SheetSpec(paper="letter", backs=Backs.DUPLEX))

Any card type works: describe it with `cards.CardFace` / `cards.CardBack`.
The report lists every card whose text overflowed even at the minimum size
and every character the font lacks, so the caller can warn; nothing is cut or
dropped silently.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvo_workshop import __version__
from cvo_workshop.export.card_render import MIN_BODY_PT, draw_back, draw_face
from cvo_workshop.export.cards import CardFace
from cvo_workshop.export.fonts import FAMILY, register_fonts, replace_missing
from cvo_workshop.export.literal import plain_text
from cvo_workshop.export.sheet import MM, Backs, Imposition, Marks, SheetSpec, impose
from cvo_workshop.export.textfit import ellipsize, text_width


@dataclass(frozen=True)
class DocInfo:
    """PDF metadata."""

    title: str
    author: str = "cvo-workshop"
    subject: str = ""
    keywords: tuple[str, ...] = ()
    label: str = ""  # short name printed in the sheet margin, e.g. the deck's name


@dataclass(frozen=True)
class Overflow:
    """A card whose text did not fit even at the minimum size."""

    key: str
    title: str
    page: int  # 1-based
    lines: int  # roughly how many lines of body text were cut
    min_size: float  # the body size it was tried at, in points


@dataclass(frozen=True)
class MissingGlyph:
    key: str
    where: str  # which text on the card: "title", a section label...
    char: str


@dataclass
class PrintReport:
    cards: int = 0
    sheets: int = 0
    pages: int = 0
    per_sheet: int = 0
    overflows: list[Overflow] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """What did not fit or print, one line each, naming the card."""
        from cvo_workshop.export.fonts import REPLACEMENT, describe

        out = []
        for o in self.overflows:
            lines = f"about {o.lines} line{'s' if o.lines != 1 else ''}"
            out.append(
                f"{o.key} (page {o.page}): the text does not fit even at "
                f"{o.min_size:g} pt; {lines} cut, shown as '…'. Shorten the card."
            )
        for m in self.missing:
            what = describe(m.char)
            out.append(f"{m.key}: {m.where}: the font has no {what}; printed as '{REPLACEMENT}'")
        return out


def _marks(c, imp: Imposition, marks: Marks, skip_x: float | None) -> None:
    """Crop marks from the sheet edge to the grid's outer bleed, on all four sides.

    They run to the edge because a short mark near the card is the first thing
    a guillotine cut takes away, and the other cuts still need it.
    """
    gap = 0.6 * MM  # marks stop short of the artwork
    b = marks.block
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0, 0, 0)
    for x in marks.xs:
        if skip_x is not None and abs(x - skip_x) < 0.01:
            continue
        c.line(x, 0, x, b.y - gap)
        c.line(x, b.top + gap, x, imp.height)
    for y in marks.ys:
        c.line(0, y, b.x - gap, y)
        c.line(b.right + gap, y, imp.width, y)


def _fold_line(c, imp: Imposition) -> None:
    x, b = imp.fold_x, imp.front_marks.block
    assert x is not None
    c.saveState()
    c.setLineWidth(0.4)
    c.setDash(2.5, 2)
    c.setStrokeColorRGB(0.35, 0.35, 0.35)
    c.line(x, 0, x, b.y - 0.6 * MM)
    c.line(x, b.top + 0.6 * MM, x, imp.height)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.setFont(FAMILY.regular, 5.5)
    c.drawString(x + 1 * MM, b.top + 2 * MM, "fold")
    c.drawString(x + 1 * MM, b.y - 3.5 * MM, "fold")
    c.restoreState()


def _sheet_note(c, imp: Imposition, text: str, back: bool) -> None:
    """A line of small print in the bottom margin, under the middle column."""
    slots = imp.backs if back else imp.fronts
    slot = slots[(imp.rows - 1) * imp.cols + imp.cols // 2].trim
    b = imp.back_marks.block if back and imp.back_marks else imp.front_marks.block
    text = replace_missing(text)
    if text_width(text, FAMILY.regular, 5.5) > slot.w - 4:
        text = ellipsize(text, FAMILY.regular, 5.5, slot.w - 4)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    c.setFont(FAMILY.regular, 5.5)
    c.drawCentredString(slot.x + slot.w / 2, b.y / 2 - 2, text)


def render_cards(
    faces: Sequence[CardFace],
    spec: SheetSpec,
    info: DocInfo,
    *,
    min_body: float = MIN_BODY_PT,
) -> tuple[bytes, PrintReport]:
    """The PDF of `faces` laid out on sheets as `spec` says, and what went wrong in it."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    imp = impose(spec)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(imp.width, imp.height), pageCompression=1)
    c.setTitle(plain_text(info.title))
    c.setAuthor(plain_text(info.author))
    c.setSubject(plain_text(info.subject))
    c.setCreator(f"cvo-workshop {__version__}")
    c.setKeywords(", ".join(plain_text(k) for k in info.keywords))

    report = PrintReport(cards=len(faces), per_sheet=imp.per_sheet)
    sheets = [faces[i : i + imp.per_sheet] for i in range(0, len(faces), imp.per_sheet)]
    report.sheets = len(sheets)
    label = plain_text(info.label or info.title)
    groups_seen: set[str] = set()
    page = 0
    for n, sheet in enumerate(sheets, 1):
        page += 1
        fold = spec.backs is Backs.FOLD
        for i, face in enumerate(sheet):
            slot = imp.fronts[i]
            ink = draw_face(c, face, slot, min_body)
            if fold:
                back_ink = _back(c, face, imp.backs[i], min_body)
                ink.missing += back_ink.missing
                ink.overflow = ink.overflow or back_ink.overflow
                ink.cut_lines += back_ink.cut_lines
            if ink.overflow:
                report.overflows.append(
                    Overflow(face.key, face.title, page, ink.cut_lines, min_body)
                )
            for where, ch in ink.missing:
                report.missing.append(MissingGlyph(face.key, where, ch))
            _bookmark(c, face, slot.trim, groups_seen, f"card-{page}-{i}")
        _marks(c, imp, imp.front_marks, imp.fold_x)
        if fold:
            _fold_line(c, imp)
        side = "fold on the dashed line, glue, then cut" if fold else "fronts"
        _sheet_note(c, imp, f"{label} · sheet {n} of {len(sheets)} · {side}", back=False)
        c.showPage()
        if imp.back_page:
            page += 1
            for i, face in enumerate(sheet):
                ink = _back(c, face, imp.backs[i], min_body)
                if ink.overflow:
                    report.overflows.append(
                        Overflow(face.key, f"{face.title} (back)", page, ink.cut_lines, min_body)
                    )
                for where, ch in ink.missing:
                    report.missing.append(MissingGlyph(face.key, where, ch))
            assert imp.back_marks is not None
            _marks(c, imp, imp.back_marks, None)
            note = f"{label} · sheet {n} of {len(sheets)} · backs (flip on the long edge)"
            _sheet_note(c, imp, note, back=True)
            c.showPage()
    if not sheets:
        c.showPage()
    report.pages = max(page, 1)
    c.showOutline()
    c.save()
    return buf.getvalue(), report


def _back(c, face: CardFace, slot, min_body: float):
    """A face's back: a label back, or a back with text drawn like a face."""
    if isinstance(face.back, CardFace):
        return draw_face(c, face.back, slot, min_body)
    return draw_back(c, face.back, slot, face.key)


def _bookmark(c, face: CardFace, trim, groups_seen: set[str], key: str) -> None:
    """Outline: a group entry (e.g. "Automation") with an entry for each of its cards."""
    c.bookmarkPage(key, fit="XYZ", left=trim.x, top=trim.top + 2)
    if face.group and face.group not in groups_seen:
        groups_seen.add(face.group)
        # Each outline entry needs its own destination name.
        group_key = f"group-{len(groups_seen)}"
        c.bookmarkPage(group_key, fit="XYZ", left=trim.x, top=trim.top + 2)
        c.addOutlineEntry(plain_text(face.group), group_key, level=0, closed=True)
    level = 1 if face.group else 0
    c.addOutlineEntry(plain_text(face.title), key, level=level)
