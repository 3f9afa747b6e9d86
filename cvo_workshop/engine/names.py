"""When two names are one person's: a person's name as a key, and the invisible
characters no name keeps.

Names that look the same are the same name: a zero-width space or joiner, a bidi
control, a variation selector, a byte-order mark or any other of Unicode's
default-ignorable code points inside it, full-width letters (Unicode's compatibility
forms, NFKC) or another case do not make another person of "Ana"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt; the same
#: from Unicode 14 to 16): what shows nothing unless a font has a glyph for it.
#: Beside the format characters (category Cf), they hold variation selectors, the
#: combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free
#: variation selectors and code points reserved to be ignorable.
_IGNORABLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors, vowel separator
    (0x200B, 0x200F),  # zero-width space, (non-)joiner, left/right-to-left marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates, deprecated
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors 1-16
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte-order mark)
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF0, 0xFFF8),  # reserved
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags, variation selectors 17-256, reserved
)


def _invisible(ch: str) -> bool:
    """A default-ignorable code point, another format character (category Cf), or a
    control character (Cc: NUL, escape, bell...) other than a space or a tab."""
    code = ord(ch)
    category = unicodedata.category(ch)
    return (
        category == "Cf"
        or (category == "Cc" and not ch.isspace())
        or any(a <= code <= b for a, b in _IGNORABLE)
    )


def _visible(text: str) -> str:
    """`text` without invisible characters: Unicode's default-ignorable code points
    (zero-width space and (non-)joiners, word joiner, byte-order mark, soft hyphen,
    bidi controls, variation selectors, tags, Hangul fillers...) and format
    characters (category Cf), and control characters."""
    return "".join(ch for ch in text if not _invisible(ch))


def name_key(name: str) -> str:
    """What two names share when they are one name: compatibility forms folded
    (NFKC), format characters left out, case folded, spaces as one."""
    text = _visible(unicodedata.normalize("NFKC", name))
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def clean_name(name: str) -> str:
    """`name` as it is kept: no invisible format characters (a name is shown on
    screens and phones, where they would only hide a look-alike), no space at
    either end."""
    return _visible(name).strip()


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def pick(name: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `name` is: itself when it is there (an exact match wins
    over a look-alike: files written before look-alikes were one name may hold two
    people's), else the first that looks the same; None if none does."""
    alike = [n for n in names if same_name(n, name)]
    return name if name in alike else next(iter(alike), None)


#: The longest name a phone may give (its page's field takes no more).
NAME_MAX = 80


def _extends(ch: str) -> bool:
    """`ch` belongs with the character before it: a combining mark (an accent, a
    vowel sign), a skin-tone modifier, a low surrogate of a pair, or the vowel or
    final consonant of a Hangul syllable written as conjoining jamo."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xDC00 <= code <= 0xDFFF
        or 0x1160 <= code <= 0x11FF  # jamo vowels and final consonants
        or 0xD7B0 <= code <= 0xD7FF  # (their extensions)
    )


def _flag_half(ch: str) -> bool:
    """A regional indicator letter: two of them are one flag."""
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def cut_name(name: str, limit: int = NAME_MAX) -> str:
    """`name` in at most `limit` characters: cut before a whole letter as shown (one
    that would lose its accent goes, and a flag is not cut in half), and with no
    space left at the end."""
    end = limit
    if len(name) > end:
        while end > 0 and _extends(name[end]):
            end -= 1  # name[end] goes: so does what it belongs with
        halves = 0
        while halves < end and _flag_half(name[end - 1 - halves]):
            halves += 1
        if halves % 2 and _flag_half(name[end]):
            end -= 1  # the first half of the flag whose second half goes
    return name[:end].rstrip()
