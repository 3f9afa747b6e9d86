"""Issue 18's card fields: enabler, scope, privacy, source; old decks still load."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.deck_coverage import coverage
from cvo_workshop.model.card import STRATEGY_TACTICS, Scope, Tactic
from cvo_workshop.model.problem import InputError
from cvo_workshop.store.decks import load_deck, load_deck_text
from tests.conftest import DATA
from tests.export.decks import deck_yaml, recipe


def test_a_deck_written_before_the_new_fields_still_loads():
    old = load_deck(DATA / "core-deck-before-issue-18.yaml")
    assert len(old.cards) == 74
    card = old.card("abandoned-cart-reminder")
    assert (card.scope, card.privacy, card.source, card.personal_data) == (
        Scope.EXPERIENCE,
        "",
        "",
        True,
    )


def test_a_card_can_say_it_is_an_enabler_with_no_tactic():
    deck = load_deck_text(deck_yaml([recipe("sunset", tactic="enabler")]))
    tactic = deck.card("sunset").tactic
    assert tactic is Tactic.ENABLER and not tactic.is_strategy
    assert tactic.words == "Enabler (no tactic)"
    assert Tactic.C.words == "Tactic C: Some content recommended"


def test_enabler_is_not_a_strategy_tactic_of_the_maturity_model():
    assert [t.value for t in STRATEGY_TACTICS] == ["A", "B", "C", "D", "E"]


def test_a_misspelt_tactic_or_scope_is_a_located_error():
    text = deck_yaml([recipe("x", tactic="enabeler", scope="supply chain")])
    with pytest.raises(InputError) as e:
        load_deck_text(text, "d.yaml")
    fields = {p.field: p.message for p in e.value.problems}
    assert "enabler" in fields["cards[0].tactic"]
    assert "supply_chain" in fields["cards[0].scope"]
    assert all(p.line for p in e.value.problems)


def test_coverage_counts_the_test_fields_and_privacy_only_where_personal_data_is_used():
    deck = load_deck_text(
        deck_yaml(
            [
                recipe(
                    "full",
                    hypothesis="Because X, Y moves Z.",
                    primary_kpi="Z",
                    guardrails=["unsubscribes"],
                    source="sources/001",
                    privacy="Consent.",
                ),
                recipe("bare"),
                recipe("contextual", personal_data=False),
            ]
        )
    )
    cov = coverage(deck.cards)
    assert (cov.hypothesis, cov.primary_kpi, cov.guardrails, cov.source) == (1, 1, 1, 1)
    assert (cov.personal_data, cov.privacy, cov.missing_privacy) == (2, 1, ("bare",))
