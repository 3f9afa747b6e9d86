"""The recipe card on the table words its tactic, scope and test fields."""

from __future__ import annotations

from cvo_workshop.tui.widgets.card_view import recipe_content
from tests.export.decks import make_deck, recipe


def card(**fields):
    return make_deck([recipe("c", **fields)]).card("c")


def test_an_enabler_is_worded_as_such_with_its_scope():
    text = recipe_content(card(tactic="enabler", scope="supply_chain")).plain
    assert "Enabler (no tactic)" in text and "Scope: Supply chain" in text
    assert "Tactic" not in text


def test_a_strategy_tactic_keeps_its_letter_and_the_default_scope_is_not_shown():
    text = recipe_content(card(tactic="D")).plain
    assert "Tactic D: Content adapted to behaviour and profile" in text
    assert "Scope" not in text


def test_hypothesis_kpi_guardrails_privacy_and_source_are_shown_literally():
    text = recipe_content(
        card(
            hypothesis="Because [bold]X[/], Y moves.",
            primary_kpi="repeat rate",
            guardrails=["unsubscribes"],
            privacy="Consent <b>first</b>.",
            source="sources/001",
        )
    ).plain
    for shown in (
        "Hypothesis: Because [bold]X[/], Y moves.",
        "Primary KPI: repeat rate",
        "Guardrails: unsubscribes",
        "Privacy: Consent <b>first</b>.",
        "Source: sources/001",
    ):
        assert shown in text, shown
