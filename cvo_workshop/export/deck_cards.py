"""The deck's recipe and cohort cards, described for the card engine, and the deck PDF.

Each kind has its colour and its label and symbol in text, so a grayscale
print still tells them apart; each kind also has its own back, so the piles
can be sorted face down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cvo_workshop.engine.backlog import primary_kpi
from cvo_workshop.engine.text import share_percent
from cvo_workshop.export.card_sheets import DocInfo, PrintReport, render_cards
from cvo_workshop.export.cards import Band, CardBack, CardFace, Fact, Grid, Palette, Section
from cvo_workshop.export.colours import mix
from cvo_workshop.export.literal import show_noncharacters
from cvo_workshop.export.sheet import SheetSpec, impose
from cvo_workshop.model.card import CohortCard, CohortSource, Kind, RecipeCard
from cvo_workshop.model.deck import Deck

COHORT = "cohort"
# What `deck print --kind` accepts, in the order the cards print.
PRINT_KINDS = (*(k.value for k in Kind), COHORT)


def _palette(colour: str, ink: str, accent: str) -> Palette:
    return Palette(colour=colour, ink=ink, accent=accent, tint=mix(colour, "#ffffff", 0.8))


# Grey levels (in a grayscale print) 117, 69, 190 and 95: four different tones.
PALETTES: dict[str, Palette] = {
    Kind.AUTOMATION.value: _palette("#0f80a0", "#ffffff", "#055a73"),
    Kind.CUSTOMIZATION.value: _palette("#5b2a86", "#ffffff", "#4b2270"),
    Kind.PERSONALIZATION.value: _palette("#f2b630", "#2a1f00", "#8a6100"),
    COHORT: _palette("#2f6b3f", "#ffffff", "#1b5e20"),
}
# The blank card: a neutral grey, darker than the light kinds, lighter than the dark.
WILDCARD = "wildcard"
WILDCARD_PALETTE = _palette("#5f6368", "#ffffff", "#3c4043")
# A second cue besides colour: a gear (a rule fires), a pencil (the customer
# chooses), a sparkle (the system adapts), a figure (customers).
SYMBOLS = {
    Kind.AUTOMATION.value: "⚙",
    Kind.CUSTOMIZATION.value: "✎",
    Kind.PERSONALIZATION.value: "✦",
    COHORT: "♟",
}
GROUPS = {
    Kind.AUTOMATION.value: "Automation recipes",
    Kind.CUSTOMIZATION.value: "Customization recipes",
    Kind.PERSONALIZATION.value: "Personalization recipes",
    COHORT: "Cohorts",
}


def _items(values: Sequence[str]) -> tuple[str, ...]:
    """A list as one paragraph: on a card, a line per item wastes the space it needs."""
    return (" · ".join(values),) if values else ()


def _pips(n: int, of: int) -> str:
    return "●" * n + "○" * (of - n)


def _deck_mark(deck: Deck) -> str:
    return f"{deck.deck.id} · v{deck.deck.version}"


def _back(kind: str, deck: Deck) -> CardBack:
    label = "Cohort" if kind == COHORT else kind.capitalize()
    return CardBack(
        label=label, palette=PALETTES[kind], symbol=SYMBOLS[kind], small_print=deck.deck.name
    )


_EFFORT_RANK = {"low": 1, "medium": 2, "high": 3}


def recipe_face(card: RecipeCard, deck: Deck) -> CardFace:
    # What people typed, before our own marks go in (literal.show_noncharacters).
    card, deck = show_noncharacters((card, deck))
    kind = card.kind.value
    sections = [
        Section("Data", _items(card.data)),
        Section("Primary KPI", (primary_kpi(card),)),
        Section("Guardrails", _items(card.guardrails)),
        Section("Example" if len(card.examples) == 1 else "Examples", tuple(card.examples)),
    ]
    level = card.min_capability
    facts = (
        Fact(
            "Tactic",
            f"{card.tactic.value} · {card.tactic.label}" if card.tactic.is_strategy else "Enabler",
        ),
        Fact("Min. capability", f"{_pips(level.rank, 4)}  {level.rank} · {level.label}"),
        Fact(
            "Effort",
            f"{_pips(_EFFORT_RANK[card.effort.value], 3)}  {card.effort.value.capitalize()}",
        ),
        Fact("Goal", card.goal.label),
        Fact("Scope", card.scope.label),
        Fact("Lifecycle", " · ".join(s.label for s in card.lifecycle)),
        Fact("Personal data", "Yes · privacy note on the back" if card.personal_data else "No"),
    )
    return CardFace(
        key=card.id,
        band=Band(card.kind.label, PALETTES[kind], SYMBOLS[kind], index=card.tactic.mark),
        title=card.title,
        lead=card.prompt,
        lead_name="prompt",
        sections=tuple(sections),
        facts=facts,
        corner_left=card.id,
        corner_right=_deck_mark(deck),
        back=recipe_back(card, deck),
        group=GROUPS[kind],
    )


def recipe_back(card: RecipeCard, deck: Deck) -> CardFace:
    """The back of a recipe card: how to test it and what it may do with personal data.

    The kind's band tops it, so face-down piles still sort by colour and label."""
    card, deck = show_noncharacters((card, deck))
    kind = card.kind.value
    others = [k for k in card.kpis if k != primary_kpi(card)]
    privacy = card.privacy or "No privacy note yet: write one before using personal data."
    return CardFace(
        key=f"{card.id}-back",
        band=Band(card.kind.label, PALETTES[kind], SYMBOLS[kind], index=card.tactic.mark),
        title=card.title,
        lead=card.hypothesis,
        lead_name="hypothesis",
        sections=(
            Section("Privacy", (privacy,) if card.personal_data else ()),
            Section("Content", _items(card.content)),
            Section("Other KPIs", _items(others)),
            Section("Source", (card.source,) if card.source else ()),
        ),
        corner_left=card.id,
        corner_right=_deck_mark(deck),
        group=GROUPS[kind],
    )


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _rfm_section(cohort: CohortCard) -> Section | None:
    rfm = cohort.rfm
    if rfm is None:
        return None
    (r0, r1), (f0, f1), (m0, m1) = rfm.r, rfm.f, rfm.m
    code = f"R {_span(r0, r1)} · F {_span(f0, f1)}"
    if (m0, m1) != (1, 5):
        code += f" · M {_span(m0, m1)}"
    grid = Grid(
        rows=5,
        cols=5,
        # Row 0 is recency 5 (most recent) at the top, as RFM grids are drawn.
        filled=frozenset((5 - r, f - 1) for r in range(r0, r1 + 1) for f in range(f0, f1 + 1)),
        row_label="R",
        col_label="F",
        row_ticks=("5", "4", "3", "2", "1"),
        col_ticks=("1", "2", "3", "4", "5"),
    )
    lines = [code, "Scores 1–5 by quintile; 5 is best (most recent, most often, most spent)."]
    return Section("RFM", tuple(lines), grid=grid)


