"""Recipe cards and cohort cards: the two kinds of card on the table."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from cvo_workshop.model.base import Record

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=80),
]
#: Every character that breaks a line (str.splitlines' and YAML's).
LINE_BREAKS = r"\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
ONE_LINE = rf"^[^{LINE_BREAKS}]*$"
#: The longest name or title.
LINE_MAX = 300
# One line of text: a line break in a name or title would break every table and card it is in.
Line = Annotated[str, StringConstraints(min_length=1, max_length=LINE_MAX, pattern=ONE_LINE)]
Text = Annotated[str, StringConstraints(max_length=4000)]


class Kind(StrEnum):
    """What a recipe does: a rule fires, the customer chooses, or the system adapts."""

    AUTOMATION = "automation"
    CUSTOMIZATION = "customization"
    PERSONALIZATION = "personalization"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Goal(StrEnum):
    """The three aims a recipe serves (ARCHITECTURE.md, Domain)."""

    DISCOVERY = "discovery"
    LOYALTY = "loyalty"
    TIMING = "timing"

    @property
    def label(self) -> str:
        return {
            "discovery": "Heighten discovery",
            "loyalty": "Reward loyalty",
            "timing": "Right recipe, right time",
        }[self.value]


class Tactic(StrEnum):
    """Strategy tactics A-E of the maturity model (ARCHITECTURE.md, Domain, Maturity),
    and `enabler` for a card that expresses none of them: a service message, a
    measurement, list hygiene or data work that the tactics build on. Questions and
    maturity results use only the five strategy tactics (`STRATEGY_TACTICS`)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    ENABLER = "enabler"

    @property
    def label(self) -> str:
        return TACTIC_LABELS[self]

    @property
    def is_strategy(self) -> bool:
        return self is not Tactic.ENABLER

    @property
    def words(self) -> str:
        """The tactic as every card view, list and export says it."""
        if self is Tactic.ENABLER:
            return "Enabler (no tactic)"
        return f"Tactic {self.value}: {self.label}"

    @property
    def mark(self) -> str:
        """One short mark for a card's corner: the letter, or 'EN' for an enabler."""
        return "EN" if self is Tactic.ENABLER else self.value


TACTIC_LABELS = {
    Tactic.A: "Targeted marketing",
    Tactic.B: "Ads adapted to the visitor",
    Tactic.C: "Some content recommended",
    Tactic.D: "Content adapted to behaviour and profile",
    Tactic.E: "Entire experience adapted",
    Tactic.ENABLER: "Enabler (no tactic)",
}
#: The strategy axis of the maturity model: what questions and results are about.
STRATEGY_TACTICS: tuple[Tactic, ...] = tuple(t for t in Tactic if t.is_strategy)


class Scope(StrEnum):
    """What a recipe changes: the customer's experience, the product itself, the
    supply chain behind it, or the service around it."""

    EXPERIENCE = "experience"
    PRODUCT = "product"
    SUPPLY_CHAIN = "supply_chain"
    SERVICE = "service"

    @property
    def label(self) -> str:
        return "Supply chain" if self is Scope.SUPPLY_CHAIN else self.value.capitalize()


class Capability(StrEnum):
    """Capability levels 1-4 of the maturity model (ARCHITECTURE.md, Domain, Maturity)."""

    INCIDENTAL = "incidental"
    DISCIPLINED = "disciplined"
    CROSS_LIFECYCLE = "cross_lifecycle"
    PERSONALIZED_BUSINESS = "personalized_business"

    @property
    def rank(self) -> int:
        return _CAPABILITY_ORDER.index(self) + 1

    @property
    def label(self) -> str:
        return {
            "incidental": "Incidental",
            "disciplined": "Disciplined",
            "cross_lifecycle": "Cross-Life Cycle",
            "personalized_business": "Personalized Business",
        }[self.value]

    @classmethod
    def from_rank(cls, rank: int) -> Capability:
        return _CAPABILITY_ORDER[rank - 1]

    @classmethod
    def parse(cls, text: str) -> Capability:
        """A level as people type it: 'cross_lifecycle', 'Cross-Life Cycle' or '3'."""
        key = "".join(ch for ch in text.casefold() if ch.isalnum())
        if key in ("1", "2", "3", "4"):
            return cls.from_rank(int(key))
        for c in _CAPABILITY_ORDER:
            if key == c.value.replace("_", "") or key == "".join(
                ch for ch in c.label.casefold() if ch.isalnum()
            ):
                return c
        raise ValueError(f"not a capability level: {text!r}")


