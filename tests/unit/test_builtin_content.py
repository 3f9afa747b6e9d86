"""The built-in deck and questionnaire cover what the workshop needs."""

from __future__ import annotations

import itertools
from collections import Counter

from cvo_workshop.model.card import Capability, Effort, Goal, Kind, Stage, Tactic
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
    assert pairs == {(t.value, a) for t in Tactic for a in ("used", "measured")}


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
    assert builtin_questionnaire.has_question("readiness.generic-experience-optimized")


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