def cohort_face(cohort: CohortCard, deck: Deck) -> CardFace:
    cohort, deck = show_noncharacters((cohort, deck))
    sections = [
        Section("Who they are", (cohort.description,) if cohort.description else ()),
        Section("Plays", tuple(cohort.plays), bullets=True),
    ]
    rfm = _rfm_section(cohort)
    if rfm is not None:
        sections.append(rfm)
    facts = []
    if cohort.lifecycle is not None:
        facts.append(Fact("Lifecycle stage", cohort.lifecycle.label))
    if cohort.customers is not None:
        facts.append(Fact("Customers", f"{cohort.customers:,}"))
    if cohort.share is not None:
        facts.append(Fact("Share of customers", share_percent(cohort.share)))
    if cohort.revenue_share is not None:
        facts.append(Fact("Share of revenue", share_percent(cohort.revenue_share)))
    if cohort.aov is not None:
        facts.append(Fact("Avg. order value", f"{cohort.aov:,.2f}"))
    if cohort.source is CohortSource.RFM:
        facts.append(Fact("Source", "RFM import"))
    index = share_percent(cohort.share) if cohort.share is not None else ""
    return CardFace(
        key=cohort.id,
        band=Band("Cohort", PALETTES[COHORT], SYMBOLS[COHORT], index=index),
        title=cohort.name,
        lead=cohort.definition,
        lead_name="definition",
        sections=tuple(sections),
        facts=tuple(facts),
        corner_left=cohort.id,
        corner_right=_deck_mark(deck),
        back=_back(COHORT, deck),
        group=GROUPS[COHORT],
    )


