"""The backlog as cards for the wall: one card an item, header cards for the
horizons, printed by the same card engine as the deck (card_sheets.render_cards).

Cards print horizon by horizon, each header card first, then its items in
rank order, so a printed stack is already sorted. The back of an item's card
(duplex or fold) carries its test plan and notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from cvo_workshop.engine.backlog import HORIZONS, guardrails_line, result_line
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.power import size_line
from cvo_workshop.export.card_sheets import DocInfo, render_cards
from cvo_workshop.export.cards import Band, CardBack, CardFace, Fact, Palette, Section
from cvo_workshop.export.colours import mix
from cvo_workshop.export.sheet import Backs, SheetSpec
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon


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


def _cohorts(item: BacklogItem) -> str:
    parts = []
    for c in item.cohorts:
        share = f" · {c.share:.0%}" if c.share is not None else ""
        parts.append(c.name + share)
    reach = f"  (reach {item.reach:g}%)" if item.reach is not None and len(parts) > 1 else ""
    return " + ".join(parts) + reach


def _back(item: BacklogItem, backlog: Backlog) -> CardFace:
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
        band=Band("TEST PLAN", HORIZON_PALETTES[item.horizon], "⚖", index=f"#{item.rank}"),
        title=item.title,
        sections=tuple(sections),
        corner_left=item.id,
        corner_right=backlog.workshop.organization,
    )


def item_face(item: BacklogItem, backlog: Backlog) -> CardFace:
    h = item.horizon
    sections = [
        Section("Score", (item.breakdown.text,)),
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
        band=Band(h.label.upper(), HORIZON_PALETTES[h], HORIZON_SYMBOLS[h], index=str(item.rank)),
        title=item.title,
        lead=_cohorts(item),
        sections=tuple(sections),
        facts=tuple(facts),
        corner_left=f"{item.card.id} · {item.id}",
        corner_right=backlog.workshop.organization,
        back=_back(item, backlog),
        group=h.label,
        name=f"#{item.rank} {item.title}",
    )


def header_face(horizon: Horizon, items: Sequence[BacklogItem], backlog: Backlog) -> CardFace:
    level = maturity_label(backlog.maturity, backlog.assessment)
    ranks = f"#{items[0].rank}–#{items[-1].rank}" if len(items) > 1 else f"#{items[0].rank}"
    palette = HORIZON_PALETTES[horizon]
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
        corner_right=backlog.workshop.organization,
        back=CardBack(
            horizon.label, palette, HORIZON_SYMBOLS[horizon], backlog.workshop.organization
        ),
        group=horizon.label,
        name=f"the {horizon.label} header card",
    )


def backlog_faces(backlog: Backlog, horizons: Sequence[Horizon] = HORIZONS) -> list[CardFace]:
    """Header card then items, horizon by horizon, in rank order."""
    faces: list[CardFace] = []
    for h in HORIZONS:
        if h not in horizons:
            continue
        items = backlog.horizon(h)
        if not items:
            continue
        faces.append(header_face(h, items, backlog))
        faces.extend(item_face(i, backlog) for i in items)
    return faces


#: Wall cards are read from across the room: A6 by default (two to an A4 or
#: Letter sheet), with a 22 pt title; poker size is the deck's hand-held card.
DEFAULT_SIZE = "a6"


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
) -> tuple[bytes, list[str]]:
    """The backlog cards as PDF bytes, and warnings (overflowing cards, missing glyphs).

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
    faces = backlog_faces(backlog, horizons)
    info = DocInfo(
        title=f"{backlog.workshop.organization}: backlog cards",
        subject="Backlog items for the wall, in priority order within each horizon",
        keywords=("cvo-workshop", "backlog", *(h.value for h in horizons)),
        label=f"{backlog.workshop.organization} · backlog",
    )
    pdf, report = render_cards(faces, SheetSpec(**spec_args), info)
    return pdf, report.warnings()
