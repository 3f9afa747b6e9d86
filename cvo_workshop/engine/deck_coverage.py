"""How much of a deck is test-ready and traceable: which cards say their hypothesis,
primary KPI, guardrails and source, and which cards that use personal data say
their legal basis and disclosure (`privacy`). `deck validate` reports it; a deck
written before these fields existed still loads, it is only reported as thin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cvo_workshop.model.card import RecipeCard


@dataclass(frozen=True, slots=True)
class Coverage:
    cards: int
    hypothesis: int
    primary_kpi: int
    guardrails: int
    source: int
    #: Cards that use personal data, and those of them with a privacy note.
    personal_data: int
    privacy: int
    #: Ids of cards that use personal data and have no privacy note, in deck order.
    missing_privacy: tuple[str, ...]

    def lines(self) -> list[str]:
        """The coverage as `deck validate` says it, a field a line."""
        n = self.cards
        return [
            f"hypothesis      {self.hypothesis}/{n} cards",
            f"primary KPI     {self.primary_kpi}/{n} cards",
            f"guardrails      {self.guardrails}/{n} cards",
            f"source          {self.source}/{n} cards",
            f"privacy note    {self.privacy}/{self.personal_data} cards that use personal data",
        ]


def coverage(cards: Sequence[RecipeCard]) -> Coverage:
    personal = [c for c in cards if c.personal_data]
    return Coverage(
        cards=len(cards),
        hypothesis=sum(1 for c in cards if c.hypothesis.strip()),
        primary_kpi=sum(1 for c in cards if c.primary_kpi),
        guardrails=sum(1 for c in cards if c.guardrails),
        source=sum(1 for c in cards if c.source.strip()),
        personal_data=len(personal),
        privacy=sum(1 for c in personal if c.privacy.strip()),
        missing_privacy=tuple(c.id for c in personal if not c.privacy.strip()),
    )
