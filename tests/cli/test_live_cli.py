"""`workshop new --live`: the cards the organization already runs, and `workshop summary`."""

from __future__ import annotations

import json

from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W


def test_new_with_live_cards_stores_them_in_the_workshop(cli, tmp_path, monkeypatch):
    from cvo_workshop.tui.app import WorkshopApp

    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)
    out = tmp_path / "live.workshop.jsonl"
    result = cli(
        "workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out,
        "--live", "welcome-series,abandoned-cart-reminder",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # In deck order, whatever order they were typed in.
    assert read_journal(out).setup.live == ["abandoned-cart-reminder", "welcome-series"]


def test_an_unknown_live_card_is_refused_naming_the_id_and_the_deck(cli, tmp_path, data_dir):
    out = tmp_path / "live.workshop.jsonl"
    result = cli(
        "workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out,
        "--live", "welcome-series,welcome-serie,zzz",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "--live: no card 'welcome-serie' in the deck 'Workshop test deck'; "
        "did you mean 'welcome-series'?",
        "--live: no card 'zzz' in the deck 'Workshop test deck'",
        "2 problems found.",
    ]
    assert not out.exists() and not (data_dir / "workshops").exists()


def _played_with_live(path):
    running = service.start(W.setup(live=["welcome-series"]), W.deck(), path, clock=W.FakeClock())
    said = running.session.current.card
    running.run(running.session.already_live)
    running.close()
    return said


def test_summary_lists_the_live_cards_and_where_they_were_said(cli, tmp_path):
    path = tmp_path / "p.workshop.jsonl"
    said = _played_with_live(path)
    result = cli("workshop", "summary", path)
    assert result.exit_code == 0
    out = result.output
    assert "1 undecided, 1 already live" in out
    assert "Already live" in out
    assert "Welcome series (ticked at setup)" in out
    assert f"{said.title} (said at draw 1)" in out


def test_summary_json_lists_the_live_cards(cli, tmp_path):
    path = tmp_path / "p.workshop.jsonl"
    said = _played_with_live(path)
    data = json.loads(cli("workshop", "summary", path, "--format", "json").output)
    assert [c["card"] for c in data["live"]] == ["welcome-series", said.id]
    assert data["draws"][0]["live"] is True


def test_summary_says_which_scores_are_still_prefilled_and_from_what(cli, tmp_path):
    import datetime as dt

    from cvo_workshop.model.grooming import Outcome, PastResult, TestResult

    path = tmp_path / "p.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    card = s.current.card.id
    held = dt.date(2025, 1, 10)
    result = TestResult(outcome=Outcome.WON)
    s.know_past({card: [PastResult(card=card, title="x", workshop="a", held=held, result=result)]})
    running.run(s.score, "impact", 7)
    running.close()
    out = cli("workshop", "summary", path).output
    assert "Confidence pre-filled from the past result: won (10 Jan 2025)" in " ".join(out.split())
