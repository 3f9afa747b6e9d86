"""Answer sets per question, evidence per answer, old ids still read (issue 18)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cvo_workshop.engine.maturity import answer_label, score
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.questionnaire import AnswerSet
from cvo_workshop.model.response import Response
from cvo_workshop.store.questionnaires import (
    load_questionnaire,
    load_questionnaire_text,
    load_response,
)
from cvo_workshop.store.responses import response_yaml
from tests.conftest import DATA

BANK = """\
questionnaire: {id: q, name: Q, threshold: 0.5}
questions:
  - {id: cap.inc.often, axis: capability, dimension: people, level: incidental,
     text: We do it., replaces: [cap.old.often]}
  - {id: cap.inc.owner, axis: capability, dimension: people, level: incidental,
     text: A person owns it., answers: yes_no, criteria: [Named., Has time.]}
  - {id: cap.inc.reach, axis: capability, dimension: people, level: incidental,
     text: It reaches customers., answers: coverage, replaces: [cap.old.reach]}
retired: [cap.inc.gone]
"""


def bank():
    return load_questionnaire_text(BANK)


def response(**answers):
    return Response.model_validate({"respondent": "Ana", "answers": answers})


def test_a_question_without_an_answer_set_uses_the_questionnaires_scale():
    b = bank()
    q = b.question("cap.inc.often")
    assert q.answers is AnswerSet.FREQUENCY
    assert [s.label for s in b.steps(q)][:4] == ["No", "Ad hoc", "Routinely", "Continuously"]


def test_yes_no_and_coverage_answers_are_named_in_their_own_words():
    b = bank()
    assert [s.label for s in b.steps(b.question("cap.inc.owner"))][:2] == ["No", "Yes"]
    assert answer_label(1.0, b, "cap.inc.owner") == "Yes"
    assert answer_label(0.5, b, "cap.inc.reach") == "Most"
    assert answer_label(0.5, b, "cap.inc.often") == "Routinely"


def test_answer_sets_score_on_the_same_values():
    # Yes = 1, Most = 0.5, Ad hoc = 0.25: mean 0.58 reaches the 0.5 threshold.
    r = score(
        bank(), [response(**{"cap.inc.owner": 1, "cap.inc.reach": 0.5, "cap.inc.often": 0.25})]
    )
    people = next(d for d in r.capability if d.dimension.value == "people")
    assert people.level is not None and people.level.value == "incidental"
    r = score(
        bank(), [response(**{"cap.inc.owner": 0, "cap.inc.reach": 0.5, "cap.inc.often": 0.25})]
    )
    assert next(d for d in r.capability if d.dimension.value == "people").level is None


def test_criteria_written_as_one_paragraph_still_read_as_one_criterion():
    b = load_questionnaire_text(
        BANK.replace("text: We do it.,", "text: We do it., criteria: All of it.,")
    )
    assert b.question("cap.inc.often").criteria == ["All of it."]


def test_an_answer_under_an_old_id_counts_for_the_statement_that_replaced_it(tmp_path):
    f = tmp_path / "ana.yaml"
    f.write_text("respondent: Ana\nanswers:\n  cap.old.often: 0.25\n  cap.inc.gone: 0.5\n")
    r = load_response(f, bank())
    assert r.answers["cap.inc.often"].value == 0.25
    assert "cap.old.often" not in r.answers


def test_an_old_frequency_answer_is_kept_and_not_scored_where_the_statement_is_now_coverage(
    tmp_path,
):
    # "Continuously" under the old id does not say "All": the old words are not the new.
    f = tmp_path / "ana.yaml"
    f.write_text("respondent: Ana\nanswers:\n  cap.old.reach: {value: 1, note: kept}\n")
    r = load_response(f, bank())
    assert r.answers["cap.old.reach"].note == "kept" and "cap.inc.reach" not in r.answers
    reach = next(q for q in score(bank(), [r]).questions if q.id == "cap.inc.reach")
    assert reach.value is None and reach.counts == {"unanswered": 1}


def test_a_value_a_yes_no_statement_has_no_word_for_is_refused_where_it_is_written(tmp_path):
    f = tmp_path / "ana.yaml"
    f.write_text(
        "respondent: Ana\nanswers:\n  cap.inc.owner: 0.5\n"
        "  cap.inc.often: 0.25\n  cap.inc.reach: {value: 0.25}\n"
    )
    with pytest.raises(InputError) as e:
        load_response(f, bank())
    assert [str(p) for p in e.value.problems] == [
        f"{f}:3:18: answers.cap.inc.owner: 0.5 is not an answer on this yes/no statement; "
        "expected 0 (No), 1 (Yes), dont_know (Don't know), na (Not applicable)"
    ]


def test_a_value_off_the_answer_set_is_refused_in_an_answer_with_a_note_too(tmp_path):
    f = tmp_path / "ana.yaml"
    f.write_text("respondent: Ana\nanswers:\n  cap.inc.owner: {value: 0.25, note: partly}\n")
    with pytest.raises(InputError) as e:
        load_response(f, bank())
    (problem,) = e.value.problems
    assert problem.field == "answers.cap.inc.owner.value" and problem.line == 3
    assert "0.25 is not an answer on this yes/no statement" in problem.message


def test_an_answer_to_a_retired_statement_is_kept_in_the_file_and_not_scored(tmp_path):
    # The questionnaire screen saves the response it read: a retired answer must survive.
    f = tmp_path / "ana.yaml"
    f.write_text("respondent: Ana\nanswers:\n  cap.inc.gone: {value: 0.5, note: kept}\n")
    r = load_response(f, bank())
    assert r.answers["cap.inc.gone"].note == "kept"
    assert "cap.inc.gone" not in {q.id for q in score(bank(), [r]).questions}


def test_an_id_that_is_both_current_and_old_is_refused():
    with pytest.raises(InputError) as e:
        load_questionnaire_text(BANK.replace("retired: [cap.inc.gone]", "retired: [cap.inc.owner]"))
    assert "cannot be an old one" in str(e.value.problems[0])


def test_evidence_has_a_link_an_owner_and_a_date_and_is_written_back():
    r = Response.model_validate(
        {
            "respondent": "Ana",
            "answers": {
                "cap.inc.owner": {
                    "value": 1,
                    "evidence": {
                        "link": "https://wiki/owner",
                        "owner": "Ben",
                        "date": "2026-05-01",
                    },
                }
            },
        }
    )
    e = r.answers["cap.inc.owner"].evidence
    assert (e.link, e.owner, e.date) == ("https://wiki/owner", "Ben", dt.date(2026, 5, 1))
    assert str(e) == "https://wiki/owner · owner Ben · checked 2026-05-01"
    assert "owner: Ben" in response_yaml(r)


def test_evidence_written_as_a_line_of_text_still_reads_and_is_kept_as_text():
    r = response(**{"cap.inc.owner": {"value": 1, "evidence": "org chart, p. 3"}})
    assert r.answers["cap.inc.owner"].evidence.what == "org chart, p. 3"
    assert "evidence: org chart, p. 3" in response_yaml(r)


def test_evidence_is_among_the_notes_of_a_result():
    r = response(
        **{"cap.inc.owner": {"value": 1, "note": "since May", "evidence": {"owner": "Ben"}}}
    )
    q = next(q for q in score(bank(), [r]).questions if q.id == "cap.inc.owner")
    assert q.notes == ["Ana: since May; owner Ben"]


# --- the built-in questionnaire ----------------------------------------------


def test_every_builtin_question_has_a_source_and_two_to_four_criteria(builtin_questionnaire):
    for q in builtin_questionnaire.questions:
        assert q.source.strip(), q.id
        assert 2 <= len(q.criteria) <= 4, q.id


def test_research_per_segment_and_shared_vocabulary_are_disciplined(builtin_questionnaire):
    for qid in (
        "capability.process.disciplined.research-per-segment",
        "capability.people.disciplined.shared-vocabulary",
    ):
        assert builtin_questionnaire.question(qid).level.value == "disciplined"


# Statements whose 'and' / 'or' joins items of one list (examples, channels, kinds
# of data), not two claims someone could answer differently. Reviewed by hand, one
# by one: a new statement with 'and' or 'or' fails until it is read and added here.
ONE_CLAIM = {
    "strategy.a.measured": "'clicks and sales' is what it is not only about",
    "strategy.b.used": "examples of adapted ads",
    "strategy.c.used": "'products or content': either counts",
    "strategy.d.used": "places and examples of adapted content",
    "capability.people.incidental.runs-a-tactic-v2": "examples of tactics",
    "capability.people.incidental.knows-the-tools-v2": "either tool counts",
    "capability.people.disciplined.shared-vocabulary": "what the vocabulary covers",
    "capability.people.cross_lifecycle.service-and-stores-involved-v2": "who: frontline staff",
    "capability.people.cross_lifecycle.frontline-feedback": "who: frontline staff",
    "capability.people.personalized_business.personalization-in-every-role-v2": "which teams",
    "capability.people.personalized_business.incentives-include-cx-v2": "either measure counts",
    "capability.process.disciplined.research-per-segment": "what is asked",
    "capability.process.disciplined.winners-built-in": "where it is built",
    "capability.process.cross_lifecycle.cx-tied-to-business": "examples of results",
    "capability.process.cross_lifecycle.ideal-customer-profile": "what it is built from, steers",
    "capability.process.personalized_business.operations-use-customer-data-v2": "which plans",
    "capability.technology.incidental.triggered-messages-v2": "examples of messages",
    "capability.technology.incidental.recommendations-somewhere-v2": "either place counts",
    "capability.technology.disciplined.segments-in-one-place-v2": "which tools read it",
    "capability.technology.disciplined.fresh-data-feeds-v2": "which feeds",
    "capability.technology.disciplined.content-tagged": "what the tags say",
    "capability.technology.cross_lifecycle.unified-profile-v2": "which data it joins",
    "capability.technology.personalized_business.shared-decision-services-v2": "examples",
    "capability.technology.personalized_business.operations-systems-connected-v2": "which systems",
    "readiness.reason-to-sign-in-v2": "examples of reasons",
    "readiness.data-inventory": "how the inventory is arranged",
}


def test_no_builtin_statement_joins_two_claims(builtin_questionnaire):
    joined = {
        q.id
        for q in builtin_questionnaire.questions
        if re.search(r"\b(and|or)\b", q.text, re.IGNORECASE)
    }
    assert joined - ONE_CLAIM.keys() == set()  # read it; split it or add it above
    assert ONE_CLAIM.keys() - joined == set()  # the list holds no stale entries


def test_last_months_response_files_still_read_and_score_what_still_means_the_same():
    from tests.cli.test_assess_cli import TEAM

    old_bank = load_questionnaire(DATA / "questionnaire-before-issue-18.yaml")
    new_bank = load_questionnaire(
        DATA.parent.parent / "assessments" / "personalization-maturity.yaml"
    )
    old = [load_response(p, old_bank) for p in TEAM]
    new = [load_response(p, new_bank) for p in TEAM]
    before, after = score(old_bank, old), score(new_bank, new)
    assert after.stage == before.stage
    assert [t.coverage for t in after.strategy] == [t.coverage for t in before.strategy]
    # A statement moved on the same scale keeps its answers: same median, now Disciplined.
    moved = "capability.process.disciplined.research-per-segment"
    was = "capability.process.cross_lifecycle.research-per-segment"
    value = {q.id: q.value for q in before.questions}[was]
    assert value is not None and {q.id: q.value for q in after.questions}[moved] == value


def test_last_months_frequency_answers_to_statements_now_yes_no_are_kept_not_scored():
    from tests.cli.test_assess_cli import TEAM

    new_bank = load_questionnaire(
        DATA.parent.parent / "assessments" / "personalization-maturity.yaml"
    )
    new = [load_response(p, new_bank) for p in TEAM]
    old_id = "capability.people.disciplined.named-owner"
    assert new[0].answers[old_id].value == 0.5  # Ana's "Routinely", kept in her file
    after = score(new_bank, new)
    owner = next(q for q in after.questions if q.id == f"{old_id}-v2")
    assert owner.value is None and owner.counts == {"unanswered": 5}
    # So no level is claimed on answers that no longer say it: Incidental is to answer.
    assert {d.unanswered_level for d in after.capability} == {
        new_bank.question("capability.people.incidental.runs-a-tactic-v2").level
    }


def test_every_builtin_statement_with_answers_of_its_own_has_an_id_last_months_files_lack():
    old_bank = load_questionnaire(DATA / "questionnaire-before-issue-18.yaml")
    new_bank = load_questionnaire(
        DATA.parent.parent / "assessments" / "personalization-maturity.yaml"
    )
    old_ids = {q.id for q in old_bank.questions}
    reused = [
        q.id for q in new_bank.questions if q.answers is not AnswerSet.FREQUENCY and q.id in old_ids
    ]
    assert reused == []


def test_the_blank_response_file_names_a_statements_own_answers(cli, builtin_questionnaire):
    out = cli("assess", "template").stdout
    yes_no = next(q for q in builtin_questionnaire.questions if q.answers is AnswerSet.YES_NO)
    above = out.split(f"  {yes_no.id}:")[0].splitlines()[-1]
    assert above == "  # Answers: 0 (No), 1 (Yes), dont_know (Don't know), na (Not applicable)"
