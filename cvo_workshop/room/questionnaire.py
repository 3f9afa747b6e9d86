"""The maturity questionnaire answered from phones: each participant in their own
response file (`service.assessments.TeamAnswers`), the facilitator told after
every answer.

A phone is given the questions and its own answers only, never anyone else's;
an answer counts for the device that sent it, whatever name it gives.

Routes (added to the room's; the token is checked by the room):
  GET  /api/{token}/questionnaire?secret   -> the questions and this person's answers
  POST /api/{token}/answer {secret, question, value, note?}
                                           -> {type: saved|refused, message, answered}
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cvo_workshop.engine.maturity import answered, section
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.messages import messages
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.service.assessments import TeamAnswers, TeamProgress, load_bank, team_folder

MAX_NOTE = 500

Listener = Callable[[str], None]


def questions(bank: Questionnaire) -> list[dict[str, Any]]:
    """The questions as a phone shows them: the section, the statement, what "done"
    looks like, and its own answer set's words."""
    return [
        {
            "id": q.id,
            "section": section(q),
            "text": q.text,
            "criteria": list(q.criteria),
            "answers": [
                {"value": s.value, "label": s.label, "meaning": s.meaning} for s in bank.steps(q)
            ],
        }
        for q in bank.questions
    ]


class RoomQuestionnaire:
    """The questionnaire of one room: who answers what, and who is told."""

    def __init__(self, team: TeamAnswers, people: Callable[[], list[str]]):
        self.team = team
        #: The team, in order: the workshop's participants (those joining late too).
        self.people = people
        self._listeners: list[Listener] = []
        self._questions = questions(team.bank)

    @classmethod
    def for_workshop(
        cls, workshop: Path, organization: str, people: Callable[[], list[str]]
    ) -> RoomQuestionnaire:
        """The built-in questionnaire, answered in the folder beside `workshop`."""
        return cls(TeamAnswers(team_folder(workshop), load_bank(None), organization), people)

    @property
    def bank(self) -> Questionnaire:
        return self.team.bank

    def progress(self) -> TeamProgress:
        return self.team.progress(self.people())

    def result(self, finished_only: bool = True) -> MaturityResult:
        """The team's result over the finished (or all started) response files."""
        return self.team.result(self.people(), finished_only)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(name)` after each answer is on disk; returns the unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def page(self, name: str) -> dict[str, Any]:
        """What `name`'s phone is given: the questions and their own answers so far."""
        response = self.team.response(name)
        mine: dict[str, Any] = {}
        for qid, a in response.answers.items():
            if a.value is not None and self.bank.has_question(qid):
                mine[qid] = {"value": a.value, "note": a.note}
        return {
            "name": name,
            "organization": self.team.organization or "",
            "questionnaire": self.bank.questionnaire.name,
            "questions": self._questions,
            "answers": mine,
        }

    def answer(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Take `name`'s answer (`question`, `value`, `note`); "saved" only once it is on disk."""
        qid = body.get("question")
        note = body.get("note", "")
        if not isinstance(qid, str) or not isinstance(note, str) or len(note) > MAX_NOTE:
            return _refused(f"an answer is a question id, a value and a note of up to {MAX_NOTE}")
        try:
            response = self.team.answer(name, qid, body.get("value"), " ".join(note.split()))
        except InputError as e:
            first = e.problems[0] if e.problems else None
            return _refused(first.message if first else "not saved")
        except ValidationError as e:  # a note no file can hold (a lone surrogate, say)
            return _refused("not saved: " + "; ".join(messages(e)))
        except ArithmeticError:  # a number too big to be any answer
            return _refused("not saved: not an answer this statement takes")
        except OSError as e:  # the disk refused: nothing was taken, the phone may try again
            return _refused(f"not saved: {e.strerror or e}")
        for listener in list(self._listeners):
            listener(name)
        return {"type": "saved", "message": "saved", "answered": answered(self.bank, response)}


def _refused(message: str) -> dict[str, Any]:
    return {"type": "refused", "message": message}
