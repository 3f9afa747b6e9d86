"""A maturity result: where an organization stands on the two axes of the model
(ARCHITECTURE.md, Domain, Maturity), scored from one or many responses.

engine/maturity.py makes it; the workshop attaches it, the backlog gates on it
and the report draws it. It is also what `assess score --save` stores as a
dated snapshot, so the fields are the file format: add, never rename.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import Capability, Line, Tactic, Text
from cvo_workshop.model.questionnaire import Dimension, QuestionId

MATURITY_FORMAT: Literal["cvo-workshop/maturity-1"] = "cvo-workshop/maturity-1"


class StrategyStage(StrEnum):
    """How mature the strategy axis is (ARCHITECTURE.md, Domain, Maturity)."""

    NONE = "none"  # no tactic in use
    IMMATURE = "immature"  # A/B only, their effect on customer experience not measured
    MATURING = "maturing"  # A/B measured, or C/D in use
    ADVANCED = "advanced"  # E in use on an A-D foundation

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Aggregate(StrEnum):
    """How several respondents' answers to one question become one value."""

    MEDIAN = "median"
    MEAN = "mean"
    MIN = "min"


class DimensionResult(Record):
    """One capability dimension (people, process or technology)."""

    dimension: Dimension
    #: The highest level reached cumulatively (it and every level below meet the
    #: threshold); None when not even Incidental is reached.
    level: Capability | None
    #: The level's rank plus the fraction of the next level met: 2.4 means
    #: Disciplined reached and 40% of Cross-Life Cycle. 0.0 to 4.0.
    progress: float = Field(ge=0, le=4)
    target: Capability | None = None
    #: target rank minus progress, when a target is set and not yet reached (else 0).
    gap: float | None = Field(default=None, ge=0, le=4)
    #: Statements at the next level not yet met: what to work on next.
    next_steps: list[QuestionId] = Field(default_factory=list)
    #: The first level too few statements were answered at to say whether it is
    #: met (fewer than half): the climb stops there, unmet until they are answered.
    unanswered_level: Capability | None = None


class TacticResult(Record):
    """One strategy tactic A-E."""

    tactic: Tactic
    #: Mean of the "is it used" answers, 0 to 1; None when nothing was answered.
    coverage: float | None = Field(default=None, ge=0, le=1)
    #: Mean of the "is its effect on customer experience measured" answers.
    measured: float | None = Field(default=None, ge=0, le=1)
    #: The coverage the organization aims for, 0 to 1.
    target: float | None = Field(default=None, ge=0, le=1)


class QuestionResult(Record):
    """One question across the respondents: the raw answers kept beside the value used."""

    id: QuestionId
    #: The value scoring used: the consensus if set, else the aggregate; None if
    #: nobody gave a scored answer.
    value: float | None = Field(ge=0, le=1)
    aggregate: float | None = Field(default=None, ge=0, le=1)
    #: Answers by value ("0", "0.25", "0.5", "1", "dont_know", "na", "unanswered").
    counts: dict[str, int] = Field(default_factory=dict)
    disagreement: bool = False
    notes: list[Text] = Field(default_factory=list)  # "Ana: weekly test review since June"
    consensus: float | None = Field(default=None, ge=0, le=1)
    consensus_note: Text = ""


class MaturityResult(Record):
    format: Literal["cvo-workshop/maturity-1"] = MATURITY_FORMAT
    questionnaire: str  # the questionnaire's id
    questionnaire_version: str = "1"
    date: dt.date | None = None
    organization: Line | None = None
    respondents: list[Line] = Field(default_factory=list)
    aggregate: Aggregate = Aggregate.MEDIAN
    capability: list[DimensionResult]  # people, process, technology, in that order
    #: The weakest dimension's level: the constraint the backlog is gated by.
    overall: Capability | None
    overall_progress: float = Field(ge=0, le=4)
    #: The mean of the dimensions' progress, shown beside the overall level.
    mean_progress: float = Field(ge=0, le=4)
    #: The questionnaire's threshold the result was scored against: a tactic is in
    #: use when its coverage reaches it (results saved before it was kept: 0.5).
    threshold: float = Field(default=0.5, gt=0, le=1)
    strategy: list[TacticResult]  # A to E
    stage: StrategyStage
    #: Warnings in words, e.g. "E claimed without foundation", "fix the basics first".
    flags: list[Text] = Field(default_factory=list)
    #: Question ids the respondents disagree on (range of 2+ steps or IQR > 1).
    disagreements: list[QuestionId] = Field(default_factory=list)
    #: Share of answers that were "don't know", 0 to 1.
    dont_know_share: float = Field(default=0.0, ge=0, le=1)
    #: Readiness statements not yet met (the basics to fix before personalizing).
    readiness_gaps: list[QuestionId] = Field(default_factory=list)
    #: The customer-value KPIs tracked and acted on, by the KPI's name.
    kpis_tracked: list[str] = Field(default_factory=list)
    kpis_asked: int = 0
    #: KPI questions given a scored answer (0 means "not answered", not "none tracked").
    kpis_answered: int | None = None
    #: Questions with a scored answer (after aggregation), of all the questions asked.
    answered: int | None = None
    asked: int | None = None
    questions: list[QuestionResult] = Field(default_factory=list)

    def dimension(self, dimension: Dimension | str) -> DimensionResult:
        for d in self.capability:
            if d.dimension == dimension:
                return d
        raise KeyError(dimension)

    def tactic(self, tactic: Tactic | str) -> TacticResult:
        for t in self.strategy:
            if t.tactic == tactic:
                return t
        raise KeyError(tactic)
