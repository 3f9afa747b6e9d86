"""The Unicode font family embedded in every PDF, the fallback, and what they cannot print.

Reportlab's built-in fonts (Helvetica...) know Latin-1 only: a Polish, Greek or
Ukrainian title would print as empty boxes. So every PDF embeds DejaVu Sans
Condensed (shipped in `fonts/`, with its license: Latin, Greek, Cyrillic,
Hebrew, Arabic), and text is checked against the font's character map so that
missing characters are reported, and printed as U+FFFD, rather than silently
dropped; a missing character whose compatibility form the font has (full-width
"Ｂｅｎ" typed on a phone) prints in that form ("Ben") instead.

Chinese, Japanese, Korean and emoji need a font of their own, too big to ship:
`--font PATH` (`fallback_font()`) adds one for the characters the family
lacks. Widths are measured, and characters drawn, in whichever font has them.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from cvo_workshop.engine.text import counted
from cvo_workshop.export.script import MARK_CHARS, MARKS, OWN_LRM, OWN_RLM, shape
from cvo_workshop.export.sfnt import DAMAGED, MAX_BYTES, problem, too_big
from cvo_workshop.model.problem import InputError, Problem

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
    from reportlab.lib.rl_accel import instanceStringWidthTTF as width
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    class FamilyFont(TTFont):
        def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
            # The bidi marks are drawn as nothing (script.MARKS): they have no width.
            if MARKS.search(text) is not None:
                text = MARKS.sub("", text)
            # Arabic is drawn shaped (script.shape): measured so, right-aligned
            # lines end at the margin.
            text = shape(text)
            # Characters the family lacks are as wide as the fallback draws them.
            fb = FALLBACK.get()
            if fb is None or _charset(self.fontName).issuperset(text):
                return float(width(self, text, size, encoding))
            return sum(
                float(width(self, piece, size, encoding))
                if font == self.fontName
                else pdfmetrics.stringWidth(piece, font, size)
                for piece, font in runs(text, self.fontName, fb)
            )

    for name, file in _FILES.items():
        pdfmetrics.registerFont(FamilyFont(name, str(FONT_DIR / file)))
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


#: Characters that need no glyph: line breaks and tabs lay text out, and the
#: bidi marks (script.MARKS) steer the bidi pass and are removed after it.
LAYOUT = "\n\r\t" + MARK_CHARS


@cache
def _charset(font_name: str) -> frozenset[str]:
    """The characters `font_name` prints, plus the layout characters (line breaks,
    tabs) that need no glyph: a set, so a whole string is checked at C speed."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    codes = pdfmetrics.getFont(font_name).face.charToGlyph
    return frozenset(map(chr, codes)) | frozenset(LAYOUT)


@lru_cache(maxsize=64)
def _printable_set(font_name: str, fallback: str | None) -> frozenset[str]:
    if fallback is None:
        return _charset(font_name)
    return _charset(font_name) | _charset(fallback)


def _have(font_name: str) -> frozenset[str]:
    """What prints in `font_name`: its characters, and the fallback's."""
    return _printable_set(font_name, FALLBACK.get())


def missing_glyphs(text: str, font_name: str = FAMILY.regular) -> list[str]:
    """The distinct characters of `text` that neither `font_name` nor the
    fallback has a glyph for, in order; not those printed in their compatibility
    form (`compatible`)."""
    have = _have(font_name)
    if have.issuperset(text):
        return []
    lost = dict.fromkeys(ch for ch in text if ch not in have)
    return [ch for ch in lost if compatible(ch, have) is None]


def compatible(ch: str, have: frozenset[str]) -> str | None:
    """What prints for `ch`, a character missing from `have`, when its Unicode
    compatibility form (NFKC) is all in `have`: the look-alike letters a phone
    types (full-width "Ｂｅｎ" prints "Ben", as engine/names.py takes it to be
    Ben), ligatures, circled and superscript digits. None when it has no such form."""
    form = _nfkc(ch)
    return form if form != ch and have.issuperset(form) else None


@lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def unprintable(text: str, font_name: str = FAMILY.regular) -> list[str]:
    """What in `text` will not print as typed: characters without a glyph, and
    letters of joining scripts printed unjoined (`missing_summary` tells which)."""
    from cvo_workshop.export.script import unjoined_letters

    missing = missing_glyphs(text, font_name)
    return missing + [ch for ch in unjoined_letters(text) if ch not in missing]


def covers_all(text: str, font_name: str) -> bool:
    """Whether `font_name` itself (the fallback aside) has every character of `text`."""
    return _charset(font_name).issuperset(text)


def covers(text: str, font_name: str) -> bool:
    return _have(font_name).issuperset(text)


def replace_missing(text: str, font_name: str = FAMILY.regular) -> str:
    """`text` with every character the fonts lack in its compatibility form where
    they have that (`compatible`: "Ｂｅｎ" as "Ben"), else replaced by U+FFFD."""
    have = _have(font_name)
    if have.issuperset(text):
        return text
    return "".join(ch if ch in have else compatible(ch, have) or _replaced(ch) for ch in text)


