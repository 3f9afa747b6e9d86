"""Response files written by the app: one atomic write on every answer, so a
questionnaire survives `kill -9` with every answer given before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cvo_workshop.engine.maturity import finished
from cvo_workshop.engine.text import slug
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.model.response import Answer, Response
from cvo_workshop.store.atomic import write_atomic
from cvo_workshop.store.deck_yaml import dump_yaml
from cvo_workshop.store.lock import SidecarLock


def responses_dir() -> Path:
    from cvo_workshop.store.workshops import data_dir

    return data_dir() / "responses"


def default_response_path(
    respondent: str, when: dt.date | None = None, n: int = 1, organization: str | None = None
) -> Path:
    """Today's file for a respondent of an organization: acme-ana-2026-11-20.yaml
    (ana-2026-11-20.yaml with none); the n-th of the same name (two people whose
    names make the same file name) acme-ana-2026-11-20-2.yaml."""
    name = slug(respondent, "response")
    if organization:
        name = f"{slug(organization, 'org', 40)}-{name}"
    extra = f"-{n}" if n > 1 else ""
    return responses_dir() / f"{name}-{(when or dt.date.today()).isoformat()}{extra}.yaml"


def lock_response(path: Path) -> SidecarLock:
    """The single-writer lock of a response file, held while it is answered: two
    questionnaires saving one file would each overwrite the other's answers."""
    return SidecarLock(
        path,
        "is being answered in another cvo-workshop; close that one first (two at "
        "once would overwrite each other's answers)",
    )


def same_organization(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def not_theirs(response: Response, respondent: str | None, organization: str | None) -> list[str]:
    """Why a response file is not the one to carry on for this respondent and
    organization (empty if it is; a name not given matches any)."""
    out = []
    if respondent is not None and response.respondent.casefold() != respondent.casefold():
        out.append(
            f"is {response.respondent}'s response, not {respondent}'s; answer "
            "in another file (or leave out --respondent to carry on theirs)"
        )
    if response.organization and not same_organization(
        response.organization, organization or response.organization
    ):
        out.append(
            f"holds {response.organization}'s answers, not {organization}'s; answer in another file"
        )
    return out


def response_for(
    respondent: str, organization: str | None, bank: Questionnaire
) -> tuple[Path, Response | None]:
    """The file a questionnaire without a named file saves to: the respondent's
    unfinished one for this organization (whatever day it was started), else
    today's (reopened if finished), else a new name. Another organization's or
    another person's file is never taken."""
    from cvo_workshop.store.questionnaires import load_response

    found = unfinished_response(respondent, bank, organization)
    if found is not None:
        return found
    n = 1
    while (path := default_response_path(respondent, n=n, organization=organization)).exists():
        existing = load_response(path, bank)
        if existing.respondent.casefold() == respondent.casefold() and same_organization(
            existing.organization, organization
        ):
            return path, existing
        n += 1
    return path, None


def _answer(a: Answer) -> object:
    if not a.note and not a.evidence:
        return a.value
    out: dict[str, object] = {"value": a.value}
    if a.note:
        out["note"] = a.note
    if a.evidence:
        e = a.evidence.model_dump(mode="json", exclude_defaults=True)
        # Only a line of text: written as older files wrote it.
        out["evidence"] = e["what"] if list(e) == ["what"] else e
    return out


def response_yaml(response: Response) -> str:
    data: dict[str, object] = {
        "questionnaire": response.questionnaire,
        "respondent": response.respondent,
        "role": response.role,
        **({"organization": response.organization} if response.organization else {}),
        "date": response.date.isoformat() if response.date else None,
        "answers": {qid: _answer(a) for qid, a in response.answers.items()},
    }
    return "# Written by cvo-workshop on every answer; safe to edit by hand.\n" + dump_yaml(data)


def save_response(path: Path, response: Response) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, response_yaml(response))


def unfinished_response(
    respondent: str, bank: Questionnaire, organization: str | None = None
) -> tuple[Path, Response] | None:
    """The respondent's newest file for the organization in the data folder with
    questions left, whatever day it was started on; None if there is none.
    Unreadable files are passed over (they are reported when opened by name)."""
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.questionnaires import load_response

    name = slug(respondent, "response")
    if organization:
        name = f"{slug(organization, 'org', 40)}-{name}"
    files = [p for p in responses_dir().glob(f"{name}-*.yaml") if p.is_file()]
    for path in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            found = load_response(path, bank)
        except InputError:
            continue
        if found.respondent.casefold() != respondent.casefold() or not same_organization(
            found.organization, organization
        ):
            continue
        if not finished(bank, found):
            return path, found
    return None
