"""Workshop files written before "a card is new work or already live, not both"
(engine/fold.Folder._new_or_live) keep opening, and what they hold can still be
worked on: the rule refuses new actions only."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.engine.fold import Folder
from cvo_workshop.engine.session import SessionError
from cvo_workshop.model.workshop import Decision
from cvo_workshop.store.journal import journal_bytes
from tests import workshop_fixtures as W


@pytest.fixture
def before_the_rule(monkeypatch):
    """Sessions act as they did before the rule (what older files hold); the
    fixture's `undo()` puts the rule back."""
    monkeypatch.setattr(Folder, "_new_or_live", lambda self, event: None)
    return monkeypatch.undo


def test_a_redo_in_an_older_file_replays_what_the_rule_now_refuses(before_the_rule, cli, tmp_path):
    # Card said live on its second pairing, then accepted for the first: allowed
    # then. The file undid and redid the acceptance, then scored the card it dealt.
    s = W.session()
    s.open()
    s.pair_again(s.unpaired_cohorts()[0].id)
    s.already_live()  # on draw 2
    s.decide(Decision.ACCEPTED, draw=1)  # deals draw 3
    s.undo()
    s.redo()
    s.score("impact", 7)  # on draw 3
    before_the_rule()
    path = tmp_path / "old.workshop.jsonl"
    path.write_bytes(journal_bytes(s.setup_at_start, s.events))

    result = cli("workshop", "summary", path, "--format", "json")

    assert result.exit_code == 0, result.stderr
    draws = json.loads(result.output)["draws"]
    assert draws[0]["decision"] == "accepted" and draws[1]["live"] is True
    assert draws[2]["scores"]["factors"]["impact"] == 7


def test_a_redo_the_rule_refuses_is_still_not_offered_at_the_table():
    s = W.session()
    s.open()
    s.pair_again(s.unpaired_cohorts()[0].id)
    s.decide(Decision.ACCEPTED, draw=1)
    s.undo()
    s.already_live()  # draw 2 live: accepting draw 1 again would make the card both
    assert s.next_redo() is None and not s.can_redo
    assert s.redo() is None and s.state.draws[0].decision is None


def _live_and_decided(before_the_rule):
    """A session from an older file whose draw 1 is closed as live and then parked."""
    s = W.session()
    s.open()
    s.already_live()
    s.decide(Decision.PARKED, draw=1)
    before_the_rule()
    again = W.session(events=s.events)
    assert again.state.draws[0].live and again.state.draws[0].decision is Decision.PARKED
    return again


def test_a_draw_both_live_and_decided_in_an_older_file_can_be_decided_again(before_the_rule):
    s = _live_and_decided(before_the_rule)
    s.decide(Decision.REJECTED, "not for us", draw=1)
    assert s.state.draws[0].decision is Decision.REJECTED
    assert s.state.draws[0].reason == "not for us"
    s.undo()
    assert s.state.draws[0].decision is Decision.PARKED


def test_a_draw_closed_as_live_and_not_decided_is_still_refused_a_decision():
    s = W.session()
    s.open()
    s.already_live()
    with pytest.raises(SessionError, match="draw 1 is closed as already live"):
        s.decide(Decision.PARKED, draw=1)
