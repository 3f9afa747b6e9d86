"""The backlog as cards for the wall: one card an item, header cards for the
horizons, printed by the same card engine as the deck (card_sheets.render_cards).

Cards print horizon by horizon, each header card first, then its items in
rank order, so a printed stack is already sorted. The back of an item's card
(duplex or fold) carries its test plan and notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cvo_workshop.engine.backlog import HORIZONS, guardrails_line, result_line, score_text
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.frameworks import REACH
from cvo_workshop.engine.power import size_line
from cvo_workshop.engine.text import share_percent
from cvo_workshop.export.card_sheets import DocInfo, render_cards
from cvo_workshop.export.cards import Band, CardBack, CardFace, Fact, Palette, Section
from cvo_workshop.export.colours import mix
from cvo_workshop.export.literal import show_noncharacters
from cvo_workshop.export.script import isolate
from cvo_workshop.export.sheet import Backs, SheetSpec
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon
from cvo_workshop.model.brand import NEUTRAL, Brand


def _palette(colour: str, ink: str, accent: str) -> Palette:
    return Palette(colour=colour, ink=ink, accent=accent, tint=mix(colour, "#ffffff", 0.8))


# Four tones that stay apart in grayscale (dark green, mid blue, light amber, mid red).
HORIZON_PALETTES: dict[Horizon, Palette] = {
    Horizon.NOW: _palette("#1e7a46", "#ffffff", "#14532f"),
    Horizon.NEXT: _palette("#2f6fb5", "#ffffff", "#1f4e82"),
    Horizon.LATER: _palette("#e6b422", "#2a1f00", "#7d5d00"),
    Horizon.BLOCKED: _palette("#b03a2e", "#ffffff", "#7f2419"),
}
HORIZON_SYMBOLS = {Horizon.NOW: "▶", Horizon.NEXT: "▷", Horizon.LATER: "◇", Horizon.BLOCKED: "■"}
HORIZON_MEANING = {
    Horizon.NOW: "What the organization can do with the capability it has today.",
    Horizon.NEXT: "One capability level up: start building toward these.",
    Horizon.LATER: "Two or more levels up: keep them in sight.",
    Horizon.BLOCKED: "Each waits for a card it requires that is not in the backlog.",
}


#: Wall cards are read from across the room: A6 by default (two to an A4 or
#: Letter sheet), with a 22 pt title; poker size is the deck's hand-held card.
DEFAULT_SIZE = "a6"
#: Card sizes too small for a logo beside the corner lines.
NO_LOGO = ("poker",)


@dataclass(frozen=True)
class Signature:
    """What a brand puts on every wall card (model/brand.py): who made it for
    whom in the corner, the confidentiality line under it, the logo beside
    them, section labels in the brand's colour. Neutral: the organization."""

    corner: str
    small_print: str = ""
    logo: bytes | None = None
    colour: str | None = None

    @classmethod
    def of(
        cls,
        backlog: Backlog,
        brand: Brand = NEUTRAL,
        logo: bytes | None = None,
        size: str = DEFAULT_SIZE,
    ) -> Signature:
        """The signature of cards of `size`: the logo left off where there is no room."""
        backlog, brand = show_noncharacters((backlog, brand))
        return cls(
            corner=brand.credit() or backlog.workshop.organization,
            small_print=brand.confidential or "",
            logo=None if size in NO_LOGO else logo,
            colour=brand.colour,
        )

    def palette(self, horizon: Horizon) -> Palette:
        pal = HORIZON_PALETTES[horizon]
        return replace(pal, accent=self.colour) if self.colour else pal


def _cohorts(item: BacklogItem) -> str:
    parts = []
    for c in item.cohorts:
        share = f" · {share_percent(c.share)}" if c.share is not None else ""
        parts.append(isolate(c.name) + share)
    shown = item.breakdown.factors.get(REACH)  # "<0.1%" for a few customers, not "0%"
    reach = (
        f"  (reach {shown.shown})" if shown and item.reach is not None and len(parts) > 1 else ""
    )
    return " + ".join(parts) + reach


#: How much of an item's title a warning repeats: the rank names the item, a few
#: words remind which it is (a 300-character title, once per side, buried the message).
WARNING_TITLE = 40


def warning_name(item: BacklogItem) -> str:
    """How warnings name an item's card: "#5 Content variants produced and…"."""
    title = item.title
    if len(title) > WARNING_TITLE:
        head = title[: WARNING_TITLE + 1]
        title = (head.rsplit(" ", 1)[0] if " " in head else head[:WARNING_TITLE]).rstrip(" ,;:")
        title += "…"
    return f"#{item.rank} {title}"


def cut_note(item: BacklogItem) -> str:
    """What a card whose text is cut to fit says: the report's section on the
    item (headed by its rank) has all of it."""
    return f"Cut to fit: read it in full in the backlog report, item {item.rank}."


def _back(item: BacklogItem, sign: Signature) -> CardFace:
    plan = item.test_plan
    sections = [
        Section("Current", (plan.current_state or "(the current state, to test against)",)),
        Section("New", (plan.new_state or "(what changes for the customer)",)),
        Section("Metric", (plan.metric or item.kpi or "(the KPI that decides)",)),
    ]
    if plan.hypothesis:
        sections.append(Section("Hypothesis", (plan.hypothesis,)))
    if plan.guardrails:
        sections.append(Section("Guardrails", (guardrails_line(plan),)))
    sections.append(Section("Test size", (size_line(plan),)))
    if plan.result:
        sections.append(Section("Result", (result_line(plan.result),)))
    if item.notes:
        sections.append(Section("Notes", (item.notes,)))
    return CardFace(
        key=f"{item.id}-back",
        band=Band("TEST PLAN", sign.palette(item.horizon), "⚖", index=f"#{item.rank}"),
        title=item.title,
        body_title=True,  # the front's title, named again without competing with it
        sections=tuple(sections),
        corner_left=item.id,
        corner_right=sign.corner,
        small_print=sign.small_print,
        logo=sign.logo,
        cut_note=cut_note(item),
    )


