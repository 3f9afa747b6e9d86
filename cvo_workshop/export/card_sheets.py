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
    name: str = ""  # how warnings name the card (the key when empty)


@dataclass(frozen=True)
class MissingGlyph:
    key: str
    where: str  # which text on the card: "title", a section label...
    char: str
    name: str = ""  # how warnings name the card (the key when empty)


@dataclass
class PrintReport:
    cards: int = 0
    sheets: int = 0
    pages: int = 0
    per_sheet: int = 0
    overflows: list[Overflow] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the sheet, not a card

    def warnings(self) -> list[str]:
        """What did not fit or print, one line each, naming the card."""
        from cvo_workshop.export.fonts import missing_summary

        out = list(self.notes)
        for o in self.overflows:
            lines = f"about {o.lines} line{'s' if o.lines != 1 else ''}"
            out.append(
                f"{o.name or o.key} (page {o.page}): the text does not fit even at "
                f"{o.min_size:g} pt; {lines} cut, shown as '…'. Shorten the card."
            )
        out += missing_summary((f"{m.name or m.key}: {m.where}", m.char) for m in self.missing)
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
    """The dashed fold line in the margins, broken for a "fold" label centred on it
    (beside it, the label would run over the crop marks of the cards either side)."""
    x, b = imp.fold_x, imp.front_marks.block
    assert x is not None
    size = 5.5
    top_label = b.top + 2 * MM
    bottom_label = b.y - 3.5 * MM
    c.saveState()
    c.setLineWidth(0.4)
    c.setDash(2.5, 2)
    c.setStrokeColorRGB(0.35, 0.35, 0.35)
    for lo, hi in (
        (0, bottom_label - 1.2),
        (bottom_label + size + 0.8, b.y - 0.6 * MM),
        (b.top + 0.6 * MM, top_label - 1.2),
        (top_label + size + 0.8, imp.height),
    ):
        if hi > lo:
            c.line(x, lo, x, hi)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.setFont(FAMILY.regular, size)
    c.drawCentredString(x, top_label, "fold")
    c.drawCentredString(x, bottom_label, "fold")
    c.restoreState()


NOTE_PT = 5.5
MIN_NOTE_PT = 4.5


def _sheet_note(c, imp: Imposition, parts: Sequence[str], back: bool) -> None:
    """Small print in the bottom margin: one part under each column, left to right.

    The crop marks run down to the sheet edge at every cut line, so the only
    room a line has is one card wide; the parts (the label, the sheet number,
    the instruction) each get their own column. Only the first part, a name
    chosen by the user, is ever shortened; the instruction prints in full.
    """
    slots = imp.backs if back else imp.fronts
    if imp.spec.backs is Backs.FOLD:
        slots = (*imp.fronts, *imp.backs)
    bottom = slots[-1].trim.y
    row = sorted((s.trim for s in slots if abs(s.trim.y - bottom) < 0.01), key=lambda t: t.x)
    b = imp.back_marks.block if back and imp.back_marks else imp.front_marks.block
    y = b.y / 2 - 2
    c.setFillColorRGB(0.4, 0.4, 0.4)
    parts = [replace_missing(p) for p in parts if p]
    # Too many parts for the columns: the extra ones share the last column.
    if len(parts) > len(row):
        parts = [*parts[: len(row) - 1], " · ".join(parts[len(row) - 1 :])]
    first = len(row) - len(parts)  # the instruction goes under the last column
    for text, trim in zip(parts, row[first:], strict=False):
        room = trim.w - 4
        size = NOTE_PT
        while size > MIN_NOTE_PT and text_width(text, FAMILY.regular, size) > room:
            size -= 0.25
        if text_width(text, FAMILY.regular, size) > room:
            text = ellipsize(text, FAMILY.regular, size, room)
        c.setFont(FAMILY.regular, size)
        c.drawCentredString(trim.x + trim.w / 2, y, text)


def render_cards(
    faces: Sequence[CardFace],
    spec: SheetSpec,
    info: DocInfo,
    *,
    min_body: float = MIN_BODY_PT,
) -> tuple[bytes, PrintReport]:
    """The PDF of `faces` laid out on sheets as `spec` says, and what went wrong in it."""
    from cvo_workshop.export.script import canvas_class

    register_fonts()
    imp = impose(spec)
    buf = io.BytesIO()
    c = canvas_class()(buf, pagesize=(imp.width, imp.height), pageCompression=1)
    c.setTitle(plain_text(info.title))
    c.setAuthor(plain_text(info.author))
    c.setSubject(plain_text(info.subject))
    c.setCreator(f"cvo-workshop {__version__}")
    c.setKeywords(", ".join(plain_text(k) for k in info.keywords))

    report = PrintReport(cards=len(faces), per_sheet=imp.per_sheet)
    if imp.fold_on_cut and spec.bleed_mm > 0:
        report.notes.append(
            "the fold line is also a cut line (no room for a gutter at this bleed): "
            "fold exactly, or print with a smaller --bleed"
        )
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
                    Overflow(face.key, face.title, page, ink.cut_lines, min_body, face.name)
                )
            for where, ch in ink.missing:
                report.missing.append(MissingGlyph(face.key, where, ch, face.name))
            _bookmark(c, face, slot.trim, groups_seen, f"card-{page}-{i}")
        _marks(c, imp, imp.front_marks, imp.fold_x)
        if fold:
            _fold_line(c, imp)
        side = "fold on the dashed line, glue, then cut" if fold else "fronts"
        _sheet_note(c, imp, (label, f"sheet {n} of {len(sheets)}", side), back=False)
        c.showPage()
        if imp.back_page:
            page += 1
            for i, face in enumerate(sheet):
                ink = _back(c, face, imp.backs[i], min_body)
                if ink.overflow:
                    report.overflows.append(
                        Overflow(
                            face.key,
                            f"{face.title} (back)",
                            page,
                            ink.cut_lines,
                            min_body,
                            f"{face.name} (back)" if face.name else "",
                        )
                    )
                for where, ch in ink.missing:
                    report.missing.append(MissingGlyph(face.key, where, ch, face.name))
            assert imp.back_marks is not None
            _marks(c, imp, imp.back_marks, None)
            note = (label, f"sheet {n} of {len(sheets)}", "backs (flip on the long edge)")
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
