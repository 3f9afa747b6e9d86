"""Text in the report without reportlab Paragraphs.

Most of the report is text in one style, sometimes with a bold run-in label.
Paragraphs parse markup and re-measure every word on each wrap, which made a
200-item report take seconds; these blocks wrap with textfit (as the card
engine does) and draw with drawString. Text is drawn as given: there is no
markup to escape, and characters the font lacks are reported by the caller's
`glyphs` and printed as U+FFFD.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.export.script import right_to_left
from cvo_workshop.export.textfit import resolve, text_width, wrap

Check = Callable[[str, str], str]  # (text, where) -> printable text


class TextBlock(Flowable):
    """Wrapped text with an optional bold run-in label; splits across pages by line."""

    def __init__(
        self,
        text: str,
        *,
        label: str = "",
        size: float = 9.5,
        leading: float | None = None,
        colour: str = "#1d1d1f",
        bold: bool = False,
        space_before: float = 0.0,
        lines: list[str] | None = None,
    ):
        super().__init__()
        self.text = text
        self.label = label
        self.size = size
        self.leading = leading or size * 1.35
        self.colour = colour
        self.font = FAMILY.bold if bold else FAMILY.regular
        self.space_before = space_before
        self._fixed = lines
        self._lines: list[str] = lines or []
        self._width = -1.0

    def _label_width(self) -> float:
        if not self.label:
            return 0.0
        return text_width(self.label + " ", FAMILY.bold, self.size)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # Lines handed in (the halves of a split) stay as they are.
        if self._fixed is None and aw != self._width:
            first = aw - self._label_width() if self.label else None
            self._lines = wrap(self.text, self.font, self.size, aw, first)
            self._width = aw
        self.width = aw
        self.height = len(self._lines) * self.leading
        return aw, self.height

    def getSpaceBefore(self) -> float:
        return self.space_before

    def split(self, aw: float, ah: float) -> list[Any]:
        self.wrap(aw, ah)
        fit = int(ah // self.leading)
        if fit <= 0:
            return []
        if fit >= len(self._lines):
            return [self]
        return [self._part(self._lines[:fit], self.label), self._part(self._lines[fit:], "")]

    def _part(self, lines: list[str], label: str) -> TextBlock:
        part = TextBlock(
            "", label=label, size=self.size, leading=self.leading, colour=self.colour, lines=lines
        )
        part.font = self.font
        return part

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(colors.HexColor(self.colour))
        y = self.height - self.size
        x0 = 0.0
        if self.label:
            c.setFont(FAMILY.bold, self.size)
            c.drawString(0, y, self.label)
            x0 = self._label_width()
        c.setFont(self.font, self.size)
        for n, line in enumerate(self._lines):
            if right_to_left(line):  # a line of a right-to-left paragraph ends at the right
                c.drawRightString(self.width, y, line)
            else:
                c.drawString(x0 if n == 0 else 0, y, line)
            y -= self.leading


def printable(text: str, where: str, seen: dict[str, set[str]]) -> str:
    """`text` as it can print in the body font; what the font lacks goes into `seen`,
    each character with every field it is missing in."""
    r = resolve(text, (FAMILY.regular,))
    for ch in r.missing:
        seen.setdefault(ch, set()).add(where)
    return r.text


#: A table row cannot split across pages: a cell taller than this is cut (with a
#: note) so the row always fits a page, whatever was typed (4,000 characters).
CELL_LINES = 30


def cell(text: str, width: float, size: float, bold: bool = False) -> str | TextBlock:
    """A table cell's text, wrapped to `width`.

    reportlab draws a string cell's lines, all aligned one way (left); a cell
    holding a line of a right-to-left paragraph (an Arabic title, a Hebrew
    note) is a TextBlock instead, which ends such a line at the cell's right,
    as in the report's paragraphs, and starts the others at its left."""
    font = FAMILY.bold if bold else FAMILY.regular
    lines = wrap(text, font, size, max(width, 10.0))
    if len(lines) > CELL_LINES:
        cut = len(lines) - CELL_LINES + 1
        lines = [*lines[: CELL_LINES - 1], *wrap(f"… ({cut} more lines cut)", font, size, width)]
    if any(right_to_left(line) for line in lines):
        return TextBlock("", size=size, leading=size * 1.25, bold=bold, lines=lines)
    return "\n".join(lines)
