"""A cohort of a few customers (0.004% of them) reaches a few: its RICE reach is
its share unrounded, its score small but above 0, ranked against other tiny ones
(not all tied at 0); shown as other shares are ("<0.1%"), typed reach as typed."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.backlog import build
from cvo_workshop.engine.frameworks import score, show_number
from cvo_workshop.model.workshop import Framework
from tests.backlog_fixtures import Play, card, cohort, setup

TINY = cohort("tiny", 0.00004)  # 0.004% of customers
TINIER = cohort("tinier", 0.00001)  # 0.001%


def test_a_tiny_cohort_gives_a_positive_score_ranked_above_a_tinier_one():
    p = Play(setup(Framework.RICE, cohorts=[TINIER, TINY]))
    p.draw(card("a"), "tinier", impact=3, confidence=80, effort=1)
    p.draw(card("b"), "tiny", impact=3, confidence=80, effort=1)
    items = build(p.state).items
    assert [i.cohorts[0].id for i in items] == ["tiny", "tinier"]
    tiny, tinier = items
    assert tiny.reach == pytest.approx(0.004) and tinier.reach == pytest.approx(0.001)
    assert tiny.score == pytest.approx(0.004 * 3 * 0.8)
    assert tiny.score > tinier.score > 0
    assert tiny.breakdown.factors["reach"].value == pytest.approx(0.004)


def test_a_tiny_reach_is_shown_as_a_share_never_as_0_percent():
    p = Play(setup(Framework.RICE, cohorts=[TINY]))
    p.draw(card("b"), "tiny", impact=3, confidence=80, effort=1)
    item = build(p.state).items[0]
    assert item.breakdown.factors["reach"].shown == "<0.1%"
    assert item.breakdown.text == (
        "RICE 0.01 = under 0.1% reach x 3 impact x 80% confidence / 1 person-month"
    )


def test_a_measured_reach_reads_as_other_shares_and_a_typed_one_as_typed():
    factors = {"impact": 1, "confidence": 100, "effort": 1}
    _, measured = score("rice", factors, reach=0.004)
    assert measured.terms[0].shown == "<0.1%" and measured.value > 0
    _, typed = score("rice", {**factors, "reach": 12.25}, reach=0.004)
    assert typed.terms[0].shown == "12.25%"
    assert typed.text.startswith("RICE 12.25 = 12.25% reach")


def test_a_tiny_positive_score_is_not_shown_as_0():
    assert show_number(0.0024) == "<0.01"
    assert show_number(0.0) == "0"
    assert show_number(6.6667) == "6.67"
