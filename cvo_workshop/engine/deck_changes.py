"""What changed in a deck since a workshop began, card by card."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from cvo_workshop.model.card import RecipeCard
from cvo_workshop.model.deck import Deck


def card_hash(card: RecipeCard) -> str:
    """A short, stable hash of everything a card says."""
    payload = json.dumps(card.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def card_hashes(deck: Deck) -> dict[str, str]:
    return {c.id: card_hash(c) for c in deck.cards}


@dataclass(frozen=True, slots=True)
class DeckChanges:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    #: The deck's metadata changed (name, version...) though no card did.
    metadata: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.edited or self.metadata)

    def lines(self) -> list[str]:
        """The changes in words, one kind a line."""
        out = []
        for what, ids in (
            ("added", self.added),
            ("removed", self.removed),
            ("edited", self.edited),
        ):
            if ids:
                n = len(ids)
                out.append(f"{n} card{'s' if n != 1 else ''} {what}: {', '.join(ids)}")
        if self.metadata and not out:
            out.append("the deck's details changed (no card did)")
        return out


def deck_changes(before: dict[str, str], content_hash: str, deck: Deck) -> DeckChanges:
    """Compare a workshop's record of its deck (card hashes, deck hash) with `deck` now."""
    if deck.content_hash == content_hash:
        return DeckChanges()
    now = card_hashes(deck)
    return DeckChanges(
        added=tuple(k for k in now if k not in before),
        removed=tuple(k for k in before if k not in now),
        edited=tuple(k for k in now if k in before and before[k] != now[k]),
        metadata=True,
    )
