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
