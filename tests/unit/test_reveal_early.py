"""A reveal before everyone has scored: the rest of each vote can still be given."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import voters
from tests.unit.test_undo_by_source import phone_vote, session


def test_after_an_early_reveal_a_phone_gives_the_factors_still_to_go():
    s = session(blind=True)
    phone_vote(s, "Ana", "impact", 7)
    s.reveal()
    phone_vote(s, "Ana", "confidence", 5)
    phone_vote(s, "Ana", "ease", 3)
    phone_vote(s, "Ben", "impact", 2)
    assert s.current.by_participant == {
        "Ana": {"impact": 7.0, "confidence": 5.0, "ease": 3.0},
        "Ben": {"impact": 2.0},
    }
    assert voters(s.state, s.current) == ["Ana"]


def test_after_the_reveal_a_phone_cannot_change_or_clear_a_value_shown():
    s = session(blind=True)
    phone_vote(s, "Ana", "impact", 7)
    s.reveal()
    for value in (2, None):
        with pytest.raises(SessionError, match="your Impact is shown already"):
            phone_vote(s, "Ana", "impact", value)
    assert s.current.votes == {"Ana": {"impact": 7.0}}


def test_the_facilitator_still_changes_a_value_shown_for_anyone():
    s = session(blind=True)
    phone_vote(s, "Ana", "impact", 7)
    s.reveal()
    s.score("impact", 6, participant="Ana")
    assert s.current.votes == {"Ana": {"impact": 6.0}}
