"""The backlog: prioritizing 5,000 accepted items (score, reach, gating, rank).

Peer: folding the same workshop's events, the step every reader of a workshop
file already pays before the backlog is built.
"""

from __future__ import annotations

from benchmarks._harness import Row, median_time

ITEMS = 5000


def workshop(n: int, realistic: bool = False):
    """A RICE workshop with n accepted draws (cards as long as the built-in deck's if realistic)."""
    from benchmarks.bench_deckprint import generate_deck
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    cards = generate_deck(n).cards if realistic else [card(f"c-{i}") for i in range(n)]
    p = Play(setup(Framework.RICE))
    cohorts = ["champions", "everyone", "new"]
    for i, c in enumerate(cards):
        p.draw(
            c,
            cohorts[i % 3],
            impact=[0.25, 0.5, 1, 2, 3][i % 5],
            confidence=80,
            effort=(i % 6) + 0.5,
        )
    return p


def rows(quick: bool = False) -> list[Row]:
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.engine.fold import fold

    p = workshop(ITEMS)
    setup, events = p.state.setup, p.events
    state = fold(setup, events)
    repeat = 3 if quick else 7
    peer = median_time(lambda: fold(setup, events), repeat=repeat)
    value = median_time(lambda: build(state), repeat=repeat)
    return [
        Row(
            figure=f"prioritize {ITEMS:,} items (RICE, gating, rank)",
            value=value,
            unit="s",
            target="< 0.5 s",
            met=value < 0.5,
            peer="fold of their events",
            peer_value=peer,
        )
    ]
