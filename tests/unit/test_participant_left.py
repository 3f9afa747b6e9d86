"""A participant leaves (ParticipantLeft): the facilitator's action, undone by u.
They stop counting among those who score; what they scored stays on its draws."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.fold import FoldError, fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import everyone_scored, scored_words
from cvo_workshop.model.workshop import Decision, Participant, ParticipantLeft
from cvo_workshop.store.journal import Journal, read_journal
from tests import workshop_fixtures as W


def names(s):
    return [p.name for p in s.setup.participants]


def session(**overrides):
    s = W.session(**overrides)
    s.open()
    return s


def test_removing_a_name_takes_it_off_the_participants_and_keeps_their_votes():
    s = session()
    s.score("impact", 7, participant="Ana", from_phone=True)
    s.decide(Decision.ACCEPTED)
    s.score("impact", 3, participant="Ana", from_phone=True)
    s.remove_participant("Ana")
    assert names(s) == ["Ben"]
    first, second = s.state.draws[:2]
    assert first.decision is Decision.ACCEPTED and first.votes == {"Ana": {"impact": 7.0}}
    assert second.votes == {"Ana": {"impact": 3.0}}  # the open draw's vote stays too
    assert scored_words(s.state, second) == "0 of 1 scored"
    with pytest.raises(SessionError, match="not a participant"):
        s.score("impact", 5, participant="Ana", from_phone=True)


def test_undo_puts_them_back_in_their_place_and_redo_removes_them_again():
    s = session()
    s.add_participant("Cy")
    s.remove_participant("Ben")
    assert names(s) == ["Ana", "Cy"]
    assert s.undo() == "Ben leaving"
    assert names(s) == ["Ana", "Ben", "Cy"]
    assert [p.role for p in s.setup.participants] == ["CRM", "Data", None]
    assert s.redo() == "Ben leaving"
    assert names(s) == ["Ana", "Cy"]
    assert fold(s.setup_at_start, s.events).setup == s.setup


def test_an_unknown_name_is_refused_by_the_session_and_in_a_file():
    s = session()
    with pytest.raises(SessionError, match="'Zed' is not a participant"):
        s.remove_participant("Zed")
    s.remove_participant("Ana")
    with pytest.raises(SessionError, match="'Ana' is not a participant"):
        s.remove_participant("Ana")  # not twice
    bad = [*s.events, ParticipantLeft(at=W.T0, name="Ana")]
    with pytest.raises(FoldError, match="'Ana' is not a participant"):
        fold(s.setup_at_start, bad)


def test_the_file_reads_back_the_same(tmp_path):
    path = tmp_path / "w.cvows"
    s = W.session(sink=Journal.create(path, W.setup()).append)
    s.open()
    s.score("impact", 4, participant="Ben", from_phone=True)
    s.remove_participant("Ben")
    s.undo()
    s.redo()
    loaded = read_journal(path)
    again = fold(loaded.setup, loaded.events)
    assert again.setup == s.setup and again.draws == s.state.draws
    assert [p.name for p in again.setup.participants] == ["Ana"]


def test_everyone_left_having_scored_is_everyone_scored():
    s = session()
    for key in ("impact", "confidence", "ease"):
        s.score(key, 6, participant="Ana", from_phone=True)
    cur = s.current
    assert cur is not None and not everyone_scored(s.state, cur)  # Ben has not
    s.remove_participant("Ben")
    assert everyone_scored(s.state, s.current)


def test_the_same_name_can_join_again_and_undoing_the_removal_then_keeps_one():
    s = session()
    s.remove_participant("Ben")
    s.add_participant("Ben", from_phone=True)  # back, as someone new
    assert names(s) == ["Ana", "Ben"]
    # Neither the undo nor the redo changes anything, and each says so.
    unchanged = "Ben leaving (nothing to change: a phone has joined as Ben since, and keeps it)"
    assert s.undo() == unchanged
    assert names(s) == ["Ana", "Ben"]  # not twice
    assert s.redo() == unchanged
    assert names(s) == ["Ana", "Ben"]  # they came back: the redo leaves them
    assert fold(s.setup_at_start, s.events).setup == s.setup


def test_an_undone_removal_a_phone_has_taken_the_name_of_names_it_as_the_phone_did():
    s = session()
    s.remove_participant("Ben")
    s.add_participant("ben", from_phone=True)
    assert s.next_undo() == (
        "Ben leaving (nothing to change: a phone has joined as ben since, and keeps it)"
    )


def test_a_removal_undone_with_the_name_free_says_nothing_more():
    s = session()
    s.remove_participant("Ben")
    assert s.undo() == "Ben leaving"
    assert s.redo() == "Ben leaving"
    assert names(s) == ["Ana"]


def test_an_undone_removal_a_look_alike_name_has_taken_since_changes_nothing():
    s = session()
    s.remove_participant("Ben")
    s.add_participant("Ｂｅｎ", from_phone=True)  # full-width: the same name to the room
    assert s.undo() == (
        "Ben leaving (nothing to change: a phone has joined as Ｂｅｎ since, and keeps it)"
    )
    assert names(s) == ["Ana", "Ｂｅｎ"]
    assert s.redo() is None  # Ben is not a participant to remove again
    assert names(s) == ["Ana", "Ｂｅｎ"]
    assert fold(s.setup_at_start, s.events).setup == s.setup


def test_a_redo_of_a_removal_a_look_alike_name_has_taken_since_says_why_it_does_nothing():
    s = session()
    s.remove_participant("Ben")
    s.add_participant("Ｂｅｎ", from_phone=True)
    s.undo()
    written = len(s.events)
    assert s.redo_refused() == (
        "Nothing to redo: Ben leaving no longer fits "
        "(a phone has joined as Ｂｅｎ since, and keeps the name)"
    )
    assert s.redo() is None and len(s.events) == written  # nothing in the file


def test_an_undone_add_is_not_redone_over_a_look_alike_name_that_joined_since():
    s = session()
    s.add_participant("Dana")
    assert s.undo() == "Dana joining"
    s.add_participant("Ｄａｎａ", from_phone=True)
    assert s.next_redo() is None and s.redo() is None
    assert names(s) == ["Ana", "Ben", "Ｄａｎａ"]
    assert s.redo_refused() == (
        "Nothing to redo: Dana joining no longer fits "
        "(a phone has joined as Ｄａｎａ since, and keeps the name)"
    )


def test_a_redo_that_fits_or_nothing_undone_is_not_refused():
    s = session()
    assert s.redo_refused() is None  # nothing undone
    s.remove_participant("Ben")
    s.undo()
    assert s.redo_refused() is None and s.next_redo() == "Ben leaving"


def test_in_a_file_from_before_two_look_alike_people_an_undone_removal_brings_one_back():
    # Written before look-alike names were one name: Ben and Ｂｅｎ are two people.
    people = [Participant(name=n) for n in ("Ana", "Ben", "Ｂｅｎ")]
    setup = W.setup().model_copy(update={"participants": people})
    s = W.Session(setup, W.deck().cards, clock=W.FakeClock())
    s.open()
    s.remove_participant("Ben")
    assert s.undo() == "Ben leaving"
    assert names(s) == ["Ana", "Ben", "Ｂｅｎ"]
