"""Confidence pre-filled from a card's past result when the room starts scoring it."""

from __future__ import annotations

import datetime as dt

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.frameworks import definition
from cvo_workshop.engine.past import confidence_for
from cvo_workshop.engine.summary import summary
from cvo_workshop.model.grooming import Outcome, PastResult, TestResult
from cvo_workshop.model.workshop import Decision, Framework, Prefilled, Redone, Scored, Undone
from tests import workshop_fixtures as W


def past(card: str, outcome: str) -> dict[str, list[PastResult]]:
    result = TestResult(outcome=Outcome(outcome), measured_lift=0.04, learning="Works on mobile")
    return {
        card: [
            PastResult(
                card=card,
                title="x",
                workshop="acme-2025.workshop.jsonl",
                held=dt.date(2025, 1, 10),
                result=result,
            )
        ]
    }


def started(framework=Framework.ICE, outcome="won"):
    s = W.session(framework=framework)
    s.open()
    s.know_past(past(s.current.card.id, outcome))
    return s


def test_won_lost_and_inconclusive_are_high_low_and_medium_in_rices_own_choices():
    rice = definition(Framework.RICE)
    assert confidence_for(rice, Outcome.WON) == 100
    assert confidence_for(rice, Outcome.INCONCLUSIVE) == 80
    assert confidence_for(rice, Outcome.LOST) == 50


def test_on_ices_scale_won_is_8_inconclusive_5_and_lost_2():
    ice = definition(Framework.ICE)
    assert [confidence_for(ice, o) for o in Outcome] == [8, 2, 5]


def test_a_framework_without_confidence_is_not_prefilled():
    s = started(Framework.PIE)
    s.score("potential", 6)
    assert s.current.consensus == {"potential": 6}


def test_the_first_score_on_a_card_with_a_past_result_prefills_confidence():
    s = started(outcome="lost")
    s.score("impact", 7)
    cur = s.current
    assert cur.consensus == {"impact": 7, "confidence": 2}
    why = "from the past result: lost (10 Jan 2025)"
    assert cur.prefilled == {"confidence": why}


def test_a_card_without_a_past_result_is_not_prefilled():
    s = W.session()
    s.open()
    s.know_past(past("some-other-card", "won"))
    s.score("impact", 7)
    assert s.current.consensus == {"impact": 7}


def test_confidence_scored_first_is_not_prefilled():
    s = started()
    s.score("confidence", 3)
    assert s.current.consensus == {"confidence": 3} and s.current.prefilled == {}


def test_the_room_changing_the_prefilled_value_makes_it_its_own():
    s = started()
    s.score("impact", 7)
    s.score("confidence", 4)
    assert s.current.consensus["confidence"] == 4 and s.current.prefilled == {}


def test_a_participants_own_confidence_wins_over_the_prefilled_one():
    s = started(framework=Framework.ICE)
    s.score("impact", 7, participant="Ana")
    assert s.current.consensus == {"confidence": 8}
    s.score("confidence", 3, participant="Ana")
    assert s.current.team_score(s.setup).factors()["confidence"] == 3


def test_undoing_the_first_score_takes_the_prefill_back_with_it():
    s = started()
    s.score("impact", 7)
    assert s.undo() == "Impact on draw 1"
    assert s.current.consensus == {} and s.current.prefilled == {}
    s.redo()
    assert s.current.consensus == {"impact": 7, "confidence": 8}


def test_the_prefill_is_in_the_journal_and_in_the_summary():
    s = started()
    s.score("impact", 7)
    assert any(isinstance(e, Prefilled) for e in s.events)
    state = fold(s.setup_at_start, s.events)
    scores = summary(state)["draws"][0]["scores"]
    assert scores["prefilled"] == {"confidence": "from the past result: won (10 Jan 2025)"}


def test_a_factor_a_participant_voted_on_is_no_longer_marked_prefilled():
    s = started()
    s.score("impact", 7)
    s.score("confidence", 2, participant="Ana", from_phone=True)
    assert s.current.prefilled == {}
    scores = summary(fold(s.setup_at_start, s.events))["draws"][0]["scores"]
    assert scores["prefilled"] == {} and scores["factors"]["confidence"] == 2


def test_in_a_blind_workshop_the_prefill_is_the_same_whatever_factor_the_first_hidden_vote_was_on():
    seen = []
    for key in ("impact", "confidence"):
        s = W.session(blind=True)
        s.open()
        s.know_past(past(s.current.card.id, "won"))
        s.score(key, 3, participant="Ana", from_phone=True)
        assert s.current.hidden
        seen.append((s.current.consensus, s.current.prefilled))
    assert seen[0] == seen[1]
    assert seen[0][0] == {"confidence": 8}


def test_clearing_a_factor_of_an_unscored_draw_does_not_prefill_it():
    s = started()
    s.score("confidence", None)
    assert not any(isinstance(e, Prefilled) for e in s.events)
    assert s.current.consensus == {} and s.current.prefilled == {}


def test_a_phone_clearing_its_vote_on_an_unscored_draw_does_not_prefill_it():
    s = started()
    s.score("confidence", None, participant="Ana", from_phone=True)
    assert s.current.consensus == {} and not s.can_undo


