"""The workshop state as a fold of events: undo, redo, rounds and clocks."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvo_workshop.engine.fold import FoldError, fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.model.card import Kind
from cvo_workshop.model.workshop import Decision, Scored
from tests import workshop_fixtures as W


def content(state):
    # The dealt-card index too: the next deal depends on it. And the extra time given
    # (x, X): each is a step of its own.
    dealt = frozenset(state._dealt)
    extra = (dict(state.time.draw_extra), dict(state.time.round_extra))
    return (list(state.draws), state.round, state.ended, state.setup.participants, dealt, extra)


def test_undo_and_redo_step_over_a_decision_and_its_deal():
    s = W.session()
    s.open()
    first = s.current
    s.decide(Decision.ACCEPTED)
    assert len(s.state.draws) == 2
    assert s.undo() == "accepted draw 1"
    assert len(s.state.draws) == 1 and s.current == first
    assert s.redo() == "accepted draw 1"
    assert s.state.draws[0].decision is Decision.ACCEPTED and len(s.state.draws) == 2


def test_a_new_action_clears_what_could_be_redone():
    s = W.session()
    s.open()
    s.score("impact", 5)
    s.undo()
    assert s.can_redo
    s.score("impact", 6)
    assert not s.can_redo and s.redo() is None


def test_the_first_deal_cannot_be_undone():
    s = W.session()
    s.open()
    assert not s.can_undo and s.undo() is None
    assert s.current is not None


def test_undo_crosses_rounds():
    s = W.session(cards_per_round=1)
    s.open()
    s.decide(Decision.ACCEPTED)
    assert s.round_complete
    s.next_round()
    assert s.state.round == 2 and s.current.card.kind is Kind.CUSTOMIZATION
    s.decide(Decision.PARKED)
    s.undo()
    s.undo()
    assert s.state.round == 1 and s.round_complete
    s.undo()
    assert s.current.number == 1 and s.current.decision is None


def test_scores_per_participant_and_consensus_are_kept_apart():
    s = W.session()
    s.open()
    s.score("impact", 8, participant="Ana")
    s.score("impact", 2, participant="Ben")
    s.score("ease", 5)
    d = s.current
    assert d.by_participant == {"Ana": {"impact": 8}, "Ben": {"impact": 2}}
    assert d.consensus == {"ease": 5}
    team = d.team_score(s.setup)
    assert team.factors()["impact"] == 5 and team.disagreements() == ("impact",)
    s.score("impact", None, participant="Ana")
    assert "Ana" not in s.current.by_participant  # a cleared vote: as if not voted


def test_undoing_a_cleared_value_puts_it_back_in_its_place():
    s = W.session()
    s.open()
    s.score("impact", 3, participant="Ana")
    s.score("impact", 4, participant="Ben")
    s.score("ease", 5)
    s.score("impact", 6)
    s.score("impact", None, participant="Ana")
    s.undo()
    s.score("ease", None)
    s.undo()
    assert s.current.gave == ("Ana", "Ben")
    assert list(s.current.by_participant) == ["Ana", "Ben"]
    assert list(s.current.consensus) == ["ease", "impact"]


def test_a_wildcard_goes_on_the_table_before_the_dealt_card():
    s = W.session()
    s.open()
    dealt = s.current
    w = s.add_wildcard("Text the courier's arrival time", Kind.AUTOMATION)
    assert s.current == w and w.wildcard and w.card.id == "wild-1" and w.cohort == dealt.cohort
    s.decide(Decision.ACCEPTED)
    assert s.current.number == dealt.number
    assert s.state.dealt_in_round() == 1


def test_a_card_paired_again_is_a_new_draw_that_does_not_use_up_the_round():
    s = W.session(cards_per_round=2)
    s.open()
    first = s.current
    others = s.unpaired_cohorts()
    assert first.cohort not in {c.id for c in others} and len(others) == 3
    again = s.pair_again(others[0].id)
    assert s.current == again and again.number == 2 and again.again
    assert (again.card, again.cohort) == (first.card, others[0].id)
    assert s.state.dealt_in_round() == 1 and s.state.was_dealt(first.card.id)
    with pytest.raises(SessionError, match="already paired with"):
        s.pair_again(others[0].id)
    with pytest.raises(SessionError, match="already paired with"):
        s.pair_again(first.cohort, draw=first.number)
    s.decide(Decision.ACCEPTED)  # the second pairing; the first is back on the table
    assert s.current == first
    s.decide(Decision.ACCEPTED)  # and the round's second card is dealt
    assert s.state.dealt_in_round() == 2 and s.current.card != first.card
    assert s.describe(s.events[2]) == f"pairing draw 1 with {others[0].name}"
    # Undo takes the pairing off without forgetting the first card was dealt.
    while s.undo():
        pass
    assert len(s.state.draws) == 1 and s.state.was_dealt(first.card.id)
    assert content(fold(s.setup_at_start, s.events)) == content(s.state)


def test_events_that_do_not_fit_are_refused_before_they_are_written():
    written = []
    s = W.session(sink=written.append)
    s.open()
    n = len(written)
    with pytest.raises(SessionError):
        s.score("reach", 5)  # not an ICE factor
    with pytest.raises(SessionError):
        s.score("impact", 11)
    with pytest.raises(SessionError):
        s.decide(Decision.ACCEPTED, draw=9)
    with pytest.raises(SessionError):
        s.score("impact", 3, participant="Zed")
    assert len(written) == n


def test_fold_names_the_event_that_does_not_fit():
    s = W.session()
    s.open()
    bad = Scored(at=W.T0, draw=5, factors={"impact": 3})
    with pytest.raises(FoldError) as e:
        fold(s.setup_at_start, [*s.events, bad])
    assert e.value.index == len(s.events) and "no draw 5" in e.value.message


def test_clocks_leave_out_pauses_and_time_while_closed():
    clock = W.FakeClock()
    s = W.session(clock=clock)
    s.open()
    clock.advance(60)
    assert s.state.draw_elapsed(s.now()) == 60
    s.toggle_timer()
    clock.advance(300)
    assert s.state.draw_elapsed(s.now()) == 60
    s.toggle_timer()
    clock.advance(30)
    s.decide(Decision.ACCEPTED)  # a new draw: its clock starts at zero
    clock.advance(10)
    assert s.state.draw_elapsed(s.now()) == 10
    assert s.state.round_elapsed(s.now()) == 100
    # closed for a day, then opened again: the gap does not count
    events = list(s.events)
    clock.advance(86_400)
    again = W.session(events, clock=clock)
    again.open()
    clock.advance(5)
    assert again.state.round_elapsed(again.now()) == pytest.approx(95)


def test_workshop_time_stops_when_the_workshop_ends_and_goes_on_if_undone():
    clock = W.FakeClock()
    s = W.session(clock=clock)
    s.open()
    clock.advance(600)
    s.finish()
    clock.advance(7_200)  # the app left open over lunch, or the file read next week
    assert s.state.elapsed(s.now()) == 600 == s.state.elapsed()
    s.toggle_timer()  # pausing and reopening an ended workshop change nothing
    clock.advance(60)
    s.open()
    assert s.state.elapsed(s.now()) == 600
    assert fold(s.setup_at_start, s.events).elapsed() == 600
    s.toggle_timer()
    s.undo()  # the end taken back: time goes on from the undo
    clock.advance(30)
    assert s.state.elapsed(s.now()) == 630


def test_undo_gives_a_draw_and_a_round_back_their_clocks_where_they_were():
    clock = W.FakeClock()
    s = W.session(clock=clock, cards_per_round=1)
    s.open()
    clock.advance(24)
    s.score("impact", 5)
    s.decide(Decision.PARKED)
    clock.advance(6)  # the round is done: no card on the table
    s.next_round()
    clock.advance(10)
    assert s.state.draw_elapsed(s.now()) == 10 == s.state.round_elapsed(s.now())
    s.undo()  # back in round 1, which had 30 seconds
    assert s.state.round_elapsed(s.now()) == 30
    s.undo()  # the decision taken back: draw 1 is on the table again, at 24 seconds
    assert s.state.draw_elapsed(s.now()) == 24
    clock.advance(5)
    assert s.state.draw_elapsed(s.now()) == 29 and s.state.round_elapsed(s.now()) == 35
    assert fold(s.setup_at_start, s.events).draw_elapsed(s.now()) == 29  # resumed: the same
    s.redo()
    s.redo()  # round 2 again, with the same card on the table: its 10 seconds too
    assert s.state.draw_elapsed(s.now()) == 10 == s.state.round_elapsed(s.now())
    s.decide(Decision.SKIPPED)
    s.next_round()  # a new round and card: from zero
    assert s.state.draw_elapsed(s.now()) == 0 == s.state.round_elapsed(s.now())


def test_extending_adds_to_the_current_draw_and_round_budgets():
    s = W.session(draw_seconds=120, round_seconds=600)
    s.open()
    s.extend("draw", 60)
    s.extend("round", 300)
    assert s.state.draw_budget() == 180 and s.state.round_budget() == 900
    s.decide(Decision.SKIPPED)
    assert s.state.draw_budget() == 120


def test_extra_time_belongs_to_the_draw_it_was_given_to_not_to_its_number():
    clock = W.FakeClock()
    s = W.session(clock=clock, draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)  # draw 2 on the table
    s.extend("draw", 60)
    assert s.state.draw_budget() == 180
    s.undo()  # the extra time
    s.undo()  # draw 2 taken back: draw 1 is on the table, with its own time
    assert s.state.current.number == 1 and s.state.draw_budget() == 120
    s.add_wildcard("Our own idea", Kind.AUTOMATION)  # a new draw 2: its own normal time
    assert s.state.current.number == 2 and s.state.current.wildcard
    assert s.state.draw_budget() == 120
    assert fold(s.setup_at_start, s.events).draw_budget() == 120  # resumed: the same
    s.undo()
    s.redo()  # the same wildcard back on the table: still no extra time
    assert s.state.draw_budget() == 120


def test_a_draw_back_on_the_table_after_an_undo_has_its_extra_time_again():
    s = W.session(draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)
    s.extend("draw", 60)
    s.undo()  # the extra time
    s.undo()  # draw 2
    s.redo()  # draw 2 again, the same card against the same cohort
    assert s.state.current.number == 2 and s.state.draw_budget() == 120
    s.redo()  # and its extra time
    assert s.state.draw_budget() == 180
    assert fold(s.setup_at_start, s.events).draw_budget() == 180


@pytest.mark.parametrize("put_back", ["wildcard", "paired again"])
def test_a_draw_put_back_under_the_number_of_an_undone_one_starts_its_own_clock(put_back):
    """A wildcard's card id is its number's ("wild-2"), and a card paired again is
    the same card: neither tells two draws apart; the event that dealt them does."""
    clock = W.FakeClock()
    s = W.session(clock=clock, draw_seconds=120)
    s.open()

    def put() -> None:
        if put_back == "wildcard":
            s.add_wildcard("Our own idea", Kind.AUTOMATION)
        else:
            s.pair_again(s.unpaired_cohorts()[0].id)

    put()
    clock.advance(30)
    s.extend("draw", 60)
    assert s.state.draw_elapsed(s.now()) == 30 and s.state.draw_budget() == 180
    s.undo()  # the extra time
    s.undo()  # the draw put back
    put()  # the same number again, as a new draw
    for state in (s.state, fold(s.setup_at_start, s.events)):  # live, and resumed
        assert state.draw_budget() == 120
        assert state.draw_elapsed(s.now()) == 0
    s.undo()
    s.redo()  # the same draw back: its own clock again, from where it was
    assert s.state.draw_budget() == 120 and s.state.draw_elapsed(s.now()) == 0


# --- the property: undo to the start and redo to the end ---------------------

OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("score"),
            st.sampled_from(["impact", "confidence", "ease"]),
            st.integers(1, 10),
            st.sampled_from([None, "Ana", "Ben", "Dana"]),
        ),
        st.tuples(st.just("join"), st.sampled_from(["Dana", "Eve"])),
        st.tuples(st.just("decide"), st.sampled_from(list(Decision))),
        st.tuples(st.just("note"), st.text(max_size=20)),
        st.tuples(st.just("wildcard"), st.sampled_from(list(Kind))),
        st.tuples(st.just("pair"), st.integers(0, 3)),
        st.tuples(st.just("next_round")),
        st.tuples(st.just("finish")),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
        st.tuples(st.just("timer")),
        st.tuples(st.just("extend"), st.sampled_from(["draw", "round"])),
    ),
    max_size=60,
)


def run(s, ops):
    for op in ops:
        try:
            match op[0]:
                case "score":
                    s.score(op[1], op[2], participant=op[3])
                case "decide":
                    s.decide(op[1])
                case "note":
                    s.note(op[1])
                case "wildcard":
                    s.add_wildcard("Our own idea", op[1])
                case "next_round":
                    s.next_round()
                case "finish":
                    s.finish()
                case "undo":
                    s.undo()
                case "redo":
                    s.redo()
                case "join":
                    s.add_participant(op[1])
                case "pair":
                    s.pair_again(s.setup.cohorts[op[1]].id)
                case "timer":
                    s.toggle_timer()
                case "extend":
                    s.extend(op[1], 60 if op[1] == "draw" else 600)
        except SessionError:
            pass  # e.g. nothing on the table; the session refused it, nothing written


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_undo_to_the_start_and_redo_to_the_end_gives_back_the_same_state(ops):
    s = W.session(cards_per_round=3)
    s.open()
    start = copy.deepcopy(content(s.state))
    run(s, ops)
    # What the live session holds is what a fresh fold of its events gives.
    assert content(fold(s.setup_at_start, s.events)) == content(s.state)
    while s.redo():
        pass
    end = copy.deepcopy(content(s.state))
    while s.undo():
        pass
    assert content(s.state) == start
    while s.redo():
        pass
    assert content(s.state) == end
    assert content(fold(s.setup_at_start, s.events)) == end


def test_who_cannot_join_is_said_before_anyone_joins():
    """P on the table checks everyone typed first: nobody joins unless all can."""
    from cvo_workshop.engine.setup import parse_participants

    s = W.session()  # Ana and Ben
    s.open()

    def problem(text: str) -> str | None:
        return s.joining_problem(parse_participants(text))

    assert problem("Dana (Finance), Eli") is None
    assert problem("Dana, Ben") == "Ben is already a participant"
    assert problem("ＡＮＡ") == "ＡＮＡ is the same name as Ana, who is already a participant"
    assert problem("Dana, Dana") == "Dana is given twice"
    assert problem("Dana, DANA") == "Dana and DANA are the same name"
    assert problem(", ".join(f"P{i}" for i in range(49))) == "at most 50 participants"
    assert [p.name for p in s.setup.participants] == ["Ana", "Ben"]


def test_someone_joins_scores_for_themselves_and_undo_takes_them_out_again():
    s = W.session()
    s.open()
    with pytest.raises(SessionError, match="not a participant"):
        s.score("impact", 7, participant="Dana")
    s.add_participant("Dana", "Finance")
    assert [p.name for p in s.setup.participants] == ["Ana", "Ben", "Dana"]
    s.score("impact", 7, participant="Dana")
    assert s.current.by_participant["Dana"] == {"impact": 7}
    with pytest.raises(SessionError) as taken:
        s.add_participant("dana")
    assert str(taken.value) == "dana is the same name as Dana, who is already a participant"
    with pytest.raises(SessionError, match=r"too long \(301 characters; at most 300\)"):
        s.add_participant("D" * 301)
    with pytest.raises(SessionError, match="must be one line"):
        s.add_participant("Dana\nSmith")
    # The whole history folds back to the same room.
    again = fold(s.setup_at_start, s.events)
    assert again.setup.participants == s.setup.participants
    assert s.undo() == "Impact on draw 1 by Dana"
    assert s.undo() == "Dana joining"
    assert [p.name for p in s.setup.participants] == ["Ana", "Ben"]
    with pytest.raises(SessionError, match="not a participant"):
        s.score("impact", 7, participant="Dana")
    assert s.redo() == "Dana joining" and s.setup.participants[-1].role == "Finance"
