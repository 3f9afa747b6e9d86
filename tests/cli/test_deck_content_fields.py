"""`deck validate` and `deck show` with issue 18's fields, as a user runs them."""

from __future__ import annotations

from tests.conftest import DATA
from tests.export.decks import recipe, write_deck


def test_validate_reports_how_much_of_the_deck_is_test_ready(cli, tmp_path):
    deck = write_deck(
        tmp_path / "d.yaml",
        [
            recipe(
                "full",
                hypothesis="Because X, we expect Y.",
                primary_kpi="Y",
                guardrails=["unsubscribes"],
                source="sources/001",
                privacy="Consent.",
            ),
            recipe("bare"),
            recipe("contextual", personal_data=False, source="public practice"),
        ],
    )
    result = cli("deck", "validate", deck)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "hypothesis      1/3 cards" in out
    assert "source          2/3 cards" in out
    assert "privacy note    1/2 cards that use personal data" in out
    assert "1 card uses personal data but says no legal basis" in result.stderr
    assert "bare" in result.stderr and "contextual" not in result.stderr


def test_last_months_deck_is_valid_and_only_warned_about(cli):
    result = cli("deck", "validate", DATA / "core-deck-before-issue-18.yaml")
    assert result.exit_code == 0
    assert "hypothesis      0/74 cards" in result.stdout
    assert "74 cards use personal data but say no legal basis" in result.stderr


def test_the_builtin_deck_has_no_privacy_warning(cli):
    result = cli("deck", "validate")
    assert result.exit_code == 0
    assert "legal basis" not in result.stderr
    assert "enabler" in result.stdout and "Supply chain" in result.stdout


def test_show_words_an_enabler_and_prints_the_new_fields(cli):
    result = cli("deck", "show", "sunset-policy")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "tactic Enabler (no tactic)" in out
    for label in ("hypothesis", "primary KPI", "guardrails", "privacy", "source", "scope"):
        assert label in out, label


def test_show_words_a_strategy_tactic_by_letter_and_name(cli):
    out = " ".join(cli("deck", "show", "email-recommendations").stdout.split())
    assert "tactic Tactic C: Some content recommended" in out
