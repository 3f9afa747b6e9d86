"""The workshop's state: a fold of its events.

Content (the draws, their scores, decisions and notes, the round, whether the
workshop ended) comes from actions and their consequences. Undo and redo work
on *steps*: an action together with the consequences the session appended
right after it (deciding a draw and dealing the next card is one step; a
pre-fill goes with the score that started its draw's scoring, whenever it
comes; the fields of one save of the grooming form are one step, each edit after
the first marked `with_previous`). Each step keeps the inverse of what it
changed, so undoing is as cheap as doing and a long history folds in one pass.

Only the facilitator's actions are steps. A phone's vote, note or join is
applied and stays: it is not undone, and it leaves the facilitator's redo as it
was. So undo works field by field: each value a step set (one person's factor,
the consensus, the decision, whether the draw is revealed) is put back only if
nobody set it since. Undoing a decision keeps the phones' votes on the draw;
undoing a typed score keeps a vote a phone cast after it; undoing a reveal hides
the draw's votes again, those cast after the reveal too; undoing a re-vote
brings back each cleared value nobody has voted again since. A redo, likewise,
sets again only the values nobody has set since the undo, and a card it puts
back on the table has the phones' votes it had. A redo that no longer fits (the
phones emptied or revealed the draw meanwhile) is not offered.

Workshop time (`WorkshopTime`: pauses, extensions, when the current draw and
round began) comes from every event, in order; it is never undone, but for
extra time given as a step (x, X; `TimerExtended.step`), which is the
facilitator's like any action: u right after it takes it back. Extra time in a
file from before it was a step is no step, as then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from cvo_workshop.engine.dealing import deal_mode
from cvo_workshop.engine.frameworks import definition
from cvo_workshop.engine.names import same_name
from cvo_workshop.engine.team_scores import TeamScore
from cvo_workshop.model.card import RecipeCard
from cvo_workshop.model.grooming import (
    GROOMING_EVENTS,
    BacklogOrdered,
    Horizon,
    ItemEdited,
    ItemMoved,
    ItemsMerged,
    ItemSplit,
    ReachBasis,
    ReachBasisSet,
)
from cvo_workshop.model.workshop import (
    ACTIONS,
    CONSEQUENCES,
    AlreadyLive,
    DealModeSet,
    Dealt,
    Decided,
    Decision,
    Event,
    Heartbeat,
    LiveTakenBack,
    Noted,
    PairedAgain,
    Participant,
    ParticipantJoined,
    ParticipantLeft,
    Prefilled,
    Redone,
    Revealed,
    RevoteCalled,
    RoundStarted,
    Scored,
    SessionOpened,
    TimerExtended,
    TimerPaused,
    TimerResumed,
    Undone,
    WildcardAdded,
    WildcardCard,
    WorkshopEnded,
    WorkshopSetup,
)

MAX_PARTICIPANTS = 50  # as WorkshopSetup allows


class FoldError(Exception):
    """An event that does not fit the state before it (a damaged or edited file)."""

    def __init__(self, index: int, message: str):
        self.index = index  # 0-based position in the event list
        self.message = message
        super().__init__(f"event {index + 1}: {message}")


#: Where the facilitator takes "already live" back in one step (the summary's key).
TAKE_BACK = "Not live, l on the summary"


@dataclass(frozen=True, slots=True)
class Draw:
    """One card against one cohort, and what the room made of it."""

    number: int
    round: int
    card: RecipeCard | WildcardCard
    cohort: str
    stretch: bool = False
    #: the room paired a card already drawn with this cohort too (PairedAgain)
    again: bool = False
    consensus: Mapping[str, float] = field(default_factory=dict)
    #: Every participant's values as given, hidden or not, theirs who are `away` too:
    #: only the engine reads this; screens, exports and the room server read
    #: `by_participant`.
    votes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    #: Whose votes do not count on this draw: names no longer among the participants
    #: (removed, or their add undone) while it is open, as of when it was closed. Set
    #: aside, not cleared: they count again if the name comes back while it is open.
    #: Kept up by the fold (Folder._set_aside); a draw decided before someone left
    #: keeps their vote, as the room decided on it.
    away: frozenset[str] = frozenset()
    decision: Decision | None = None
    reason: str = ""
    #: The facilitator's note (replaced as a whole) and the notes phones added,
    #: one "Name: text" line each: kept apart, so undoing one leaves the others.
    facilitator_note: str = ""
    phone_notes: tuple[str, ...] = ()
    #: The workshop scores blind (WorkshopSetup.blind).
    blind: bool = False
    #: The facilitator showed this round of votes (Revealed).
    revealed: bool = False
    #: How many times the room was asked to vote again (RevoteCalled).
    revotes: int = 0
    #: The room said "we already do this" (AlreadyLive): closed, not decided.
    live: bool = False
    #: Factors filled in from a past result (Prefilled): key -> (value, why).
    #: A factor stays pre-filled while the room's value is that one.
    prefill: Mapping[str, tuple[float, str]] = field(default_factory=dict)
    #: Where in the file the event that put it on the table is (dealt, wildcard,
    #: paired again): a redo puts the same one back; another action, another draw.
    since: int = 0

    @property
    def open(self) -> bool:
        """Neither decided nor closed as already live: still on the table."""
        return self.decision is None and not self.live

    @property
    def unscored(self) -> bool:
        """Nobody has given the draw a value yet: a score now starts its scoring."""
        return not self.consensus and not any(self.votes.values())

    @property
    def counted(self) -> Mapping[str, Mapping[str, float]]:
        """The values that count, hidden or not: every participant's but those `away`
        (only the engine reads this, as `votes`)."""
        if not self.away:
            return self.votes
        return {name: values for name, values in self.votes.items() if name not in self.away}

    @property
    def prefilled(self) -> dict[str, str]:
        """The factors whose value is still the pre-filled one and that nobody has
        given a value of their own (as far as shown), with where it came from."""
        voted = self._voted
        return {k: why for k, why in self._defaults.items() if k not in voted}

    @property
    def _defaults(self) -> dict[str, str]:
        """The factors whose room value is still the pre-filled one."""
        return {
            k: why for k, (value, why) in self.prefill.items() if self.consensus.get(k) == value
        }

    @property
    def _voted(self) -> set[str]:
        """The factors some participant has a shown value for."""
        return {k for values in self.by_participant.values() for k in values}

    @property
    def note(self) -> str:
        """Every note on the draw: the facilitator's, then a line per phone note."""
        return "\n".join(n for n in (self.facilitator_note, *self.phone_notes) if n)

    @property
    def hides_votes(self) -> bool:
        """No participant's value may be shown now (blind, not revealed), whether
        anyone has voted yet or not: what is typed for a person stays unseen."""
        return self.blind and not self.revealed

    @property
    def hidden(self) -> bool:
        """Participants' values are on the draw but not to be shown yet."""
        return self.hides_votes and bool(self.gave)

    @property
    def by_participant(self) -> Mapping[str, Mapping[str, float]]:
        """Each participant's values, as far as they may be shown: none while
        hidden, so no screen, export or response can leak a blind vote; none of
        those `away`, whose votes do not count."""
        return {} if self.hidden else self.counted

    @property
    def gave(self) -> tuple[str, ...]:
        """Who has given this draw a value that counts (one or more), in the order they
        did; who has scored it, every factor asked, is `summary.voters`."""
        return tuple(name for name, values in self.counted.items() if values)

    @property
    def wildcard(self) -> bool:
        return isinstance(self.card, WildcardCard)

    @property
    def dealt(self) -> bool:
        """Dealt from the deck: counts against the round's cards."""
        return not self.wildcard and not self.again

    def team_score(self, setup: WorkshopSetup) -> TeamScore:
        # A pre-filled value is a default: anyone's own value for it wins.
        overruled = self._defaults.keys() & self._voted
        consensus = {k: v for k, v in self.consensus.items() if k not in overruled}
        return TeamScore(setup.framework, consensus, self.by_participant)


