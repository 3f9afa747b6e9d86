"""Words into lines for the canvas: greedy wrapping, long words split, fonts checked.

The card engine draws with the canvas rather than Paragraphs: every piece of
card text has one style, and wrapping by hand is some 20 times faster, which
is what lets a 500-card deck print in well under the 3 s budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cvo_workshop.export.fonts import FALLBACK, covers, replace_missing, unprintable
from cvo_workshop.export.literal import UNITS, plain_text
from cvo_workshop.export.script import RTL, is_rtl, mark, shape


@lru_cache(maxsize=65536)
def _unit_width(text: str, font: str, fallback: str | None) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # As drawn: Arabic joined, characters the font lacks in the fallback's widths.
    return stringWidth(shape(text), font, 1000.0)


def _width(text: str, font: str, size: float) -> float:
    # Words recur (and every shrink step measures them again): measure each once.
    return _unit_width(text, font, FALLBACK.get()) * size / 1000.0


def text_width(text: str, font: str, size: float, tracking: float = 0.0) -> float:
    return _width(text, font, size) + tracking * max(len(text) - 1, 0)


@dataclass(frozen=True)
class Resolved:
    """Text ready to print in `font`; `missing` lists what no font in the chain had
    (and letters printed unjoined: `fonts.unprintable`)."""

    text: str
    font: str
    missing: tuple[str, ...]


def resolve(value: str, fonts: tuple[str, ...]) -> Resolved:
    """Pick the first font that has every character; else the first, with U+FFFD for the gaps.

    An oblique face lacks some scripts its upright face has: such text is
    better upright than full of replacement marks. The fallback font, when
    there is one, counts as part of every font.
    """
    return _resolve(value, fonts, FALLBACK.get())


# Sized for a 2,000-item report: a smaller cache thrashes and misses every line.
@lru_cache(maxsize=65536)
def _resolve(value: str, fonts: tuple[str, ...], fallback: str | None) -> Resolved:
    text = plain_text(value)
    for font in fonts:
        if covers(text, font):
            return Resolved(text, font, tuple(unprintable(text, font)))
    first = fonts[0]
    return Resolved(replace_missing(text, first), first, tuple(unprintable(text, first)))


def _hyphenated(before: str, after: str) -> bool:
    """Whether a word broken between these two letters shows a hyphen: in the alphabets
    that hyphenate (Latin, Greek, Cyrillic, Armenian); not in scripts written without
    one (Chinese, Japanese, Thai) or joined (Arabic), nor inside a code or a URL."""
    return all(ch.isalpha() and ord(ch) < 0x0590 for ch in (before, after))


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the line, in pieces that fit (at least one character each),
    a piece broken between two letters ending in a hyphen as printed words do."""
    pieces: list[str] = []
    rest = word

    def piece(n: int) -> str:
        return rest[:n] + ("-" if _hyphenated(rest[n - 1], rest[n]) else "")

    while len(rest) > 1 and _width(rest, font, size) > width:
        n = largest(1, len(rest) - 1, lambda n: _width(piece(n), font, size) <= width)
        pieces.append(piece(n))
        rest = rest[n:]
    pieces.append(rest)
    return pieces


#: Where a line may break: at a space, but not between a number and its unit.
_BREAK = re.compile(rf"(?<!\d) |(?<=\d) (?!{UNITS})")


def wrap(text: str, font: str, size: float, width: float, first: float | None = None) -> list[str]:
    """`text` broken into lines no wider than `width`; newlines are kept as breaks,
    and a number stays on the line of its unit ("0.5 person-months").

    `first` is the room on the first line when something precedes it there (a
    run-in label); it may be too small for any word, and then the first line is empty.
    """
    lines: list[str] = []
    space = _width(" ", font, size)

    def room() -> float:
        return first if first is not None and not lines else width

    for para in text.split("\n"):
        start = len(lines)
        line, line_w = "", 0.0
        for word in _BREAK.split(para):  # "0.5 person-months" is one word
            w = _width(word, font, size)
            if line and line_w + space + w <= room():
                line, line_w = f"{line} {word}", line_w + space + w
                continue
            if line or (first is not None and not lines and w > room()):
                lines.append(line)
            if not word:  # the space that broke the line is not carried over
                line, line_w = "", 0.0
                continue
            if w > room():
                *full, word = _split_word(word, font, size, room())
                lines.extend(full)
                w = _width(word, font, size)
            line, line_w = word, w
        lines.append(line)
        if RTL.search(para) is not None:
            # Every line is laid out in its paragraph's direction (script.visual),
            # not in the direction of the word that happens to start it.
            rtl = is_rtl(para)
            lines[start:] = [mark(x, rtl) for x in lines[start:]]
    return lines


#: What a cut line may already end with (the text's own "..." or "…", spaces, the
#: hyphen of a word broken there): dropped before the one '…' that says it was cut.
_TRAILING_MARKS = re.compile(r"(?:\s|…|\.{3,}|-)+$")


def ellipsize(line: str, font: str, size: float, width: float) -> str:
    """`line` cut so that it ends in '…' within `width`: a visible sign that text is missing.

    Cut once: an ellipsis (or "...") at the end of what is kept is replaced,
    not followed, by the mark."""
    mark = "…"
    line = _TRAILING_MARKS.sub("", line)

    def fits(n: int) -> bool:
        return _width(_TRAILING_MARKS.sub("", line[:n]) + mark, font, size) <= width

    # Halving: a long line (the poster's "+ N more") is measured a few dozen times,
    # not once a character. A cut prefix is at most as wide as a longer one once its
    # own marks come off.
    return _TRAILING_MARKS.sub("", line[: largest(0, len(line), fits)]) + mark


def largest(low: int, high: int, fits: Callable[[int], bool]) -> int:
    """The largest n in [low, high] that `fits`, by halving (`fits` holds up to some n
    and not after it; `fits(low)` is taken as true)."""
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low
