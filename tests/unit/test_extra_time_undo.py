"""Extra time (x, X on the table) is an undo step of its own; in files written
before it was one (no `step` on the event), it is not, and replays as it did."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.model.workshop import Decision, TimerExtended, Undone
from tests import workshop_fixtures as W


def test_u_right_after_x_takes_back_the_extra_time_not_the_step_before():
    s = W.session(draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)  # draw 2 on the table
    s.extend("draw", 120)
    assert s.state.draw_budget() == 240
    assert s.next_undo() == "+2 min for draw 2"
    assert s.undo() == "+2 min for draw 2"
    assert s.current.number == 2 and s.state.draw(1).decision is Decision.ACCEPTED
    assert s.state.draw_budget() == 120
    assert s.next_undo() == "accepted draw 1"  # the step before is next, still there
    assert fold(s.setup_at_start, s.events).draw_budget() == 120  # resumed: the same


def test_ctrl_r_gives_the_extra_time_again():
    s = W.session(draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)
    s.extend("draw", 120)
    s.undo()
    assert s.next_redo() == "+2 min for draw 2"
    assert s.redo() == "+2 min for draw 2"
    assert s.state.draw_budget() == 240 and s.current.number == 2
    assert fold(s.setup_at_start, s.events).draw_budget() == 240


def test_X_for_the_round_is_a_step_too():
    s = W.session(round_seconds=2400)
    s.open()
    s.extend("round", 600)
    assert s.undo() == "+10 min for round 1"
    assert s.state.round_budget() == 2400
    assert s.redo() == "+10 min for round 1"
    assert s.state.round_budget() == 3000


def test_each_x_is_a_step_of_its_own():
    s = W.session(draw_seconds=120)
    s.open()
    s.extend("draw", 120)
    s.extend("draw", 120)
    s.undo()
    assert s.state.draw_budget() == 240
    s.undo()
    assert s.state.draw_budget() == 120 and not s.can_undo


def test_extra_time_given_after_an_undo_leaves_nothing_to_redo():
    """A new step of the facilitator's, as any: what was undone is not redone after it."""
    s = W.session(draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)
    s.undo()
    s.extend("draw", 120)
    assert not s.can_redo


def test_a_draw_extension_with_no_card_on_the_table_is_refused():
    s = W.session(cards_per_round=1, draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)  # the round is done: nothing on the table
    assert s.current is None
    with pytest.raises(SessionError, match="no card on the table"):
        s.extend("draw", 120)
    assert s.next_undo() == "accepted draw 1"


def test_new_extra_time_is_written_with_step_and_an_old_line_reads_without_it():
    s = W.session()
    s.open()
    s.extend("draw", 120)
    written = json.loads(s.events[-1].model_dump_json())
    assert written["step"] is True
    old = TimerExtended(at=W.T0, scope="draw", seconds=120)
    assert "step" not in json.loads(old.model_dump_json())  # as versions before wrote it
    assert TimerExtended.model_validate_json(old.model_dump_json()).step is False


def test_an_old_files_undo_after_extra_time_still_takes_back_the_step_before():
    """Files written before extra time was a step replay exactly as before."""
    s = W.session(draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)  # draw 2 on the table
    old_x = TimerExtended(at=W.T0, scope="draw", seconds=60)  # no `step`: as written then
    state = fold(s.setup_at_start, [*s.events, old_x])
    assert state.draw_budget() == 180
    state = fold(s.setup_at_start, [*s.events, old_x, Undone(at=W.T0)])
    assert len(state.draws) == 1 and state.current.number == 1  # the decision undone
    assert state.draw(1).decision is None and state.draw_budget() == 120


def test_an_old_files_extra_time_stays_with_its_draw_through_undo_and_redo():
    s = W.session([], draw_seconds=120)
    s.open()
    s.decide(Decision.ACCEPTED)
    old_x = TimerExtended(at=W.T0, scope="draw", seconds=60)
    again = W.session([*s.events, old_x, Undone(at=W.T0)], draw_seconds=120)
    assert again.state.draw_budget() == 120
    assert again.redo() == "accepted draw 1"  # draw 2 back on the table, with its extra time
    assert again.state.draw_budget() == 180
    assert again.undo() == "accepted draw 1"  # the old extra time is still no step
