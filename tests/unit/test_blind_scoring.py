"""Blind scoring: participants' values stay hidden until the facilitator reveals them."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.setup import SetupRequest
from cvo_workshop.engine.summary import summary
from cvo_workshop.engine.team_scores import Agreement
from cvo_workshop.model.workshop import Decision, Participant
from tests import workshop_fixtures as W


def blind_session(**overrides):
    s = W.session(blind=True, **overrides)
    s.open()
    return s


def test_a_blind_draw_shows_who_scored_but_not_what():
    s = blind_session()
    s.score("impact", 9, participant="Ana")
    draw = s.current
    assert draw.hidden and draw.gave == ("Ana",)
    assert draw.by_participant == {}
    team = draw.team_score(s.setup)
    assert team.values("impact") == [] and team.factors()["impact"] is None


def test_reveal_shows_every_value_with_median_spread_and_agreement():
    s = blind_session()
    s.score("impact", 9, participant="Ana")
    s.score("impact", 3, participant="Ben")
    s.reveal()
    draw = s.current
    assert not draw.hidden
    assert draw.by_participant == {"Ana": {"impact": 9.0}, "Ben": {"impact": 3.0}}
    team = draw.team_score(s.setup)
    assert team.median("impact") == 6.0
    assert team.spread("impact") == (3.0, 9.0)
    assert team.agreement("impact") is Agreement.APART
    assert team.overall_agreement() is Agreement.APART


def test_agreement_words_follow_the_spread():
    s = blind_session()
    s.score("impact", 7, participant="Ana")
    s.score("impact", 7, participant="Ben")
    s.score("ease", 6, participant="Ana")
    s.score("ease", 8, participant="Ben")
    s.reveal()
    team = s.current.team_score(s.setup)
    assert team.agreement("impact") is Agreement.UNANIMOUS
    assert team.agreement("ease") is Agreement.CLOSE
    assert team.agreement("confidence") is None
    assert team.overall_agreement() is Agreement.CLOSE


def test_a_revote_clears_the_votes_and_hides_again():
    s = blind_session()
    s.score("impact", 9, participant="Ana")
    s.reveal()
    s.revote()
    draw = s.current
    assert draw.gave == () and draw.revotes == 1 and not draw.revealed
    s.score("impact", 4, participant="Ben")
    assert s.current.hidden


def test_a_revote_keeps_the_rooms_consensus_values():
    s = blind_session()
    s.score("ease", 3)
    s.score("impact", 9, participant="Ana")
    s.revote()
    assert s.current.consensus == {"ease": 3.0}


def test_reveal_and_revote_are_undone_and_redone_like_any_action():
    s = blind_session()
    s.score("impact", 9, participant="Ana")
    s.reveal()
    assert s.undo() == "reveal of draw 1's scores"
    assert s.current.hidden
    assert s.redo() == "reveal of draw 1's scores"
    s.revote()
    assert s.undo() == "re-vote on draw 1"
    assert s.current.by_participant == {"Ana": {"impact": 9.0}}


def test_undoing_a_revote_puts_the_votes_back_in_the_order_they_were_given():
    s = blind_session(
        participants=[Participant(name="Ana"), Participant(name="Ben"), Participant(name="Cy")]
    )
    for name, value in (("Ana", 3), ("Ben", 4), ("Cy", 5)):
        s.score("impact", value, participant=name)
        s.score("ease", value, participant=name)
        s.score("confidence", value, participant=name)
    s.reveal()
    shown = {n: {"impact": v, "ease": v, "confidence": v} for n, v in (("Ana", 3.0), ("Ben", 4.0))}
    shown["Cy"] = {"impact": 5.0, "ease": 5.0, "confidence": 5.0}
    s.revote()
    s.undo()
    for state in (s.state, fold(s.setup_at_start, s.events)):  # on screen, and resumed
        scores = summary(state)["draws"][0]["scores"]
        assert scores["voters"] == ["Ana", "Ben", "Cy"]
        assert [(k, list(v)) for k, v in scores["participants"].items()] == [
            (name, ["impact", "ease", "confidence"]) for name in shown
        ]
        assert state.draws[0].by_participant == shown


def test_deciding_a_draw_with_hidden_votes_reveals_them_first():
    s = blind_session()
    s.score("impact", 9, participant="Ana")
    s.decide(Decision.ACCEPTED)
    first = s.state.draws[0]
    assert first.revealed and first.by_participant == {"Ana": {"impact": 9.0}}
    assert [e.type for e in s.events[-3:-1]] == ["revealed", "decided"]


def test_reveal_is_refused_when_there_is_nothing_to_show():
    s = blind_session()
    with pytest.raises(SessionError, match="nobody has scored draw 1"):
        s.reveal()
    s.score("impact", 9, participant="Ana")
    s.reveal()
    with pytest.raises(SessionError, match="already shown"):
        s.reveal()


def test_reveal_is_refused_in_a_workshop_that_scores_openly():
    s = W.session()
    s.open()
    s.score("impact", 9, participant="Ana")
    assert s.current.by_participant == {"Ana": {"impact": 9.0}}
    with pytest.raises(SessionError, match="not hidden"):
        s.reveal()


def test_the_journal_folds_back_to_the_same_hidden_and_revealed_draws():
    s = blind_session(
        participants=[Participant(name="Ana"), Participant(name="Ben"), Participant(name="Cy")]
    )
    s.score("impact", 9, participant="Ana")
    s.reveal()
    s.revote()
    s.score("impact", 5, participant="Cy")
    again = fold(s.setup, list(s.events))
    draw = again.draws[0]
    assert draw.hidden and draw.gave == ("Cy",) and draw.revotes == 1


def test_new_workshops_score_blind_unless_asked_not_to():
    assert SetupRequest().blind is True
    assert W.setup().blind is False  # files written before blind scoring read as open
