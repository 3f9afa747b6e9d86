"""Text from files and people, made to print exactly as typed.

Reportlab Paragraphs read their text as markup: `<b>` turns bold, `&amp;`
becomes `&`, a stray `<` raises an error. Deck and workshop text must do
none of that, so every string goes through `paragraph_text()` before it
becomes a Paragraph (the card engine draws with the canvas and uses
`plain_text()`; both show control characters instead of acting on them).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from cvo_workshop.engine.text import SHOWN, code

_SPACES = re.compile(r" {2,}")


def _escape_control(m: re.Match[str]) -> str:
    # engine.text.printable() shows C0 controls as Control Pictures (U+2400...),
    # which the embedded font lacks; `\x1b` prints with any font (and `\u202e`
    # shows a bidi override that would otherwise print as nothing).
    return code(m.group())


#: A value isolated by `script.isolate()`: a first-strong isolate holding no
#: other bidi control. It only keeps a value's own direction inside our words
#: (it cannot reorder Latin text, as an override or an embedding can), and its
#: marks are removed after the bidi pass, so it stays; any other bidi control
#: is shown as its code.
_ISOLATED = re.compile("\u2068([^\u2066-\u2069\u202a-\u202e]*)\u2069")


def plain_text(value: object) -> str:
    """`value` as the characters to print: controls shown as `\\xNN`, tabs as spaces.

    Newlines stay: they are line breaks for whoever lays the text out.
    """
    s = "" if value is None else str(value)
    s = s.replace("\r\n", "\n").replace("\t", "    ")
    if "\u2068" not in s:
        return SHOWN.sub(_escape_control, s)
    parts = [SHOWN.sub(_escape_control, p) for p in _ISOLATED.split(s)]  # out, in, out...
    return "".join(p if n % 2 == 0 else f"\u2068{p}\u2069" for n, p in enumerate(parts))


def _keep_spaces(m: re.Match[str]) -> str:
    # A Paragraph collapses runs of spaces; no-break spaces survive.
    return " " + "\u00a0" * (len(m.group()) - 1)


def paragraph_text(value: object) -> str:
    """`value` as reportlab Paragraph markup that prints it literally.

    `<b>`, `&amp;`, `[bold]` and `</para>` come out as typed; newlines become
    line breaks; runs of spaces are kept.
    """
    s = escape(plain_text(value))
    s = _SPACES.sub(_keep_spaces, s)
    return s.replace("\n", "<br/>")
