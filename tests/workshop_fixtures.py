"""Small workshops for the tests: a 36-card deck, a setup, a session with a fixed clock."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from cvo_workshop.engine.session import Session
from cvo_workshop.engine.setup import new_setup
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.workshop import Framework, Participant, Round, WorkshopSetup
from cvo_workshop.store.decks import load_deck
from cvo_workshop.store.workshops import deck_ref

DECK_PATH = Path(__file__).parent / "data" / "workshop-deck.yaml"
T0 = dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC)


@cache
def deck() -> Deck:
    return load_deck(DECK_PATH)


def setup(**overrides) -> WorkshopSetup:
    d = deck()
    options = dict(
        deck=deck_ref(d, DECK_PATH),
        cohorts=d.cohorts[:4],
        organization="Acme Outdoor",
        facilitator="Fran",
        participants=[Participant(name="Ana", role="CRM"), Participant(name="Ben", role="Data")],
        goals=["Improve retention"],
        framework=Framework.ICE,
        cards_per_round=4,
        seed=42,
        created=T0,
    )
    options.update(overrides)
    return new_setup(**options)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: dt.datetime = T0):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def session(events=(), sink=None, clock=None, **overrides) -> Session:
    s = Session(setup(**overrides), deck().cards, events, sink=sink, clock=clock or FakeClock())
    return s


def rounds(*sizes: int) -> list[Round]:
    from cvo_workshop.model.card import Kind

    kinds = list(Kind)
    return [Round(kind=kinds[i % 3], cards=n) for i, n in enumerate(sizes)]
