"""Text from files and people, made to print exactly as typed.

Reportlab Paragraphs read their text as markup: `<b>` turns bold, `&amp;`
becomes `&`, a stray `<` raises an error. Deck and workshop text must do
none of that, so every string goes through `paragraph_text()` before it
becomes a Paragraph (the card engine draws with the canvas and uses
`plain_text()`; both show control characters instead of acting on them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import weakref
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from cvo_workshop.engine.text import NONCHARACTER, SHOWN, code
from cvo_workshop.export.script import LRI, PDI

_SPACES = re.compile(r" {2,}")
#: The units the app puts after a number ("0.5 person-months", "1.5 pm"): a line is
#: never broken between the two, so "0.5" does not end a line its unit starts the next.
UNITS = r"(?:person-months?|pm)\b"
#: The space between a number and its unit.
NUMBER_UNIT = re.compile(rf"(?<=\d) (?={UNITS})")

T = TypeVar("T")

# Unicode noncharacters (engine/text.NONCHARACTER): our own marks (`script.FSI`...)
# are five of them, so a person's are shown as codes (`show_noncharacters`) before
# any mark is added. `SHOWN` (plain_text's) holds none of them.


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
    already made plain comes back the same. (So a person's noncharacters, which
    they are, were shown before: `show_noncharacters`, where the PDFs take records.)

    Newlines stay: they are line breaks for whoever lays the text out.
    """
    s = "" if value is None else str(value)
    s = s.replace("\r\n", "\n").replace("\t", "    ")
    return SHOWN.sub(_escape_control, s)


#: Records `show_noncharacters` gave back, by identity: shown once, never again
#: (their shown codes hold our own marks, which a second pass would show).
_SHOWN: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


def show_noncharacters(value: T) -> T:
    """`value` (text a person typed, or a record holding it: a backlog, a deck,
    a brand) with every Unicode noncharacter shown as its code, isolated as
    `plain_text` shows a control: the PDF text code uses five of them as its
    own marks (`script.FSI`...), and a typed one must print as typed, not steer
    the layout. Done where a person's text enters the PDFs, before any mark is
    added; the records themselves keep what was typed (this is a copy).

    A record it gave back comes back the same (its codes already hold our
    marks); so does anything without noncharacters."""
    if type(value) is str:
        text = str(value)
        if NONCHARACTER.search(text) is None:
            return value
        return NONCHARACTER.sub(_escape_control, text)  # type: ignore[return-value]
    if value is None or isinstance(value, int | float | bytes):
        return value
    if _SHOWN.get(id(value)) is value:
        return value
    out = _shown(value)
    # A tuple cannot be referred to weakly: the records in it are known.
    with contextlib.suppress(TypeError):
        _SHOWN[id(out)] = out
    return out


def _shown(value: Any) -> Any:
    if isinstance(value, tuple | list | set | frozenset):
        items = [show_noncharacters(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if hasattr(value, "_fields"):  # a named tuple
            return type(value)(*items)
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(show_noncharacters(k), show_noncharacters(v)) for k, v in value.items()]
        if all(a is k and b is v for (a, b), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return type(value)(pairs)
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:  # a record (pydantic)
        changed = {}
        for name in fields:
            old = getattr(value, name)
            new = show_noncharacters(old)
            if new is not old:
                changed[name] = new
        if not changed:
            return value
        copy = value.model_copy(update=changed)
        # What a cached property worked out from the typed text goes with it.
        for key in [k for k in vars(copy) if k not in fields]:
            del vars(copy)[key]
        return copy
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = show_noncharacters(old)
            if new is not old:
                changed[f.name] = new
        return dataclasses.replace(value, **changed) if changed else value
    return value


def _keep_spaces(m: re.Match[str]) -> str:
    # A Paragraph collapses runs of spaces; no-break spaces survive.
    return " " + "\u00a0" * (len(m.group()) - 1)


def paragraph_text(value: object) -> str:
    """`value` as reportlab Paragraph markup that prints it literally.

    `<b>`, `&amp;`, `[bold]` and `</para>` come out as typed; newlines become
    line breaks; runs of spaces are kept; a number keeps its unit on its line.
    """
    s = escape(plain_text(value))
    s = _SPACES.sub(_keep_spaces, s)
    s = NUMBER_UNIT.sub("\u00a0", s)  # a Paragraph breaks no line at a no-break space
    return s.replace("\n", "<br/>")
