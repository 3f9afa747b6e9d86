"""Questionnaire and response files: located problems, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvo_workshop.model.problem import InputError
from cvo_workshop.store.questionnaires import load_questionnaire, load_response

DATA = Path(__file__).parent.parent / "data"


def test_a_broken_questionnaire_reports_every_mistake_located():
    with pytest.raises(InputError) as e:
        load_questionnaire(DATA / "broken-questionnaire.yaml")
    found = {(p.line, p.field): p.message for p in e.value.problems}
    assert "did you mean 'threshold'" in found[(4, "questionnaire.treshold")]
    assert "duplicate question id 'strategy.a.used'" in found[(11, "questions[1].id")]
    assert "expected strategy, capability, readiness or kpi" in found[(17, "questions[2].axis")]
    assert "needs a level" in found[(21, "questions[3]")]
    assert any(line == 26 and "indentation" in m for (line, _), m in found.items())
    assert len(e.value.problems) == 5


def test_response_against_the_bank(tmp_path, builtin_questionnaire):
    first, second = builtin_questionnaire.questions[:2]
    f = tmp_path / "ana.yaml"
    f.write_text(
        f"respondent: Ana\nrole: CRM lead\ndate: 2026-11-20\nanswers:\n"
        f"  {first.id}: 0.5\n  {second.id}: {{value: 1, note: weekly}}\n"
    )
    response = load_response(f, builtin_questionnaire)
    assert response.answers[first.id].value == 0.5
    assert response.answers[second.id].note == "weekly"


def test_response_problems_are_located(tmp_path, builtin_questionnaire):
    qid = builtin_questionnaire.questions[0].id
    f = tmp_path / "bad.yaml"
    f.write_text(f"respondent: Ana\nanswers:\n  {qid}: 0.3\n  {qid}x: 1\n  nonsense: 1\n")
    with pytest.raises(InputError) as e:
        load_response(f, builtin_questionnaire)
    found = {(p.line, p.field): p.message for p in e.value.problems}
    assert "expected 0, 0.25, 0.5, 1, dont_know or na" in found[(3, f"answers.{qid}")]
    assert f"did you mean {qid!r}" in found[(4, f"answers.{qid}x")]
    assert "no question 'nonsense'" in found[(5, "answers.nonsense")]


def test_fields_that_do_not_belong_to_the_axis_are_refused(tmp_path):
    from cvo_workshop.store.questionnaires import load_questionnaire_text

    text = (
        "questionnaire: {id: q, name: Q}\nquestions:\n"
        "  - {id: r1, axis: readiness, dimension: A, text: t}\n"
        "  - {id: k1, axis: kpi, dimension: nps, level: incidental, text: t}\n"
        "  - {id: c1, axis: capability, dimension: people, level: incidental,"
        " aspect: used, text: t}\n"
    )
    with pytest.raises(InputError) as e:
        load_questionnaire_text(text, "q.yaml")
    messages = [p.message for p in e.value.problems]
    assert [p.line for p in e.value.problems] == [3, 4, 5]
    assert "readiness questions have no dimension" in messages[0]
    assert "`level` is only for capability questions" in messages[1]
    assert "`aspect` is only for strategy questions" in messages[2]
