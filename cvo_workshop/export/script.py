"""Right-to-left text in PDFs: Arabic letters joined, lines in display order.

A PDF draws glyphs left to right as they come, so two things must be done
before text reaches it, and reportlab does neither without optional packages
that are not on PyPI (rlbidi):

- **shaping**: an Arabic letter takes one of up to four forms by its
  neighbours. `shape()` replaces letters by their contextual forms (Unicode
  Arabic Presentation Forms, which the embedded font has) in logical order,
  with `arabic-reshaper`. Widths are measured on shaped text.
- **order**: a line holding right-to-left runs is reordered for display with
  the Unicode bidi algorithm (`python-bidi`), after the text is wrapped into
  lines (`visual()`), so that wrapped lines read top to bottom.

Extractors (pypdf, poppler, pdf.js) reorder display order back into logical
order: the text extracts as typed, Arabic as presentation forms (NFKC gives
the letters back).

Every PDF draws through `canvas_class()`, whose text objects apply both, and
draw characters the built-in font lacks in the `--font` fallback
(`fonts.fallback()`): one place, whatever drew the text (a Paragraph, a table
cell, a card line, a running header).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

#: Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...)
#: and their presentation forms: a line without any is drawn as it is.
#: (U+FDD0-U+FDEF are noncharacters, not letters: our own isolates below are three of them.)
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdcf\ufdf0-\ufdff\ufe70-\ufefc]")
#: Arabic letters that join (the ones `shape()` gives contextual forms).
_ARABIC = re.compile("[\u0620-\u06ff]")
#: Letters of joining scripts that have no presentation forms to shape them
#: with: Syriac, Arabic Supplement, Thaana's neighbours N'Ko, Mandaic, Arabic
#: Extended. They print, unjoined (and are reported).
_UNSHAPABLE = re.compile("[\u0700-\u077f\u07c0-\u07ff\u0840-\u085f\u0870-\u08ff]")
#: Put before a wrapped line of a right-to-left paragraph, so the line is laid
#: out right to left (and right-aligned) even when it starts with a
#: left-to-right word; removed when drawn. (People's own marks never get here:
#: `literal` shows them as codes.)
RLM = "\u200f"
LRM = "\u200e"
#: Our own isolates, kept apart from any a person typed (`literal` shows those as
#: codes): Unicode noncharacters, reserved for a program's internal use, that
#: stand for a first-strong isolate (put around a value inside our own words,
#: `isolate()`, so that the value is laid out in its own direction and our words
#: around it keep their order), a left-to-right isolate (around a shown code,
#: `literal.plain_text`, so a right-to-left line cannot split it) and their
#: end. The bidi pass reads them as U+2068, U+2066 and U+2069; never drawn.
FSI = "\ufdd0"
LRI = "\ufdd1"
PDI = "\ufdd2"
#: Our own direction marks, for a character printed as U+FFFD (which has none) to
#: keep its letter's direction (`fonts.replace_missing`); read as U+200E and U+200F.
OWN_LRM = "\ufdd3"
OWN_RLM = "\ufdd4"
_ISOLATE_OPENERS = FSI + LRI
_AS_BIDI = str.maketrans(
    {FSI: "\u2068", LRI: "\u2066", PDI: "\u2069", OWN_LRM: "\u200e", OWN_RLM: "\u200f"}
)
_OWN_KIND = {OWN_LRM: "L", OWN_RLM: "R"}
#: Every mark that steers the bidi pass and is drawn as nothing: direction
#: marks, the bidi isolates, and our own isolates.
MARK_CHARS = RLM + LRM + "\u2066\u2067\u2068\u2069" + FSI + LRI + PDI + OWN_LRM + OWN_RLM
MARKS = re.compile(f"[{MARK_CHARS}]")
_DIRECTION_MARKS = re.compile("[\u200e\u200f]")

#: What sends a line through the bidi pass: right-to-left letters, or marks to remove.
_BIDI = re.compile(f"{RTL.pattern}|[{MARK_CHARS}]")

#: Mirrored pairs: a pair that came out closer-first was in a right-to-left run.
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›", "<": ">"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@cache
def _reshaper() -> Any:
    import arabic_reshaper

    # Harakat kept (they are part of what was typed); only the ligature every
    # Arabic text needs (lam-alef), whose forms the embedded font has.
    return arabic_reshaper.ArabicReshaper(
        configuration={
            "delete_harakat": False,
            "support_ligatures": True,
            "ARABIC LIGATURES": False,
            "ARABIC LIGATURE LAM WITH ALEF": True,
            "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE": True,
            "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW": True,
            "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE": True,
        }
    )


@lru_cache(maxsize=16384)
def _shape(text: str) -> str:
    return str(_reshaper().reshape(text))


def shape(text: str) -> str:
    """`text` with Arabic letters in their joined forms, still in logical order.

    A letter the font has no joined forms for (`unjoined()`) prints in its
    own form and does not join its neighbours, rather than as a box.
    """
    if _ARABIC.search(text) is None:
        return text
    if not any(unjoined(ch) for ch in text):
        return _shape(text)
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if unjoined(ch):
            out += [_shape("".join(run)), ch]
            run = []
        else:
            run.append(ch)
    return "".join(out) + _shape("".join(run))


def isolate(value: str) -> str:
    """`value` (typed by someone) set apart from our own words around it ("Owner:
    ", "#3 ", " · 20%"): laid out in its own direction, it cannot pull them into
    a right-to-left run, and the paragraph's direction is that of our words.
    Text without right-to-left letters is returned as it is."""
    if RTL.search(value) is None:
        return value
    from cvo_workshop.export.literal import plain_text

    # The value's own bidi controls shown as codes first: the marks are ours alone.
    return f"{FSI}{plain_text(value)}{PDI}"


def is_rtl(paragraph: str) -> bool:
    """Whether a paragraph reads right to left: its first strong character (a
    letter) is a right-to-left one, characters inside isolates (`isolate()`)
    skipped, as the Unicode bidi algorithm sets a paragraph's level (P2, P3).

    An Arabic value inside our own words ("1. " + title) is isolated where the
    text is built, so such a line stays left to right."""
    return direction(paragraph) is True


_LATIN = re.compile("[A-Za-z]")


def direction(text: str) -> bool | None:
    """Whether `text` reads right to left (True) or left to right (False) by its
    first strong character, isolates skipped and a direction mark counted (as
    `is_rtl`); None when it has none yet (digits, punctuation, spaces)."""
    if RTL.search(text) is None and MARKS.search(text) is None:
        # Left to right or nothing: the common case, decided without a loop.
        if _LATIN.search(text) is not None:
            return False
        return False if any(unicodedata.bidirectional(ch) == "L" for ch in text) else None
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            depth = max(depth - 1, 0)
        elif not depth:
            kind = _OWN_KIND.get(ch) or unicodedata.bidirectional(ch)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return None


def mark(line: str, rtl: bool) -> str:
    """`line` (of a paragraph laid out `rtl` or not) with its direction marked:
    `visual()` lays it out that way and the card and report text right-align a
    line marked right to left. Lines of a left-to-right paragraph without
    right-to-left text need no mark."""
    if not line or (not rtl and RTL.search(line) is None):
        return line
    return (RLM if rtl else LRM) + line


def right_to_left(line: str) -> bool:
    """Whether a wrapped line (`mark()`) is laid out, and aligned, right to left."""
    return line.startswith(RLM)


def unmarked(text: str) -> str:
    """`text` without the marks that steer the bidi pass (for measuring, for bookmarks)."""
    return MARKS.sub("", text) if MARKS.search(text) else text


def _mirror_pairs(line: str) -> str:
    """Brackets and guillemets of right-to-left runs turned to face the right way.

    The bidi algorithm gives a bracket pair one direction; a pair laid right to
    left comes out closer first (`)25(`) and both are mirrored. python-bidi
    reorders but leaves mirroring to the renderer: we are the renderer.
    """
    if not any(ch in _CLOSERS for ch in line):
        return line
    chars = list(line)
    opened: list[str] = []  # openers in reading order, waiting for their closer
    reversed_: list[tuple[str, int]] = []  # closers with no opener before: reversed pairs
    for i, ch in enumerate(chars):
        if ch in _PAIRS:
            if reversed_ and reversed_[-1][0] == ch:
                _, j = reversed_.pop()
                chars[i], chars[j] = chars[j], chars[i]
            else:
                opened.append(ch)
        elif ch in _CLOSERS:
            if opened and opened[-1] == _CLOSERS[ch]:
                opened.pop()  # a pair in reading order ("(数据)" before an Arabic run)
            else:
                reversed_.append((_CLOSERS[ch], i))
    return "".join(chars)


@lru_cache(maxsize=16384)
def _visual(line: str) -> str:
    from bidi import get_display

    rtl = line.startswith(RLM) or (not line.startswith(LRM) and is_rtl(line))
    base = "R" if rtl else "L"
    # Isolates take part in the bidi pass, then go: no font draws them.
    shown = str(get_display(_DIRECTION_MARKS.sub("", line).translate(_AS_BIDI), base_dir=base))
    return _mirror_pairs(MARKS.sub("", shown))


def visual(line: str) -> str:
    """One line in display order (left to right on the page); lines without
    right-to-left text come back unchanged (their marks removed).

    The line is laid out right to left when it is marked so (`mark()`) or
    its first strong character is right to left (`is_rtl()`)."""
    if RTL.search(line) is None:
        return unmarked(line)
    return _visual(line)


@cache
def unjoined(ch: str) -> bool:
    """Whether `ch` is a letter of a joining script that prints unjoined: one
    with no contextual forms, or forms the embedded font lacks."""
    if unicodedata.category(ch) != "Lo":
        return False
    if _UNSHAPABLE.match(ch):
        return True
    if not _ARABIC.match(ch):
        return False
    from cvo_workshop.export.fonts import FAMILY, covers_all

    beh = "\u0628"  # a letter that joins on both sides
    forms = [_shape(s) for s in (ch, ch + beh, beh + ch + beh, beh + ch)]
    return ch in forms[2] or not covers_all("".join(forms), FAMILY.regular)


def unjoined_letters(text: str) -> list[str]:
    """The distinct letters of `text` that print unjoined, in order."""
    if RTL.search(text) is None:
        return []
    return list(dict.fromkeys(ch for ch in text if unjoined(ch)))


#: The stroke that draws a fallback font's run bold, as a share of the type size
#: (about what font renderers add to synthesize a bold weight).
BOLD_STROKE = 0.035


def _stroke_op(colour: Any) -> str:
    """The PDF operator that makes `colour` (a reportlab colour, or an RGB or
    CMYK tuple) the stroke colour."""
    from reportlab.lib.colors import CMYKColor, Color
    from reportlab.lib.rl_accel import fp_str

    if isinstance(colour, CMYKColor):
        inks = (colour.cyan, colour.magenta, colour.yellow, colour.black)
        return f"{fp_str(*(colour.density * x for x in inks))} K"
    if isinstance(colour, Color):
        return f"{fp_str(colour.red, colour.green, colour.blue)} RG"
    if isinstance(colour, (tuple, list)) and len(colour) == 4:
        return f"{fp_str(*colour)} K"
    if isinstance(colour, (tuple, list)) and len(colour) == 3:
        return f"{fp_str(*colour)} RG"
    return "0 G"


@cache
def canvas_class() -> type:
    """A reportlab Canvas whose text is shaped, put in display order, and drawn
    in the fallback font where the built-in font has no glyph."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    from cvo_workshop.export.fonts import FALLBACK, FAMILY, register_fonts, runs

    class ScriptText(PDFTextObject):
        """A text object draws one paragraph (a Paragraph's lines, or one
        drawString): its direction is decided once, by the first strong
        character it is given (`direction()`), unless it is told (`rtl`, as a
        report Paragraph does), and every line it draws is laid out that way.
        A line marked with its own direction (`mark()`) keeps it."""

        _fontname: str
        _curSubset: int
        rtl: bool | None = None

        def _formatText(self, text: str) -> str:
            fb = FALLBACK.get()
            if self.rtl is None:
                self.rtl = direction(text)
            if _BIDI.search(text) is not None:
                if self.rtl is not None and not text.startswith((RLM, LRM)):
                    # Not the direction of the word that starts this line: a wrapped
                    # right-to-left line starting with "Klaviyo" stays right to left.
                    text = (RLM if self.rtl else LRM) + text
                text = visual(shape(text))
            if fb is None:  # the common case, as fast as plain reportlab
                return str(super()._formatText(text))
            if not getattr(getFont(self._fontname), "_dynamicFont", False):
                return str(super()._formatText(text))
            pieces = runs(text, self._fontname, fb)
            if len(pieces) == 1 and pieces[0][1] == self._fontname:
                return str(super()._formatText(text))
            # Another font mid-line: each run sets its font (a PDF text object
            # moves on by each glyph's own width), then the line's font is back.
            own = self._fontname
            bold = own in (FAMILY.bold, FAMILY.bold_italic)
            out = []
            try:
                for piece, font in pieces:
                    self._fontname = font
                    self._curSubset = -1
                    drawn = super()._formatText(piece)
                    if bold and font != own:
                        drawn = self._emboldened(drawn)
                    out.append(drawn)
            finally:
                self._fontname = own
                self._curSubset = -1
            return " ".join(out)

        def _emboldened(self, drawn: str) -> str:
            """A run of the fallback font in a bold style, drawn bold: the fallback
            has one weight, so its outlines are filled and stroked (text render
            mode 2) in the fill colour, the stroke `BOLD_STROKE` of the type size
            wide; then the stroke is as it was."""
            fill = getattr(self, "_fillColorObj", None) or self._canvas._fillColorObj
            stroke = self._canvas._strokeColorObj
            width = fp_str(self._fontsize * BOLD_STROKE)
            restore = f"0 Tr {fp_str(self._canvas._lineWidth)} w {_stroke_op(stroke)}"
            return f"{_stroke_op(fill)} {width} w 2 Tr {drawn} {restore}"

    class ScriptCanvas(Canvas):
        def __init__(self, *args: Any, **kw: Any) -> None:
            # reportlab starts in Helvetica, referenced (unembedded) on every page
            # though never drawn: start in the embedded family instead.
            register_fonts()
            kw.setdefault("initialFontName", FAMILY.regular)
            super().__init__(*args, **kw)

        def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Any:
            return ScriptText(self, x, y, direction=direction)

        # The document's own text (its properties, bookmarks) is not drawn: no marks.
        def setTitle(self, title: str | None) -> None:
            super().setTitle(unmarked(title or ""))

        def setAuthor(self, author: str | None) -> None:
            super().setAuthor(unmarked(author or ""))

        def setSubject(self, subject: str | None) -> None:
            super().setSubject(unmarked(subject or ""))

        def setKeywords(self, keywords: Any) -> None:
            if isinstance(keywords, str):
                keywords = unmarked(keywords)
            super().setKeywords(keywords)

        def addOutlineEntry(self, title: str, *args: Any, **kw: Any) -> Any:
            return super().addOutlineEntry(unmarked(title), *args, **kw)

        # Shaped before reportlab measures them, so right and centred text line up.
        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            return super().drawRightString(x, y, shape(text), *args, **kw)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> Any:
            return super().drawCentredString(x, y, shape(text), *args, **kw)

    return ScriptCanvas
