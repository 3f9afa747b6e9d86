"""The maturity questionnaire: questions on two axes plus readiness and KPIs."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import STRATEGY_TACTICS, Capability, Line, Slug, Text

QuestionId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=120)
]

#: The values an answer is worth, whatever its words: every answer set uses these, so
#: questions answered on different sets score (and compare) alike.
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


_LEFT_OUT = DEFAULT_SCALE[4:]


class AnswerSet(StrEnum):
    """The words a question is answered in. `frequency` is the questionnaire's scale
    (No, Ad hoc, Routinely, Continuously by default); a statement that is true or
    not takes `yes_no`; one about how much of something takes `coverage`."""

    FREQUENCY = "frequency"
    YES_NO = "yes_no"
    COVERAGE = "coverage"


#: The fixed answer sets; `frequency` is the questionnaire's own `scale`.
ANSWER_SETS: dict[AnswerSet, tuple[ScaleStep, ...]] = {
    AnswerSet.YES_NO: (
        ScaleStep(value=0.0, label="No", meaning="Not so."),
        ScaleStep(value=1.0, label="Yes", meaning="So, and someone can show it."),
        *_LEFT_OUT,
    ),
    AnswerSet.COVERAGE: (
        ScaleStep(value=0.0, label="None", meaning="Nowhere."),
        ScaleStep(value=0.25, label="Some", meaning="In a few places or for a few customers."),
        ScaleStep(value=0.5, label="Most", meaning="In most places, for most customers."),
        ScaleStep(value=1.0, label="All", meaning="Everywhere it applies."),
        *_LEFT_OUT,
    ),
}


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
    #: What "done" looks like: two to four checks someone can verify.
    criteria: list[Text] = Field(default_factory=list)
    answers: AnswerSet = AnswerSet.FREQUENCY
    #: Where the statement comes from: a source text or a public practice.
    source: Text = ""
    #: Ids this statement had before (moved to another level, the first half of a
    #: split statement, or asked on the frequency scale before it had answers of its
    #: own). An old id was answered on the frequency scale (every statement was,
    #: before answer sets), so its answers count for this one only if this one is
    #: answered on that scale too; otherwise they are kept, unscored: "Routinely"
    #: does not say Yes or No, nor "Ad hoc" how much.
    replaces: list[QuestionId] = Field(default_factory=list)
    #: tactic A-E for strategy, a Dimension for capability, a KPI slug for kpi.
    dimension: str | None = None
    level: Capability | None = None
    aspect: Aspect | None = None

    @field_validator("criteria", mode="before")
    @classmethod
    def _criteria_list(cls, v: object) -> object:
        # Questionnaires before answer sets wrote criteria as one paragraph.
        if isinstance(v, str):
            return [v] if v.strip() else []
        return v

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
    #: Ids of statements taken out (one of two that asked the same thing): answers
    #: saved under them are read and left out, so older response files still score.
    retired: list[QuestionId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _old_ids_once(self) -> Questionnaire:
        current = {q.id for q in self.questions}
        seen: set[str] = set()
        for old in [r for q in self.questions for r in q.replaces] + self.retired:
            if old in current:
                raise ValueError(f"{old!r} is a current question's id, so it cannot be an old one")
            if old in seen:
                raise ValueError(f"the old id {old!r} is replaced or retired twice")
            seen.add(old)
        return self

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def _replaced(self) -> dict[str, Question]:
        return {old: q for q in self.questions for old in q.replaces}

    def current_id(self, qid: str) -> str | None:
        """The id an answer saved under `qid` counts for: itself, the statement that
        replaced it on the same scale, or None for a retired or unknown one, or one
        whose statement is now answered in other words (its answers kept, unscored)."""
        if qid in self._by_id:
            return qid
        q = self._replaced.get(qid)
        return q.id if q is not None and q.answers is AnswerSet.FREQUENCY else None

    def knows_id(self, qid: str) -> bool:
        """A current, replaced or retired question id: a response may answer it."""
        return qid in self._by_id or qid in self._replaced or qid in self.retired

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

    def steps(self, question: Question) -> tuple[ScaleStep, ...]:
        """The answers a question takes, in order: its answer set's words."""
        if question.answers is AnswerSet.FREQUENCY:
            return tuple(self.scale)
        return ANSWER_SETS[question.answers]
