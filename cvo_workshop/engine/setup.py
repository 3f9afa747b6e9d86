"""Building a workshop setup: the defaults a facilitator gets when they say nothing."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from cvo_workshop.model.card import Capability, CohortCard
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.workshop import (
    OUTCOME_SUGGESTIONS,
    DeckRef,
    Framework,
    Participant,
    Round,
    WorkshopSetup,
    progressive_rounds,
)

#: A workshop focuses on three to six cohorts.
MIN_COHORTS, MAX_COHORTS, DEFAULT_COHORTS = 3, 6, 4
DEFAULT_CARDS_PER_ROUND = 10


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def default_cohorts(available: Sequence[CohortCard], n: int = DEFAULT_COHORTS) -> list[CohortCard]:
    """The cohorts worth most: by revenue share, then share of customers, then deck order."""
    # An empty segment (no customers in an RFM file) is a poor focus: it comes last,
    # picked only when a small shop has too few others to fill the minimum.
    ranked = sorted(
        enumerate(available),
        key=lambda ic: (
            ic[1].customers == 0,
            -(ic[1].revenue_share or 0),
            -(ic[1].share or 0),
            ic[0],
        ),
    )
    return [c for _, c in ranked[:n]]


def new_setup(
    *,
    deck: DeckRef,
    cohorts: Sequence[CohortCard],
    organization: str,
    facilitator: str | None = None,
    participants: Sequence[Participant] = (),
    goals: Sequence[str] = (),
    framework: Framework = Framework.ICE,
    rounds: Sequence[Round] | None = None,
    cards_per_round: int = DEFAULT_CARDS_PER_ROUND,
    draw_seconds: int | None = 240,
    round_seconds: int | None = 2400,
    seed: int | None = None,
    maturity: Capability | None = None,
    deal_beyond_stretch: bool = False,
    created: dt.datetime | None = None,
    assessment: MaturityResult | None = None,
) -> WorkshopSetup:
    """A setup with defaults for whatever is not given (raises pydantic's ValidationError)."""
    created = created or dt.datetime.now(dt.UTC)
    seed = new_seed() if seed is None else seed
    return WorkshopSetup(
        id=f"{created:%Y%m%d-%H%M%S}-{seed}",
        created=created,
        organization=organization,
        facilitator=facilitator or None,
        participants=list(participants),
        goals=list(goals) or [OUTCOME_SUGGESTIONS[0]],
        deck=deck,
        cohorts=list(cohorts),
        framework=framework,
        rounds=list(rounds) if rounds else progressive_rounds(cards_per_round),
        draw_seconds=draw_seconds,
        round_seconds=round_seconds,
        seed=seed,
        maturity=maturity,
        deal_beyond_stretch=deal_beyond_stretch,
        assessment=assessment,
    )


def parse_participants(text: str) -> list[Participant]:
    """'Ana (CRM), Ben (Data), Cy' -> participants with roles; the setup screen's way in."""
    out: list[Participant] = []
    depth = 0
    current = ""
    parts: list[str] = []
    for ch in text:  # split on commas outside parentheses
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;\n" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        name, role = part, None
        if part.endswith(")") and "(" in part:
            name, _, rest = part.partition("(")
            role = rest[:-1].strip() or None
        out.append(Participant(name=name.strip(), role=role))
    return out
