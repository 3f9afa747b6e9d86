"""The Unicode font family embedded in every PDF, and what it cannot print.

Reportlab's built-in fonts (Helvetica...) know Latin-1 only: a Polish, Greek or
Ukrainian title would print as empty boxes. So every PDF embeds DejaVu Sans
Condensed (shipped in `fonts/`, with its license), and text is checked
against the font's character map so that missing characters are reported,
and printed as U+FFFD, rather than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"
LICENSE_FILE = FONT_DIR / "LICENSE"

# Printed in place of a character the font lacks: visible, and every font has it.
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class FontFamily:
    """Reportlab names of the four faces, registered as one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


FAMILY = FontFamily(
    regular="CVOSans",
    bold="CVOSans-Bold",
    italic="CVOSans-Italic",
    bold_italic="CVOSans-BoldItalic",
)

_FILES = {
    FAMILY.regular: "DejaVuSansCondensed.ttf",
    FAMILY.bold: "DejaVuSansCondensed-Bold.ttf",
    FAMILY.italic: "DejaVuSansCondensed-Oblique.ttf",
    FAMILY.bold_italic: "DejaVuSansCondensed-BoldOblique.ttf",
}


@cache
def register_fonts() -> FontFamily:
    """Register the family with reportlab (once a process); `<b>`/`<i>` in Paragraphs work."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    for bold, italic, name in (
        (0, 0, FAMILY.regular),
        (1, 0, FAMILY.bold),
        (0, 1, FAMILY.italic),
        (1, 1, FAMILY.bold_italic),
    ):
        addMapping(FAMILY.regular, bold, italic, name)
    pdfmetrics.registerFontFamily(
        FAMILY.regular,
        normal=FAMILY.regular,
        bold=FAMILY.bold,
        italic=FAMILY.italic,
        boldItalic=FAMILY.bold_italic,
    )
    return FAMILY


LAYOUT = "\n\r\t"


@cache
def _charset(font_name: str) -> frozenset[str]:
    """The characters `font_name` prints, plus the layout characters (line breaks,
    tabs) that need no glyph: a set, so a whole string is checked at C speed."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    codes = pdfmetrics.getFont(font_name).face.charToGlyph
    return frozenset(map(chr, codes)) | frozenset(LAYOUT)


def missing_glyphs(text: str, font_name: str = FAMILY.regular) -> list[str]:
    """The distinct characters of `text` that `font_name` has no glyph for, in order."""
    have = _charset(font_name)
    if have.issuperset(text):
        return []
    return list(dict.fromkeys(ch for ch in text if ch not in have))


def covers(text: str, font_name: str) -> bool:
    return _charset(font_name).issuperset(text)


def replace_missing(text: str, font_name: str = FAMILY.regular) -> str:
    """`text` with every character the font lacks replaced by U+FFFD."""
    have = _charset(font_name)
    if have.issuperset(text):
        return text
    return "".join(ch if ch in have else REPLACEMENT for ch in text)


def describe(ch: str) -> str:
    """A character as a person can look it up: `'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)`."""
    import unicodedata

    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() else ""
    code = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    return f"{shown!r} ({code})" if shown else code
