"""Maturity scoring, one rule a test, with worked examples (engine/maturity.py)."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.maturity import aggregate, disagrees, score
from cvo_workshop.model.card import Capability
from cvo_workshop.model.maturity import Aggregate, StrategyStage
from cvo_workshop.model.questionnaire import Dimension, Questionnaire
from cvo_workshop.model.response import Response

C = Capability
LEVELS = ["incidental", "disciplined", "cross_lifecycle", "personalized_business"]


def bank(threshold: float = 0.5) -> Questionnaire:
    """Two statements a level for each dimension, strategy A-E, two readiness, two KPIs."""
    qs = []
    for dim in ("people", "process", "technology"):
        for level in LEVELS:
            for n in (1, 2):
                qs.append(
                    {
                        "id": f"{dim}.{level}.{n}",
                        "axis": "capability",
                        "text": "x",
                        "dimension": dim,
                        "level": level,
                    }
                )
    for t in "ABCDE":
        for aspect in ("used", "measured"):
            qs.append(
                {
                    "id": f"s.{t.lower()}.{aspect}",
                    "axis": "strategy",
                    "text": "x",
                    "dimension": t,
                    "aspect": aspect,
                }
            )
    qs += [
        {"id": "readiness.generic-experience-optimized", "axis": "readiness", "text": "x"},
        {"id": "readiness.other", "axis": "readiness", "text": "x"},
        {"id": "kpi.nps", "axis": "kpi", "text": "x", "dimension": "nps"},
        {"id": "kpi.clv", "axis": "kpi", "text": "x", "dimension": "clv"},
    ]
    return Questionnaire.model_validate(
        {"questionnaire": {"id": "t", "name": "T", "threshold": threshold}, "questions": qs}
    )


def capability(levels: dict[str, float], dims=("people", "process", "technology")) -> dict:
    return {f"{d}.{lvl}.{n}": v for d in dims for lvl, v in levels.items() for n in (1, 2)}


def resp(name: str = "Ana", **answers) -> Response:
    return Response.model_validate({"respondent": name, "answers": answers})


def one(answers: dict) -> Response:
    return Response.model_validate({"respondent": "Ana", "answers": answers})


# --- aggregation and disagreement ---------------------------------------------


def test_median_is_the_default_aggregate():
    assert aggregate([0, 0.25, 1], Aggregate.MEDIAN) == 0.25


def test_mean_and_min_on_request():
    assert aggregate([0, 0.5, 1], Aggregate.MEAN) == 0.5
    assert aggregate([0.25, 0.5, 1], Aggregate.MIN) == 0.25


def test_two_steps_apart_is_disagreement():
    assert disagrees([0.25, 1])  # steps 1 and 3
    assert not disagrees([0.25, 0.5, 0.5])  # one step


def test_an_even_split_one_step_apart_is_not_disagreement():
    # Steps 1,1,2,2: the IQR is one step, not over one. (On a four-step scale an
    # IQR over one step always spans two steps as well.)
    assert not disagrees([0.25, 0.25, 0.5, 0.5])


def test_dont_know_and_na_are_left_out_of_the_value():
    b = bank()
    rs = [
        resp("A", **{"s.a.used": 1}),
        resp("B", **{"s.a.used": "dont_know"}),
        resp("C", **{"s.a.used": {"value": "na", "note": "no ads"}}),
    ]
    q = next(x for x in score(b, rs).questions if x.id == "s.a.used")
    assert q.value == 1.0
    assert q.counts == {"1": 1, "dont_know": 1, "na": 1}


def test_dont_know_share_counts_every_answer_given():
    rs = [resp("A", **{"s.a.used": 1, "s.b.used": "dont_know"})]
    assert score(bank(), rs).dont_know_share == 0.5


def test_only_disputed_questions_are_flagged():
    rs = [
        resp("A", **{"s.a.used": 0, "s.b.used": 0.5}),
        resp("B", **{"s.a.used": 1, "s.b.used": 0.25}),
    ]
    assert score(bank(), rs).disagreements == ["s.a.used"]


def test_consensus_replaces_the_aggregate_and_keeps_the_raw_answers():
    rs = [resp("A", **{"s.a.used": 0}), resp("B", **{"s.a.used": 1})]
    agreed = resp("Facilitator", **{"s.a.used": {"value": 0.5, "note": "agreed: weekly"}})
    q = next(x for x in score(bank(), rs, consensus=agreed).questions if x.id == "s.a.used")
    assert (q.value, q.aggregate, q.consensus, q.consensus_note) == (
        0.5,
        0.5,
        0.5,
        "agreed: weekly",
    )
    assert q.counts == {"0": 1, "1": 1} and q.disagreement


# --- capability ---------------------------------------------------------------


def test_a_level_counts_only_when_every_level_below_is_met():
    # Incidental not met (0.25), Disciplined met (1): the level is still none.
    r = score(bank(), [one(capability({"incidental": 0.25, "disciplined": 1}))])
    assert r.dimension("people").level is None


def test_a_level_with_fewer_than_half_its_statements_answered_stops_the_climb():
    # Incidental answered and met; Disciplined not answered at all; Cross-Life
    # Cycle met. Three good answers out of eight say little: the level stays
    # Incidental, and the result says which level wants answers.
    answers = capability({"incidental": 1, "cross_lifecycle": 1, "personalized_business": 1})
    r = score(bank(), [one(answers)])
    people = r.dimension("people")
    assert (people.level, people.unanswered_level) == (C.INCIDENTAL, C.DISCIPLINED)
    assert any(f.startswith("People: fewer than half of the Disciplined") for f in r.flags)


def test_half_the_statements_answered_is_enough_and_not_applicable_ones_need_none():
    answers = capability({"incidental": 1})
    answers |= {"people.disciplined.1": 1}  # one of two: half is enough
    answers |= {"process.disciplined.1": {"value": "na", "note": "no such team"}}
    answers |= {"process.disciplined.2": 1}  # the only one that applies
    answers |= {"technology.disciplined.1": "dont_know"}  # don't know is not an answer
    r = score(bank(), [one(answers)])
    assert r.dimension("people").level is C.DISCIPLINED
    assert r.dimension("process").level is C.DISCIPLINED
    assert r.dimension("technology").unanswered_level is C.DISCIPLINED


def test_the_result_counts_the_questions_answered():
    r = score(
        bank(), [one(capability({"incidental": 1}) | {"kpi.nps": 0, "s.a.used": "dont_know"})]
    )
    assert (r.answered, r.asked, r.kpis_answered, r.kpis_asked) == (7, 24 + 10 + 2 + 2, 1, 2)


def test_cumulative_levels_and_progress_into_the_next():
    # Incidental 1, Disciplined 0.5 (met at threshold 0.5), Cross-Life Cycle: one of
    # two statements at 0.5 -> 2 + 1/2 = 2.5.
    answers = capability({"incidental": 1, "disciplined": 0.5, "personalized_business": 0})
    answers |= {"people.cross_lifecycle.1": 0.5, "people.cross_lifecycle.2": 0}
    r = score(bank(), [one(answers)])
    people = r.dimension("people")
    assert (people.level, people.progress) == (C.DISCIPLINED, 2.5)
    assert people.next_steps == ["people.cross_lifecycle.2"]


def test_overall_is_the_weakest_dimension_with_the_mean_beside_it():
    answers = capability({"incidental": 1, "disciplined": 1, "cross_lifecycle": 0}, ("people",))
    answers |= capability({"incidental": 1, "disciplined": 0}, ("process", "technology"))
    r = score(bank(), [one(answers)])
    assert r.overall is C.INCIDENTAL and r.overall_progress == 1.0
    assert r.mean_progress == round((2 + 1 + 1) / 3, 1)


def test_a_higher_threshold_asks_more():
    answers = capability({"incidental": 0.5})
    assert score(bank(0.5), [one(answers)]).dimension("process").level is C.INCIDENTAL
    assert score(bank(0.75), [one(answers)]).dimension("process").level is None


def test_targets_give_the_gap():
    answers = capability({"incidental": 1, "disciplined": 0})
    r = score(bank(), [one(answers)], targets={Dimension.PEOPLE: C.CROSS_LIFECYCLE})
    assert (r.dimension("people").gap, r.dimension("process").gap) == (2.0, None)


# --- strategy -----------------------------------------------------------------


def test_nothing_used_is_stage_none():
    assert score(bank(), [one({"s.a.used": 0})]).stage is StrategyStage.NONE


def test_a_and_b_without_measuring_are_immature():
    r = score(bank(), [one({"s.a.used": 1, "s.a.measured": 0, "s.b.used": 0.5})])
    assert r.stage is StrategyStage.IMMATURE


def test_a_and_b_measured_are_maturing():
    r = score(bank(), [one({"s.a.used": 1, "s.a.measured": 0.5})])
    assert r.stage is StrategyStage.MATURING


def test_c_or_d_in_use_is_maturing():
    assert score(bank(), [one({"s.d.used": 0.5})]).stage is StrategyStage.MATURING


def test_e_without_a_to_d_is_flagged_and_does_not_count():
    r = score(bank(), [one({"s.e.used": 1, "s.a.used": 1})])
    assert r.stage is StrategyStage.IMMATURE
    assert any(f.startswith("E claimed without foundation") for f in r.flags)


def test_e_without_foundation_names_the_tactics_not_in_use():
    # D answered Ad hoc: below the threshold (Routinely), so not in use
    r = score(
        bank(),
        [
            one(
                {
                    "s.a.used": 0.5,
                    "s.b.used": 0.5,
                    "s.c.used": 0.5,
                    "s.d.used": 0.25,
                    "s.e.used": 0.5,
                }
            )
        ],
    )
    flag = next(f for f in r.flags if f.startswith("E claimed without foundation"))
    assert "but D is not in use; E does not count until it is." in flag


def test_e_without_foundation_tells_unanswered_tactics_from_those_not_in_use():
    r = score(bank(), [one({"s.a.used": 0.25, "s.b.used": 0, "s.e.used": 1})])
    flag = next(f for f in r.flags if f.startswith("E claimed without foundation"))
    assert (
        "but A and B are not in use and C and D are not answered; E does not count "
        "until they are." in flag
    )


def test_e_on_an_a_to_d_foundation_is_advanced():
    answers = {f"s.{t}.used": 1 for t in "abcde"} | capability({"incidental": 0})
    r = score(bank(), [one(answers)])
    assert r.stage is StrategyStage.ADVANCED and r.flags == []


def test_coverage_is_the_used_answer_and_measured_its_own():
    t = score(bank(), [one({"s.c.used": 0.5, "s.c.measured": 0.25})]).tactic("C")
    assert (t.coverage, t.measured) == (0.5, 0.25)


# --- readiness and KPIs -------------------------------------------------------


def test_an_unoptimized_generic_experience_says_fix_the_basics_first():
    r = score(bank(), [one({"readiness.generic-experience-optimized": 0.25})])
    assert r.flags[0].startswith("Fix the basics first")
    assert r.readiness_gaps == ["readiness.generic-experience-optimized"]


def test_kpis_tracked_by_name():
    r = score(bank(), [one({"kpi.nps": 0.5, "kpi.clv": 0})])
    assert (r.kpis_tracked, r.kpis_asked) == (["nps"], 2)


@pytest.mark.parametrize("value", [0, 0.25])
def test_no_kpi_tracked_is_flagged(value):
    r = score(bank(), [one({"kpi.nps": value})])
    assert any(f.startswith("No customer-value KPI is tracked") for f in r.flags)


def test_the_builtin_basics_statement_under_its_new_id_still_says_fix_the_basics_first(
    builtin_questionnaire,
):
    qid = "readiness.generic-experience-optimized-v2"
    r = score(builtin_questionnaire, [one({qid: 0})])
    assert qid in r.readiness_gaps
    assert r.flags[0].startswith("Fix the basics first")


def test_a_kpi_statements_section_writes_initials_as_initials(builtin_questionnaire):
    from cvo_workshop.engine.maturity import section

    sections = {section(q) for q in builtin_questionnaire.questions}
    assert "Customer-value KPIs · NPS" in sections
    assert "Customer-value KPIs · CAC vs CLV" in sections
    assert "Customer-value KPIs · Customer effort score" in sections
