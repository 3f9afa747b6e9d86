"""When two names are one person's: a person's name as a key, and the invisible
characters no name keeps.

Names that look the same are the same name: a zero-width space or joiner, a bidi
control or a byte-order mark inside it, full-width letters (Unicode's compatibility
forms, NFKC) or another case do not make another person of "Ana"."""

from __future__ import annotations

import unicodedata


def _visible(text: str) -> str:
    """`text` without invisible format characters (Unicode category Cf: zero-width
    space and (non-)joiners, word joiner, byte-order mark, soft hyphen, bidi
    embeddings, overrides and isolates)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


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