@dataclass(slots=True)
class WorkshopTime:
    """Workshop time: wall time minus pauses and the gaps while the app was closed.
    It stops when the workshop ends (and goes on from there if the end is undone)."""

    start: float
    last: float
    excluded: float = 0.0
    paused_at: float | None = None
    ended_at: float | None = None
    #: Extra time given to each draw (x), by draw (see _on_table), as draw_spent: a
    #: draw an undo took off and another action put back (a wildcard) has none. An
    #: undo of the extra time (a step) takes it off again.
    draw_extra: dict[tuple[int, int], int] = field(default_factory=dict)
    #: Extra time given to each round, by number.
    round_extra: dict[int, int] = field(default_factory=dict)
    #: The draw on the table (number, since; see _on_table), or None.
    on_table: tuple[int, int] | None = None
    draw_since: float = 0.0
    #: Workshop time each draw had on the table when it left it, by draw (see
    #: _on_table): back on the table (an undo, a redo), its clock goes on from there.
    draw_spent: dict[tuple[int, int], float] = field(default_factory=dict)
    round: int = 1
    round_since: float = 0.0
    #: The same for each round, by number.
    round_spent: dict[int, float] = field(default_factory=dict)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def running(self, t: float) -> float:
        """Seconds of workshop time at wall time `t` (the same at any `t` once ended)."""
        t = self.ended_at if self.ended_at is not None else max(t, self.last)
        r = t - self.start - self.excluded
        if self.paused_at is not None:
            r -= t - self.paused_at
        return max(r, 0.0)


def different_cards(draws: Sequence[Draw], numbers: Iterable[int]) -> list[str]:
    """The titles of the different cards among these draws, if more than one.

    Only draws of one card merge (one recipe paired with several cohorts): the
    session refuses anything else, and a file's merge of different cards (made
    before that rule) joins each card's draws apart, so no item vanishes."""
    titles = {draws[n - 1].card.id: draws[n - 1].card.title for n in numbers}
    return list(titles.values()) if len(titles) > 1 else []


def item_draw(item: str) -> int | None:
    """The draw number in an item id ("d12" -> 12), or None if it is not one."""
    if item[:1] == "d" and item[1:].isdigit() and item[1:2] != "0":
        return int(item[1:])
    return None


@dataclass(frozen=True, slots=True)
class Grooming:
    """The facilitator's edits to the backlog (model/grooming.py), as they stand."""

    #: item id -> field -> text
    edits: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: item id -> (horizon, reason), for items moved by hand
    horizons: Mapping[str, tuple[Horizon, str]] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    #: items moved in the order by hand (the others only made room for them)
    placed: frozenset[str] = frozenset()
    #: groups of draw numbers merged into one item, each sorted
    merges: tuple[tuple[int, ...], ...] = ()
    reach_basis: ReachBasis = ReachBasis.CUSTOMERS

    def group(self, draw: int) -> tuple[int, ...]:
        for g in self.merges:
            if draw in g:
                return g
        return (draw,)