def _replaced(ch: str) -> str:
    """U+FFFD for a lost character, with a mark of the character's direction: U+FFFD
    has none, and a lost Chinese name before an Arabic one turned the whole line
    right to left. Our own marks: `literal` would show a typed U+200E as a code."""
    kind = unicodedata.bidirectional(ch)
    return REPLACEMENT + (OWN_LRM if kind == "L" else OWN_RLM if kind in ("R", "AL") else "")


# --- the fallback font (--font) ---------------------------------------------------

#: The reportlab name of the fallback font in use, set by `fallback_font()`
#: (`FALLBACK.get()` where every microsecond counts, `fallback()` elsewhere).
FALLBACK: ContextVar[str | None] = ContextVar("cvo_fallback_font", default=None)
#: TrueType fonts to suggest for the scripts the built-in font lacks, each with its
#: Debian/Ubuntu package. Droid Sans Fallback has Chinese and Japanese but no Hangul
#: (fc-query: lang ja|zh-tw); NanumGothic has Hangul. (Noto Sans CJK, a .ttc with
#: PostScript outlines, cannot be embedded: load_font refuses it.)
KOREAN_FONT = "NanumGothic for Korean, in Debian's fonts-nanum"
CHINESE_JAPANESE_FONT = "Droid Sans Fallback for Chinese and Japanese, in fonts-droid-fallback"
#: A fallback suggested to whoever meets missing characters of no script named above.
SUGGESTED = (
    f"--font PATH with a TrueType font that has them (e.g. {CHINESE_JAPANESE_FONT}; {KOREAN_FONT})"
)


