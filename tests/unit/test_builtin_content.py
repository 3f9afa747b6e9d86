"""The built-in deck and questionnaire cover what the workshop needs."""

from __future__ import annotations

import itertools
from collections import Counter

from cvo_workshop.model.card import (
    STRATEGY_TACTICS,
    Capability,
    Effort,
    Goal,
    Kind,
    Scope,
    Stage,
    Tactic,
)
from cvo_workshop.model.questionnaire import Axis, Dimension


def test_the_core_deck_has_at_least_60_recipe_cards(builtin_deck):
    assert len(builtin_deck.cards) >= 60


def test_every_kind_appears_at_every_lifecycle_stage(builtin_deck):
    covered = {(c.kind, s) for c in builtin_deck.cards for s in c.lifecycle}
    missing = set(itertools.product(Kind, Stage)) - covered
    assert not missing


def test_every_tactic_capability_goal_and_effort_appears(builtin_deck):
    cards = builtin_deck.cards
    assert {c.tactic for c in cards} == set(Tactic)
    assert {c.min_capability for c in cards} == set(Capability)
    assert {c.goal for c in cards} == set(Goal)
    assert {c.effort for c in cards} == set(Effort)


def test_every_card_has_kpis_data_and_an_example(builtin_deck):
    for c in builtin_deck.cards:
        assert c.kpis and c.data and c.examples and c.prompt, c.id


def test_low_hanging_fruit_and_further_out_tactics_are_there(builtin_deck):
    text = {
        c.id: " ".join([c.title, c.description, c.prompt, *c.tags]).lower()
        for c in builtin_deck.cards
    }
    tags = Counter(t for c in builtin_deck.cards for t in c.tags)
    assert tags["low-hanging-fruit"] >= 5 and tags["further-out"] >= 5
    for needle in ("exclu", "already", "search", "replenish", "made-to-order"):
        assert any(needle in t for t in text.values()), needle


def test_the_ten_rfm_segments_cover_the_grid_exactly_once(builtin_deck):
    segments = [c for c in builtin_deck.cohorts if c.rfm is not None]
    assert len(segments) == 10
    cells = Counter(
        (r, f)
        for s in segments
        for r in range(s.rfm.r[0], s.rfm.r[1] + 1)
        for f in range(s.rfm.f[0], s.rfm.f[1] + 1)
    )
    assert set(cells) == set(itertools.product(range(1, 6), range(1, 6)))
    assert set(cells.values()) == {1}


def test_lifecycle_cohorts_are_defined_by_behaviour(builtin_deck):
    lifecycle = [c for c in builtin_deck.cohorts if c.rfm is None]
    assert len(lifecycle) >= 5
    assert all(c.definition and c.lifecycle for c in lifecycle)


def test_questionnaire_has_used_and_measured_for_each_tactic(builtin_questionnaire):
    pairs = {
        (q.dimension, q.aspect.value)
        for q in builtin_questionnaire.questions
        if q.axis is Axis.STRATEGY
    }
    assert pairs == {(t.value, a) for t in STRATEGY_TACTICS for a in ("used", "measured")}


def test_questionnaire_has_three_statements_per_level_per_dimension(builtin_questionnaire):
    counts = Counter(
        (q.dimension, q.level) for q in builtin_questionnaire.questions if q.axis is Axis.CAPABILITY
    )
    for dim, level in itertools.product(Dimension, Capability):
        assert counts[(dim.value, level)] >= 3, (dim, level)


def test_questionnaire_has_readiness_and_customer_value_kpis(builtin_questionnaire):
    axes = Counter(q.axis for q in builtin_questionnaire.questions)
    assert axes[Axis.READINESS] >= 3
    assert axes[Axis.KPI] >= 5
    assert builtin_questionnaire.has_question("readiness.generic-experience-optimized-v2")


