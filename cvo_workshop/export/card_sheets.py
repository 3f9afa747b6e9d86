"""The card engine's entry point: card faces in, a print-ready PDF and a report out.

    pdf, report = render_cards(faces, SheetSpec(paper="letter", backs=Backs.DUPLEX))

Any card type works: describe it with `cards.CardFace` / `cards.CardBack`.
Every card is set in its size's one type scale (card_render.TYPE_SCALES).
The report lists every card whose text overflowed and every character the
font lacks, so the caller can warn; nothing is cut or dropped silently.

Every PDF asks the viewer to print at actual size and, for duplex, to flip on
the long edge (`/ViewerPreferences`): a "fit to page" print shrinks cards
off their cut lines.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from cvo_workshop import __version__
from cvo_workshop.export.card_render import (
    FACT_LINES,
    MIN_LABEL_PT,
    TYPE_SCALES,
    TypeScale,
    draw_back,
    draw_face,
)
from cvo_workshop.export.cards import CardFace
from cvo_workshop.export.fonts import FAMILY, register_fonts, replace_missing
from cvo_workshop.export.literal import plain_text
from cvo_workshop.export.sheet import (
    GAP_MM,
    MM,
    SAFE_MM,
    Backs,
    Imposition,
    Marks,
    SheetSpec,
    impose,
)
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
    """A card whose text did not fit at its size's type scale."""

    key: str
    title: str
    page: int  # 1-based
    lines: int  # roughly how many lines of body text were cut
    size: float  # the body size it was set at, in points
    name: str = ""  # how warnings name the card (the key when empty)
    facts: tuple[str, ...] = ()  # the facts cut to their most lines (labels)


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
    blanks: int = 0  # blank cards added to fill the last sheet
    overflows: list[Overflow] = field(default_factory=list)
    missing: list[MissingGlyph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the sheet, not a card

    def warnings(self) -> list[str]:
        """What did not fit or print, one line each, naming the card."""
        from cvo_workshop.export.fonts import missing_summary

        out = list(self.notes)
        for o in self.overflows:
            said = []
            if o.lines:
                lines = f"about {o.lines} line{'s' if o.lines != 1 else ''}"
                said.append(f"the text does not fit at {o.size:g} pt; {lines} cut, shown as '…'")
            if o.facts:  # a fact is set smaller than the text, and takes FACT_LINES at most
                said.append(f"{' and '.join(o.facts)} cut to {FACT_LINES} lines, shown as '…'")
            out.append(f"{o.name or o.key} (page {o.page}): {'; '.join(said)}. Shorten the card.")
        out += missing_summary((f"{m.name or m.key}: {m.where}", m.char) for m in self.missing)
        return out


def _marks(c, marks: Marks) -> None:
    """Crop marks in the margins, and cut lines where a margin has no room for them.

    Marks start `SAFE_MM` inside the sheet's edge, where printers can print.
    A mark that runs over the outer bleed's colour gets a white casing, so it
    reads on any colour.
    """
    c.saveState()
    c.setStrokeColorRGB(1, 1, 1)
    c.setLineWidth(1.2)
    for line in marks.cased:
        c.line(*line)
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.3)
    for line in (*marks.marks, *marks.cased):
        c.line(*line)
    c.setLineWidth(0.25)
    c.setStrokeColorRGB(0.25, 0.25, 0.25)
    for line in marks.lines:
        c.line(*line)
    c.restoreState()


def _fold_line(c, imp: Imposition) -> None:
    """The dashed fold line, from the printable zone at one end to the other,
    broken for a "fold" label centred on it in each margin with room for one
    (beside it, the label would run over the crop marks of the cards either side)."""
    x, b = imp.fold_x, imp.front_marks.block
    assert x is not None
    size = MIN_LABEL_PT
    safe, gap = SAFE_MM * MM, GAP_MM * MM
    labels = []
    if b.y - safe >= size * 0.94:
        labels.append(safe + 0.22 * size)
    if imp.height - b.top - safe >= size * 0.94:
        labels.append(imp.height - safe - size * 0.72)
    ends = [safe]
    for y in sorted(labels):
        ends += [y - 1.2, y + size * 0.8 + 0.8]
    ends.append(imp.height - safe)
    c.saveState()
    c.setLineWidth(0.4)
    c.setDash(2.5, 2)
    c.setStrokeColorRGB(0.35, 0.35, 0.35)
    for lo, hi in zip(ends[::2], ends[1::2], strict=True):
        # Only in the margins: in the gutter the cards' colour runs to the fold.
        for a, z in ((lo, min(hi, b.y - gap)), (max(lo, b.top + gap), hi)):
            if z > a:
                c.line(x, a, x, z)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.setFont(FAMILY.regular, size)
    for y in labels:
        c.drawCentredString(x, y, "fold")
    c.restoreState()


NOTE_PT = MIN_LABEL_PT


