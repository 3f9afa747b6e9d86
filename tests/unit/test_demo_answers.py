"""The demo's respondents answer each statement in its own words."""

from __future__ import annotations

from cvo_workshop.engine.demo import demo_responses


def test_the_demos_respondents_answer_every_statement_on_its_answer_set(builtin_questionnaire):
    bank = builtin_questionnaire
    for response in demo_responses(bank, seed=7):
        for qid, answer in response.answers.items():
            allowed = [s.value for s in bank.steps(bank.question(qid))]
            assert answer.value in allowed, (response.respondent, qid, answer.value)
