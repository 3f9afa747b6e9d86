"""Assessments: loading a result or a response file, the response file a
respondent answers, and the dated snapshots `assess trend` compares. The app
and the command line both call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.model.maturity import Aggregate, MaturityResult
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.model.response import Response
from cvo_workshop.store.lock import SidecarLock
from cvo_workshop.store.results import load_result


def load_bank(path: Path | None) -> Questionnaire:
    """The questionnaire at `path`, or the built-in one."""
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire

    return load_questionnaire(path or builtin_questionnaire_path())


def questionnaire_of(result: MaturityResult | None) -> Questionnaire | None:
    """The built-in questionnaire when `result` was scored on it (its questions'
    texts for the result's view), else None."""
    from cvo_workshop.store.bundled import BUILTIN_QUESTIONNAIRE

    if result is None or result.questionnaire != BUILTIN_QUESTIONNAIRE:
        return None
    try:
        return load_bank(None)
    except (InputError, OSError):
        return None


def load_assessment(path: Path) -> MaturityResult:
    """What a workshop attaches: a saved result (JSON, from `assess score -o`/`--save`),
    or one response file scored on the built-in questionnaire."""
    if path.suffix.lower() == ".json":
        return load_result(path)
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.questionnaires import load_response

    bank = load_bank(None)
    return score(bank, [load_response(path, bank)])


def for_another_organization(result: MaturityResult, organization: str | None) -> str | None:
    """A warning when an assessment attached to a workshop was saved for another client."""
    from cvo_workshop.store.responses import same_organization

    if not organization or not result.organization:
        return None
    if same_organization(result.organization, organization):
        return None
    return (
        f"warning: this assessment was saved for {result.organization}, not {organization}; "
        "check it is this client's"
    )


@dataclass
class Answering:
    """A response file open to be answered: its lock is held until `release`."""

    bank: Questionnaire
    response: Response
    path: Path
    lock: SidecarLock

    def release(self) -> None:
        self.lock.release()


def open_response(
    path: Path | None,
    respondent: str | None,
    role: str,
    bank_path: Path | None = None,
    organization: str | None = None,
) -> Answering:
    """The response file to answer: `path`, or (None) the respondent's unfinished
    file for the organization, or a new one of today; read under its lock, so
    what another app saved up to now is carried on. InputError if a file cannot
    be read, is another respondent's or organization's, or is being answered
    elsewhere."""
    from cvo_workshop.store.questionnaires import load_response
    from cvo_workshop.store.responses import lock_response, not_theirs, response_for

    bank = load_bank(bank_path)
    if path is None:
        respondent = respondent or "Team"
        path, _ = response_for(respondent, organization, bank)
    lock = lock_response(path)
    try:
        response = load_response(path, bank) if path.exists() else None
        if response is not None:
            problems = not_theirs(response, respondent, organization)
            if problems:
                raise InputError([Problem(str(path), m) for m in problems])
        if response is not None and organization and not response.organization:
            response = response.model_copy(update={"organization": organization})
        if response is None:
            response = Response(
                respondent=respondent or "Team",
                role=role,
                date=dt.date.today(),
                questionnaire=bank.questionnaire.id,
                organization=organization,
            )
    except BaseException:
        lock.release()
        raise
    return Answering(bank, response, path, lock)


def snapshots_dir() -> Path:
    from cvo_workshop.store.workshops import data_dir

    return data_dir() / "assessments"


def snapshot_path(result: MaturityResult) -> Path:
    """One snapshot per date, organization and way of aggregating: saving the
    same again replaces it; another client's never does."""
    from cvo_workshop.engine.text import slug

    parts = [f"{result.date or dt.date.today():%Y-%m-%d}"]
    if result.organization:
        parts.append(slug(result.organization, "org", 40))
    if result.aggregate is not Aggregate.MEDIAN:
        parts.append(result.aggregate.value)
    return snapshots_dir() / f"{'-'.join(parts)}-{result.questionnaire}.json"


def save_snapshot(result: MaturityResult) -> tuple[Path, bool]:
    """Store `result` as a dated snapshot: its path, and whether it replaced one."""
    from cvo_workshop.store.output import write_output

    path = snapshot_path(result)
    replaced = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, result.model_dump_json(indent=2) + "\n")
    return path, replaced


@dataclass
class Snapshots:
    results: list[MaturityResult]
    #: Snapshots left out because they cannot be read.
    warnings: list[str] = field(default_factory=list)


def snapshots(questionnaire: str, organization: str | None = None) -> Snapshots:
    """The saved snapshots of a questionnaire (of one organization), oldest first."""
    out = Snapshots([])
    for path in sorted(snapshots_dir().glob(f"*-{questionnaire}.json")):
        try:
            out.results.append(load_result(path))
        except InputError as e:
            first = e.problems[0] if e.problems else path
            out.warnings.append(f"left out a snapshot that cannot be read: {first}")
    if organization:
        wanted = organization.casefold()
        out.results = [r for r in out.results if (r.organization or "").casefold() == wanted]
    out.results.sort(key=lambda r: r.date or dt.date.min)
    return out