def test_redoing_a_step_that_set_a_factor_twice_ends_as_the_step_did():
    # Files written before clearing stopped starting the scoring hold such a step:
    # the cleared confidence, then its pre-fill.
    s = started()
    at = s.events[-1].at
    why = "from the past result: won (10 Jan 2025)"
    events = [
        *s.events,
        Scored(at=at, draw=1, factors={"confidence": None}),
        Prefilled(at=at, draw=1, factors={"confidence": 8}, why=why),
        Undone(at=at),
        Redone(at=at),
    ]
    draw = fold(s.setup_at_start, events).draws[0]
    assert draw.consensus == {"confidence": 8} and draw.prefilled == {"confidence": why}


def test_a_past_result_known_only_after_the_first_score_prefills_the_card_on_the_table():
    # The table reads earlier workshops in the background: the room may be quicker.
    s = W.session()
    s.open()
    s.score("impact", 7)
    s.know_past(past(s.current.card.id, "lost"))
    assert s.current.consensus == {"impact": 7, "confidence": 2}
    assert s.current.prefilled == {"confidence": "from the past result: lost (10 Jan 2025)"}


def test_a_past_result_known_before_any_score_prefills_nothing_yet():
    s = W.session()
    s.open()
    s.know_past(past(s.current.card.id, "won"))
    assert s.current.consensus == {} and not any(isinstance(e, Prefilled) for e in s.events)


def test_knowing_the_past_again_leaves_a_value_the_room_changed_as_it_is():
    s = started(outcome="lost")
    s.score("impact", 7)
    s.score("confidence", 9)
    s.know_past(past(s.current.card.id, "lost"))
    assert s.current.consensus == {"impact": 7, "confidence": 9}


# The pre-fill belongs to the score that started the draw's scoring, whenever the
# past is known: undoing that score takes the pre-fill back too, nothing else does.


def test_a_late_prefill_is_undone_with_the_first_score_not_with_the_step_before_it():
    s = W.session()
    s.open()
    s.score("impact", 7)
    s.note("promising")
    s.know_past(past(s.current.card.id, "lost"))
    assert s.undo() == "note on draw 1"
    assert s.current.consensus == {"impact": 7, "confidence": 2}  # the pre-fill stays
    assert s.undo() == "Impact on draw 1"
    assert s.current.consensus == {} and s.current.prefill == {}
    s.redo()
    assert s.current.consensus == {"impact": 7, "confidence": 2}
    assert fold(s.setup_at_start, s.events).draws == s.state.draws


def test_a_prefill_after_an_undo_is_still_undone_with_the_first_score():
    s = W.session()
    s.open()
    s.score("impact", 7)
    s.score("ease", 4)
    s.undo()  # the ease
    s.know_past(past(s.current.card.id, "won"))
    assert s.current.consensus == {"impact": 7, "confidence": 8}
    assert s.undo() == "Impact on draw 1"
    assert s.current.consensus == {} and s.current.prefill == {}
    again = W.session(events=s.events)  # the file reads back the same
    assert again.state.draws == s.state.draws


def test_a_redone_first_score_owns_its_prefill_though_a_phone_voted_in_between():
    s = W.session()
    s.open()
    s.score("impact", 5)
    s.undo()
    # a phone's vote, taken back, while the facilitator's score was undone
    s.score("impact", 4, participant="Ana", from_phone=True)
    s.score("impact", None, participant="Ana", from_phone=True)
    s.redo()
    s.know_past(past(s.current.card.id, "won"))
    assert s.current.consensus == {"impact": 5, "confidence": 8}
    assert s.undo() == "Impact on draw 1"
    assert s.current.consensus == {} and s.current.prefill == {}
    again = W.session(events=s.events)  # the file reads back the same
    assert again.state.draws == s.state.draws


def test_every_open_draw_of_the_round_is_prefilled_when_the_past_is_known():
    s = W.session()
    s.open()
    card = s.current.card.id
    s.score("impact", 7)  # draw 1
    s.pair_again(s.unpaired_cohorts()[0].id)
    s.score("impact", 5)  # draw 2, on the table: the same card, another cohort
    s.know_past(past(card, "lost"))
    assert [d.consensus.get("confidence") for d in s.state.draws] == [2, 2]
    assert s.undo() == "Impact on draw 2"
    assert s.state.draws[1].prefill == {} and s.state.draws[0].prefill
    s.undo()  # the pairing
    assert s.undo() == "Impact on draw 1"
    assert s.state.draws[0].consensus == {} and s.state.draws[0].prefill == {}


def test_a_decided_draw_is_not_prefilled_when_the_past_is_known():
    s = W.session()
    s.open()
    card = s.current.card.id
    s.score("impact", 7)
    s.decide(Decision.PARKED)
    s.know_past(past(card, "lost"))
    assert s.state.draws[0].consensus == {"impact": 7}


def test_nothing_is_prefilled_once_the_workshop_has_ended():
    s = W.session()
    s.open()
    card = s.current.card.id
    s.score("impact", 7)
    s.finish()
    s.know_past(past(card, "lost"))
    assert s.state.draws[0].consensus == {"impact": 7}
    assert not any(isinstance(e, Prefilled) for e in s.events)
    s.score("impact", 6)  # scores may still be corrected; they pre-fill nothing
    assert s.state.draws[0].consensus == {"impact": 6}


def test_scoring_after_the_end_prefills_nothing():
    s = W.session()
    s.open()
    s.know_past(past(s.current.card.id, "won"))
    s.finish()
    s.score("impact", 7)
    assert s.state.draws[0].consensus == {"impact": 7}
