"""One respondent's answers to a questionnaire."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import Line, Text
from cvo_workshop.model.questionnaire import DONT_KNOW, NOT_APPLICABLE, SCORES, AnswerValue


class Answer(Record):
    #: None means not answered yet (a blank template).
    value: AnswerValue | None = None
    note: Text = ""
    evidence: Text = ""

    @field_validator("value", mode="before")
    @classmethod
    def _in_scale(cls, v: object) -> object:
        if v is None or v in (DONT_KNOW, NOT_APPLICABLE):
            return v
        if isinstance(v, bool) or not isinstance(v, int | float) or float(v) not in SCORES:
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
