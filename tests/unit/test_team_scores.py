"""Scores from several people: medians and disagreement flags."""

from __future__ import annotations

from cvo_workshop.engine.team_scores import TeamScore
from cvo_workshop.model.workshop import Framework


def team(consensus=None, **people):
    return TeamScore(Framework.ICE, consensus or {}, people)


def test_each_factor_is_the_median_of_the_participants():
    t = team(ana={"impact": 8, "ease": 3}, ben={"impact": 4}, cy={"impact": 6})
    assert t.median("impact") == 6
    assert t.factors() == {"impact": 6, "confidence": None, "ease": 3}
    assert t.sources() == {"impact": "median of 3", "ease": "median of 1"}


def test_consensus_wins_over_the_median():
    t = team({"impact": 9}, ana={"impact": 2}, ben={"impact": 3})
    assert t.factors()["impact"] == 9


def test_a_wide_spread_is_flagged():
    t = team(ana={"impact": 9, "ease": 5}, ben={"impact": 3, "ease": 6})
    assert t.disagreements() == ("impact",)


def test_choice_medians_stay_on_the_scale():
    t = TeamScore(Framework.RICE, {}, {"a": {"impact": 3}, "b": {"impact": 2}})
    assert t.median("impact") == 2


def test_score_uses_the_combined_factors():
    t = team(
        ana={"impact": 8, "confidence": 6, "ease": 4},
        ben={"impact": 6, "confidence": 6, "ease": 6},
    )
    value, b = t.score()
    assert value == 6
    assert b.terms[0].source == "median of 2"
