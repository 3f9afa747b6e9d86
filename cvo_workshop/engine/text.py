"""Text from files and people, made safe to show: control characters made visible."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls: a terminal would act on
# them (ESC starts colour, title and clipboard sequences), so show them instead.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return chr(0x2400 + code) if code < 0x20 else f"\\x{code:02x}"


def printable(value: object) -> str:
    """`value` as text with control characters shown, never executed."""
    s = "" if value is None else str(value)
    return CONTROL.sub(_visible, s)


# Latin letters with no Unicode decomposition to a base letter.
_LATIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})


def slug(text: str, fallback: str, limit: int = 40, *, ascii_only: bool = False) -> str:
    """`text` as a file-name part: lower case, words joined by '-'.

    Accents come off Latin letters ("Zażółć" -> "zazolc"); other scripts stay as
    they are ("Олена" -> "олена"), so two Ukrainian names do not both become the
    fallback. `ascii_only` drops them instead, for ids that must be ASCII.
    """
    out = []
    for ch in text.casefold().translate(_LATIN):
        base = unicodedata.normalize("NFKD", ch)[0]
        out.append(base if base.isascii() else ch)
    pattern = r"[^a-z0-9]+" if ascii_only else r"[\W_]+"
    words = re.sub(pattern, "-", "".join(out)).strip("-")
    return words[:limit].strip("-") or fallback
