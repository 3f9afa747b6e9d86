"""The prioritized backlog: what a workshop's accepted pairings become.

engine/backlog.py builds it from a workshop (setup + events, grooming included);
every export (CSV, Markdown, JSON, the PDF report, backlog cards) and the
grooming screen read this one record, so they all say the same thing. The JSON
export is this record dumped, and its published schema is this record's schema:
add fields, never rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, computed_field

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import Capability, Kind, Line, RecipeCard, Slug, Text
from cvo_workshop.model.grooming import Horizon, ReachBasis, TestPlan
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.workshop import Decision, Framework, Participant, WildcardCard

BACKLOG_FORMAT: Literal["cvo-workshop/backlog-1"] = "cvo-workshop/backlog-1"

#: How every screen and export marks an item the facilitator placed by hand.
BY_HAND = "(by hand)"


class CohortRef(Record):
    """A cohort an item is for, with the shares its reach comes from."""

    id: Slug
    name: Line
    share: float | None = Field(default=None, ge=0, le=1)
    revenue_share: float | None = Field(default=None, ge=0, le=1)


class Factor(Record):
    value: float | None
    shown: str
    source: str = "entered"  # "entered", "cohort share", "revenue share", "median of 3", ...


class ScoreBreakdown(Record):
    """How a score was made; never a bare number (ARCHITECTURE.md, Domain).

    Mirrors engine.frameworks.Breakdown.as_dict()."""

    framework: Framework
    formula: str
    method: str
    value: float | None
    factors: dict[str, Factor]
    missing: list[str] = Field(default_factory=list)
    text: str  # one line, e.g. "ICE 6.67 = (7 + 5 + 8) / 3 (average)"


class BacklogItem(Record):
    #: Stable across grooming: "d" and the number of its first draw ("d12").
    id: str
    rank: int = Field(ge=1)  # 1 = do first; ranks run across horizons in priority order
    title: Line
    card: RecipeCard | WildcardCard  # as dealt, or as the room wrote it
    cohorts: list[CohortRef] = Field(min_length=1)
    draws: list[int] = Field(min_length=1)  # the workshop draws merged into this item
    kind: Kind
    #: None for a wildcard written without one.
    min_capability: Capability | None
    score: float | None
    breakdown: ScoreBreakdown
    #: RICE reach in percent (summed over merged cohorts); None outside RICE.
    reach: float | None = None
    horizon: Horizon
    #: In words, why the item sits in its horizon and at its rank: built from
    #: several texts (a typed reason among them), so longer than any one may be.
    why: str = Field(max_length=20_000)
    #: Card ids this item requires that are not in the backlog (why it is blocked).
    blocked_by: list[Slug] = Field(default_factory=list)
    #: True when the facilitator placed the item by hand (rank or horizon).
    by_hand: bool = False
    #: The facilitator's reason for moving it between horizons by hand.
    moved_reason: Text = ""
    low_hanging: bool = False
    owner: Text = ""
    kpi: Text = ""
    test_plan: TestPlan = Field(default_factory=TestPlan)
    notes: Text = ""

    @computed_field(  # type: ignore[prop-decorator]
        description="Deprecated: the same as by_hand (backlog-1 files keep it for the "
        "programs that read it)."
    )
    @property
    def manual(self) -> bool:
        return self.by_hand


class SetAside(Record):
    """A draw that did not make the backlog: parked or rejected, with the reason."""

    draw: int
    title: Line
    card: Slug
    cohort: CohortRef
    decision: Literal[Decision.PARKED, Decision.REJECTED]
    reason: Text = ""
    note: Text = ""
    score: float | None = None
    breakdown_text: str = ""


class LiveCard(Record):
    """A card the organization already runs: ticked at setup, or said at the table."""

    card: Slug
    title: Line
    #: The draw where the room said "we already do this"; None: ticked at setup.
    draw: int | None = None


class WorkshopInfo(Record):
    id: str
    organization: Line
    facilitator: Line | None = None
    participants: list[Participant] = Field(default_factory=list)
    goals: list[Line] = Field(default_factory=list)
    created: dt.datetime
    deck: Line  # the deck's name


class Backlog(Record):
    format: Literal["cvo-workshop/backlog-1"] = BACKLOG_FORMAT
    workshop: WorkshopInfo
    framework: Framework
    reach_basis: ReachBasis = ReachBasis.CUSTOMERS
    #: The capability level the horizons are gated by (from the assessment or set by hand).
    maturity: Capability | None = None
    assessment: MaturityResult | None = None
    items: list[BacklogItem] = Field(default_factory=list)  # in rank order
    parked: list[SetAside] = Field(default_factory=list)
    rejected: list[SetAside] = Field(default_factory=list)
    #: Cards already live: they meet other cards' requirements; not items.
    live: list[LiveCard] = Field(default_factory=list)

    def horizon(self, horizon: Horizon) -> list[BacklogItem]:
        return [i for i in self.items if i.horizon is horizon]


__all__ = [
    "BACKLOG_FORMAT",
    "BY_HAND",
    "Backlog",
    "BacklogItem",
    "CohortRef",
    "Factor",
    "Horizon",
    "ReachBasis",
    "ScoreBreakdown",
    "SetAside",
    "TestPlan",
    "WorkshopInfo",
]
