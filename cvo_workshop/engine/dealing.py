"""Dealing: which recipe card meets which cohort, seeded so a game can be replayed.

Each draw gets its own `random.Random` seeded from the workshop seed and the
draw's number, so the same deck, seed and decisions give the same draws, and
undoing a deal and dealing again gives the same card.

- Cohorts take turns: the next draw goes to a focus cohort with the fewest
  draws so far (ties broken by the seeded generator).
- The card comes from the round's kind, among cards not dealt yet in this
  workshop and allowed by the maturity gate; cards made for the cohort's
  lifecycle stage are three times as likely.
- Cards already live are not dealt, unless the table deals to improve what
  the organization has: then only they are.
- Maturity gate: with a known level, cards more than one level above it are not
  dealt (unless the setup says otherwise); cards above it are "stretch". An
  assessment that found the organization below Incidental deals as Incidental.

The organization's level, as every part reads it (`org_level`, `below_incidental`,
`maturity_label`), is here: dealing is the first to need it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cvo_workshop.model.card import Capability, CohortCard, Kind, RecipeCard
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.workshop import WorkshopSetup

#: How much likelier a card made for the cohort's lifecycle stage is.
STAGE_WEIGHT = 3


def org_level(setup: WorkshopSetup) -> Capability | None:
    """The organization's level: set by hand, else the attached assessment's; None
    when not assessed, or when the assessment found it below Incidental."""
    if setup.maturity is not None:
        return setup.maturity
    return setup.assessment.overall if setup.assessment else None


def below_incidental(setup: WorkshopSetup) -> bool:
    """No level set by hand, and the attached assessment found none reached."""
    return setup.maturity is None and setup.assessment is not None and not org_level(setup)


def dealing_level(setup: WorkshopSetup) -> Capability | None:
    """The level the deal is gated by: below Incidental deals as Incidental (the
    least mature organization must not be dealt Personalized Business); None: no gate."""
    if below_incidental(setup):
        return Capability.INCIDENTAL
    return org_level(setup)


#: An organization's level when no assessment and no level by hand says it, in
#: the words every screen and export use (the deal is not gated; the backlog
#: gates it as Incidental).
NOT_ASSESSED_WORDS = "not assessed"


def maturity_label(level: Capability | None, assessment: MaturityResult | None) -> str:
    """The organization's level in words, from a setup's or a backlog's level and
    assessment: 'Disciplined', 'below Incidental (assessed)' or 'not assessed (taken
    as Incidental)', as the setup form, the grooming header, the summary and the
    exports say it."""
    if level is not None:
        return level.label
    if assessment is not None:
        return "below Incidental (assessed)"
    return f"{NOT_ASSESSED_WORDS} (taken as Incidental)"


def is_stretch(card: RecipeCard, maturity: Capability | None) -> bool:
    """A card above the organization's current level."""
    return maturity is not None and card.min_capability.rank > maturity.rank


def is_dealable(
    card: RecipeCard, maturity: Capability | None, deal_beyond_stretch: bool = False
) -> bool:
    """Cards at most one level above the organization's level (or any, if asked)."""
    if maturity is None or deal_beyond_stretch:
        return True
    return card.min_capability.rank <= maturity.rank + 1


def deal_mode(improve: bool) -> str:
    """Where the table's next cards come from, in the words every screen and
    summary uses: "live cards" (improving what the organization has) or "new cards"."""
    return "live cards" if improve else "new cards"


def dealable_cards(
    cards: Iterable[RecipeCard],
    kind: Kind | None,
    maturity: Capability | None,
    deal_beyond_stretch: bool = False,
    already_dealt: Iterable[str] = (),
    live: Iterable[str] = (),
    improve: bool = False,
) -> list[RecipeCard]:
    """The cards the next draw of a round may deal, in deck order.

    Cards already live (WorkshopSetup.live) are dealt only to improve what the
    organization has (`improve`), and then only they, whatever the maturity
    gate says: they are running already."""
    taken = set(already_dealt)
    running = set(live)
    return [
        c
        for c in cards
        if (kind is None or c.kind is kind)
        and c.id not in taken
        and (
            c.id in running
            if improve
            else c.id not in running and is_dealable(c, maturity, deal_beyond_stretch)
        )
    ]


@dataclass(frozen=True, slots=True)
class Deal:
    card: RecipeCard
    cohort: CohortCard
    stretch: bool


def draw_random(seed: int, draw: int) -> random.Random:
    """The generator for one draw: seed and draw number, nothing else."""
    return random.Random(f"cvo-workshop:{seed}:{draw}")


def deal(
    *,
    seed: int,
    draw: int,
    pool: Sequence[RecipeCard],
    cohorts: Sequence[CohortCard],
    cohort_draws: Mapping[str, int],
    maturity: Capability | None,
) -> Deal | None:
    """The card and cohort for draw number `draw`, or None if the pool is empty."""
    if not pool or not cohorts:
        return None
    rng = draw_random(seed, draw)
    fewest = min(cohort_draws.get(c.id, 0) for c in cohorts)
    cohort = rng.choice([c for c in cohorts if cohort_draws.get(c.id, 0) == fewest])
    weights = [
        STAGE_WEIGHT if cohort.lifecycle is not None and cohort.lifecycle in c.lifecycle else 1
        for c in pool
    ]
    card = rng.choices(list(pool), weights=weights, k=1)[0]
    return Deal(card, cohort, is_stretch(card, maturity))
