"""An accepted card that is already live (dealt with `i`, to improve what the
organization has) is not new work: its backlog item says so."""

from __future__ import annotations

from cvo_workshop.engine.backlog import build
from tests.backlog_fixtures import Play, card, setup


def test_an_item_whose_card_is_already_live_says_it_improves_it():
    p = Play(setup(live=["welcome-series"]))
    p.draw(card("welcome-series"))
    item = build(p.state).items[0]
    assert item.why.endswith("The card is already live: this item improves it.")


def test_an_item_for_a_new_card_says_nothing_of_improving():
    p = Play(setup(live=["welcome-series"]))
    p.draw(card("birthday-offer"))
    assert "improves" not in build(p.state).items[0].why
