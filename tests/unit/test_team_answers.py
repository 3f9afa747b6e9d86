"""A team's response files, one a person, answered from their phones
(service/assessments.TeamAnswers) and the rule of who has finished
(engine/maturity.finished)."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.maturity import finished, refused_answer
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.questionnaire import AnswerSet
from cvo_workshop.model.response import Response
from cvo_workshop.service.assessments import TeamAnswers
from cvo_workshop.store.questionnaires import load_response
from cvo_workshop.store.responses import lock_response


def _all(bank, value=1.0) -> dict[str, object]:
    return {q.id: value for q in bank.questions}


def test_a_response_with_every_statement_answered_dont_know_included_is_finished(
    builtin_questionnaire,
):
    answers = _all(builtin_questionnaire)
    answers[builtin_questionnaire.questions[0].id] = "dont_know"
    assert finished(builtin_questionnaire, Response(respondent="Ana", answers=answers))


def test_a_response_with_one_statement_left_blank_is_not_finished(builtin_questionnaire):
    answers = _all(builtin_questionnaire)
    answers[builtin_questionnaire.questions[-1].id] = None
    assert not finished(builtin_questionnaire, Response(respondent="Ana", answers=answers))


def test_an_answer_saved_under_a_statements_old_id_counts_for_finishing(builtin_questionnaire):
    moved = next(
        q
        for q in builtin_questionnaire.questions
        if q.replaces and q.answers is AnswerSet.FREQUENCY
    )
    answers = _all(builtin_questionnaire)
    answers[moved.replaces[0]] = answers.pop(moved.id)
    assert finished(builtin_questionnaire, Response(respondent="Ana", answers=answers))


def test_an_old_answer_to_a_statement_now_answered_in_other_words_leaves_it_open(
    builtin_questionnaire,
):
    moved = next(
        q
        for q in builtin_questionnaire.questions
        if q.replaces and q.answers is not AnswerSet.FREQUENCY
    )
    answers = _all(builtin_questionnaire)
    answers[moved.replaces[0]] = answers.pop(moved.id)
    assert not finished(builtin_questionnaire, Response(respondent="Ana", answers=answers))


def test_a_retired_statement_cannot_be_answered(builtin_questionnaire):
    why = refused_answer(builtin_questionnaire, builtin_questionnaire.retired[0], 1)
    assert why == f"no question {builtin_questionnaire.retired[0]!r} in the questionnaire"


def test_true_is_not_an_answer_even_where_yes_is_1(builtin_questionnaire):
    yes_no = next(q for q in builtin_questionnaire.questions if q.answers.value == "yes_no")
    assert refused_answer(builtin_questionnaire, yes_no.id, True) is not None
    assert refused_answer(builtin_questionnaire, yes_no.id, 1) is None


def test_two_names_that_make_the_same_file_name_get_a_file_each(tmp_path, builtin_questionnaire):
    team = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    qid = builtin_questionnaire.questions[0].id
    team.answer("Ben!", qid, 1)
    team.answer("ben", qid, 0)
    assert team.path_of("Ben!").name == "ben.yaml" and team.path_of("ben").name == "ben-2.yaml"
    assert load_response(team.path_of("ben"), builtin_questionnaire).respondent == "ben"


def test_each_person_carries_on_in_their_own_file_when_the_folder_is_read_again(
    tmp_path, builtin_questionnaire
):
    qid = builtin_questionnaire.questions[0].id
    first = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    first.answer("Ben!", qid, 1)
    first.answer("ben", qid, 0)
    again = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    assert again.path_of("ben").name == "ben-2.yaml"
    assert again.response("ben").answers[qid].value == 0.0


def test_a_file_that_cannot_be_read_is_left_alone_and_named(tmp_path, builtin_questionnaire):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "ana.yaml").write_text("respondent: [broken\n")
    team = TeamAnswers(folder, builtin_questionnaire)
    team.answer("Ana", builtin_questionnaire.questions[0].id, 1)
    assert (folder / "ana.yaml").read_text() == "respondent: [broken\n"
    assert team.path_of("Ana").name == "ana-2.yaml"
    assert team.unreadable and team.unreadable[0].startswith(str(folder / "ana.yaml"))


def test_a_file_open_on_a_questionnaire_screen_is_not_written_over(tmp_path, builtin_questionnaire):
    team = TeamAnswers(tmp_path / "team", builtin_questionnaire)
    qid = builtin_questionnaire.questions[0].id
    team.answer("Ana", qid, 1)
    lock = lock_response(team.path_of("Ana"))
    try:
        with pytest.raises(InputError, match="is being answered in another cvo-workshop"):
            team.answer("Ana", qid, 0)
    finally:
        lock.release()
    assert load_response(team.path_of("Ana"), builtin_questionnaire).answers[qid].value == 1.0


def _edit_by_hand(team, name, qid, note):
    """Answer `qid` "don't know" in `name`'s file, as an editor or `assess run -o` would."""
    path = team.path_of(name)
    path.write_text(path.read_text() + f"  {qid}:\n    value: dont_know\n    note: {note}\n")


def test_an_answer_from_the_room_keeps_an_edit_made_to_the_file_meanwhile(
    tmp_path, builtin_questionnaire
):
    team = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    q = [q.id for q in builtin_questionnaire.questions]
    team.answer("Ana", q[0], 1)
    _edit_by_hand(team, "Ana", q[1], "typed by hand")
    team.answer("Ana", q[2], 0)
    saved = load_response(team.path_of("Ana"), builtin_questionnaire).answers
    assert saved[q[1]].note == "typed by hand" and saved[q[0]].value == 1.0
    assert saved[q[2]].value == 0.0


def test_the_teams_progress_counts_an_answer_typed_into_the_file_by_hand(
    tmp_path, builtin_questionnaire
):
    team = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    q = [q.id for q in builtin_questionnaire.questions]
    team.answer("Ana", q[0], 1)
    _edit_by_hand(team, "Ana", q[1], "typed by hand")
    assert team.progress(["Ana"]).answered["Ana"] == 2


def test_a_value_chosen_after_not_applicable_drops_the_old_reason(tmp_path, builtin_questionnaire):
    team = TeamAnswers(tmp_path / "team", builtin_questionnaire, "Acme")
    qid = builtin_questionnaire.questions[0].id
    team.answer("Ana", qid, "na", "we have no app")
    team.answer("Ana", qid, 1, "")
    saved = load_response(team.path_of("Ana"), builtin_questionnaire).answers[qid]
    assert (saved.value, saved.note) == (1.0, "")
