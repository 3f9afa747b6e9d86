"""Text for slides: literal, measured, and never overflowing a box silently.

PowerPoint does not measure text for us, and python-pptx writes what it is
given: a 4,000-character reason would run off the slide. Text is measured
here with the embedded font's widths (DejaVu Sans Condensed is a little wider
than the fonts slides usually show, so an estimate errs on the safe side),
then kept, cut with a note, or flowed onto a further slide; every cut is a
warning the export reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cvo_workshop.export.fonts import FAMILY, register_fonts
from cvo_workshop.export.literal import plain_text
from cvo_workshop.export.script import unmarked
from cvo_workshop.export.textfit import wrap

#: Line height as a share of the font size (PowerPoint's single spacing, with room).
LEADING = 1.25
#: How much wider the widest font a viewer may show the text in (DejaVu Sans, where
#: Calibri is missing) sets a line than the condensed font it is measured with.
WIDER = 1.12
#: What a cut field ends with; the report and the CSV keep the whole text.
CUT_NOTE = "… (cut: the full text is in the report)"
#: A field on a slide says this much at most: a slide is read across a room.
FIELD_AT_MOST = 600


def literal(value: object) -> str:
    """Text as typed: control and invisible characters shown as codes (`\\x1b`), as
    in the PDFs. Slides interpret no markup, but XML cannot hold most controls."""
    # Our isolates (script.isolate, from the lines the report shares) go: the
    # slides are laid out by PowerPoint, not by our bidi pass.
    return unmarked(plain_text(value))


def line_count(text: str, width_pt: float, size: float) -> int:
    """Lines `text` wraps to in a box `width_pt` wide at `size` points: the PDFs'
    own line breaking (words longer than a line broken), with the embedded font's
    widths, in a box narrowed for the wider fonts a viewer may use."""
    register_fonts()
    return max(1, len(wrap(text, FAMILY.regular, size, width_pt / WIDER)))


def height_of(text: str, width_pt: float, size: float) -> float:
    return line_count(text, width_pt, size) * size * LEADING


def cut_to(text: str, width_pt: float, size: float, lines: int, note: str = CUT_NOTE) -> str:
    """The longest start of `text` (ending on a word) that with `note` fits `lines`."""
    if line_count(text, width_pt, size) <= lines:
        return text
    low, high = 0, len(text)
    while low < high:  # bisection on the length kept
        mid = (low + high + 1) // 2
        if line_count(text[:mid].rstrip() + note, width_pt, size) <= lines:
            low = mid
        else:
            high = mid - 1
    kept = text[:low]
    if " " in kept.strip():
        kept = kept[: kept.rstrip().rfind(" ")]
    return kept.rstrip() + note


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box: an optional bold lead ("Owner:") and its text."""

    text: str
    lead: str = ""
    level: int = 0

    def __post_init__(self) -> None:
        # Literal by construction, so every slide's text is, whoever builds it
        # (literal text stays as it is: made literal twice, it is the same).
        object.__setattr__(self, "text", literal(self.text))
        object.__setattr__(self, "lead", literal(self.lead))

    @property
    def whole(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


@dataclass
class Box:
    """A text box's size (points) and the font size its paragraphs are set in."""

    width: float
    height: float
    size: float

    def lines(self) -> int:
        return max(1, int(self.height // (self.size * LEADING)))

    def height_of(self, p: Para) -> float:
        indent = 18.0 * p.level
        return height_of(p.whole, self.width - indent, self.size) + self.size * 0.3


def capped(p: Para, where: str, warnings: list[str], at_most: int = FIELD_AT_MOST) -> Para:
    """A paragraph held to `at_most` characters, cut with a note (and a warning)."""
    if len(p.text) <= at_most:
        return p
    warnings.append(
        f"{where}: {p.lead.rstrip(':') or 'text'} cut to {at_most} of {len(p.text)}"
        " characters (the report has it all)"
    )
    kept = p.text[:at_most]
    if " " in kept:
        kept = kept[: kept.rfind(" ")]
    return Para(kept.rstrip() + CUT_NOTE, p.lead, p.level)


def listed(entries: Sequence[str], lead: str, at_most: int = FIELD_AT_MOST) -> Para:
    """A list as one paragraph of whole entries ("; " between them): past `at_most`
    characters the rest are counted, not cut in the middle of a name."""
    for shown in range(len(entries), 0, -1):
        rest = len(entries) - shown
        tail = [f"and {rest} more (the report lists them all)"] if rest else []
        p = Para("; ".join([*entries[:shown], *tail]), lead)
        if len(p.text) <= at_most:
            return p
    return Para("; ".join(entries), lead)  # one entry too long: `capped` cuts it


def flow(paras: list[Para], box: Box, where: str, warnings: list[str]) -> list[list[Para]]:
    """The paragraphs on as many boxes as they need (a slide each, the caller
    adds "continued"). A paragraph taller than a whole box is cut to one."""
    pages: list[list[Para]] = [[]]
    used = 0.0
    for p in paras:
        h = box.height_of(p)
        if h > box.height:
            lines = box.lines() - 1
            width = box.width - 18.0 * p.level
            text = cut_to(p.whole, width, box.size, lines)
            lead = p.lead if text.startswith(p.lead) else ""
            p = Para(text[len(lead) :].lstrip() if lead else text, lead, p.level)
            warnings.append(f"{where}: {p.lead.rstrip(':') or 'text'} cut to fit the slide")
            h = box.height_of(p)
        if used + h > box.height and pages[-1]:
            # A lead with no text of its own ("Next steps:") goes with what follows it.
            carried = [pages[-1].pop()] if not pages[-1][-1].text and len(pages[-1]) > 1 else []
            pages.append(carried)
            used = sum(box.height_of(c) for c in carried)
        pages[-1].append(p)
        used += h
    return pages