@dataclass(slots=True)
class State:
    setup: WorkshopSetup
    draws: list[Draw] = field(default_factory=list)
    round: int = 1
    ended: bool = False
    #: Deal from the live cards, to improve what the organization has (DealModeSet).
    improve: bool = False
    grooming: Grooming = field(default_factory=Grooming)
    time: WorkshopTime = field(default=None, compare=False)  # type: ignore[assignment]
    _dealt: set[str] = field(default_factory=set, compare=False, repr=False)

    def draw(self, number: int) -> Draw:
        return self.draws[number - 1]

    def round_draws(self, round_no: int | None = None) -> list[Draw]:
        r = self.round if round_no is None else round_no
        return [d for d in self.draws if d.round == r]

    def dealt_in_round(self, round_no: int | None = None) -> int:
        return sum(1 for d in self.round_draws(round_no) if d.dealt)

    @property
    def current(self) -> Draw | None:
        """The draw on the table: the latest undecided draw of this round."""
        for d in reversed(self.draws):
            if d.round != self.round:
                break
            if d.open:
                return d
        return None

    @property
    def dealt_ids(self) -> set[str]:
        return {d.card.id for d in self.draws if d.dealt}

    def was_dealt(self, card_id: str) -> bool:
        return card_id in self._dealt

    def _append(self, draw: Draw) -> None:
        self.draws.append(draw)
        if draw.dealt:
            self._dealt.add(draw.card.id)

    def _pop(self) -> None:
        draw = self.draws.pop()
        if draw.dealt:
            self._dealt.discard(draw.card.id)

    def cohort_draws(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.draws:
            out[d.cohort] = out.get(d.cohort, 0) + 1
        return out

    def counts(self) -> dict[str, int]:
        out = {d.value: 0 for d in Decision}
        out["undecided"] = 0
        out["live"] = 0
        for d in self.draws:
            out[d.decision.value if d.decision else "live" if d.live else "undecided"] += 1
        return out

    # time
    def draw_elapsed(self, now: float) -> float:
        return self.time.running(now) - self.time.draw_since

    def round_elapsed(self, now: float) -> float:
        return self.time.running(now) - self.time.round_since

    def draw_budget(self) -> float | None:
        base = self.setup.draw_seconds
        if base is None:
            return None
        cur = self.time.on_table
        return base + (self.time.draw_extra.get(cur, 0) if cur else 0)

    def round_budget(self) -> float | None:
        base = self.setup.round_seconds
        if base is None:
            return None
        return base + self.time.round_extra.get(self.round, 0)

    def elapsed(self, now: float | None = None) -> float:
        """Workshop time so far (at the last event, or at `now`)."""
        return self.time.running(self.time.last if now is None else now)


# Inverse operations, kept per step: ("field", (i, *path), old, old_stamp, stamp, order)
# (`order`: where the value sat among the others, _order),
# ("theirs", (i, *path)) for a field a redo left as someone else had set it,
# ("pop",), ("round", old), ("ended", old), ("grooming", old), ("joined", name),
# ("left", name, their place in the participants list, their Participant),
# ("improve", old), ("unlive", card id), ("relive", card id, its place in the live list),
# ("extra", "draw", draw (see _on_table), seconds) or ("extra", "round", round, seconds).
# A draw's field `path` is ("consensus", key), ("vote", name, key), ("decision",)
# (decision and reason), ("revealed",), ("revotes",), ("facilitator_note",),
# ("phone_notes",), ("live",) or ("prefill",); its stamp is the index of the event
# that set it (first set it, for a redone step), so an undo can tell whether anyone
# has set it since.
_Inverse = tuple
_Path = tuple


def _get(draw: Draw, path: _Path) -> object:
    if path[0] == "consensus":
        return draw.consensus.get(path[1])
    if path[0] == "vote":
        return draw.votes.get(path[1], {}).get(path[2])
    if path[0] == "decision":
        return (draw.decision, draw.reason)
    return getattr(draw, path[0])


def _order(draw: Draw, path: _Path) -> tuple[tuple[str, ...], ...]:
    """The order of the values around a factor's (the room's factors; who voted,
    and their factors), so that an undo puts a cleared value back in its place."""
    if path[0] == "consensus":
        return (tuple(draw.consensus),)
    if path[0] == "vote":
        return (tuple(draw.votes), tuple(draw.votes.get(path[1], {})))
    return ()


def _in_order(values: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """`values` with the keys in `order` first, as there."""
    return {**{k: values[k] for k in order if k in values}, **values}


def _put(draw: Draw, path: _Path, value: Any, order: Sequence[Sequence[str]] = ((), ())) -> Draw:
    if path[0] == "consensus":
        consensus = _merge(draw.consensus, {path[1]: value})
        return replace(draw, consensus=_in_order(consensus, order[0]))
    if path[0] == "vote":
        votes = dict(draw.votes)
        mine = _merge(votes.get(path[1], {}), {path[2]: value})
        if mine:
            votes[path[1]] = _in_order(mine, order[1])
        else:  # nothing left: as if they had not voted
            votes.pop(path[1], None)
        return replace(draw, votes=_in_order(votes, order[0]))
    if path[0] == "decision":
        decision, reason = value
        return replace(draw, decision=decision, reason=reason)
    return replace(draw, **{path[0]: value})


@dataclass(slots=True)
class _Step:
    events: list[Event]
    inverse: list[_Inverse]
    #: the index of each event when first applied: the stamp of what it sets
    stamps: list[int]
    #: Draws the undo took off the table, with what phones gave them: put back on redo.
    taken: dict[int, Draw] = field(default_factory=dict)
    #: Each field the undo went over -> its stamp after the undo (NOT_OURS if it was
    #: left as someone set it since): a redo sets only the fields still so.
    undone: dict[tuple[object, ...], int | None] = field(default_factory=dict)


NOT_OURS = -1  # no event has this stamp

#: Events that change nothing but the clock (Folder._set_aside has nothing to do).
_CLOCK_ONLY = (SessionOpened, Heartbeat, TimerPaused, TimerResumed)


def _ts(at: dt.datetime) -> float:
    return at.timestamp()


class Folder:
    """Applies events one by one; `fold()` is this over a whole list."""

    def __init__(self, setup: WorkshopSetup):
        t = _ts(setup.created)
        self.state = State(setup, time=WorkshopTime(start=t, last=t))
        self._done: list[_Step] = []  # the facilitator's steps, to undo
        self._undone: list[_Step] = []  # to redo
        self._after_action = False  # the last content event was an action or consequence
        #: (draw index, *path) -> index of the event that last set that field
        self._stamps: dict[tuple[object, ...], int] = {}
        self._redoing: dict[tuple[object, ...], int | None] | None = None  # Step.undone
        self._count = 0
        self._spec = definition(setup.framework)
        self._participants = {p.name for p in setup.participants}
        self._cohorts = {c.id for c in setup.cohorts}
        #: draw index -> the step whose score started the draw's scoring (None: a
        #: phone's score): where its pre-fill belongs, whenever it comes.
        self._started: dict[int, _Step | None] = {}

    # --- what can be undone ------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return self.next_redo() is not None

    def next_undo(self) -> Event | None:
        """The facilitator's action the next undo would take back."""
        return self._done[-1].events[0] if self._done else None

    def next_undo_step(self) -> tuple[Event, ...]:
        """Every event the next undo would take back, its action first (none: nothing)."""
        return tuple(self._done[-1].events) if self._done else ()

    def undone_step(self) -> tuple[Event, ...]:
        """Every event of the step the facilitator undid last, its action first, whether
        a redo still fits or not (none: nothing undone to redo)."""
        return tuple(self._undone[-1].events) if self._undone else ()

    def next_redo_step(self) -> tuple[Event, ...]:
        """Every event the next redo would do again, its action first (none: nothing)."""
        return tuple(self._undone[-1].events) if self.next_redo() is not None else ()

    def next_redo(self) -> Event | None:
        """The action the next redo would do again, if it still fits (the rules for
        new events included: a redo is offered only if the action would be taken)."""
        return self._redoable(self.check)

    def grooming_after_undo(self) -> Grooming:
        """The backlog's grooming as the next undo leaves it (as it is now when its
        step changes none): the titles the undo's message names items by."""
        if self._done:
            for op in self._done[-1].inverse:  # the first holds the grooming before the step
                if op[0] == "grooming":
                    return cast(Grooming, op[1])
        return self.state.grooming

    def grooming_after_redo(self) -> Grooming:
        """The backlog's grooming as the next redo leaves it (as it is now when there
        is none, or its step changes none)."""
        g = self.state.grooming
        if self.next_redo() is not None:
            for e in self._undone[-1].events:
                if isinstance(e, GROOMING_EVENTS):
                    g = _groom(g, e, self.state.draws)
        return g

    def undo_keeps(self) -> list[tuple[object, ...]] | None:
        """If the next undo would change nothing, because what its step set has been
        set since by others (a phone's vote, a phone that joined under a name the step
        removed): what stays, as (draw index, *field) and ("left", name) marks. None if
        it changes something (or there is nothing to undo)."""
        if not self._done:
            return None
        kept: list[tuple[object, ...]] = []
        for op in self._done[-1].inverse:  # as _revert goes over them
            if op[0] == "theirs" or (op[0] == "field" and self._stamps.get(op[1]) != op[4]):
                kept.append(op[1])  # someone has set it since
            elif op[0] == "left" and self.holder(op[1], op[4]) is not None:
                kept.append(("left", op[1]))
            else:
                return None
        return kept or None

    def redo_keeps(self) -> list[tuple[object, ...]] | None:
        """If the next redo would change nothing (what its step set has been set since
        by others): what stays, as `undo_keeps` says it. None if it changes something
        (or there is nothing to redo)."""
        if self.next_redo() is None:
            return None
        step = self._undone[-1]
        kept: list[tuple[object, ...]] = []
        for op in step.inverse:  # what the step set before its undo (kept by _revert)
            if op[0] in ("field", "theirs"):
                key = op[1]
                if key in step.undone and self._stamps.get(key) == step.undone[key]:
                    return None  # as the undo left it: the redo sets it again
                kept.append(key)
            elif op[0] == "left" and step.undone.get(("left", op[1])) == NOT_OURS:
                kept.append(("left", op[1]))
            else:
                return None
        return kept or None

    def holder(self, name: str, others: Iterable[str] = ()) -> str | None:
        """The participant whose name is `name` or looks the same (engine/names: the
        room's rule when a phone joins; `name` itself, or one who joined under it since
        it left), but none of `others` (in a file from before that rule, two look-alike
        names may be two people); None if there is none."""
        return next(
            (
                p.name
                for p in self.state.setup.participants
                if same_name(p.name, name) and p.name not in others
            ),
            None,
        )

    def _redoable(self, check: Callable[[Event], str | None]) -> Event | None:
        if not self._undone:
            return None
        event = self._undone[-1].events[0]
        return event if check(event) is None else None

    # --- checking ----------------------------------------------------------
    def check(self, event: Event) -> str | None:
        """Why `event` cannot follow the current state, or None if it can."""
        return self._fits(event) or self._new_or_live(event) or self._new_name(event)

    def _new_name(self, event: Event) -> str | None:
        """Someone new (a redo of an add too) does not take a name that looks the same
        as a participant's (engine/names), as a phone joining does not. A rule for new
        events only: a file from before it may hold two look-alike names."""
        if isinstance(event, ParticipantJoined):
            taken = self.holder(event.name)
            if taken is not None:
                return f"{taken!r} is already a participant"
        return None

    def _new_or_live(self, event: Event) -> str | None:
        """A card is new work or already live, not both: a draw closed as live is
        not decided afterwards, a card the room said is live on one draw is not
        accepted on another (a pairing with another cohort), nor said live once
        accepted. A live card dealt to improve it (ticked at setup) is accepted
        as that. A rule for new events only: a
        file written before it still reads (`_content` checks `_fits`)."""
        s = self.state
        if not isinstance(event, Decided | AlreadyLive) or not 1 <= event.draw <= len(s.draws):
            return None
        draw = s.draws[event.draw - 1]
        if isinstance(event, Decided) and draw.live and draw.decision is None:
            # (A draw both live and decided, in a file from before, may be decided again.)
            return (
                f"draw {draw.number} is closed as already live: undo “already live”, or take it "
                f"back ({TAKE_BACK}), to decide it"
            )
        others = [d for d in s.draws if d.card.id == draw.card.id and d is not draw]
        if isinstance(event, Decided) and event.decision is Decision.ACCEPTED:
            said = next((d for d in others if d.live), None)
            if said is not None:
                return (
                    f"“{draw.card.title}” was said to be already live at draw {said.number}, "
                    "so it is not accepted as new work: park, reject or skip it here, or undo "
                    f"“already live” or take it back ({TAKE_BACK}) first"
                )
        if isinstance(event, AlreadyLive):
            accepted = next((d for d in others if d.decision is Decision.ACCEPTED), None)
            if accepted is not None:
                cohort = s.setup.cohort(accepted.cohort).name
                return (
                    f"“{draw.card.title}” is accepted for {cohort} (draw {accepted.number}), "
                    "so it is new work, not already live: change that decision first"
                )
        return None

    def _fits(self, event: Event) -> str | None:
        """Why `event` cannot follow the current state as a file holds it."""
        s = self.state
        if isinstance(event, Dealt | WildcardAdded | PairedAgain):
            if event.draw != len(s.draws) + 1:
                return f"draw {event.draw} dealt, expected draw {len(s.draws) + 1}"
            if event.round != s.round:
                return f"dealt in round {event.round}, but round {s.round} is on"
            if event.cohort not in self._cohorts:
                return f"cohort {event.cohort!r} is not one of the workshop's cohorts"
            if s.ended:
                return "the workshop has ended"
            if isinstance(event, Dealt) and s.was_dealt(event.card.id):
                return f"card {event.card.id!r} was already dealt"
            if isinstance(event, PairedAgain):
                if not 1 <= event.source <= len(s.draws):
                    return f"no draw {event.source} (there are {len(s.draws)})"
                card = s.draws[event.source - 1].card
                for d in s.draws:
                    if d.card.id == card.id and d.cohort == event.cohort:
                        return (
                            f"{card.title!r} is already paired with that cohort (draw {d.number})"
                        )
        elif isinstance(event, AlreadyLive):
            if not 1 <= event.draw <= len(s.draws):
                return f"no draw {event.draw} (there are {len(s.draws)})"
            draw = s.draws[event.draw - 1]
            if not draw.open:
                return f"draw {event.draw} is already closed"
            if draw.wildcard:
                return "a wildcard is the room's own new recipe, not a card of the deck"
            if draw.card.id in s.setup.live:
                return f"{draw.card.title!r} is already live"
        elif isinstance(event, LiveTakenBack):
            if event.card not in s.setup.live:
                return f"{event.card!r} is not already live"
        elif isinstance(event, DealModeSet):
            if event.improve == s.improve:
                return f"the table already deals {deal_mode(s.improve)}"
        elif isinstance(event, Scored | Decided | Noted | Revealed | RevoteCalled | Prefilled):
            if not 1 <= event.draw <= len(s.draws):
                return f"no draw {event.draw} (there are {len(s.draws)})"
            draw = s.draws[event.draw - 1]
            # (Any vote, one set aside too: a file from before set none aside.)
            voted = any(draw.votes.values())
            if isinstance(event, Revealed):
                if not draw.blind:
                    return "scores are not hidden in this workshop"
                if not voted:
                    return f"nobody has scored draw {event.draw} yet"
                if draw.revealed:
                    return f"draw {event.draw}'s scores are already shown"
            if isinstance(event, RevoteCalled) and not voted:
                return f"nobody has scored draw {event.draw} yet"
            if isinstance(event, Prefilled):
                for name, filled in event.factors.items():
                    if name not in self._spec.keys:
                        return f"{name!r} is not a factor of {self._spec.name}"
                    if problem := self._spec.factor(name).check(filled):
                        return problem
            if isinstance(event, Scored):
                if event.participant is not None and event.participant not in self._participants:
                    return f"{event.participant!r} is not a participant"
                for key, value in event.factors.items():
                    if key not in self._spec.keys:
                        return f"{key!r} is not a factor of {self._spec.name}"
                    if value is not None and (problem := self._spec.factor(key).check(value)):
                        return problem
        elif isinstance(event, RoundStarted):
            if event.round != s.round + 1 or event.round > len(s.setup.rounds):
                return f"round {event.round} cannot start after round {s.round}"
            if s.ended:
                return "the workshop has ended"
        elif isinstance(event, WorkshopEnded) and s.ended:
            return "the workshop has already ended"
        elif isinstance(event, TimerExtended) and event.step:
            # (One from before, no step, with no card on the table gave time to nobody.)
            if event.scope == "draw" and s.current is None:
                return "no card on the table to give more time"
        elif isinstance(event, ParticipantJoined):
            if any(p.name.casefold() == event.name.casefold() for p in s.setup.participants):
                return f"{event.name!r} is already a participant"
            if len(s.setup.participants) >= MAX_PARTICIPANTS:
                return f"at most {MAX_PARTICIPANTS} participants"
        elif isinstance(event, ParticipantLeft):
            if event.name not in self._participants:
                return f"{event.name!r} is not a participant"
        elif isinstance(event, GROOMING_EVENTS):
            return self._check_grooming(event)
        return None

    def _check_grooming(self, event: Event) -> str | None:
        s = self.state
        items: list[str] = []
        if isinstance(event, ItemEdited | ItemMoved | ItemSplit):
            items = [event.item]
        elif isinstance(event, ItemsMerged | BacklogOrdered):
            items = list(event.items if isinstance(event, ItemsMerged) else event.order)
            if len(set(items)) != len(items):
                return "an item is listed twice"
            if isinstance(event, BacklogOrdered) and event.item not in (None, *items):
                return f"item {event.item!r} is not in the order"
        for item in items:
            n = item_draw(item)
            if n is None or n > len(s.draws):
                return f"no item {item!r}"
        if isinstance(event, ItemSplit) and len(s.grooming.group(item_draw(event.item) or 0)) < 2:
            return f"item {event.item!r} is not a merged item"
        return None

    # --- applying ----------------------------------------------------------
    def apply(self, event: Event) -> None:
        index = self._count
        if isinstance(event, Undone):
            if self._done:
                step = self._done.pop()
                self._revert(step)
                self._undone.append(step)
            self._after_action = False
        elif isinstance(event, Redone):
            # As a file holds it: the fit alone, so a file written before a rule for
            # new events (_new_or_live) replays its redo as it was done then.
            if self._redoable(self._fits) is not None:
                step = self._undone.pop()
                step.inverse = []
                # A score that starts its draw's scoring again owns its pre-fill again.
                starts = self._starts(step.events[0])
                if starts is not None:
                    self._started[starts] = step
                self._redoing = step.undone
                try:
                    for e, stamp in zip(step.events, step.stamps, strict=True):
                        self._content(index, e, step.inverse, stamp)
                finally:
                    self._redoing = None
                for number, draw in step.taken.items():  # the phones' votes and notes too
                    self.state.draws[number - 1] = draw
                step.taken, step.undone = {}, {}
                self._done.append(step)
            self._after_action = False
        elif (saved := self._saved_with(event)) is not None:
            # The rest of one save of the grooming form: in the step of its first field.
            self._content(index, event, saved.inverse)
            saved.events.append(event)
            saved.stamps.append(index)
        elif isinstance(event, TimerExtended) and event.step:
            # Extra time (x, X) as a step of its own, the facilitator's: u right after
            # it takes it back. Nothing follows from it (no consequence joins it).
            step = _Step([event], [], [index])
            self._content(index, event, step.inverse)
            self._done.append(step)
            self._undone.clear()
            self._after_action = False
        elif isinstance(event, ACTIONS) and getattr(event, "from_phone", False):
            # A participant's own change: not the facilitator's to undo, and what
            # the facilitator could redo stays (see the module's docstring).
            # (Grooming events, model/grooming.py, have no such field: never a phone's.)
            starts = self._starts(event)
            self._content(index, event, [])
            if starts is not None:
                self._started[starts] = None
            self._after_action = False
        elif isinstance(event, ACTIONS):
            step = _Step([event], [], [index])
            starts = self._starts(event)
            self._content(index, event, step.inverse)
            if starts is not None:
                self._started[starts] = step
            self._done.append(step)
            self._undone.clear()
            self._after_action = True
        elif isinstance(event, CONSEQUENCES):
            if (owner := self._step_of(event)) is not None:
                self._content(index, event, owner.inverse)
                owner.events.append(event)
                owner.stamps.append(index)
            else:  # dealt before any action (or after undo/redo): not undoable
                self._content(index, event, [])
        if not isinstance(event, _CLOCK_ONLY):
            self._set_aside()
        self._tick(event)
        self._count += 1

    def _set_aside(self) -> None:
        """Keep each open draw's `away` up: the names with votes on it that are not
        among the participants now. A closed draw keeps what it had when it closed."""
        people = self._participants
        draws = self.state.draws
        for i, draw in enumerate(draws):
            if draw.open:
                away = frozenset(name for name in draw.votes if name not in people)
                if away != draw.away:
                    draws[i] = replace(draw, away=away)

    def _starts(self, event: Event) -> int | None:
        """The index of the draw whose scoring `event` starts (a value given to a draw
        that has none), or None."""
        if not isinstance(event, Scored) or all(v is None for v in event.factors.values()):
            return None
        i = event.draw - 1
        return i if 0 <= i < len(self.state.draws) and self.state.draws[i].unscored else None

    def _saved_with(self, event: Event) -> _Step | None:
        """The step an item_edited `with_previous` joins: the facilitator's last, if
        the edit just before is its last event (not after an undo or a redo, nor a
        phone's change; a file put together otherwise makes the edit a step of its own)."""
        if not isinstance(event, ItemEdited) or not event.with_previous:
            return None
        if self._after_action and self._done and isinstance(self._done[-1].events[-1], ItemEdited):
            return self._done[-1]
        return None

    def _step_of(self, event: Event) -> _Step | None:
        """The step a consequence is undone with (None: none, it stays). A pre-fill
        belongs to the step whose score started its draw's scoring, whenever it
        comes (after a kill, or once the past is read): none if a phone's score
        started it or that step is undone. Anything else, and a pre-fill of a draw
        whose start this fold did not see (a file from before), belongs to the
        action it follows."""
        if isinstance(event, Prefilled) and (i := event.draw - 1) in self._started:
            started = self._started[i]
            return started if any(step is started for step in self._done) else None
        if self._after_action and self._done:
            return self._done[-1]
        return None

    def _content(
        self, index: int, event: Event, inverse: list[_Inverse], stamp: int | None = None
    ) -> None:
        """Apply one event; the fields it sets are stamped `stamp` (default: its index;
        a redo gives the step's first ones, so the steps before and after it still
        recognise what they set)."""
        stamp = index if stamp is None else stamp
        problem = self._fits(event)
        if problem:
            raise FoldError(index, problem)
        s = self.state
        if isinstance(event, Dealt | WildcardAdded):
            stretch = isinstance(event, Dealt) and event.stretch
            s._append(
                Draw(
                    event.draw,
                    event.round,
                    event.card,
                    event.cohort,
                    stretch,
                    blind=s.setup.blind,
                    since=stamp,
                )
            )
            inverse.append(("pop",))
        elif isinstance(event, PairedAgain):
            source = s.draws[event.source - 1]
            again = Draw(
                event.draw,
                event.round,
                source.card,
                event.cohort,
                source.stretch,
                True,
                blind=s.setup.blind,
                since=stamp,
            )
            s._append(again)
            inverse.append(("pop",))
        elif isinstance(event, Scored):
            i = event.draw - 1
            for key, value in event.factors.items():
                path = (
                    ("consensus", key)
                    if event.participant is None
                    else ("vote", event.participant, key)
                )
                self._write(stamp, i, path, value, inverse)
        elif isinstance(event, Revealed):
            self._write(stamp, event.draw - 1, ("revealed",), True, inverse)
        elif isinstance(event, RevoteCalled):
            i = event.draw - 1
            old = s.draws[i]
            for name, values in old.votes.items():
                for key in values:
                    self._write(stamp, i, ("vote", name, key), None, inverse)
            self._write(stamp, i, ("revealed",), False, inverse)
            self._write(stamp, i, ("revotes",), old.revotes + 1, inverse)
        elif isinstance(event, Decided):
            decided = (event.decision, event.reason)
            self._write(stamp, event.draw - 1, ("decision",), decided, inverse)
        elif isinstance(event, Noted):
            i = event.draw - 1
            if event.from_phone:
                lines = (*s.draws[i].phone_notes, event.text)
                self._write(stamp, i, ("phone_notes",), lines, inverse)
            else:
                self._write(stamp, i, ("facilitator_note",), event.text, inverse)
        elif isinstance(event, RoundStarted):
            inverse.append(("round", s.round))
            s.round = event.round
        elif isinstance(event, WorkshopEnded):
            inverse.append(("ended", s.ended))
            s.ended = True
        elif isinstance(event, ParticipantJoined):
            inverse.append(("joined", event.name))
            joined = Participant(name=event.name, role=event.role)
            s.setup = s.setup.model_copy(update={"participants": [*s.setup.participants, joined]})
            self._participants.add(event.name)
        elif isinstance(event, ParticipantLeft):
            mark = ("left", event.name)
            if self._redoing is not None and self._redoing.get(mark) == NOT_OURS:
                # The undo found them back already (joined again on a phone): they stay.
                inverse.append(("theirs", mark))
                return
            people = list(s.setup.participants)
            place = next(i for i, p in enumerate(people) if p.name == event.name)
            person = people.pop(place)
            # Look-alike names that stay are other people (a file from before they were
            # one name): not someone who joined under the name since, for the undo.
            alike = tuple(p.name for p in people if same_name(p.name, event.name))
            inverse.append(("left", event.name, place, person, alike))
            s.setup = s.setup.model_copy(update={"participants": people})
            self._participants = {p.name for p in people}
        elif isinstance(event, GROOMING_EVENTS):
            inverse.append(("grooming", s.grooming))
            s.grooming = _groom(s.grooming, event, s.draws)
        elif isinstance(event, AlreadyLive):
            i = event.draw - 1
            self._write(stamp, i, ("live",), True, inverse)
            card = s.draws[i].card.id
            inverse.append(("unlive", card))
            s.setup = s.setup.model_copy(update={"live": [*s.setup.live, card]})
        elif isinstance(event, LiveTakenBack):
            live = list(s.setup.live)
            inverse.append(("relive", event.card, live.index(event.card)))
            live.remove(event.card)
            s.setup = s.setup.model_copy(update={"live": live})
            for i, d in enumerate(s.draws):
                if d.live and d.card.id == event.card:  # open again, to be decided
                    self._write(stamp, i, ("live",), False, inverse)
        elif isinstance(event, DealModeSet):
            inverse.append(("improve", s.improve))
            s.improve = event.improve
        elif isinstance(event, TimerExtended):  # a step (one from before is only _tick's)
            inverse.append(self._extend(event))
        elif isinstance(event, Prefilled):
            i = event.draw - 1
            old = s.draws[i]
            fresh = {k: v for k, v in event.factors.items() if k not in old.consensus}
            for key, value in fresh.items():
                self._write(stamp, i, ("consensus", key), value, inverse)
            prefill = {**old.prefill, **{k: (v, event.why) for k, v in fresh.items()}}
            self._write(stamp, i, ("prefill",), prefill, inverse)

    def _write(
        self, index: int, i: int, path: _Path, value: object, inverse: list[_Inverse]
    ) -> None:
        """Set one field of draw `i`, stamped with the event's index."""
        key = (i, *path)
        if self._redoing is not None:  # a redo sets what the step set, if still as it left it
            if key not in self._redoing:
                return  # not the step's (a vote cast after a re-vote was not cleared by it)
            if self._stamps.get(key) != self._redoing[key]:
                inverse.append(("theirs", key))  # someone has set it since the undo: it stays
                return
        draw = self.state.draws[i]
        old = _get(draw, path)
        inverse.append(("field", key, old, self._stamps.get(key), index, _order(draw, path)))
        self._stamps[key] = index
        if self._redoing is not None:  # the step's own next write of it is still the step's
            self._redoing[key] = index
        self.state.draws[i] = _put(draw, path, value)

    def _revert(self, step: _Step) -> None:
        s = self.state
        for op in reversed(step.inverse):
            if op[0] == "pop":
                draw = s.draws[-1]
                step.taken[draw.number] = draw
                s._pop()
            elif op[0] == "theirs":
                step.undone[op[1]] = NOT_OURS
            elif op[0] == "field":
                _, key, old, old_stamp, stamp, order = op
                if self._stamps.get(key) != stamp:  # someone has set it since: theirs stays
                    step.undone[key] = NOT_OURS
                    continue
                i, *path = key
                s.draws[i] = _put(s.draws[i], tuple(path), old, order)
                if old_stamp is None:
                    del self._stamps[key]
                else:
                    self._stamps[key] = old_stamp
                step.undone[key] = old_stamp
            elif op[0] == "round":
                s.round = op[1]
            elif op[0] == "ended":
                s.ended = op[1]
            elif op[0] == "grooming":
                s.grooming = op[1]
            elif op[0] == "joined":  # whoever joined since (on a phone) stays
                kept = [p for p in s.setup.participants if p.name != op[1]]
                s.setup = s.setup.model_copy(update={"participants": kept})
                self._participants = {p.name for p in kept}
            elif op[0] == "left":  # back in their place, unless they joined again since
                _, name, place, person, alike = op
                if self.holder(name, alike) is not None:
                    step.undone[("left", name)] = NOT_OURS
                    continue
                people = list(s.setup.participants)
                people.insert(place, person)
                s.setup = s.setup.model_copy(update={"participants": people})
                self._participants = {p.name for p in people}
            elif op[0] == "improve":
                s.improve = op[1]
            elif op[0] == "extra":
                _, scope, where, seconds = op
                extra: dict[Any, int] = s.time.draw_extra if scope == "draw" else s.time.round_extra
                if extra.get(where, 0) > seconds:
                    extra[where] -= seconds
                else:
                    extra.pop(where, None)
            elif op[0] == "unlive":  # only the card this step made live (it was not before)
                live = [c for c in s.setup.live if c != op[1]]
                s.setup = s.setup.model_copy(update={"live": live})
            elif op[0] == "relive":  # back in its place on the list
                live = [c for c in s.setup.live if c != op[1]]
                live.insert(op[2], op[1])
                s.setup = s.setup.model_copy(update={"live": live})

    def _tick(self, event: Event) -> None:
        c = self.state.time
        t = max(_ts(event.at), c.last)
        stopped = c.ended_at is not None  # pauses and gaps count for nothing then
        if isinstance(event, SessionOpened):
            if c.paused_at is None and not stopped:
                c.excluded += t - c.last
        elif isinstance(event, TimerPaused):
            if c.paused_at is None and not stopped:
                c.paused_at = t
        elif isinstance(event, TimerResumed):
            if c.paused_at is not None and not stopped:
                c.excluded += t - c.paused_at
                c.paused_at = None
        elif isinstance(event, TimerExtended) and not event.step:  # (a step's is _content's)
            self._extend(event)
        c.last = t
        if self.state.ended and not stopped:
            c.ended_at = t
        elif stopped and not self.state.ended:  # the end undone: time goes on from here
            assert c.ended_at is not None
            if c.paused_at is None:  # (a pause already leaves the time out)
                c.excluded += t - c.ended_at
            c.ended_at = None
        cur = self.state.current
        now = c.running(t)
        if _on_table(cur) != c.on_table:
            if c.on_table is not None:
                c.draw_spent[c.on_table] = now - c.draw_since
            c.on_table = _on_table(cur)
            c.draw_since = now - (c.draw_spent.get(c.on_table, 0.0) if c.on_table else 0.0)
        if self.state.round != c.round:
            c.round_spent[c.round] = now - c.round_since
            c.round = self.state.round
            c.round_since = now - c.round_spent.get(c.round, 0.0)

    def _extend(self, event: TimerExtended) -> _Inverse:
        """Give the extra time to the draw on the table (none on it: to nobody, as a
        file from before may hold) or to the round; what undoes it."""
        c = self.state.time
        if event.scope == "round":
            r = self.state.round
            c.round_extra[r] = c.round_extra.get(r, 0) + event.seconds
            return ("extra", "round", r, event.seconds)
        draw = _on_table(self.state.current)
        if draw is None:
            return ("extra", "draw", None, 0)
        c.draw_extra[draw] = c.draw_extra.get(draw, 0) + event.seconds
        return ("extra", "draw", draw, event.seconds)


def _on_table(draw: Draw | None) -> tuple[int, int] | None:
    """Which draw is on the table, for its clock: its number and the event that put
    it there, so a draw an undo took off and another action put back under its
    number (a wildcard, the same card paired again) is another draw, and a redo
    puts the same one back."""
    return (draw.number, draw.since) if draw else None


def _groom(g: Grooming, event: Event, draws: Sequence[Draw]) -> Grooming:
    if isinstance(event, ItemEdited):
        edits = {k: dict(v) for k, v in g.edits.items()}
        fields = edits.setdefault(event.item, {})
        if event.value:
            fields[event.field] = event.value
        else:
            fields.pop(event.field, None)
        return replace(g, edits=edits)
    if isinstance(event, ItemMoved):
        horizons = dict(g.horizons)
        if event.horizon is None:
            horizons.pop(event.item, None)
        else:
            horizons[event.item] = (event.horizon, event.reason)
        return replace(g, horizons=horizons)
    if isinstance(event, BacklogOrdered):
        moved = {event.item} if event.item else set(event.order)
        return replace(g, order=tuple(event.order), placed=g.placed | moved)
    if isinstance(event, ItemsMerged):
        numbers = {n for i in event.items if (n := item_draw(i)) is not None}
        joined: set[int] = set()
        kept = []
        for group in g.merges:
            if numbers & set(group):
                joined.update(group)
            else:
                kept.append(group)
        joined.update(numbers)
        by_card: dict[str, list[int]] = {}  # one card's draws only (different_cards)
        for n in sorted(joined):
            by_card.setdefault(draws[n - 1].card.id, []).append(n)
        merged = tuple(tuple(ns) for ns in by_card.values() if len(ns) > 1)
        return replace(g, merges=(*kept, *merged))
    if isinstance(event, ItemSplit):
        n = item_draw(event.item)
        return replace(g, merges=tuple(m for m in g.merges if n not in m))
    if isinstance(event, ReachBasisSet):
        return replace(g, reach_basis=event.basis)
    return g


def _merge(old: Mapping[str, float], new: Mapping[str, float | None]) -> dict[str, float]:
    out = dict(old)
    for k, v in new.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = float(v)
    return out


def fold(setup: WorkshopSetup, events: Iterable[Event]) -> State:
    """The state after `events`; FoldError names the first event that does not fit."""
    folder = Folder(setup)
    for e in events:
        folder.apply(e)
    return folder.state
