"""What a printed card says, as plain data: the card engine draws any of these.

A face has a coloured band with a text label (so a grayscale print still
reads), a title, an optional lead line, a few labelled sections, a table of
small facts and two corner marks. A back has a colour, a label and a line of
small print. Recipe and cohort cards (`deck_cards.py`) are built from these,
and so can other card types (backlog cards) without touching the engine.

Nothing here imports reportlab: describing a card is cheap and testable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """The colours of one card type, as `#rrggbb`.

    `colour` fills the band and the back; `ink` is the text on it (light on a
    dark colour, dark on a light one); `accent` is the colour's dark shade for
    section labels on white, dark enough to read in grayscale.
    """

    colour: str
    ink: str
    accent: str
    tint: str  # a pale shade, for rules and empty grid cells


@dataclass(frozen=True)
class Band:
    """The coloured strip across the top of a face."""

    label: str  # e.g. "AUTOMATION": always printed, colour is never the only cue
    palette: Palette
    symbol: str = ""  # one glyph before the label, a second cue besides colour
    index: str = ""  # a short mark in a disc at the right, like a playing card's rank


@dataclass(frozen=True)
class Grid:
    """A small grid of cells, some filled (e.g. the RFM cells a cohort covers).

    Rows are listed top to bottom; `filled` holds (row, column) pairs, 0-based.
    """

    rows: int
    cols: int
    filled: frozenset[tuple[int, int]]
    row_label: str = ""
    col_label: str = ""
    row_ticks: tuple[str, ...] = ()
    col_ticks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A labelled piece of the body.

    Each line is a paragraph, the label running in at the start of the first
    (`DATA  orders with SKUs...`); with `bullets` (or a `grid`) the label gets
    a line of its own and the lines become a bulleted list (or sit beside the grid).
    """

    label: str
    lines: tuple[str, ...]
    bullets: bool = False
    grid: Grid | None = None  # drawn to the left of the lines
    ruled: int = 0  # lines to write on by hand under the label (a blank card)


@dataclass(frozen=True)
class Fact:
    """A small label/value pair in the table at the foot of a face."""

    label: str
    value: str


@dataclass(frozen=True)
class CardBack:
    label: str  # large, centred: e.g. "AUTOMATION"
    palette: Palette
    symbol: str = ""
    small_print: str = ""  # e.g. the deck's name, at the foot


@dataclass(frozen=True)
class CardFace:
    """One card's front. `key` names it in warnings (e.g. the card id)."""

    key: str
    band: Band
    title: str
    lead: str = ""  # one emphasised line under the title (a prompt, a definition)
    lead_name: str = "lead"  # the lead's field, as warnings name it ("prompt")
    sections: tuple[Section, ...] = ()
    facts: tuple[Fact, ...] = ()
    corner_left: str = ""  # small print at the foot, e.g. the card id
    corner_right: str = ""  # e.g. the deck's name and version
    #: A line under the corner marks (a brand's confidentiality line), cut at
    #: '…' to the card's width.
    small_print: str = ""
    #: A PNG or JPEG (a brand's logo) at the foot's right, on cards with room for it.
    logo: bytes | None = None
    #: A back with a label (deck cards), or a back with text of its own (a
    #: backlog card's test plan), drawn like a face.
    back: CardBack | CardFace | None = None
    #: Printed under the text when some of it is cut to fit (the flowing text,
    #: or a fact's value past `FACT_LINES`): where to read it in full. Without
    #: one, the '…' alone shows the cut.
    cut_note: str = ""
    #: The title set at the body size, bold, rather than the title size: a back
    #: that repeats its front's title names the card without competing with it.
    body_title: bool = False
    group: str = ""  # a PDF bookmark groups the cards of one group
    #: How warnings name the card when its key means nothing to the reader
    #: (a backlog item: "#2 Welcome series", not "d2"); the key when empty.
    name: str = ""
