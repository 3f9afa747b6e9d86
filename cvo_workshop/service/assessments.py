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


def load_assessment(path: Path) -> tuple[MaturityResult, list[str]]:
    """What a workshop attaches: a saved result (JSON, from `assess score -o`/`--save`),
    or one response file scored on the built-in questionnaire; with the notices
    `assess score` gives that file (answers under earlier ids, not scored)."""
    if path.suffix.lower() == ".json":
        return load_result(path), []
    from cvo_workshop.engine.maturity import ASK_AGAIN_WITH_ASSESS_RUN, score, unscored_notices
    from cvo_workshop.store.questionnaires import load_response

    bank = load_bank(None)
    response = load_response(path, bank)
    notices = unscored_notices(bank, [(str(path), response)], advice=ASK_AGAIN_WITH_ASSESS_RUN)
    return score(bank, [response]), notices


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
    from cvo_workshop.store.results import result_json

    path = snapshot_path(result)
    replaced = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_output(path, result_json(result))
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


def team_folder(workshop: Path) -> Path:
    """Where a workshop's participants answer the questionnaire from their phones: one
    response file a person, in a folder beside the workshop file."""
    return workshop.with_name(workshop.name + ".responses")


@dataclass(frozen=True)
class TeamProgress:
    """How far a team is with the questionnaire, each person by name."""

    #: participant -> questions answered (0 for one who has not started)
    answered: dict[str, int]
    asked: int

    @property
    def finished(self) -> list[str]:
        return [n for n, k in self.answered.items() if k == self.asked]

    @property
    def started(self) -> list[str]:
        return [n for n, k in self.answered.items() if k > 0]

    def scored(self, finished_only: bool = True) -> list[str]:
        """Whose answers the team's result counts: those who have finished (or started)."""
        return self.finished if finished_only else self.started

    def words(self) -> str:
        """'5 of 7 finished'."""
        return f"{len(self.finished)} of {len(self.answered)} finished"


class TeamAnswers:
    """A team's response files in one folder, one a person, each answered by its
    owner only (the room checks who is who). A file's name is its respondent's
    name made file-safe (ana.yaml; the second "Ana!" gets ana-2.yaml); every
    answer is on disk, atomically, before `answer` returns."""

    def __init__(self, folder: Path, bank: Questionnaire, organization: str | None = None):
        self.folder = folder
        self.bank = bank
        self.organization = organization
        self._files: dict[str, Path] = {}
        self._responses: dict[str, Response] = {}
        #: Each file's (modified time, size) when last read or written: changed, read again.
        self._stamps: dict[str, tuple[int, int] | None] = {}
        #: Files in the folder that cannot be read: left alone, never written over.
        self.unreadable: list[str] = []
        self._read()

    def _read(self) -> None:
        from cvo_workshop.store.questionnaires import load_response

        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                response = load_response(path, self.bank)
            except InputError as e:
                self.unreadable.append(str(e.problems[0]) if e.problems else str(path))
                continue
            key = response.respondent.casefold()
            if key not in self._files:
                self._files[key] = path
                self._responses[key] = response
                self._stamps[key] = _stamp(path)

    def names(self) -> list[str]:
        """Whose answers the folder holds, as they wrote their names."""
        return [r.respondent for r in self._responses.values()]

    def path_of(self, name: str) -> Path:
        """`name`'s file: the one they answer in, or a free file-safe name for it."""
        from cvo_workshop.engine.text import slug

        key = name.casefold()
        if key not in self._files:
            taken = {p.name.casefold() for p in self._files.values()}
            base, n = slug(name, "response"), 1
            while True:
                path = self.folder / f"{base}{f'-{n}' if n > 1 else ''}.yaml"
                if path.name.casefold() not in taken and not path.exists():
                    break
                n += 1
            self._files[key] = path
        return self._files[key]

    def response(self, name: str) -> Response:
        """`name`'s answers so far as their file holds them now, edits made outside the
        room included (by hand, `assess run -o`); none yet: a new response of today."""
        key = name.casefold()
        if key in self._files:
            self._reread(key)
        found = self._responses.get(key)
        return found if found is not None else self._new(name)

    def _new(self, name: str) -> Response:
        return Response(
            respondent=name,
            date=dt.date.today(),
            questionnaire=self.bank.questionnaire.id,
            organization=self.organization,
        )

    def _reread(self, key: str) -> None:
        """Read `key`'s file again if it changed on disk since it was last read or
        written; a file that no longer reads keeps its last good answers."""
        from cvo_workshop.store.questionnaires import load_response

        path = self._files[key]
        stamp = _stamp(path)
        if stamp is None or stamp == self._stamps.get(key):
            return
        try:
            self._responses[key] = load_response(path, self.bank)
        except InputError:
            return
        self._stamps[key] = stamp

    def answer(self, name: str, qid: str, value: object, note: str = "") -> Response:
        """Record `name`'s answer to `qid` and its note (empty: none) in their file, on
        disk before this returns.
        InputError (unsaved) for an answer the question does not take, or a file
        being answered in another cvo-workshop."""
        from cvo_workshop.engine.maturity import refused_answer
        from cvo_workshop.model.response import Answer
        from cvo_workshop.store.questionnaires import load_response
        from cvo_workshop.store.responses import lock_response, save_response

        path = self.path_of(name)
        why = refused_answer(self.bank, qid, value, note)
        if why is not None:
            raise InputError(Problem(str(path), why, field=f"answers.{qid}"))
        lock = lock_response(path)  # not over a file open on a questionnaire screen
        try:
            # the file as it is now: an edit made outside the room is kept, not overwritten
            response = load_response(path, self.bank) if path.exists() else self._new(name)
            before = response.answers.get(qid) or Answer()
            # the note as sent: a value chosen after "not applicable" drops the old reason
            update = {"value": value, "note": note.strip()}
            given = Answer.model_validate({**before.model_dump(), **update})
            updated = response.model_copy(update={"answers": {**response.answers, qid: given}})
            save_response(path, updated)
        finally:
            lock.release()
        key = name.casefold()
        self._responses[key], self._stamps[key] = updated, _stamp(path)
        return updated

    def progress(self, people: list[str]) -> TeamProgress:
        """How far each of `people` (the team: every participant) has answered."""
        from cvo_workshop.engine.maturity import answered

        counts = {n: answered(self.bank, self.response(n)) for n in people}
        return TeamProgress(counts, len(self.bank.questions))

    def files(self, people: list[str], finished_only: bool = True) -> list[Path]:
        """The response files of `people` who have finished (or started), in their order:
        what `assess score` is given to score the team."""
        return [self.path_of(n) for n in self.progress(people).scored(finished_only)]

    def result(self, people: list[str], finished_only: bool = True) -> MaturityResult:
        """The team's result as `assess score` computes it over the same files."""
        from cvo_workshop.engine.maturity import score

        chosen = self.progress(people).scored(finished_only)
        return score(self.bank, [self.response(n) for n in chosen])

    def notices(self, people: list[str], finished_only: bool = True, *, advice: str) -> list[str]:
        """What `assess score` warns of the same files: answers under earlier ids
        that are not scored, one line a file, with what to do in the words of the
        front-end that asks (`advice`, engine/maturity.unscored_earlier_words)."""
        from cvo_workshop.engine.maturity import unscored_notices

        chosen = self.progress(people).scored(finished_only)
        files = [(str(self.path_of(n)), self.response(n)) for n in chosen]
        return unscored_notices(self.bank, files, advice=advice)


def _stamp(path: Path) -> tuple[int, int] | None:
    """When `path` last changed, and its size (None: it is not there)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
