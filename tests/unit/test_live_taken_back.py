"""Taking back "already live" (Session.take_back_live, the `live_taken_back` event):
the card leaves the live list and a draw closed as live is open again."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import summary
from cvo_workshop.model.workshop import Decision, LiveTakenBack
from tests import workshop_fixtures as W

TITLES = {c.id: c.title for c in W.deck().cards}


def _said_live():
    """Draw 1 said live at the table, draw 2 on the table."""
    s = W.session()
    s.open()
    s.already_live()
    return s, s.state.draws[0].card


def test_taking_back_already_live_opens_the_draw_and_takes_the_card_off_the_live_list():
    s, card = _said_live()
    s.take_back_live(card.id)
    assert s.setup.live == [] and not s.state.draws[0].live
    assert s.state.counts()["live"] == 0 and s.state.counts()["undecided"] == 2
    s.decide(Decision.ACCEPTED)  # draw 2, on the table
    assert s.current.number == 1  # draw 1 is back on the table, to be decided
    s.decide(Decision.ACCEPTED)
    assert s.state.draws[0].decision is Decision.ACCEPTED


def test_taking_back_already_live_is_one_step_undone_and_redone():
    s, card = _said_live()
    s.take_back_live(card.id)
    assert s.undo() == f"“already live” taken back for “{card.title}”"
    assert s.setup.live == [card.id] and s.state.draws[0].live
    assert s.redo() == f"“already live” taken back for “{card.title}”"
    assert s.setup.live == [] and not s.state.draws[0].live
    s.undo()
    assert s.undo() == "“already live” on draw 1"
    assert s.setup.live == [] and len(s.state.draws) == 1


def test_a_card_ticked_at_setup_is_taken_back_in_its_place_on_undo():
    s = W.session(live=["abandoned-cart-reminder", "welcome-series"])
    s.open()
    s.take_back_live("abandoned-cart-reminder")
    assert s.setup.live == ["welcome-series"]
    s.undo()
    assert s.setup.live == ["abandoned-cart-reminder", "welcome-series"]


def test_a_card_not_live_cannot_be_taken_back():
    s = W.session()
    s.open()
    with pytest.raises(SessionError, match="is not already live"):
        s.take_back_live(s.current.card.id)
    assert not any(isinstance(e, LiveTakenBack) for e in s.events)


def test_the_journal_holds_it_and_folds_back_the_same():
    s, card = _said_live()
    s.take_back_live(card.id)
    assert s.events[-1] == LiveTakenBack(at=s.events[-1].at, card=card.id)
    again = fold(s.setup_at_start, s.events)
    assert again.setup.live == [] and again.draws == s.state.draws


def test_the_summary_and_the_backlog_no_longer_list_a_card_taken_back():
    s, card = _said_live()
    s.take_back_live(card.id)
    data = summary(s.state, titles=TITLES)
    assert data["live"] == [] and data["draws"][0]["live"] is False
    assert data["counts"]["live"] == 0
    assert s.backlog().live == []
