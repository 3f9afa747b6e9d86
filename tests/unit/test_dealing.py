"""Dealing: seeded, balanced across cohorts, gated by maturity."""

from __future__ import annotations

from cvo_workshop.engine.dealing import (
    dealable_cards,
    dealing_level,
    is_dealable,
    is_stretch,
    maturity_label,
)
from cvo_workshop.model.card import Capability, Kind
from cvo_workshop.model.workshop import Decision
from tests import workshop_fixtures as W


def play(session, decisions):
    session.open()
    seen = []
    for decision in decisions:
        cur = session.current
        if cur is None:
            if session.is_last_round:
                break
            session.next_round()
            cur = session.current
        seen.append((cur.card.id, cur.cohort))
        session.decide(decision)
    return seen


DECISIONS = [Decision.ACCEPTED, Decision.PARKED, Decision.SKIPPED, Decision.REJECTED] * 3


def test_same_seed_same_draws():
    a = play(W.session(seed=7), DECISIONS)
    b = play(W.session(seed=7), DECISIONS)
    assert a == b and len(a) == 12


def test_another_seed_other_draws():
    assert play(W.session(seed=7), DECISIONS) != play(W.session(seed=8), DECISIONS)


def test_the_draws_do_not_depend_on_which_decision_was_taken():
    """Decisions say what the room thought; they do not steer the deck."""
    a = play(W.session(seed=3), [Decision.ACCEPTED] * 12)
    b = play(W.session(seed=3), [Decision.REJECTED] * 12)
    assert a == b


def test_undo_and_deal_again_gives_the_same_card():
    s = W.session(seed=5)
    s.open()
    s.decide(Decision.ACCEPTED)
    second = s.current.card.id
    s.undo()
    s.decide(Decision.PARKED)
    assert s.current.card.id == second


def test_a_round_deals_its_kind_only_and_never_the_same_card_twice():
    s = W.session(seed=11)
    seen = play(s, [Decision.SKIPPED] * 12)
    ids = [c for c, _ in seen]
    assert len(set(ids)) == len(ids)
    kinds = [W.deck().card(c).kind for c in ids]
    assert kinds[:4] == [Kind.AUTOMATION] * 4
    assert kinds[4:8] == [Kind.CUSTOMIZATION] * 4
    assert kinds[8:] == [Kind.PERSONALIZATION] * 4


def test_cohorts_take_turns():
    s = W.session(seed=1)
    seen = play(s, [Decision.SKIPPED] * 12)
    counts = {}
    for _, cohort in seen:
        counts[cohort] = counts.get(cohort, 0) + 1
    assert set(counts.values()) == {3}


def test_maturity_gate_keeps_out_cards_two_levels_up():
    d = W.deck()
    pool = dealable_cards(d.cards, None, Capability.INCIDENTAL)
    assert pool and all(c.min_capability.rank <= 2 for c in pool)
    stretch = [c for c in pool if is_stretch(c, Capability.INCIDENTAL)]
    assert stretch and all(c.min_capability is Capability.DISCIPLINED for c in stretch)


def test_maturity_gate_can_be_lifted():
    far = next(c for c in W.deck().cards if c.min_capability is Capability.PERSONALIZED_BUSINESS)
    assert not is_dealable(far, Capability.INCIDENTAL)
    assert is_dealable(far, Capability.INCIDENTAL, deal_beyond_stretch=True)
    assert is_dealable(far, None)


def test_dealt_cards_are_marked_stretch():
    s = W.session(seed=2, maturity=Capability.DISCIPLINED, cards_per_round=12)
    seen = play(s, [Decision.SKIPPED] * 40)
    for d in s.state.draws:
        assert d.card.min_capability.rank <= 3
        assert d.stretch == (d.card.min_capability.rank == 3)
    assert len(seen) < 36  # the personalized_business cards were held back


def test_a_round_ends_early_when_the_kind_runs_out():
    s = W.session(seed=2, maturity=Capability.INCIDENTAL, cards_per_round=12)
    s.open()
    while s.current is not None:
        s.decide(Decision.SKIPPED)
    assert s.round_complete
    assert s.state.dealt_in_round() == len(
        dealable_cards(W.deck().cards, Kind.AUTOMATION, Capability.INCIDENTAL)
    )


def test_an_assessment_below_incidental_deals_as_incidental():
    """Not as 'not known' (no gate): the least mature organization was dealt
    Personalized Business cards."""
    from tests.maturity_fixtures import result

    below = result(overall=None, progress=(0.5, 1.2, 1.0))
    s = W.session(seed=2, maturity=None, assessment=below, cards_per_round=12)
    play(s, [Decision.SKIPPED] * 40)
    assert s.state.draws
    for d in s.state.draws:
        assert d.card.min_capability.rank <= 2
        assert d.stretch == (d.card.min_capability is Capability.DISCIPLINED)
    # a level set by hand still wins over the assessment
    by_hand = W.session(seed=2, maturity=Capability.DISCIPLINED, assessment=below)
    assert dealing_level(by_hand.setup) is Capability.DISCIPLINED


def test_the_organizations_level_in_words():
    from tests.maturity_fixtures import result

    assert maturity_label(Capability.DISCIPLINED, None) == "Disciplined"
    assert maturity_label(None, result(overall=None)) == "below Incidental (assessed)"
    assert maturity_label(None, None) == "not assessed (taken as Incidental)"
