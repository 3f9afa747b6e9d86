"""A workshop: its setup (who, what for, which deck and cohorts, how it is scored)
and the append-only events that record what happened in the room.

Everything a screen shows is derived from these events (engine/fold.py); undo
and redo are events too. The workshop file (store/journal.py) is the setup on
its first line and one event a line after it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, GetCoreSchemaHandler, field_validator, model_validator
from pydantic_core import core_schema

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import (
    Capability,
    CohortCard,
    Effort,
    Kind,
    Line,
    RecipeCard,
    Slug,
    Tactic,
    Text,
)
from cvo_workshop.model.grooming import (
    GROOMING_EVENTS,
    BacklogOrdered,
    ItemEdited,
    ItemMoved,
    ItemsMerged,
    ItemSplit,
    ReachBasisSet,
)
from cvo_workshop.model.maturity import MaturityResult

#: The file format written on the first line of every workshop file.
FORMAT: Literal["cvo-workshop/workshop-1"] = "cvo-workshop/workshop-1"

#: Outcome goals a facilitator is offered (they may type their own).
OUTCOME_SUGGESTIONS = (
    "Raise customer lifetime value",
    "Improve retention",
    "Increase repeat purchase rate",
    "Raise average order value",
    "Win back lapsed customers",
    "Reduce customer effort",
)


class Framework(str):
    """A scoring framework's id, as workshop files name it: "ice", "pie", "rice".

    Not a closed enum: which ids exist, and what each means, is the registry in
    engine/frameworks.py (one entry a framework). A file is checked against the
    registry where it is read (store/journal.py) and a setup where it is built
    (engine/setup.py), so a framework added there needs no change here; files
    written before keep loading, as their ids are the registry's."""

    __slots__ = ()

    ICE: ClassVar[Framework]
    PIE: ClassVar[Framework]
    RICE: ClassVar[Framework]

    @property
    def label(self) -> str:
        """The framework's name: its id in capitals ("RICE")."""
        return self.upper()

    @property
    def value(self) -> str:
        """The id as a plain string (code written when this was an enum reads it so)."""
        return str(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(pattern=r"^[a-z][a-z0-9_]*$", max_length=40),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


Framework.ICE = Framework("ice")
Framework.PIE = Framework("pie")
Framework.RICE = Framework("rice")


class Decision(StrEnum):
    """What the room decided about one draw."""

    ACCEPTED = "accepted"  # to the backlog
    PARKED = "parked"  # to the parking lot
    REJECTED = "rejected"
    SKIPPED = "skipped"  # not discussed

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Participant(Record):
    name: Line
    role: Line | None = None


class Round(Record):
    """One round of the plan: N cards of one kind (or of any kind)."""

    kind: Kind | None = None
    cards: int = Field(default=10, ge=1, le=200)

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else "Any kind"


def progressive_rounds(cards: int = 10) -> list[Round]:
    """The default plan: automation, then customization, then personalization."""
    return [Round(kind=k, cards=cards) for k in Kind]


class DeckRef(Record):
    """Which deck the workshop deals from, and what it said when the workshop began."""

    path: str  # a file path, or "builtin:<id>" for a deck shipped with the app
    id: Slug
    name: Line
    version: str = "1"
    content_hash: str
    #: Each recipe card's content hash, so a changed deck can be described card by card.
    card_hashes: dict[str, str] = Field(default_factory=dict)


class WorkshopSetup(Record):
    """Everything decided before the first draw. The first line of a workshop file."""

    format: Literal["cvo-workshop/workshop-1"] = FORMAT
    id: str = Field(min_length=1, max_length=80)
    created: dt.datetime
    organization: Line
    facilitator: Line | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=50)
    goals: list[Line] = Field(min_length=1, max_length=3)
    deck: DeckRef
    #: The focus cohorts, copied whole: they may come from an RFM file, not the deck.
    cohorts: list[CohortCard] = Field(min_length=1, max_length=12)
    framework: Framework = Framework.ICE
    rounds: list[Round] = Field(default_factory=progressive_rounds, min_length=1, max_length=20)
    #: Time-boxes in seconds; None means no time-box.
    draw_seconds: int | None = Field(default=240, ge=10)
    round_seconds: int | None = Field(default=2400, ge=60)
    seed: int = Field(ge=0)
    #: The organization's capability level, if known. Cards more than one level
    #: above it are not dealt (unless deal_beyond_stretch); one level up are "stretch".
    maturity: Capability | None = None
    deal_beyond_stretch: bool = False
    #: Blind scoring: each participant's values stay hidden (shown as "scored")
    #: until the facilitator reveals them, so nobody anchors on the first voice.
    #: False in files written before it existed: they keep showing values as typed.
    blind: bool = False
    #: The maturity assessment the workshop started from, if one was attached;
    #: `maturity` is then its overall level (or what the facilitator set instead).
    assessment: MaturityResult | None = None
    #: Ids of the deck's cards the organization already runs ("already live"):
    #: they meet the `requires` of other cards and are dealt only on request
    #: (DealModeSet). Empty in files written before it existed.
    live: list[Slug] = Field(default_factory=list, max_length=1000)

    @field_validator("participants")
    @classmethod
    def _unique_names(cls, v: list[Participant]) -> list[Participant]:
        names = [p.name.casefold() for p in v]
        if len(set(names)) != len(names):
            raise ValueError("two participants have the same name")
        return v

    @model_validator(mode="after")
    def _unique_cohorts(self) -> WorkshopSetup:
        ids = [c.id for c in self.cohorts]
        if len(set(ids)) != len(ids):
            raise ValueError("a cohort is listed twice")
        return self

    def cohort(self, cohort_id: str) -> CohortCard:
        for c in self.cohorts:
            if c.id == cohort_id:
                return c
        raise KeyError(cohort_id)

    @property
    def total_cards(self) -> int:
        return sum(r.cards for r in self.rounds)