def _is_hangul(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("HANGUL")


def _is_han_or_kana(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(
        ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA")
    )


def suggested_font(chars: Iterable[str]) -> str | None:
    """A font for the script of `chars` ("NanumGothic for Korean ..."), or None when
    they are of no script we know a font for (emoji, say). One --font serves both
    Korean and Chinese or Japanese characters only if it has both."""
    chars = list(chars)
    korean, han = any(map(_is_hangul, chars)), any(map(_is_han_or_kana, chars))
    if korean and han:
        return f"{KOREAN_FONT}; {CHINESE_JAPANESE_FONT}; the one --font must have both"
    if korean:
        return KOREAN_FONT
    if han:
        return CHINESE_JAPANESE_FONT
    return None


def fallback() -> str | None:
    """The reportlab name of the fallback font, or None."""
    return FALLBACK.get()


@cache
def _load(path: Path, mtime_ns: int, shown: str) -> str:
    import hashlib
    import io
    import re
    import struct

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"CVOFallback-{abs(hash((str(path), mtime_ns))):x}"
    # Read once, at most MAX_BYTES (a file grown since load_font saw it is still
    # refused), and checked before reportlab trusts its counts (sfnt.problem).
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(Problem(shown, f"cannot read the font: {e.strerror}")) from None
    if (why := too_big(max(size, len(data)))) is not None:
        raise InputError(Problem(shown, why))
    if (why := problem(data)) is not None:
        raise _not_embeddable(shown, why)
    file = io.BytesIO(data)
    # reportlab names the font after the file, as it did given the path
    file.name = str(path)  # type: ignore[attr-defined]
    try:
        font = TTFont(name, file, subfontIndex=0)
    except (TTFError, OSError, ValueError, AssertionError) as e:
        # reportlab names the file in quotes; the problem already does.
        reason = str(e).split("\n")[0].strip() or type(e).__name__
        if reason.startswith("Corrupt"):
            reason = DAMAGED
        reason = re.sub(r'^(?:TT[CF] file )?"[^"]*"(?::\s*|\s+)(?:is )?', "", reason)
        raise _not_embeddable(shown, reason) from None
    except (struct.error, KeyError, IndexError):
        # reading past the end of the file, or a table it lacks: reportlab's words
        # ("unpack requires a buffer of 2 bytes", "'glyf'") would say nothing
        raise _not_embeddable(shown, DAMAGED) from None
    # reportlab trusts these too, and would fail only when the PDF is written (a
    # glyph number past the font's glyphs) or print nothing (a glyph past its table).
    face = font.face
    if face.charToGlyph and max(face.charToGlyph.values()) >= face.numGlyphs:
        raise _not_embeddable(shown, f"{DAMAGED}: its character map names glyphs it lacks")
    glyf = face.table.get("glyf", {}).get("length")
    if glyf is not None and face.glyphPos and max(face.glyphPos) > glyf:
        raise _not_embeddable(shown, f"{DAMAGED}: its glyphs lie past their table")
    # reportlab keeps one font a PostScript name: registered under a name of ours,
    # a file whose name it knew (another version of a font loaded before, or DejaVu)
    # came back as the earlier font, and the family registered after a DejaVu
    # became that plain font. Named by its bytes, each file is a face of its own
    # (and the PDF names it the same on every run).
    face.name += b"-" + hashlib.sha256(data).hexdigest()[:12].encode("ascii")
    pdfmetrics.registerFont(font)
    return name


def _not_embeddable(shown: str, reason: str) -> InputError:
    return InputError(
        Problem(
            shown,
            f"not a font the PDF can embed ({reason}): it needs a TrueType font, "
            "a .ttf (or a .ttc or .otf with TrueType outlines)",
        )
    )


def load_font(path: Path) -> str:
    """Register the font file at `path`; its reportlab name. InputError, located at
    the file, when it is missing or not a font reportlab can embed."""
    try:
        stat = path.stat()
    except OSError as e:
        raise InputError(Problem(str(path), f"cannot read the font: {e.strerror}")) from None
    if not path.is_file():
        raise InputError(Problem(str(path), "cannot read the font: not a file"))
    if (why := too_big(stat.st_size)) is not None:
        raise InputError(Problem(str(path), why))
    return _load(path.resolve(), stat.st_mtime_ns, str(path))


@contextmanager
def fallback_font(path: Path | None) -> Iterator[str | None]:
    """Within the block, characters the family lacks print in the font at `path`.

    Without a path nothing is loaded (a CSV export never imports reportlab)."""
    damage: tuple[type[Exception], ...] = ()
    if path is not None:
        import struct

        from reportlab.pdfbase.ttfonts import TTFError

        register_fonts()
        damage = (TTFError, struct.error)
    token = FALLBACK.set(load_font(path) if path is not None else None)
    try:
        yield FALLBACK.get()
    except damage:
        # Damage reading the font did not show (a broken glyph index) shows when its
        # glyphs are copied into the PDF; the family's own fonts are shipped whole.
        raise _not_embeddable(str(path), DAMAGED) from None
    except IndexError as e:
        # The same, met while reportlab copies glyphs (a composite glyph naming one the
        # font lacks); raised anywhere else it is not the font's.
        if path is None or not _raised_in_reportlab_fonts(e):
            raise
        raise _not_embeddable(str(path), DAMAGED) from None
    finally:
        FALLBACK.reset(token)


def _raised_in_reportlab_fonts(e: BaseException) -> bool:
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.endswith(
        os.path.join("reportlab", "pdfbase", "ttfonts.py")
    )


def runs(text: str, font_name: str, fallback_name: str) -> list[tuple[str, str]]:
    """`text` cut into pieces, each with the font that draws it: `font_name`
    where it has the glyph (or neither font has), the fallback where only it has."""
    own = _charset(font_name)
    other = _charset(fallback_name)
    out: list[tuple[str, str]] = []
    for ch in text:
        font = fallback_name if ch not in own and ch in other else font_name
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + ch, font)
        else:
            out.append((ch, font))
    return out


def missing_summary(found: Iterable[tuple[str, str]]) -> list[str]:
    """A warning for all the characters that did not print as typed (one for those
    without a glyph, one for letters printed unjoined), not one per character:
    `found` is (field, character) pairs, as `unprintable()` gives them."""
    from cvo_workshop.export.script import unjoined

    have = _have(FAMILY.regular)
    lost: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    for where, ch in found:
        kind = loose if ch in have and unjoined(ch) else lost
        kind.setdefault(ch, set()).add(where)
    out = []
    if lost:
        which = "the built-in font" if fallback() is None else "the built-in font or in --font"
        # Name a font for the script of what is missing: the --font given may lack it too
        # (Droid Sans Fallback has no Korean).
        font = suggested_font(lost)
        if fallback() is None:
            also = "; pass " + (
                f"--font PATH with a TrueType font that has them (e.g. {font})"
                if font
                else SUGGESTED
            )
        else:
            also = f"; pass a --font that has them (e.g. {font})" if font else ""
        have_no = "has no glyph" if len(lost) == 1 else "have no glyph"
        out.append(f"{_counted(lost)} {have_no} in {which}: printed as '{REPLACEMENT}'{also}")
    if loose:
        letters = "is a letter" if len(loose) == 1 else "are letters"
        out.append(
            f"{_counted(loose)} {letters} of a joining script that the PDF cannot "
            "join: printed unjoined, in their isolated form"
        )
    return out


#: Fields a warning names before it counts the rest ("and 30 more"): every field
#: of a report, which names a few kinds of field; a deck of 500 cards has more.
FIELDS_NAMED = 12


def _counted(chars: dict[str, set[str]]) -> str:
    """'18 characters ('中' (U+4E2D ...), ...) in 2 fields (cjk: title; cjk: prompt)':
    every field (up to FIELDS_NAMED), each character in every field it was met in."""
    fields = sorted(set().union(*chars.values()))
    n, m = len(chars), len(fields)
    shown = ", ".join(describe(ch) for ch in list(chars)[:3]) + (", ..." if n > 3 else "")
    where = "; ".join(fields[:FIELDS_NAMED])
    if m > FIELDS_NAMED:
        where += f"; and {m - FIELDS_NAMED} more"
    return f"{counted(n, 'character')} ({shown}) in {counted(m, 'field')} ({where})"


def describe(ch: str) -> str:
    """A character as a person can look it up: `'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)`."""
    import unicodedata

    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() else ""
    code = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    return f"{shown!r} ({code})" if shown else code
