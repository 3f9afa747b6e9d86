"""One card as a PNG at 300 dpi: for a slide, a chat message or a print shop.

The card is drawn by the card engine on a page of its own, its trim size,
and rasterized by pypdfium2 (PDFium, with wheels for every platform): the
PNG is the printed card, pixel for pixel, and needs no program besides
Python (pdftoppm is not on Windows; reportlab's own renderer needs Cairo).
"""

from __future__ import annotations

import io

from cvo_workshop.export.card_render import TYPE_SCALES, draw_face
from cvo_workshop.export.card_sheets import MissingGlyph, Overflow, PrintReport
from cvo_workshop.export.cards import CardFace
from cvo_workshop.export.fonts import register_fonts
from cvo_workshop.export.sheet import CARD_SIZES_MM, MM, Box, Slot

DPI = 300


def card_pdf(face: CardFace, size: str = "poker") -> tuple[bytes, PrintReport]:
    """A one-page PDF the size of the card (no bleed, no marks), and its report."""
    from cvo_workshop.export.script import canvas_class

    register_fonts()
    w, h = (v * MM for v in CARD_SIZES_MM[size])
    buf = io.BytesIO()
    c = canvas_class()(buf, pagesize=(w, h))
    trim = Box(0, 0, w, h)
    ts = TYPE_SCALES[size]
    ink = draw_face(c, face, Slot(trim, trim), ts)
    c.showPage()
    c.save()
    report = PrintReport(cards=1, sheets=1, pages=1, per_sheet=1)
    if ink.overflow:
        report.overflows.append(
            Overflow(
                face.key, face.title, 1, ink.cut_lines, ts.body, face.name, tuple(ink.cut_facts)
            )
        )
    report.missing += [MissingGlyph(face.key, where, ch, face.name) for where, ch in ink.missing]
    return buf.getvalue(), report


def card_png(face: CardFace, size: str = "poker", dpi: int = DPI) -> tuple[bytes, list[str]]:
    """The card as PNG bytes at `dpi` (recorded in the file), and warnings."""
    import pypdfium2

    pdf, report = card_pdf(face, size)
    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    # PDFium covers a partly covered last pixel: keep the card's own size in pixels.
    w, h = (round(v / 25.4 * dpi) for v in CARD_SIZES_MM[size])
    image = image.crop((0, 0, w, h))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue(), report.warnings()