class WildcardCard(Record):
    """A recipe the room writes on the spot; it is scored and decided like any card."""

    id: Slug  # "wild-1", "wild-2", ... given by the session
    kind: Kind
    title: Line
    prompt: Text = ""
    tactic: Tactic | None = None
    min_capability: Capability | None = None
    effort: Effort | None = None


# --- events ----------------------------------------------------------------
#
# Three sorts (engine/fold.py relies on it):
# - actions, which a person takes and can undo: Scored, Decided, Noted,
#   WildcardAdded, RoundStarted, WorkshopEnded, AlreadyLive, LiveTakenBack,
#   DealModeSet, ParticipantJoined, ParticipantLeft, and grooming (model/grooming.py);
# - consequences, which the session appends right after an action and which
#   are undone and redone with it: Dealt, Prefilled;
# - ambient events, never undone: Undone, Redone, timers, SessionOpened, Heartbeat.
#
# An action a participant takes on their phone (`from_phone`) is not on the
# facilitator's undo stack: they change their vote by voting again.

Factors = dict[str, float | None]


class _Event(Record):
    at: dt.datetime
    #: Made on a participant's phone through the room, not by the facilitator.
    #: Written only when true: files from before the room read as the facilitator's.
    from_phone: bool = Field(default=False, exclude_if=lambda v: not v)


class Dealt(_Event):
    """A recipe card dealt against a cohort. The card is copied whole, so the
    record stays true if the deck file changes or goes away."""

    type: Literal["dealt"] = "dealt"
    draw: int = Field(ge=1)
    round: int = Field(ge=1)
    card: RecipeCard
    cohort: Slug
    stretch: bool = False


class WildcardAdded(_Event):
    type: Literal["wildcard_added"] = "wildcard_added"
    draw: int = Field(ge=1)
    round: int = Field(ge=1)
    card: WildcardCard
    cohort: Slug


class PairedAgain(_Event):
    """The room pairs a card already on the table with another focus cohort: a
    new draw of the same card, scored and decided on its own. It is not dealt
    from the deck, so it does not use up a card of the round."""

    type: Literal["paired_again"] = "paired_again"
    draw: int = Field(ge=1)
    round: int = Field(ge=1)
    source: int = Field(ge=1)  # the draw whose card is paired again
    cohort: Slug


class Scored(_Event):
    """Factor values for one draw, from the room (consensus) or one participant.
    A value of None clears that factor."""

    type: Literal["scored"] = "scored"
    draw: int = Field(ge=1)
    participant: Line | None = None
    factors: Factors = Field(min_length=1)


class Revealed(_Event):
    """The facilitator shows the participants' hidden values for one draw."""

    type: Literal["revealed"] = "revealed"
    draw: int = Field(ge=1)


class RevoteCalled(_Event):
    """The participants' values for one draw are cleared and asked for again
    (hidden again in a blind workshop). The room's consensus values stay."""

    type: Literal["revote_called"] = "revote_called"
    draw: int = Field(ge=1)


class Decided(_Event):
    type: Literal["decided"] = "decided"
    draw: int = Field(ge=1)
    decision: Decision
    reason: Text = ""


class Noted(_Event):
    """The facilitator's note on a draw (replaces the previous one; empty clears
    it). From a phone, one more line ("Name: text") added to the draw's phone notes."""

    type: Literal["noted"] = "noted"
    draw: int = Field(ge=1)
    text: Text


