"""Blind scoring from the command line: `workshop new --open-scoring`, and what
`workshop summary` says of reveals and re-votes (never a hidden value)."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from tests import workshop_fixtures as W


@pytest.fixture
def voted(tmp_path):
    """A blind workshop: draw 1 re-voted once, then decided (which reveals);
    draw 2 scored by Ana alone, hidden."""
    path = tmp_path / "b.workshop.jsonl"
    running = service.start(W.setup(blind=True), W.deck(), path, clock=W.FakeClock())
    s = running.session
    running.run(s.score, "impact", 9, participant="Ana")
    running.run(s.score, "impact", 2, participant="Ben")
    running.run(s.revote)
    running.run(s.score, "impact", 5, participant="Ana")
    running.run(s.score, "impact", 6, participant="Ben")
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.score, "impact", 8, participant="Ana")
    running.run(s.score, "confidence", 3, participant="Ana")
    running.run(s.score, "ease", 4, participant="Ana")
    running.run(s.score, "impact", 7, participant="Ben")  # not yet a vote
    running.close()
    return path


def _new(cli, tmp_path, monkeypatch, *args):
    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)
    out = tmp_path / "new.workshop.jsonl"
    base = ["workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "--seed", "7"]
    result = cli(*base, "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    return read_journal(out).setup


def test_a_new_workshop_scores_blind(cli, tmp_path, monkeypatch):
    assert _new(cli, tmp_path, monkeypatch).blind is True


def test_open_scoring_shows_scores_as_typed(cli, tmp_path, monkeypatch):
    assert _new(cli, tmp_path, monkeypatch, "--open-scoring").blind is False


def test_summary_text_says_a_draw_was_re_voted_and_how_far_apart_the_room_was(
    cli, voted, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("workshop", "summary", voted)
    assert result.exit_code == 0
    assert "re-voted once; agreement: close" in result.output


def test_summary_text_counts_the_hidden_votes_of_an_undecided_draw(cli, voted, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("workshop", "summary", voted)
    undecided = result.output.split("Undecided")[1]
    assert "1 scored, hidden" in undecided
    assert "8" not in undecided  # Ana's impact


def test_summary_json_gives_who_scored_a_hidden_draw_and_none_of_their_values(cli, voted):
    result = cli("workshop", "summary", voted, "--format", "json")
    first, second = json.loads(result.output)["draws"]
    assert second["scores"]["hidden"] is True and second["scores"]["voters"] == ["Ana"]
    assert second["scores"]["participants"] == {} and second["scores"]["medians"] == {}
    assert second["scores"]["value"] is None and second["scores"]["agreement"] is None
    assert second["scores"]["voting"] == "1 scored, hidden"
    assert first["scores"]["participants"] == {"Ana": {"impact": 5}, "Ben": {"impact": 6}}
    assert (first["scores"]["revotes"], first["scores"]["agreement"]) == (1, "close")
