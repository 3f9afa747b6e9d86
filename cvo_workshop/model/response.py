"""One respondent's answers to a questionnaire."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import Line, Text
from cvo_workshop.model.questionnaire import DONT_KNOW, NOT_APPLICABLE, SCORES, AnswerValue


class Evidence(Record):
    """What shows an answer is true: a link to it, who can vouch for it, and when it
    was last checked. Older response files wrote evidence as one line of text: that
    is `what`."""

    what: Text = ""
    link: Text = ""
    owner: Line | None = None
    date: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.what or self.link or self.owner or self.date)

    def __str__(self) -> str:
        """Evidence in one line, as notes and reports show it."""
        parts = [self.what, self.link]
        if self.owner:
            parts.append(f"owner {self.owner}")
        if self.date:
            parts.append(f"checked {self.date.isoformat()}")
        return " · ".join(p for p in parts if p)


class Answer(Record):
    #: None means not answered yet (a blank template).
    value: AnswerValue | None = None
    note: Text = ""
    evidence: Evidence = Field(default_factory=Evidence)

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_text(cls, v: object) -> object:
        if v is None:
            return {}
        return {"what": v} if isinstance(v, str) else v

    @field_validator("value", mode="before")
    @classmethod
    def _in_scale(cls, v: object) -> object:
        if v is None or v in (DONT_KNOW, NOT_APPLICABLE):
            return v
        # Compared as it is: float() of a 400-digit int overflows.
        if isinstance(v, bool) or not isinstance(v, int | float) or v not in SCORES:
            raise ValueError("expected 0, 0.25, 0.5, 1, dont_know or na")
        return float(v)


class Response(Record):
    respondent: Line
    role: Text = ""
    #: Whose maturity is assessed: keeps two clients' answers of one day apart.
    organization: Line | None = None
    date: dt.date | None = None
    questionnaire: str = ""
    answers: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _bare_values(cls, v: object) -> object:
        # `qid: 0.5` is shorthand for `qid: {value: 0.5}`.
        if isinstance(v, dict):
            return {k: a if isinstance(a, dict) else {"value": a} for k, a in v.items()}
        return v