class RoundStarted(_Event):
    """The next round begins (the previous one ends, early if cards were left)."""

    type: Literal["round_started"] = "round_started"
    round: int = Field(ge=2)


class AlreadyLive(_Event):
    """The room says "we already do this" of the card on a draw: the card joins
    the setup's live list and the draw is closed without a decision (it is not
    a backlog item)."""

    type: Literal["already_live"] = "already_live"
    draw: int = Field(ge=1)


class LiveTakenBack(_Event):
    """The room takes back "already live" of a card (said at the table or ticked at
    setup): it leaves the live list, and each of its draws closed as live is open
    again, to be decided."""

    type: Literal["live_taken_back"] = "live_taken_back"
    card: Slug


class DealModeSet(_Event):
    """Where the next cards come from: new cards (the deck without the live
    ones), or, to improve what the organization already runs, the live cards."""

    type: Literal["deal_mode_set"] = "deal_mode_set"
    improve: bool


class Prefilled(_Event):
    """A factor filled in for the room from an earlier test of the card (the
    confidence a past result suggests), when scoring of a draw starts. The room
    may change it; until it does, it is shown as pre-filled. A consequence of
    the score that started the scoring: undone with it."""

    type: Literal["prefilled"] = "prefilled"
    draw: int = Field(ge=1)
    factors: dict[str, float] = Field(min_length=1)
    #: where the value comes from, in words ("past result: won, 12 Mar 2026")
    why: Text = ""


class WorkshopEnded(_Event):
    type: Literal["workshop_ended"] = "workshop_ended"


class Undone(_Event):
    type: Literal["undone"] = "undone"


class Redone(_Event):
    type: Literal["redone"] = "redone"


class TimerPaused(_Event):
    type: Literal["timer_paused"] = "timer_paused"


class TimerResumed(_Event):
    type: Literal["timer_resumed"] = "timer_resumed"


class TimerExtended(_Event):
    """More time for the draw on the table or for the round (x, X on the table)."""

    type: Literal["timer_extended"] = "timer_extended"
    scope: Literal["draw", "round"]
    seconds: int = Field(ge=1, le=24 * 3600)
    #: An undo step of its own: u right after x takes the extra time back. False (in
    #: files from before, where extra time was no step): not undone, and an undo after
    #: it takes back the step before, as it did then. Written only when true.
    step: bool = Field(default=False, exclude_if=lambda v: not v)


class ParticipantJoined(_Event):
    """Someone joins the room after the setup (or was left out of it): from now on
    they can score for themselves."""

    type: Literal["participant_joined"] = "participant_joined"
    name: Line
    role: Line | None = None


class ParticipantLeft(_Event):
    """The facilitator says a participant has left (or was a stray name, such as a
    second join from a phone): they no longer count among those who score. What
    they already scored stays on its draws."""

    type: Literal["participant_left"] = "participant_left"
    name: Line


class SessionOpened(_Event):
    """The app opened the workshop (at its start or on resume). Time between the
    event before this one and this one is not counted on the clocks."""

    type: Literal["session_opened"] = "session_opened"


class Heartbeat(_Event):
    """The app still has the workshop open, its time running (written after half a
    minute with nothing else written, and on closing): the time up to here counts
    on the clocks, so closing the app, or a crash, loses none (a crash at most that
    half minute)."""

    type: Literal["heartbeat"] = "heartbeat"


Event = Annotated[
    Dealt
    | WildcardAdded
    | PairedAgain
    | Scored
    | Revealed
    | RevoteCalled
    | Decided
    | Noted
    | RoundStarted
    | WorkshopEnded
    | Undone
    | Redone
    | TimerPaused
    | TimerResumed
    | TimerExtended
    | SessionOpened
    | Heartbeat
    | ParticipantJoined
    | ParticipantLeft
    | ItemEdited
    | ItemMoved
    | BacklogOrdered
    | ItemsMerged
    | ItemSplit
    | ReachBasisSet
    | AlreadyLive
    | LiveTakenBack
    | DealModeSet
    | Prefilled,
    Field(discriminator="type"),
]

ACTIONS = (
    Scored,
    Revealed,
    RevoteCalled,
    Decided,
    Noted,
    WildcardAdded,
    PairedAgain,
    RoundStarted,
    WorkshopEnded,
    ParticipantJoined,
    ParticipantLeft,
    *GROOMING_EVENTS,
    AlreadyLive,
    LiveTakenBack,
    DealModeSet,
)
CONSEQUENCES = (Dealt, Prefilled)