_CAPABILITY_ORDER = list(Capability)


class Stage(StrEnum):
    """Customer lifecycle stages, in the order a customer meets them."""

    ACQUISITION = "acquisition"
    ONBOARDING = "onboarding"
    ENGAGEMENT = "engagement"
    CONVERSION = "conversion"
    RETENTION = "retention"
    LOYALTY = "loyalty"
    WIN_BACK = "win_back"

    @property
    def label(self) -> str:
        return "Win-back" if self is Stage.WIN_BACK else self.value.capitalize()


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RecipeCard(Record):
    """A tactic the team can put on its backlog."""

    id: Slug
    kind: Kind
    title: Line
    prompt: Line
    description: Text = ""
    goal: Goal
    tactic: Tactic
    scope: Scope = Scope.EXPERIENCE
    min_capability: Capability
    touchpoints: list[Line] = Field(default_factory=list)
    lifecycle: list[Stage] = Field(min_length=1)
    data: list[Line] = Field(min_length=1)
    content: list[Line] = Field(default_factory=list)
    kpis: list[Line] = Field(min_length=1)
    #: What a test of this recipe expects: "because we saw X, we expect Y will move Z".
    hypothesis: Text = ""
    #: The one measure a test of this recipe is judged on (one of `kpis` or not).
    primary_kpi: Line | None = None
    #: Customer-experience measures that must not get worse (unsubscribes, returns...).
    guardrails: list[Line] = Field(default_factory=list)
    #: Whether the recipe uses data about identifiable people (the default: most do).
    #: A card that does needs a `privacy` note; `deck validate` names those without.
    personal_data: bool = True
    #: The legal basis, consent and disclosure the recipe relies on, in a sentence or two.
    privacy: Text = ""
    #: Where the recipe comes from: a source text or a public practice.
    source: Text = ""
    effort: Effort
    examples: list[Annotated[str, StringConstraints(min_length=1, max_length=4000)]] = Field(
        min_length=1
    )
    requires: list[Slug] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)

    @field_validator("lifecycle")
    @classmethod
    def _stages_once(cls, v: list[Stage]) -> list[Stage]:
        if len(set(v)) != len(v):
            raise ValueError("a stage is listed twice")
        return v


class RfmRange(Record):
    """Inclusive score ranges (1-5) that define an RFM segment."""

    r: tuple[int, int]
    f: tuple[int, int]
    m: tuple[int, int] = (1, 5)

    @field_validator("r", "f", "m")
    @classmethod
    def _within_scores(cls, v: tuple[int, int]) -> tuple[int, int]:
        lo, hi = v
        if not 1 <= lo <= hi <= 5:
            raise ValueError(f"expected [low, high] with 1 <= low <= high <= 5, got [{lo}, {hi}]")
        return v


class CohortSource(StrEnum):
    DECK = "deck"
    RFM = "rfm"


class CohortCard(Record):
    """A group of customers defined by what they do."""

    id: Slug
    name: Line
    description: Text = ""
    definition: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    lifecycle: Stage | None = None
    plays: list[Line] = Field(default_factory=list)
    source: CohortSource = CohortSource.DECK
    rfm: RfmRange | None = None
    customers: int | None = Field(default=None, ge=0)
    share: float | None = Field(default=None, ge=0, le=1)
    revenue_share: float | None = Field(default=None, ge=0, le=1)
    aov: float | None = Field(default=None, ge=0)
    tags: list[Slug] = Field(default_factory=list)
    #: Purchase frequency: orders per customer per year (an RFM run measures it
    #: over its data's span); with `customers` it says how long a test takes.
    orders_per_year: float | None = Field(default=None, ge=0)
