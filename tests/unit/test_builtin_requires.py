"""`requires` in the built-in deck: a card waits only for what it cannot work without."""

from __future__ import annotations

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.grooming import Horizon
from tests.backlog_fixtures import Play, setup


def item_for(builtin_deck, card_id):
    p = Play(setup())
    p.draw(builtin_deck.card(card_id), impact=7, confidence=5, ease=8)
    return build(p.state).items[0]


def test_subscribe_and_save_is_not_blocked_without_replenishment_reminders(builtin_deck):
    item = item_for(builtin_deck, "subscribe-and-save")
    assert item.horizon is not Horizon.BLOCKED and item.blocked_by == []


def test_personalized_search_waits_for_product_data_not_for_saved_sizes(builtin_deck):
    item = item_for(builtin_deck, "personalized-search")
    assert item.blocked_by == ["product-data-quality"]


def test_a_real_dependency_still_blocks(builtin_deck):
    # Points nudges need a loyalty programme to nudge about.
    item = item_for(builtin_deck, "points-and-tier-nudges")
    assert item.horizon is Horizon.BLOCKED and item.blocked_by == ["loyalty-programme"]
