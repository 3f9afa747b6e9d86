"""The maturity result as a view: the words every door shows."""

from __future__ import annotations

from cvo_workshop.engine.maturity_view import maturity_view
from tests.maturity_fixtures import result


def test_a_question_the_questionnaire_at_hand_lacks_is_counted_never_shown_by_id(
    builtin_questionnaire,
):
    known = builtin_questionnaire.questions[0]
    assessment = result().model_copy(
        update={
            "questionnaire": builtin_questionnaire.questionnaire.id,
            "readiness_gaps": [known.id, "custom.unknown"],
        }
    )

    texts = maturity_view(assessment, builtin_questionnaire).texts()

    assert known.text in texts
    assert "and 1 more, not in the questionnaire at hand" in texts
    assert not any("custom.unknown" in t or known.id in t for t in texts)


def test_without_the_questionnaire_its_questions_are_counted(builtin_questionnaire):
    ids = [q.id for q in builtin_questionnaire.questions[:2]]
    assessment = result().model_copy(update={"disagreements": ids})

    view = maturity_view(assessment, None)

    section = next(s for s in view.sections if s.title == "Disagreement on 2 questions")
    assert [line.text for line in section.lines] == ["and 2 more, not in the questionnaire at hand"]


def test_an_organization_below_the_first_level_is_named_below_incidental():
    assessment = result().model_copy(update={"overall": None, "overall_progress": 0.4})

    assert maturity_view(assessment, None).headline.startswith(
        "Capability: below Incidental (0.4 of 4"
    )


def _tactic_line(texts: list[str], tactic: str) -> str:
    return next(t for t in texts if t.startswith(f"{tactic} "))


def test_a_tactic_below_the_threshold_is_not_said_to_be_in_use(builtin_questionnaire):
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.model.response import Response

    answers = {f"strategy.{t}.used": 0.5 for t in "abce"} | {"strategy.d.used": 0.25}
    response = Response.model_validate({"respondent": "Ana", "answers": answers})

    texts = maturity_view(score(builtin_questionnaire, [response]), None).texts()

    assert _tactic_line(texts, "C").startswith("C Some content recommended: in use Routinely,")
    d = _tactic_line(texts, "D")
    assert "tried Ad hoc, not in use," in d and "in use Ad hoc" not in d
    assert any("but D is not in use" in t for t in texts)


def test_in_use_is_measured_against_the_result_s_threshold():
    # coverage A 0.8, B 0.5, E 0.0; the questionnaire asked for Continuously (1.0)
    texts = maturity_view(result().model_copy(update={"threshold": 1.0}), None).texts()

    assert "tried Routinely to Continuously, not in use," in _tactic_line(texts, "A")
    assert "tried Routinely, not in use," in _tactic_line(texts, "B")
    assert ": not in use, effect measured" in _tactic_line(texts, "E")  # "No": never tried


def test_a_few_dont_know_answers_are_less_than_1_percent_and_never_0():
    texts = maturity_view(result().model_copy(update={"dont_know_share": 0.004}), None).texts()
    assert '"Don\'t know": <1% of the answers' in texts
    texts = maturity_view(result().model_copy(update={"dont_know_share": 0.25}), None).texts()
    assert '"Don\'t know": 25% of the answers' in texts
