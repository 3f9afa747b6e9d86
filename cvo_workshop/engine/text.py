"""Text from files and people, made safe to show: control characters made visible."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# C0 controls except tab and newline, DEL, C1 controls: a terminal would act on
# them (ESC starts colour, title and clipboard sequences), so show them instead.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Characters that change what text looks like without being seen: bidi
# embeddings, overrides and isolates reorder a line ("Trojan Source"), zero-width
# characters and the byte-order mark hide inside a word. Zero-width (non-)joiners
# between two visible characters stay: Persian words and emoji sequences need them.
INVISIBLE = re.compile(
    r"[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff]"
    r"|(?<!\S)[\u200c\u200d]|[\u200c\u200d](?!\S)"
)

#: Control and invisible characters: both of the above. The PDF text shows these
#: as codes (export/literal.plain_text); it lets noncharacters through, five of
#: them being its own marks (export/script.FSI...), and shows a person's before
#: any mark is added (export/literal.show_noncharacters).
SHOWN = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}")

#: Unicode noncharacters: U+FDD0-U+FDEF and the last two code points of every
#: plane. Never meant to be shown: a terminal prints nothing, a box or garbage.
NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(p << 16 | 0xFFFE) + chr(p << 16 | 0xFFFF) for p in range(17))
    + "]"
)

#: What `printable` shows instead of acting on (the terminal, Markdown): control
#: and invisible characters, and noncharacters.
PRINTED = re.compile(f"{SHOWN.pattern}|{NONCHARACTER.pattern}")


def code(ch: str) -> str:
    """A character as its escape code: `\\x1b`, `\\u202e`."""
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def _visible(m: re.Match[str]) -> str:
    n = ord(m.group())
    # C0 controls as their Control Pictures (ESC as ␛), the rest as escape codes.
    return chr(0x2400 + n) if n < 0x20 else code(m.group())


def printable(value: object) -> str:
    """`value` as text with control, invisible and noncharacters shown, never executed.

    Tab and newline stay: they lay text out.
    """
    s = "" if value is None else str(value)
    return PRINTED.sub(_visible, s)


def printable_document(data: str, *, start: bool = True) -> str:
    """A whole export (CSV, Markdown, YAML, SQL) for a terminal: `printable` line by
    line, CR LF line ends kept (CSV's), a lone CR shown (it would overwrite a line).
    A byte-order mark that starts the document (our CSVs', for Excel) stays; not
    `start`, `data` is a later part of one (a line of a file printed line by line),
    and a mark that starts it is shown as any other."""
    bom = "\ufeff" if start and data.startswith("\ufeff") else ""
    return bom + "\r\n".join(printable(part) for part in data[len(bom) :].split("\r\n"))


#: What `printable_json` escapes: what `printable` shows, and lone surrogates (no
#: UTF-8 holds one; `json.dumps(ensure_ascii=False)` leaves it as it is).
_JSON_ESCAPED = re.compile(f"{PRINTED.pattern}|[\ud800-\udfff]")


def _json_escape(m: re.Match[str]) -> str:
    # JSON has only `\\uXXXX`: past the first plane (U+1FFFE...) a surrogate pair.
    n = ord(m.group())
    if n < 0x10000:
        return f"\\u{n:04x}"
    n -= 0x10000
    return f"\\u{0xD800 | n >> 10:04x}\\u{0xDC00 | n & 0x3FF:04x}"


def printable_json(data: str) -> str:
    """JSON text for a terminal: what `printable` shows written as JSON's own
    `\\uXXXX` escapes instead (`\\u0085`, `\\ud83f\\udffe` for U+1FFFE), so a
    program reads back the same data. `printable`'s codes (`\\x85`, `\\u1fffe`)
    and pictures (`␛`) would not be JSON, or not the same. Such characters can only
    be inside a JSON string, where an escape stands for the character; encoders
    escape C0 controls already. A lone surrogate is escaped too: its text could not
    be written as UTF-8."""
    return _JSON_ESCAPED.sub(_json_escape, data)


_BREAKS = re.compile(r"[\t\n\u2028\u2029]")


def one_line(value: object) -> str:
    """`printable(value)` on one line: tabs and line breaks shown too (for a
    comment or a message that must not be split, like an SQL `--` comment)."""
    return _BREAKS.sub(_visible, printable(value))


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


def and_list(names: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def counted(n: int, noun: str) -> str:
    """`1 order`, `2,300 orders`: a count and its noun, plural unless one."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def percent(share: float, digits: int = 0, *, trim: bool = True) -> str:
    """A share as a person reads it, to `digits` decimals: 0.12 -> "12%", 0.125 ->
    "12.5%" (one decimal; trailing zeros dropped unless `trim=False`, for a column:
    "12.0%"). A share above 0 too small for those decimals is "<1%" ("<0.1%"): "0%"
    would read as nobody, and only exactly 0 is "0%". The same at the top: a share
    below 1 that rounds to 100 is ">99%" (">99.9%"), "100%" would read as everybody,
    and only exactly 1 is "100%". For reading, never for a value typed back in
    (`engine/power.typed_percent`)."""
    if share < 1 and float(f"{share * 100:.{digits}f}") >= 100:
        return f">{100 - 10**-digits:.{digits}f}%"
    return _percent(share, digits, trim)


#: Decimals a cohort's share is said with, wherever it is said: those of a RICE reach
#: measured from it (frameworks.show_reach), so "Loyal (17.5% of customers)" agrees
#: with "17.5% reach" beside it, not "18%".
SHARE_DIGITS = 1


def share_percent(share: float) -> str:
    """A cohort's share of customers (or of revenue) as said everywhere: "17.5%",
    "10%", "<0.1%" (`percent` to SHARE_DIGITS decimals)."""
    return percent(share, SHARE_DIGITS)


def plain_number(value: float) -> str:
    """A number for a file a program or a spreadsheet reads: the shortest text that
    reads back as the same float, without an exponent or trailing zeros ("30",
    "99.9999999", "0.00005"). `:g` kept six digits: a reach of 99.9999999% was
    written "100" (everyone), and one of 0.00005% "5e-05"."""
    from decimal import Decimal

    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def bound_in_words(shown: str) -> str:
    """A value shown with a bound ("<0.1%", ">99.9%") as a sentence says it: "under
    0.1%", "over 99.9%"; after "=" the sign would read as part of it ("= <0.1%" as
    "=<"). Any other value as it is."""
    if shown[:1] == "<":
        return f"under {shown[1:]}"
    if shown[:1] == ">":
        return f"over {shown[1:]}"
    return shown


def percent_change(change: float, digits: int = 1) -> str:
    """A relative change (a lift) as a person reads it: 0.12 -> "+12%", -0.03 ->
    "-3%". A change too small for the decimals says so, as `percent` does: "+<0.1%"
    ("-<0.1%"), since "+0%" would read as no change; only exactly 0 is no change,
    "0%", with no sign. Near +100% it rounds ("+100%"): a lift has no everybody to
    mistake it for. For reading; a lift to be typed back is `engine/power.typed_change`."""
    if change == 0:
        return "0%"
    return ("-" if change < 0 else "+") + _percent(abs(change), digits, True)


def _percent(share: float, digits: int, trim: bool) -> str:
    text = f"{share * 100:.{digits}f}"
    if share > 0 and not text.strip("0."):
        return f"<{10**-digits:.{digits}f}%"
    if trim and digits:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
