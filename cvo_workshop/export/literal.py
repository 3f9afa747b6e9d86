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
from cvo_workshop.export.script import LRI, PDI

_SPACES = re.compile(r" {2,}")


def _escape_control(m: re.Match[str]) -> str:
    # engine.text.printable() shows C0 controls as Control Pictures (U+2400...),
    # which the embedded font lacks; `\x1b` prints with any font (and `\u202e`
    # shows a bidi override that would otherwise print as nothing). Isolated left
    # to right, a code stays whole inside a right-to-left line.
    return f"{LRI}{code(m.group())}{PDI}"


def plain_text(value: object) -> str:
    """`value` as the characters to print: controls and invisible characters (a
    person's own bidi controls and isolates too) shown as `\\xNN` / `\\uNNNN`,
    tabs as spaces. Our own isolates (`script.FSI`...) are not shown: text
    already made plain comes back the same.

    Newlines stay: they are line breaks for whoever lays the text out.
    """
    s = "" if value is None else str(value)
    s = s.replace("\r\n", "\n").replace("\t", "    ")
    return SHOWN.sub(_escape_control, s)


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
