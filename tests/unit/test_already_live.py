"""Cards already live: they meet requirements, are dealt only to improve what
the organization has, and the table can say "we already do this"."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.backlog import build
from cvo_workshop.engine.dealing import dealable_cards
from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import summary
from cvo_workshop.model.card import Kind
from cvo_workshop.model.grooming import Horizon
from cvo_workshop.model.workshop import AlreadyLive, Decision, WorkshopSetup
from tests import workshop_fixtures as W
from tests.backlog_fixtures import Play, card, setup

LIVE = ["abandoned-cart-reminder", "welcome-series"]


def test_a_card_whose_requirement_is_live_is_not_blocked_and_its_why_says_so():
    p = Play(setup(live=["consent-center"]))
    p.draw(card("needs-consent", requires=("consent-center",)))
    item = build(p.state, titles={"consent-center": "Consent centre"}).items[0]
    assert item.horizon is Horizon.NOW
    assert item.blocked_by == []
    assert item.why.endswith("It requires “Consent centre”, already live.")


def test_a_requirement_neither_live_nor_in_the_backlog_still_blocks():
    p = Play(setup(live=["consent-center"]))
    p.draw(card("needs-both", requires=("consent-center", "loyalty-programme")))
    item = build(p.state).items[0]
    assert item.horizon is Horizon.BLOCKED and item.blocked_by == ["loyalty-programme"]
    assert "consent-center, already live" in item.why


def test_live_cards_are_not_dealt_unless_asked():
    pool = dealable_cards(W.deck().cards, Kind.AUTOMATION, None, live=LIVE)
    assert pool and not {c.id for c in pool} & set(LIVE)


def test_improving_what_we_have_deals_only_live_cards_even_above_the_gate():
    from cvo_workshop.model.card import Capability

    cards = W.deck().cards
    high = next(c for c in cards if c.min_capability is Capability.PERSONALIZED_BUSINESS)
    live = [*LIVE, high.id]
    pool = dealable_cards(cards, None, Capability.INCIDENTAL, live=live, improve=True)
    assert sorted(c.id for c in pool) == sorted(live)


def test_a_session_in_improve_mode_deals_a_live_card_and_back_to_new_ones():
    s = W.session(live=LIVE)
    s.open()
    assert s.current.card.id not in LIVE
    s.set_improve(True)
    s.decide(Decision.SKIPPED)
    assert s.current.card.id in LIVE and not s.current.stretch
    s.set_improve(False)
    s.decide(Decision.SKIPPED)
    assert s.current.card.id not in LIVE


def test_asking_for_live_cards_leaves_the_card_on_the_table_where_it_is():
    s = W.session(live=LIVE)
    s.open()
    first = s.current
    s.set_improve(True)
    assert s.current == first and s.state.improve


def test_improve_mode_with_no_live_card_of_the_rounds_kind_leaves_the_table_empty():
    s = W.session()
    s.open()
    s.set_improve(True)
    s.decide(Decision.SKIPPED)
    assert s.current is None and s.round_complete


def test_we_already_do_this_closes_the_draw_adds_the_card_to_the_live_list_and_deals():
    s = W.session()
    s.open()
    first = s.current
    s.already_live()
    assert s.setup.live == [first.card.id]
    assert s.state.draws[0].live and s.state.draws[0].decision is None
    assert s.current is not None and s.current.number == 2
    assert s.state.counts()["live"] == 1 and s.state.counts()["undecided"] == 1


def test_we_already_do_this_is_undone_and_redone_with_its_deal():
    s = W.session()
    s.open()
    first = s.current
    s.already_live()
    assert s.undo() == "“already live” on draw 1"
    assert s.setup.live == [] and s.current == first and len(s.state.draws) == 1
    s.redo()
    assert s.setup.live == [first.card.id] and len(s.state.draws) == 2


def test_we_already_do_this_is_in_the_journal_and_folds_back_the_same():
    s = W.session()
    s.open()
    s.already_live()
    assert any(isinstance(e, AlreadyLive) for e in s.events)
    again = fold(s.setup_at_start, s.events)
    assert again.setup.live == s.setup.live and again.draws == s.state.draws


def test_a_card_said_live_is_not_dealt_again_after_a_new_deal():
    s = W.session(cards_per_round=20)
    s.open()
    first = s.current.card.id
    s.already_live()
    for _ in range(8):
        s.decide(Decision.SKIPPED)
    assert [d.card.id for d in s.state.draws].count(first) == 1


def test_a_wildcard_cannot_be_said_live():
    s = W.session()
    s.open()
    s.add_wildcard("Our own idea", Kind.AUTOMATION)
    with pytest.raises(SessionError, match="wildcard"):
        s.already_live()


def test_the_summary_lists_live_cards_ticked_at_setup_and_said_at_the_table():
    s = W.session(live=["welcome-series"])
    s.open()
    said = s.current
    s.already_live()
    data = summary(s.state, titles={c.id: c.title for c in W.deck().cards})
    assert data["live"] == [
        {"card": "welcome-series", "title": "Welcome series", "draw": None},
        {"card": said.card.id, "title": said.card.title, "draw": 1},
    ]
    assert data["draws"][0]["live"] is True and data["counts"]["live"] == 1


def test_the_backlog_lists_the_live_cards():
    s = W.session(live=["welcome-series"])
    s.open()
    s.already_live()
    live = s.backlog().live
    assert [c.card for c in live] == ["welcome-series", s.state.draws[0].card.id]
    assert live[1].draw == 1


def test_a_workshop_file_without_live_cards_opens_with_none():
    data = W.setup().model_dump(mode="json")
    del data["live"]
    assert WorkshopSetup.model_validate(data).live == []


# A card is new work or already live, not both (README, Already live): the room
# that pairs a card with a second cohort cannot say it is live there and accept it
# for the first, in either order.


def _paired_twice():
    """A session whose card is on the table twice: draw 1 (its dealt cohort) and
    draw 2 (paired again with another cohort, now on the table)."""
    s = W.session()
    s.open()
    s.pair_again(s.unpaired_cohorts()[0].id)
    return s


def test_a_card_said_live_on_its_second_pairing_is_not_accepted_for_the_first():
    s = _paired_twice()
    title = s.state.draws[0].card.title
    s.already_live()  # on draw 2: draw 1 is back on the table
    assert s.current.number == 1
    with pytest.raises(SessionError, match=f"“{title}” was said to be already live at draw 2"):
        s.decide(Decision.ACCEPTED)
    assert s.current.number == 1 and s.state.draws[0].decision is None


def test_a_card_said_live_on_one_pairing_can_still_be_parked_on_another():
    s = _paired_twice()
    s.already_live()
    s.decide(Decision.PARKED)
    assert s.state.draws[0].decision is Decision.PARKED


def test_a_card_accepted_for_one_cohort_is_not_said_live_on_its_pairing_with_another():
    s = _paired_twice()
    first = s.state.draws[0]
    s.decide(Decision.ACCEPTED, draw=1)
    cohort = s.setup.cohort(first.cohort).name
    with pytest.raises(SessionError, match=f"“{first.card.title}” is accepted for {cohort}"):
        s.already_live()
    assert s.setup.live == [] and s.current.number == 2


def test_a_live_card_dealt_to_improve_it_can_be_accepted_for_each_cohort():
    s = W.session(live=LIVE)
    s.open()
    s.set_improve(True)
    s.decide(Decision.SKIPPED)
    live = s.current
    assert live.card.id in LIVE
    s.pair_again(s.unpaired_cohorts()[0].id)
    s.decide(Decision.ACCEPTED)
    s.decide(Decision.ACCEPTED, draw=live.number)
    both = s.state.draws[live.number - 1 : live.number + 1]
    assert [d.decision for d in both] == [Decision.ACCEPTED, Decision.ACCEPTED]


def test_a_file_holding_a_card_both_live_and_accepted_still_opens():
    # Written before the rule: the file reads as it was, nothing is lost.
    from cvo_workshop.model.workshop import Decided

    s = _paired_twice()
    s.already_live()
    accepted = Decided(at=s.events[-1].at, draw=1, decision=Decision.ACCEPTED)
    state = fold(s.setup_at_start, [*s.events, accepted])
    assert state.draws[0].decision is Decision.ACCEPTED and state.draws[1].live


def test_a_refused_acceptance_leaves_the_hidden_votes_hidden():
    s = W.session(blind=True)
    s.open()
    s.pair_again(s.unpaired_cohorts()[0].id)
    s.already_live()
    s.score("impact", 7, participant="Ana", from_phone=True)
    with pytest.raises(SessionError, match="already live"):
        s.decide(Decision.ACCEPTED)
    assert s.current.hidden and not s.current.revealed


def test_a_draw_closed_as_already_live_is_not_decided_afterwards():
    # The summary screen decides any draw: not one the room said is live.
    s = W.session()
    s.open()
    s.already_live()
    for decision in (Decision.ACCEPTED, Decision.PARKED):
        with pytest.raises(SessionError, match="draw 1 is closed as already live"):
            s.decide(decision, draw=1)
    assert s.state.draws[0].decision is None and s.state.counts()["live"] == 1
