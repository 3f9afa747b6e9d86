"""Whose votes count: on a draw not decided yet, only the participants'. The vote of
a name that is no longer one (removed, or its add undone) is set aside there: not in
the median, the score, who has scored, the table, the phones, the summary or the
exports; it counts again if the name comes back while the draw is open. A draw
decided before someone left keeps their vote, as the room decided on it."""

from __future__ import annotations

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.summary import draw_scores, present_voters, summary, voters
from cvo_workshop.model.workshop import Decision, Participant, ParticipantLeft, Revealed
from tests import workshop_fixtures as W


def session(**overrides):
    s = W.session(**overrides)
    s.open()
    return s


def vote(s, name, value):
    for key in ("impact", "confidence", "ease"):
        s.score(key, value, participant=name, from_phone=True)


def medians(s, draw=None):
    d = draw or s.current
    return d.team_score(s.setup).factors()


def test_an_undone_add_sets_the_persons_vote_aside_and_a_redo_counts_it_again():
    s = session()
    vote(s, "Ana", 2)
    s.add_participant("Dana")
    vote(s, "Dana", 8)
    assert medians(s)["impact"] == 5.0
    assert s.undo() == "Dana joining"
    cur = s.current
    assert cur.votes["Dana"]["impact"] == 8.0  # kept on the draw, not cleared
    assert medians(s)["impact"] == 2.0  # but it no longer counts
    assert list(cur.by_participant) == ["Ana"]
    assert voters(s.state, cur) == ["Ana"] and present_voters(s.state, cur) == ["Ana"]
    shown = draw_scores(s.state, cur)
    assert list(shown["participants"]) == ["Ana"] and shown["voters"] == ["Ana"]
    assert s.redo() == "Dana joining"
    assert list(s.current.by_participant) == ["Ana", "Dana"]
    assert medians(s)["impact"] == 5.0


def test_a_phone_joining_under_a_look_alike_name_counts_as_itself_only():
    s = session()
    s.add_participant("Dana")
    vote(s, "Dana", 8)
    s.undo()
    s.add_participant("dana", from_phone=True)  # the same name to the room, another phone
    vote(s, "dana", 2)
    vote(s, "Ana", 2)
    assert list(s.current.by_participant) == ["dana", "Ana"]
    assert medians(s)["impact"] == 2.0


def test_a_removed_persons_vote_on_the_open_draw_is_set_aside_and_an_undo_counts_it_again():
    s = session()
    vote(s, "Ana", 2)
    vote(s, "Ben", 8)
    s.remove_participant("Ben")
    assert list(s.current.by_participant) == ["Ana"]
    assert medians(s)["impact"] == 2.0
    s.add_participant("Ｂｅｎ", from_phone=True)  # someone new, Ben to the room
    vote(s, "Ｂｅｎ", 6)
    assert list(s.current.by_participant) == ["Ana", "Ｂｅｎ"]  # one Ben, not two
    s.undo()  # changes nothing: Ｂｅｎ keeps the name, Ben's vote stays aside
    assert list(s.current.by_participant) == ["Ana", "Ｂｅｎ"]


def test_an_undone_removal_counts_the_vote_again():
    s = session()
    vote(s, "Ben", 8)
    s.remove_participant("Ben")
    assert s.current.by_participant == {}
    s.undo()
    assert list(s.current.by_participant) == ["Ben"]


def test_a_draw_decided_before_someone_left_keeps_their_vote():
    s = session()
    vote(s, "Ana", 2)
    vote(s, "Ben", 8)
    s.decide(Decision.ACCEPTED)
    s.remove_participant("Ben")
    first = s.state.draws[0]
    assert list(first.by_participant) == ["Ana", "Ben"]
    assert medians(s, first)["impact"] == 5.0
    assert voters(s.state, first) == ["Ana", "Ben"]
    data = summary(s.state)["draws"][0]["scores"]
    assert list(data["participants"]) == ["Ana", "Ben"]


def test_a_draw_decided_after_someone_left_is_decided_and_kept_without_their_vote():
    s = session()
    vote(s, "Ana", 2)
    vote(s, "Ben", 8)
    s.remove_participant("Ben")
    s.decide(Decision.ACCEPTED)
    first = s.state.draws[0]
    assert list(first.by_participant) == ["Ana"] and medians(s, first)["impact"] == 2.0
    s.add_participant("Ben", from_phone=True)  # back after the decision: it stays as decided
    assert list(s.state.draws[0].by_participant) == ["Ana"]
    # The backlog and its exports read the same scores.
    item = next(i for i in s.backlog().items if i.draws == [1])
    assert item.score == 2.0  # ICE: (2 + 2 + 2) / 3


def test_the_file_folds_back_the_same():
    s = session()
    vote(s, "Ben", 8)
    s.add_participant("Dana")
    vote(s, "Dana", 3)
    s.remove_participant("Ben")
    s.undo()
    s.undo()
    s.decide(Decision.PARKED)
    again = fold(s.setup_at_start, s.events)
    assert again.draws == s.state.draws
    assert list(again.draws[0].by_participant) == ["Ben"]


def test_a_file_from_before_that_revealed_only_a_removed_persons_vote_still_reads():
    # Written when a removed person's vote still counted: the reveal then fitted.
    setup = W.setup(blind=True)
    s = W.Session(setup, W.deck().cards, clock=W.FakeClock())
    s.open()
    vote(s, "Ben", 8)
    events = [
        *s.events,
        ParticipantLeft(at=W.T0, name="Ben"),
        Revealed(at=W.T0, draw=1),
    ]
    state = fold(setup, events)
    assert state.draws[0].revealed and state.draws[0].by_participant == {}
    assert [p.name for p in state.setup.participants] == ["Ana"]
    assert Participant(name="Ben") not in state.setup.participants