def deck_faces(deck: Deck, kinds: Iterable[str] = PRINT_KINDS) -> list[CardFace]:
    """The faces to print, kind by kind in PRINT_KINDS order, in deck order within a kind."""
    deck = show_noncharacters(deck)
    wanted = set(kinds)
    unknown = wanted - set(PRINT_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
    faces: list[CardFace] = []
    for kind in PRINT_KINDS:
        if kind not in wanted:
            continue
        if kind == COHORT:
            faces += [cohort_face(h, deck) for h in deck.cohorts]
        else:
            faces += [recipe_face(c, deck) for c in deck.cards if c.kind.value == kind]
    return faces


def _ticks(*choices: str) -> str:
    """Choices to tick, each after its circle: a no-break space keeps the two on
    one line, so a line breaks before a circle, never between it and its word."""
    return "  ".join(f"○\u00a0{choice}" for choice in choices)


def blank_face(n: int, deck: Deck) -> CardFace:
    """A "write your own recipe" card: the wildcard, for a recipe the deck lacks."""
    deck = show_noncharacters(deck)
    return CardFace(
        key=f"blank-{n}",
        band=Band("Your recipe", WILDCARD_PALETTE, "✚", index="?"),
        title="",
        lead="Write your own recipe: a rule that fires, a choice the customer makes, "
        "or an experience that adapts.",
        sections=(
            Section("Title", (), ruled=2),
            Section("Prompt", (), ruled=2),
            Section("Data", (), ruled=1),
            Section("KPIs", (), ruled=1),
        ),
        facts=(
            Fact("Kind", _ticks("Automation", "Customization", "Personalization")),
            Fact("Effort", _ticks("Low", "Medium", "High")),
        ),
        corner_left="wildcard",
        corner_right=_deck_mark(deck),
        back=CardBack(
            label="Wildcard", palette=WILDCARD_PALETTE, symbol="✚", small_print=deck.deck.name
        ),
        group="Wildcards",
        name=f"blank card {n}",
    )


def print_deck(
    deck: Deck, spec: SheetSpec, kinds: Sequence[str] = PRINT_KINDS, *, blanks: bool = False
) -> tuple[bytes, PrintReport]:
    """The printable deck as PDF bytes, and the report of what did not fit or print.

    `blanks` fills the last sheet's empty places with blank cards (`blank_face`)."""
    # What people typed, before our own marks go in (literal.show_noncharacters).
    deck = show_noncharacters(deck)
    faces = deck_faces(deck, kinds)
    empty = 0
    if blanks:
        per_sheet = impose(spec).per_sheet
        empty = -len(faces) % per_sheet
        faces += [blank_face(n, deck) for n in range(1, empty + 1)]
    info = DocInfo(
        title=f"{deck.deck.name}: printable card deck",
        subject="Recipe and cohort cards for progressive-personalization workshops",
        keywords=("cvo-workshop", deck.deck.id, *(k for k in PRINT_KINDS if k in kinds)),
        label=_deck_mark(deck),
    )
    pdf, report = render_cards(faces, spec, info)
    report.blanks = empty

    return pdf, report