def item_face(item: BacklogItem, backlog: Backlog, sign: Signature | None = None) -> CardFace:
    # What people typed, before our own marks go in (literal.show_noncharacters);
    # a signature's text was shown where it was made (`Signature.of`).
    item, backlog = show_noncharacters((item, backlog))
    sign = sign or Signature.of(backlog)
    h = item.horizon
    sections = [
        Section("Score", (score_text(item),)),
        Section("Why", (item.why,)),
    ]
    if item.kpi:
        sections.append(Section("KPI", (item.kpi,)))
    facts = [
        Fact("Rank", f"#{item.rank}" + (f" {BY_HAND}" if item.by_hand else "")),
        Fact("Horizon", h.label),
        Fact("Kind", item.kind.label),
        Fact("Owner", item.owner or "—"),
    ]
    if item.min_capability is not None:
        facts.append(Fact("Min. capability", item.min_capability.label))
    return CardFace(
        key=item.id,
        band=Band(h.label.upper(), sign.palette(h), HORIZON_SYMBOLS[h], index=str(item.rank)),
        title=item.title,
        lead=_cohorts(item),
        lead_name="cohorts",
        sections=tuple(sections),
        facts=tuple(facts),
        corner_left=f"{item.card.id} · {item.id}",
        corner_right=sign.corner,
        small_print=sign.small_print,
        logo=sign.logo,
        back=_back(item, sign),
        cut_note=cut_note(item),
        group=h.label,
        name=warning_name(item),
    )


def header_face(
    horizon: Horizon, items: Sequence[BacklogItem], backlog: Backlog, sign: Signature | None = None
) -> CardFace:
    items, backlog = show_noncharacters((tuple(items), backlog))
    sign = sign or Signature.of(backlog)
    level = maturity_label(backlog.maturity, backlog.assessment)
    ranks = f"#{items[0].rank}–#{items[-1].rank}" if len(items) > 1 else f"#{items[0].rank}"
    palette = sign.palette(horizon)
    return CardFace(
        key=f"header-{horizon.value}",
        band=Band(horizon.label.upper(), palette, HORIZON_SYMBOLS[horizon]),
        title=horizon.label.upper(),
        lead=HORIZON_MEANING[horizon],
        sections=(
            Section("Items", (f"{len(items)} · ranks {ranks}",)),
            Section("Maturity", (level,)),
        ),
        corner_left="header card",
        corner_right=sign.corner,
        small_print=sign.small_print,
        logo=sign.logo,
        back=CardBack(horizon.label, palette, HORIZON_SYMBOLS[horizon], sign.corner),
        group=horizon.label,
        name=f"the {horizon.label} header card",
    )


def backlog_faces(
    backlog: Backlog, horizons: Sequence[Horizon] = HORIZONS, sign: Signature | None = None
) -> list[CardFace]:
    """Header card then items, horizon by horizon, in rank order."""
    backlog = show_noncharacters(backlog)
    sign = sign or Signature.of(backlog)
    faces: list[CardFace] = []
    for h in HORIZONS:
        if h not in horizons:
            continue
        items = backlog.horizon(h)
        if not items:
            continue
        faces.append(header_face(h, items, backlog, sign))
        faces.extend(item_face(i, backlog, sign) for i in items)
    return faces


def print_backlog(
    backlog: Backlog,
    *,
    paper: str = "a4",
    backs: str = "none",
    horizons: Sequence[Horizon] = HORIZONS,
    bleed_mm: float | None = None,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    size: str = DEFAULT_SIZE,
    cut_lines: bool = False,
    brand: Brand = NEUTRAL,
    logo: bytes | None = None,
) -> tuple[bytes, list[str]]:
    """The backlog cards as PDF bytes, and warnings (overflowing cards, missing glyphs).

    `brand` signs every card (`Signature`); its `logo` prints where the size has room.

    sheet.SheetError when the cards do not fit the paper as asked (an A5 card
    folded, an offset that pushes the backs off the printable zone)."""
    spec_args: dict = {
        "paper": paper,
        "backs": Backs(backs),
        "offset_mm": offset_mm,
        "size": size,
        "cut_lines": cut_lines,
    }
    if bleed_mm is not None:
        spec_args["bleed_mm"] = bleed_mm
    backlog, brand = show_noncharacters((backlog, brand))
    sign = Signature.of(backlog, brand, logo, size)
    faces = backlog_faces(backlog, horizons, sign)
    client = brand.client or backlog.workshop.organization
    info = DocInfo(
        title=f"{client}: " + (f"{brand.title} (wall cards)" if brand.title else "backlog cards"),
        subject="Backlog items for the wall, in priority order within each horizon",
        keywords=("cvo-workshop", "backlog", *(h.value for h in horizons)),
        author=brand.consultant or "cvo-workshop",
        label=brand.confidential or f"{client} · backlog",
    )
    pdf, report = render_cards(faces, SheetSpec(**spec_args), info)
    return pdf, report.warnings()
