"""The words the table, the summary and the phones use for blind scoring."""

from __future__ import annotations

from cvo_workshop.engine.summary import revote_words, scored_words, voting_words
from tests import workshop_fixtures as W


def _session(**overrides):
    s = W.session(blind=True, **overrides)
    s.open()
    return s


def test_scored_words_count_who_scored_out_of_everyone():
    s = _session()
    s.score("impact", 4, participant="Ben")
    assert scored_words(s.state, s.current) == "0 of 2 scored"  # one factor is not yet a vote
    s.score("confidence", 4, participant="Ben")
    s.score("ease", 4, participant="Ben")
    assert scored_words(s.state, s.current) == "1 of 2 scored"


def test_revote_words_say_once_twice_then_a_count():
    assert [revote_words(n) for n in range(4)] == [
        "",
        "re-voted once",
        "re-voted twice",
        "re-voted 3 times",
    ]


def test_voting_words_count_hidden_votes_without_a_value():
    s = _session()
    for key in ("impact", "confidence", "ease"):
        s.score(key, 7, participant="Ana")
    assert voting_words(s.state, s.current) == "1 scored, hidden"


def test_voting_words_give_the_agreement_once_revealed():
    s = _session()
    s.score("impact", 7, participant="Ana")
    s.score("impact", 7, participant="Ben")
    s.reveal()
    assert voting_words(s.state, s.current) == "agreement: unanimous"


def test_voting_words_are_empty_for_a_draw_nobody_scored_alone():
    s = _session()
    s.score("impact", 7)  # the room's consensus: no agreement to speak of
    assert voting_words(s.state, s.current) == ""
