"""The maturity questionnaire: questions on two axes plus readiness and KPIs."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import STRATEGY_TACTICS, Capability, Line, Slug, Text

QuestionId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=120)
]

#: The answer scale every question uses: no / ad hoc / routinely / continuously.
SCORES: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0)
DONT_KNOW = "dont_know"
NOT_APPLICABLE = "na"
AnswerValue = float | Literal["dont_know", "na"]


class Axis(StrEnum):
    STRATEGY = "strategy"
    CAPABILITY = "capability"
    READINESS = "readiness"
    KPI = "kpi"


class Dimension(StrEnum):
    """The capability dimensions: people, process, technology (ARCHITECTURE.md, Domain)."""

    PEOPLE = "people"
    PROCESS = "process"
    TECHNOLOGY = "technology"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Aspect(StrEnum):
    """For strategy tactics: is it used, and is its effect on CX measured."""

    USED = "used"
    MEASURED = "measured"


class ScaleStep(Record):
    value: AnswerValue
    label: Line
    meaning: Text = ""


DEFAULT_SCALE = (
    ScaleStep(value=0.0, label="No", meaning="Not done."),
    ScaleStep(value=0.25, label="Ad hoc", meaning="Done now and then, by some people."),
    ScaleStep(value=0.5, label="Routinely", meaning="Done as a matter of course."),
    ScaleStep(value=1.0, label="Continuously", meaning="Done, measured and improved all the time."),
    ScaleStep(value=DONT_KNOW, label="Don't know", meaning="Left out of the score."),
    ScaleStep(
        value=NOT_APPLICABLE,
        label="Not applicable",
        meaning="Left out of the score; say why in a note.",
    ),
)


class QuestionnaireMeta(Record):
    id: Slug
    name: Line
    version: str = "1"
    language: str = "en"
    description: Text = ""
    #: A capability level counts when the mean of its statements reaches this.
    threshold: float = Field(default=0.5, gt=0, le=1)


class Question(Record):
    id: QuestionId
    axis: Axis
    text: Text = Field(min_length=1)
    criteria: Text = ""
    #: tactic A-E for strategy, a Dimension for capability, a KPI slug for kpi.
    dimension: str | None = None
    level: Capability | None = None
    aspect: Aspect | None = None

    @model_validator(mode="after")
    def _fits_axis(self) -> Question:
        if self.axis is Axis.STRATEGY:
            if self.dimension not in {t.value for t in STRATEGY_TACTICS}:
                raise ValueError("a strategy question needs dimension A, B, C, D or E")
            if self.aspect is None:
                raise ValueError("a strategy question needs aspect: used or measured")
        elif self.axis is Axis.CAPABILITY:
            if self.dimension not in {d.value for d in Dimension}:
                raise ValueError(
                    "a capability question needs dimension people, process or technology"
                )
            if self.level is None:
                raise ValueError("a capability question needs a level")
        elif self.axis is Axis.KPI and not self.dimension:
            raise ValueError("a kpi question needs dimension: the KPI it asks about")
        if self.level is not None and self.axis is not Axis.CAPABILITY:
            raise ValueError(f"`level` is only for capability questions, not {self.axis.value}")
        if self.aspect is not None and self.axis is not Axis.STRATEGY:
            raise ValueError(f"`aspect` is only for strategy questions, not {self.axis.value}")
        if self.dimension is not None and self.axis is Axis.READINESS:
            raise ValueError("readiness questions have no dimension")
        return self


class Questionnaire(Record):
    questionnaire: QuestionnaireMeta
    scale: list[ScaleStep] = Field(default_factory=lambda: list(DEFAULT_SCALE))
    questions: list[Question] = Field(min_length=1)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._by_id

    def text_of(self, qid: str) -> str:
        """The question's statement; its id when this questionnaire has no such question."""
        q = self._by_id.get(qid)
        return q.text if q else qid

    def answer_values(self) -> tuple[AnswerValue, ...]:
        return tuple(step.value for step in self.scale)
