"""Loading questionnaires and response files, every problem located."""

from __future__ import annotations

import difflib
from pathlib import Path

from cvo_workshop.engine.maturity import current_answers, in_answer_set
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.model.questionnaire import DONT_KNOW, NOT_APPLICABLE, SCORES, Questionnaire
from cvo_workshop.model.response import Response
from cvo_workshop.store.textfile import read_text
from cvo_workshop.store.validate import as_mapping, unknown_keys, validate
from cvo_workshop.store.yamlio import Located, Unparsed, load_yaml

QUESTIONNAIRE_KEYS = ["questionnaire", "scale", "questions", "retired"]


def _check_questionnaire(located: Located) -> Questionnaire:
    problems = list(located.problems)
    data, more = as_mapping(located, "a questionnaire with `questionnaire` and `questions`")
    problems += more
    if data is None:
        raise InputError(problems)
    problems += unknown_keys(data, QUESTIONNAIRE_KEYS, located)
    questions = data.get("questions")
    clean = dict(data)
    if isinstance(questions, list):
        seen: dict[str, int] = {}
        for i, q in enumerate(questions):
            qid = q.id if isinstance(q, Unparsed) else q.get("id") if isinstance(q, dict) else None
            if isinstance(qid, str):
                if qid in seen:
                    problems.append(
                        located.problem(("questions", i, "id"), f"duplicate question id {qid!r}")
                    )
                seen.setdefault(qid, i)
        # Placeholders for unreadable items already carry their syntax error.
        clean["questions"] = [q if not isinstance(q, Unparsed) else None for q in questions]
    record, more = validate(Questionnaire, clean, located)
    problems += [p for p in more if not _is_placeholder(p, clean)]
    if problems or record is None:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))
    return record


def _is_placeholder(problem: Problem, data: dict) -> bool:
    field = problem.field
    if not field.startswith("questions["):
        return False
    i = int(field[len("questions[") : field.index("]")])
    return data["questions"][i] is None


def load_questionnaire(path: Path | str) -> Questionnaire:
    return _check_questionnaire(load_yaml(read_text(path), str(path)))


def load_questionnaire_text(text: str, source: str = "<questionnaire>") -> Questionnaire:
    return _check_questionnaire(load_yaml(text, source))


def check_response(located: Located, bank: Questionnaire | None) -> Response:
    """A response validated on its own and, given the questionnaire, against it."""
    problems = list(located.problems)
    data, more = as_mapping(located, "a response with `respondent` and `answers`")
    problems += more
    if data is None:
        raise InputError(problems)
    record, more = validate(Response, data, located)
    problems += more
    if "answers" not in data:
        problems.append(
            located.problem(("answers",), "required field is missing (the answers, by question id)")
        )
    answers = data.get("answers")
    named = data.get("questionnaire")
    if bank is not None and named and named != bank.questionnaire.id:
        problems.append(
            located.problem(
                ("questionnaire",),
                f"answers questionnaire {named!r}, not {bank.questionnaire.id!r}; "
                "score it with --bank pointing at that questionnaire",
            )
        )
    if bank is not None and isinstance(answers, dict):
        known = [q.id for q in bank.questions]
        for qid, answer in answers.items():
            if not bank.knows_id(qid):
                problems.append(_unknown_question(located, qid, known))
            elif (off := _off_answer_set(located, bank, qid, answer)) is not None:
                problems.append(off)
            elif (
                (isinstance(answer, dict) and answer.get("value") == "na") or answer == "na"
            ) and not (isinstance(answer, dict) and answer.get("note")):
                problems.append(
                    located.problem(
                        ("answers", qid), "'na' (not applicable) needs a note saying why"
                    )
                )
    if problems or record is None:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))
    return current_answers(record, bank) if bank is not None else record


def _off_answer_set(located: Located, bank: Questionnaire, qid: str, answer: object):
    """A value the question's answer set has no word for (0.5 to a Yes/No statement),
    or None. An old id's answer is checked where it counts, against its successor."""
    now = bank.current_id(qid)
    value = answer.get("value") if isinstance(answer, dict) else answer
    if now is None or value is None or isinstance(value, bool):
        return None  # kept unscored, blank, or refused by the record's own check
    if value not in [*SCORES, DONT_KNOW, NOT_APPLICABLE]:
        return None  # not a value at all (the record says so); 10**400 never reaches float()
    if isinstance(value, int):
        value = float(value)
    question = bank.question(now)
    if in_answer_set(bank, question, value):
        return None
    steps = bank.steps(question)
    words = ", ".join(f"{_value_text(s.value)} ({s.label})" for s in steps)
    what = question.answers.value.replace("_", "/")
    path = ("answers", qid, "value") if isinstance(answer, dict) else ("answers", qid)
    return located.problem(
        path, f"{_value_text(value)} is not an answer on this {what} statement; expected {words}"
    )


def _value_text(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _unknown_question(located: Located, qid: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(qid, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return located.problem(
        ("answers", qid), f"no question {qid!r} in the questionnaire{hint}", key=True
    )


def load_response(path: Path | str, bank: Questionnaire | None = None) -> Response:
    return check_response(load_yaml(read_text(path), str(path)), bank)