def _sheet_note(c, imp: Imposition, parts: Sequence[str], back: bool) -> None:
    """Small print in a margin, inside the printable zone: one part beside
    each card of the bottom row (or, where the bottom margin is too narrow,
    as on Letter, of the left column, turned to read upwards).

    The crop marks or cut lines sit at every cut, so the only room a part has
    is one card wide; the parts (the label, the sheet number, the
    instruction) each get their own card. Only the first part, a name chosen
    by the user, is ever shortened; the instruction prints in full.
    """
    slots = imp.backs if back else imp.fronts
    if imp.spec.backs is Backs.FOLD:
        slots = (*imp.fronts, *imp.backs)
    b = imp.back_marks.block if back and imp.back_marks else imp.front_marks.block
    safe, size = SAFE_MM * MM, NOTE_PT
    tall = size * 0.94  # descender to cap height
    if b.y - safe >= tall:
        bottom = min(s.trim.y for s in slots)
        row = sorted((s.trim for s in slots if abs(s.trim.y - bottom) < 0.01), key=lambda t: t.x)
        spans = [(t.x, t.w) for t in row]
        turned = False
    elif b.x - safe >= tall:
        left = min(s.trim.x for s in slots)
        col = sorted((s.trim for s in slots if abs(s.trim.x - left) < 0.01), key=lambda t: t.y)
        spans = [(t.y, t.h) for t in col]
        turned = True
    else:
        return  # no margin inside the printable zone: better no note than one cut off
    c.saveState()
    c.setFillColorRGB(0.4, 0.4, 0.4)
    if turned:
        # Read upwards: the text's baseline is a vertical line in the left margin.
        c.translate(safe + size * 0.72, 0)
        c.rotate(90)
    parts = [replace_missing(p) for p in parts if p]
    # Too many parts for the cards: the extra ones share the last one.
    if len(parts) > len(spans):
        parts = [*parts[: len(spans) - 1], " · ".join(parts[len(spans) - 1 :])]
    first = len(spans) - len(parts)  # the instruction goes beside the last card
    y = 0.0 if turned else safe + 0.22 * size
    for text, (start, length) in zip(parts, spans[first:], strict=False):
        room = length - 4
        if text_width(text, FAMILY.regular, size) > room:
            text = ellipsize(text, FAMILY.regular, size, room)
        c.setFont(FAMILY.regular, size)
        c.drawCentredString(start + length / 2, y, text)
    c.restoreState()


def _viewer_preferences(c, duplex: bool) -> None:
    """Print at actual size (no "fit to page"), and duplex on the long edge."""
    c.setViewerPreference("PrintScaling", "None")
    if duplex:
        c.setViewerPreference("Duplex", "DuplexFlipLongEdge")


def render_cards(
    faces: Sequence[CardFace],
    spec: SheetSpec,
    info: DocInfo,
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
    _viewer_preferences(c, imp.back_page)
    ts = TYPE_SCALES[spec.size]

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
            ink = draw_face(c, face, slot, ts)
            if fold:
                back_ink = _back(c, face, imp.backs[i], ts)
                ink.missing += back_ink.missing
                ink.overflow = ink.overflow or back_ink.overflow
                ink.cut_lines += back_ink.cut_lines
                ink.cut_facts += back_ink.cut_facts
            if ink.overflow:
                report.overflows.append(
                    Overflow(
                        face.key,
                        face.title,
                        page,
                        ink.cut_lines,
                        ts.body,
                        face.name,
                        tuple(ink.cut_facts),
                    )
                )
            for where, ch in ink.missing:
                report.missing.append(MissingGlyph(face.key, where, ch, face.name))
            _bookmark(c, face, slot.trim, groups_seen, f"card-{page}-{i}")
        _marks(c, imp.front_marks)
        if fold:
            _fold_line(c, imp)
        side = "fold on the dashed line, glue, then cut" if fold else "fronts"
        _sheet_note(c, imp, (label, f"sheet {n} of {len(sheets)}", side), back=False)
        c.showPage()
        if imp.back_page:
            page += 1
            for i, face in enumerate(sheet):
                ink = _back(c, face, imp.backs[i], ts)
                if ink.overflow:
                    report.overflows.append(
                        Overflow(
                            face.key,
                            f"{face.title} (back)",
                            page,
                            ink.cut_lines,
                            ts.body,
                            f"{face.name} (back)" if face.name else "",
                            tuple(ink.cut_facts),
                        )
                    )
                for where, ch in ink.missing:
                    report.missing.append(MissingGlyph(face.key, where, ch, face.name))
            assert imp.back_marks is not None
            _marks(c, imp.back_marks)
            note = (label, f"sheet {n} of {len(sheets)}", "backs (flip on the long edge)")
            _sheet_note(c, imp, note, back=True)
            c.showPage()
    if not sheets:
        c.showPage()
    report.pages = max(page, 1)
    c.showOutline()
    c.save()
    return buf.getvalue(), report


def _back(c, face: CardFace, slot, ts: TypeScale):
    """A face's back: a label back, or a back with text drawn like a face."""
    if isinstance(face.back, CardFace):
        return draw_face(c, face.back, slot, ts)
    return draw_back(c, face.back, slot, face.key, ts)


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
