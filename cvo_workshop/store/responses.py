"""Response files written by the app: one atomic write on every answer, so a
questionnaire survives `kill -9` with every answer given before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cvo_workshop.engine.text import slug
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.model.response import Answer, Response
from cvo_workshop.store.atomic import write_atomic
from cvo_workshop.store.deck_yaml import dump_yaml


def responses_dir() -> Path:
    from cvo_workshop.store.workshops import data_dir

    return data_dir() / "responses"


def default_response_path(respondent: str, when: dt.date | None = None, n: int = 1) -> Path:
    """Today's file for a respondent: ana-2026-11-20.yaml; the n-th of the same name
    (two people whose names make the same file name) ana-2026-11-20-2.yaml."""
    name = slug(respondent, "response")
    extra = f"-{n}" if n > 1 else ""
    return responses_dir() / f"{name}-{(when or dt.date.today()).isoformat()}{extra}.yaml"


def _answer(a: Answer) -> object:
    if not a.note and not a.evidence:
        return a.value
    out: dict[str, object] = {"value": a.value}
    if a.note:
        out["note"] = a.note
    if a.evidence:
        out["evidence"] = a.evidence
    return out


def response_yaml(response: Response) -> str:
    data: dict[str, object] = {
        "questionnaire": response.questionnaire,
        "respondent": response.respondent,
        "role": response.role,
        "date": response.date.isoformat() if response.date else None,
        "answers": {qid: _answer(a) for qid, a in response.answers.items()},
    }
    return "# Written by cvo-workshop on every answer; safe to edit by hand.\n" + dump_yaml(data)


def save_response(path: Path, response: Response) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, response_yaml(response))


def unfinished_response(respondent: str, bank: Questionnaire) -> tuple[Path, Response] | None:
    """The respondent's newest file in the data folder with questions left, whatever
    day it was started on; None if there is none. Unreadable files are passed over
    (they are reported when opened by name)."""
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.questionnaires import load_response

    name = slug(respondent, "response")
    files = [p for p in responses_dir().glob(f"{name}-*.yaml") if p.is_file()]
    for path in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            found = load_response(path, bank)
        except InputError:
            continue
        if found.respondent.casefold() != respondent.casefold():
            continue
        if any(
            not found.answers.get(q.id) or found.answers[q.id].value is None for q in bank.questions
        ):
            return path, found
    return None