def test_every_builtin_card_fits_on_a_printed_card(builtin_deck):
    # Content and layout meet here: a card that overflows prints cut short.
    from cvo_workshop.export.deck_cards import print_deck
    from cvo_workshop.export.sheet import SheetSpec

    for paper in ("a4", "letter"):
        _, report = print_deck(
            builtin_deck,
            SheetSpec(paper=paper),
            ["automation", "customization", "personalization", "cohort"],
        )
        assert [o.key for o in report.overflows] == [], paper
        assert not report.missing


# --- issue 18: test-ready, traceable, privacy-aware content -------------------


def test_every_builtin_card_is_test_ready_and_says_its_source(builtin_deck):
    for c in builtin_deck.cards:
        assert c.hypothesis.startswith("Because "), c.id
        assert c.primary_kpi and c.guardrails and c.source.strip(), c.id


def test_every_builtin_card_that_uses_personal_data_has_a_privacy_note(builtin_deck):
    missing = [c.id for c in builtin_deck.cards if c.personal_data and not c.privacy.strip()]
    assert missing == []
    assert any(not c.personal_data for c in builtin_deck.cards)  # the flag is used


def test_ad_platform_list_uploads_name_their_legal_basis(builtin_deck):
    uploads = [
        c
        for c in builtin_deck.cards
        if "ads" in c.touchpoints and any("hashed" in d for d in c.data)
    ]
    assert len(uploads) >= 4
    for c in uploads:
        assert "legal basis" in c.privacy, c.id


def test_personalized_offers_carry_the_price_personalization_disclosure(builtin_deck):
    assert "Omnibus" in builtin_deck.card("personalized-offers").privacy
    assert "30 days" in builtin_deck.card("price-drop-alert").privacy


def test_the_review_request_asks_everyone_alike(builtin_deck):
    card = builtin_deck.card("review-request")
    assert "asked the same way" in card.description
    assert "review gating" in card.privacy


def test_product_and_supply_chain_ideas_are_not_tactic_e(builtin_deck):
    for c in builtin_deck.cards:
        if c.scope in (Scope.PRODUCT, Scope.SUPPLY_CHAIN):
            assert c.tactic is Tactic.ENABLER, c.id
    # service messages, measurement and list hygiene are enablers, not targeted marketing
    for cid in ("order-status-updates", "nps-after-delivery", "sunset-policy"):
        assert builtin_deck.card(cid).tactic is Tactic.ENABLER, cid


def test_no_card_id_of_the_earlier_deck_is_renamed_or_removed(builtin_deck):
    from cvo_workshop.store.decks import load_deck
    from tests.conftest import DATA

    before = load_deck(DATA / "core-deck-before-issue-18.yaml")
    assert {c.id for c in before.cards} <= {c.id for c in builtin_deck.cards}
    assert {c.id for c in before.cohorts} <= {c.id for c in builtin_deck.cohorts}


def test_the_missing_method_steps_and_practices_have_cards(builtin_deck):
    for cid in (
        "anomaly-analysis",
        "ideal-customer-profile",
        "content-operations",
        "product-data-quality",
        "contextual-anonymous-visitors",
        "productionize-winning-tests",
        "cac-next-to-clv",
    ):
        assert builtin_deck.has_card(cid), cid
    anonymous = builtin_deck.card("contextual-anonymous-visitors")
    assert not anonymous.personal_data and "fingerprinting" in anonymous.privacy


def test_the_thin_spots_are_filled(builtin_deck):
    cards = builtin_deck.cards
    assert sum(c.tactic is Tactic.B for c in cards) >= 7
    assert sum(c.min_capability.rank >= 3 for c in cards) >= 18
    touch = Counter(t for c in cards for t in c.touchpoints)
    assert touch["social"] >= 3 and touch["call-centre"] >= 5
    win_back = [c for c in cards if Stage.WIN_BACK in c.lifecycle]
    assert sum(c.kind is Kind.PERSONALIZATION for c in win_back) >= 4
    tags = Counter(t for h in builtin_deck.cohorts for t in h.tags)
    assert tags["anonymous"] >= 2 and tags["b2b"] >= 1 and tags["omnichannel"] >= 1
