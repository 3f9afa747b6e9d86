"""A running workshop: what the facilitator does, turned into events.

Every method checks its input, hands the event to the sink (the journal, which
fsyncs it) and only then applies it: whatever the screen shows as done is on
disk. After each action the session deals the next card when the round needs
one, as part of the same undo step.

No I/O here: the sink and the clock are handed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, get_args

from pydantic import TypeAdapter, ValidationError

from cvo_workshop.engine.clock import Clock, utc_now
from cvo_workshop.engine.dealing import deal, deal_mode, dealable_cards, dealing_level
from cvo_workshop.engine.fold import (
    MAX_PARTICIPANTS,
    Draw,
    Folder,
    FoldError,
    Grooming,
    State,
    different_cards,
    item_draw,
)
from cvo_workshop.engine.frameworks import FrameworkDef, definition, show_reach
from cvo_workshop.engine.names import clean_name, same_name
from cvo_workshop.engine.summary import given_factors
from cvo_workshop.engine.text import and_list
from cvo_workshop.model.card import (
    Capability,
    CohortCard,
    Effort,
    Kind,
    RecipeCard,
    Tactic,
    Text,
)
from cvo_workshop.model.grooming import (
    FIELD_NAMES,
    BacklogOrdered,
    Horizon,
    ItemEdited,
    ItemMoved,
    ItemsMerged,
    ItemSplit,
    ReachBasis,
    ReachBasisSet,
    field_problem,
)
from cvo_workshop.model.messages import messages

if TYPE_CHECKING:
    from cvo_workshop.model.backlog import Backlog
    from cvo_workshop.model.grooming import PastResult
from cvo_workshop.model.workshop import (
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
    Round,
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

Sink = Callable[[Event], None]


class SaveDeferred(OSError):
    """Raised by a sink that could not save but kept the events to retry
    (store/journal.py): the session goes on in memory."""

    def __init__(self, count: int, cause: OSError):
        self.count = count
        self.cause = cause
        reason = cause.strerror or str(cause)
        super().__init__(
            cause.errno,
            f"{count} change{'s' if count != 1 else ''} not saved yet ({reason}); kept in "
            "memory, saving is retried",
        )


class SessionError(Exception):
    """An action that does not fit the workshop right now (a message for people)."""


class Session:
    def __init__(
        self,
        setup: WorkshopSetup,
        cards: Sequence[RecipeCard] | None,
        events: Iterable[Event] = (),
        *,
        sink: Sink | None = None,
        clock: Clock = utc_now,
    ):
        """`cards` are the deck's recipe cards (None when the deck cannot be
        found: what was dealt stays usable, nothing new is dealt)."""
        #: The setup as the file's header holds it: the events fold onto this one
        #: (`setup` adds whoever joined since).
        self.setup_at_start = setup
        self.cards = list(cards) if cards is not None else None
        self.spec: FrameworkDef = definition(setup.framework)
        self._sink = sink or (lambda e: None)
        self._clock = clock
        self._folder = Folder(setup)
        self.events: list[Event] = []
        #: Why the latest changes are not on disk yet (None: everything is saved).
        self.save_problem: str | None = None
        #: Earlier tests of the deck's cards, by card id (newest first): handed in
        #: by whoever can read other workshops (know_past); they pre-fill confidence.
        self.past: Mapping[str, Sequence[PastResult]] = {}
        for e in events:
            self._folder.apply(e)
            self.events.append(e)

    # --- reading -------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._folder.state

    @property
    def setup(self) -> WorkshopSetup:
        """The setup, with everyone who joined since."""
        return self._folder.state.setup

    @property
    def current(self) -> Draw | None:
        return self.state.current

    @property
    def round_plan(self) -> Round:
        return self.setup.rounds[self.state.round - 1]

    @property
    def is_last_round(self) -> bool:
        return self.state.round >= len(self.setup.rounds)

    def now(self) -> float:
        return self._clock().timestamp()

    def backlog(self) -> Backlog:
        """The backlog as it stands; a card an item requires is named by its title
        from the deck, as `backlog export` names it."""
        from cvo_workshop.engine.backlog import build  # not needed to run the table

        titles = {c.id: c.title for c in self.cards or ()}
        return build(self.state, titles=titles)

    def pool(self) -> list[RecipeCard]:
        """Cards the next deal of this round may draw from."""
        if self.cards is None:
            return []
        return dealable_cards(
            self.cards,
            self.round_plan.kind,
            dealing_level(self.setup),
            self.setup.deal_beyond_stretch,
            self.state.dealt_ids,
            live=self.setup.live,
            improve=self.state.improve,
        )

    def needs_deal(self) -> bool:
        s = self.state
        return (
            not s.ended
            and s.current is None
            and s.dealt_in_round() < self.round_plan.cards
            and bool(self.pool())
        )

    @property
    def round_complete(self) -> bool:
        """Nothing on the table and nothing more to deal this round."""
        return not self.state.ended and self.current is None and not self.needs_deal()

    @property
    def can_undo(self) -> bool:
        return self._folder.can_undo

    @property
    def can_redo(self) -> bool:
        return self._folder.can_redo

    def describe(
        self,
        event: Event | None,
        step: Sequence[Event] = (),
        grooming: Grooming | None = None,
        *,
        cut: int | None = None,
    ) -> str:
        """An action in words, for "Undone: ..." messages; `step` is every event undone
        with it (its own first), where it says more (the fields of one save). Backlog
        items are named by their titles in `grooming` (default: as they read now).
        `cut`: the most characters of each name and title in it, for a key's label
        ("Maximilian-Al… leaving"; the words around them stay whole)."""
        if event is None:
            return "nothing"
        s = self.state

        def c(text: str) -> str:
            return text if cut is None or len(text) <= cut else text[: cut - 1] + "…"

        if isinstance(event, Decided):
            return f"{event.decision.value} draw {event.draw}"
        if isinstance(event, Scored):
            keys = ", ".join(self.spec.factor(k).label for k in event.factors)
            who = f" by {c(event.participant)}" if event.participant else ""
            return f"{keys} on draw {event.draw}{who}"
        if isinstance(event, Noted):
            return f"note on draw {event.draw}"
        if isinstance(event, Revealed):
            return f"reveal of draw {event.draw}'s scores"
        if isinstance(event, RevoteCalled):
            return f"re-vote on draw {event.draw}"
        if isinstance(event, WildcardAdded):
            return f"wildcard “{c(event.card.title)}”"
        if isinstance(event, PairedAgain):
            return f"pairing draw {event.source} with {c(self.setup.cohort(event.cohort).name)}"
        if isinstance(event, RoundStarted):
            return f"start of round {event.round}"
        if isinstance(event, WorkshopEnded):
            return "end of the workshop"
        if isinstance(event, ParticipantJoined):
            return f"{c(event.name)} joining"
        if isinstance(event, ParticipantLeft):
            return f"{c(event.name)} leaving"
        if isinstance(event, ItemEdited):
            fields = [e.field for e in step if isinstance(e, ItemEdited)] or [event.field]
            names = [FIELD_NAMES.get(f, f.replace("_", " ")) for f in fields]
            return f"{and_list(names)} of {self._item_title(event.item, grooming, c)}"
        if isinstance(event, ItemMoved):
            where = event.horizon.label if event.horizon else "its gated horizon"
            return f"move of {self._item_title(event.item, grooming, c)} to {where}"
        if isinstance(event, BacklogOrdered):
            return "the backlog's order"
        if isinstance(event, ItemsMerged):
            # Draws of one card merge: titled alike unless a title was edited.
            titles = list(dict.fromkeys(self._item_title(i, grooming, c) for i in event.items))
            if len(titles) == 1:
                return f"merge of {len(event.items)} {titles[0]} items"
            return f"merge of {and_list(titles)}"
        if isinstance(event, ItemSplit):
            return f"split of {self._item_title(event.item, grooming, c)}"
        if isinstance(event, ReachBasisSet):
            return f"reach as {event.basis.label}"
        if isinstance(event, AlreadyLive):
            return f"“already live” on draw {event.draw}"
        if isinstance(event, LiveTakenBack):
            return f"“already live” taken back for “{c(self._card_title(event.card))}”"
        if isinstance(event, DealModeSet):
            return f"dealing {deal_mode(event.improve)}"
        if isinstance(event, TimerExtended):
            # As the key bar names x and X ("+2 min"). The step is the last undone or
            # the next redone: the table is as it was when the time was given.
            if event.scope == "round":
                return f"{extra_time(event.seconds)} for round {s.round}"
            where = f"draw {s.current.number}" if s.current else "the draw"
            return f"{extra_time(event.seconds)} for {where}"
        return f"{event.type} ({len(s.draws)} draws)"

    def next_undo(self, *, short: bool = False, cut: int | None = None) -> str | None:
        """What the next undo takes back, in words ("Ben leaving"), and whether it
        changes nothing (" (nothing to change: ...)"); None if there is nothing to
        undo. Said once it is done (the message after u): a backlog item by its title
        as the undo leaves it, as the list then reads ("Title of “Birthday treat”",
        not the title the undo took back). With `short`, for a key's label ahead of
        the undo: the item as it reads now, and not whether it changes anything; each
        name and title in it at most `cut` characters (describe)."""
        step = self._folder.next_undo_step()
        if not step:
            return None
        if short:
            return self.describe(step[0], step, cut=cut)
        what = self.describe(step[0], step, self._folder.grooming_after_undo())
        return what + self._unchanged(self._folder.undo_keeps())

    def next_redo(self) -> str | None:
        """What the next redo does again, said once it is done: a backlog item by its
        title as the redo leaves it."""
        step = self._folder.next_redo_step()
        if not step:
            return None
        what = self.describe(step[0], step, self._folder.grooming_after_redo())
        return what + self._unchanged(self._folder.redo_keeps())

    def redo_refused(self) -> str | None:
        """Why ctrl+r does nothing, in words, when the facilitator's last undone step no
        longer fits (the phones emptied the draw since; a phone has joined under the
        name, or one that looks the same, that the step removes or adds: "Nothing to redo:
        Ben leaving no longer fits (a phone has joined as Ｂｅｎ since, and keeps the
        name)"). Nothing is written for it. None if a redo fits or nothing was undone."""
        step = self._folder.undone_step()
        if not step or self._folder.next_redo() is not None:
            return None
        event = step[0]
        why = self._folder.check(event) or "the workshop has changed since"
        if isinstance(event, ParticipantJoined | ParticipantLeft):
            # (Only a phone can have: an action of the facilitator's clears the redo.)
            holder = self._folder.holder(event.name)
            if holder is not None:
                why = f"a phone has joined as {holder} since, and keeps the name"
        return f"Nothing to redo: {self.describe(event, step)} no longer fits ({why})"

    def _unchanged(self, kept: Sequence[tuple[object, ...]] | None) -> str:
        """Words for an undo or redo that changes nothing (`kept`: what others set since
        stays, Folder.undo_keeps), "" for one that changes something. It is still done,
        so that the steps before and after it stay where they are."""
        if not kept:
            return ""
        if kept[0][0] == "left":
            name = str(kept[0][1])
            holder = self._folder.holder(name) or name
            why = f"a phone has joined as {holder} since, and keeps it"
        elif all(len(k) == 4 and k[1] == "vote" for k in kept):  # (draw, "vote", name, key)
            voters = and_list(list(dict.fromkeys(str(k[2]) for k in kept)))
            why = f"{voters} voted on a phone since, and that stays"
        else:
            why = "the phones have changed it since, and that stays"
        return f" (nothing to change: {why})"

    # --- writing -------------------------------------------------------------
    def _emit(self, event: Event) -> None:
        problem = self._folder.check(event)
        if problem:
            raise SessionError(problem)
        try:
            self._sink(event)  # on disk first: what the screen shows as done is saved
        except SaveDeferred as e:
            # The sink kept the event to retry: go on in memory and say so. Any
            # other failure propagates and leaves the state untouched.
            self.save_problem = e.strerror
        try:
            self._folder.apply(event)
        except FoldError as e:  # a bug if it happens: check() passed
            raise SessionError(e.message) from e
        self.events.append(event)

    def _at(self) -> dt.datetime:
        return self._clock()

    def _settle(self) -> None:
        """Deal the next card if the round needs one."""
        if not self.needs_deal():
            return
        s = self.state
        dealt_count = sum(1 for d in s.draws if d.dealt)
        d = deal(
            seed=self.setup.seed,
            draw=dealt_count + 1,
            pool=self.pool(),
            cohorts=self.setup.cohorts,
            cohort_draws=s.cohort_draws(),
            maturity=dealing_level(self.setup),
        )
        if d is None:
            return
        self._emit(
            Dealt(
                at=self._at(),
                draw=len(s.draws) + 1,
                round=s.round,
                card=d.card,
                cohort=d.cohort.id,
                # a live card is running already: never a stretch
                stretch=d.stretch and not s.improve,
            )
        )

    def open(self) -> None:
        """Mark the start of a sitting, and deal if a card is due."""
        self._emit(SessionOpened(at=self._at()))
        self._settle()

    def heartbeat(self, quiet: float = 0.0) -> None:
        """Note that the workshop is still open (a Heartbeat), if its time runs and
        nothing was written for `quiet` seconds: the time up to the note counts,
        after closing or a crash too (a reopening leaves out only the gap after the
        last event). Not while saving fails: it is no change to paste back by hand."""
        time = self.state.time
        if time.paused or self.state.ended or self.save_problem is not None:
            return
        if self.now() - time.last >= quiet:
            self._emit(Heartbeat(at=self._at()))

    def _draw(self, draw: int | None) -> int:
        if draw is not None:
            return draw
        cur = self.current
        if cur is None:
            raise SessionError("no card is on the table")
        return cur.number

    def score(
        self,
        key: str,
        value: float | None,
        *,
        participant: str | None = None,
        draw: int | None = None,
        from_phone: bool = False,
    ) -> None:
        """Set (or with None, clear) one factor, for the room or for one participant
        (`from_phone`: the participant's own vote, not on the facilitator's undo; once
        revealed, only a factor they have not given yet)."""
        number = self._draw(draw)
        if key not in self.spec.keys:
            raise SessionError(f"{key!r} is not a factor of {self.spec.name}")
        if value is not None and (problem := self.spec.factor(key).check(value)):
            raise SessionError(problem)
        draws = self.state.draws
        if from_phone and participant is not None and 1 <= number <= len(draws):
            shown = draws[number - 1]
            if shown.revealed and key in shown.votes.get(participant, {}):
                # Revealed before this vote was complete: the phone gives what is still
                # to go, and what the room has seen stays as it saw it.
                raise SessionError(
                    f"your {self.spec.factor(key).label} is shown already: "
                    "the facilitator can change it, or call a re-vote"
                )
        if value is not None and 1 <= number <= len(draws):
            d = draws[number - 1]
            if key in (cohort_gives := given_factors(self.state, d)):  # RICE reach
                given, origin = cohort_gives[key]
                raise SessionError(
                    f"{self.spec.factor(key).label}: the cohort gives it "
                    f"({show_reach(given, origin)}, {origin}), so it is not scored"
                )
        # Clearing a factor of an empty draw gives it nothing: scoring has not started.
        starts = value is not None and 1 <= number <= len(draws) and draws[number - 1].unscored
        self._emit(
            Scored(
                at=self._at(),
                draw=number,
                participant=participant,
                factors={key: None if value is None else float(value)},
                from_phone=from_phone,
            )
        )
        if starts:
            self._prefill(number)

    def know_past(self, past: Mapping[str, Sequence[PastResult]]) -> None:
        """Earlier tests of the cards, by card id (service/backlog.past_results).
        Each open draw of the round gets the pre-fill it was due if its scoring
        started without one: the app was killed between the first score and its
        pre-fill, or the room scored before the past was read (the table reads it
        in the background). The fold puts each pre-fill in the step of the score
        that started its draw's scoring, so undoing that score takes it back."""
        self.past = past
        for d in self.state.round_draws():
            if d.open and not d.prefill and not d.unscored:
                self._prefill(d.number)

    def _prefill(self, number: int) -> None:
        """Scoring of a draw has started: fill in what a past result of its card
        suggests (engine/past.py), where the room has given nothing yet. Not once
        the workshop has ended: scores corrected then start nothing."""
        from cvo_workshop.engine.past import prefill

        if self.state.ended:
            return
        draw = self.state.draws[number - 1]
        factors, why = prefill(self.spec, self.past.get(draw.card.id, ()))
        # Only what the room gave: a hidden vote must not show through which factor
        # it was on (a participant's own value wins anyway, Draw.team_score).
        factors = {k: v for k, v in factors.items() if k not in draw.consensus}
        if factors and not draw.wildcard:
            self._emit(Prefilled(at=self._at(), draw=number, factors=factors, why=why))

    def already_live(self, *, draw: int | None = None) -> None:
        """The room already runs the card on the draw: it joins the live list and
        the draw is closed without a decision; the next card is dealt."""
        self._emit(AlreadyLive(at=self._at(), draw=self._draw(draw)))
        self._settle()

    def take_back_live(self, card: str) -> None:
        """The room does not run `card` after all (said live at the table or ticked
        at setup): it leaves the live list and its draws closed as live are open
        again, to be decided."""
        self._emit(LiveTakenBack(at=self._at(), card=card))
        self._settle()

    def _item_title(
        self,
        item: str,
        grooming: Grooming | None = None,
        cut: Callable[[str], str] = lambda title: title,
    ) -> str:
        """A backlog item's title in quotes, as the backlog titles it (engine/backlog.
        build) with `grooming` (default: now): as edited, else its first draw's card's;
        its id if it has no draw. `cut` shortens it (a key's label)."""
        n = item_draw(item)
        card = self.state.draws[n - 1].card.title if n and n <= len(self.state.draws) else item
        edits = (grooming or self.state.grooming).edits
        return f"“{cut(edits.get(item, {}).get('title', card))}”"

    def _card_title(self, card: str) -> str:
        """A card's title, from the draws or the deck (its id if neither has it)."""
        for d in self.state.draws:
            if d.card.id == card:
                return d.card.title
        return next((c.title for c in self.cards or () if c.id == card), card)

    def set_improve(self, improve: bool) -> None:
        """Deal the live cards (to improve what the organization has) or new ones."""
        self._emit(DealModeSet(at=self._at(), improve=improve))
        self._settle()

    def reveal(self, *, draw: int | None = None, from_phone: bool = False) -> None:
        """Show the participants' hidden values for the draw (blind workshops);
        `from_phone` when the room reveals by itself after the last phone's vote."""
        self._emit(Revealed(at=self._at(), draw=self._draw(draw), from_phone=from_phone))

    def revote(self, *, draw: int | None = None) -> None:
        """Clear the participants' values for the draw and ask again."""
        self._emit(RevoteCalled(at=self._at(), draw=self._draw(draw)))

    def decide(self, decision: Decision, reason: str = "", *, draw: int | None = None) -> None:
        number = self._draw(draw)
        draws = self.state.draws
        decided = Decided(at=self._at(), draw=number, decision=decision, reason=reason.strip())
        if problem := self._folder.check(decided):  # refused: the votes stay hidden too
            raise SessionError(problem)
        if 1 <= number <= len(draws) and draws[number - 1].hidden:
            # What the room decides on is shown: a decision reveals the votes first.
            self._emit(Revealed(at=self._at(), draw=number))
        self._emit(decided)
        self._settle()

    def note(self, text: str, *, draw: int | None = None) -> None:
        number = self._draw(draw)
        try:
            event = Noted(at=self._at(), draw=number, text=text.strip())
        except ValueError as e:  # too long: said as the room's words, not pydantic's
            raise SessionError(_first_error(e)) from None
        self._emit(event)

    def phone_note(
        self,
        participant: str,
        text: str,
        *,
        draw: int | None = None,
        sharing: Collection[str] = (),
    ) -> None:
        """A participant's note from their phone: one more "Name: text" line on the
        draw, beside the facilitator's note (which it leaves as it is). Notes written
        under the `sharing` names (the same phone's) count against the same share."""
        number = self._draw(draw)
        if participant not in {p.name for p in self.setup.participants}:
            raise SessionError(f"{participant!r} is not a participant")
        said = text.strip()
        line = f"{participant}: {said}"
        draws = self.state.draws
        try:
            event = Noted(at=self._at(), draw=number, text=line, from_phone=True)
        except ValueError as e:  # this note alone is too long
            raise SessionError(_first_error(e)) from None
        if 1 <= number <= len(draws):
            writers = {participant, *sharing}
            used = sum(self.phone_notes_written(n, draw=number) for n in writers)
            if used + _taken(line) > PHONE_NOTE_SHARE:
                raise SessionError(_share_left(used, _taken(line) - len(said)))
            try:  # the draw's notes together are one note's length
                _NOTE.validate_python(f"{draws[number - 1].note}\n{line}")
            except ValueError:  # a short note, but the card holds no more: not "too long"
                raise SessionError(_NOTES_FULL) from None
        self._emit(event)

    def phone_notes_written(self, participant: str, *, draw: int | None = None) -> int:
        """How many characters of the draw's notes `participant`'s phone notes take:
        each whole line, "Name: " and the newline included (a line is the longest
        name's it starts with)."""
        number = self._draw(draw)
        if not 1 <= number <= len(self.state.draws):
            return 0
        names = sorted((p.name for p in self.setup.participants), key=len, reverse=True)
        used = 0
        for line in self.state.draws[number - 1].phone_notes:
            author = next((n for n in names if line.startswith(f"{n}: ")), None)
            if author == participant:
                used += _taken(line)
        return used

    def add_wildcard(
        self,
        title: str,
        kind: Kind,
        prompt: str = "",
        *,
        cohort: str | None = None,
        tactic: Tactic | None = None,
        min_capability: Capability | None = None,
        effort: Effort | None = None,
    ) -> Draw:
        """The room's own recipe, against `cohort` (default: the cohort on the table)."""
        s = self.state
        if cohort is None:
            cur = self.current or (s.draws[-1] if s.draws else None)
            cohort = cur.cohort if cur else self.setup.cohorts[0].id
        n = sum(1 for d in s.draws if d.wildcard) + 1
        taken = {d.card.id for d in s.draws}
        while f"wild-{n}" in taken:
            n += 1
        try:
            card = WildcardCard(
                id=f"wild-{n}",
                kind=kind,
                title=title,
                prompt=prompt,
                tactic=tactic,
                min_capability=min_capability,
                effort=effort,
            )
        except ValueError as e:
            raise SessionError(_first_error(e)) from None
        self._emit(
            WildcardAdded(
                at=self._at(), draw=len(s.draws) + 1, round=s.round, card=card, cohort=cohort
            )
        )
        return s.draws[-1]

    def pair_again(self, cohort: str, *, draw: int | None = None) -> Draw:
        """The card of `draw` (default: the one on the table) against another cohort,
        as a new draw on the table."""
        s = self.state
        source = self._draw(draw)
        self._emit(
            PairedAgain(
                at=self._at(), draw=len(s.draws) + 1, round=s.round, source=source, cohort=cohort
            )
        )
        return s.draws[-1]

    def unpaired_cohorts(self, draw: int | None = None) -> list[CohortCard]:
        """The focus cohorts the card of `draw` (default: on the table) is not paired with."""
        s = self.state
        number = draw if draw is not None else (self.current.number if self.current else 0)
        if not 1 <= number <= len(s.draws):
            return []
        card = s.draws[number - 1].card.id
        paired = {d.cohort for d in s.draws if d.card.id == card}
        return [c for c in self.setup.cohorts if c.id not in paired]

    def next_round(self) -> None:
        """Start the next round (ending this one, early if cards were left)."""
        if self.is_last_round:
            raise SessionError("this is the last round; finish the workshop instead")
        self._emit(RoundStarted(at=self._at(), round=self.state.round + 1))
        self._settle()

    def finish(self) -> None:
        self._emit(WorkshopEnded(at=self._at()))

    def add_participant(
        self, name: str, role: str | None = None, *, from_phone: bool = False
    ) -> None:
        """Someone joins the room (`from_phone`: by themselves, on their phone, which
        the facilitator's undo leaves); SessionError if the name is taken or unusable.
        Invisible characters are taken out of the name, and a name that differs from a
        participant's only by them, by case or by compatibility forms is taken (the
        fold's own check stays by case only, so files written before still read)."""
        name = clean_name(name)
        if problem := self.name_taken(name):
            raise SessionError(problem)
        try:
            event = ParticipantJoined(
                at=self._at(), name=name, role=role or None, from_phone=from_phone
            )
        except ValidationError as e:
            raise SessionError(f"{name[:40]!r}: {messages(e)[0]}") from None
        self._emit(event)

    def name_taken(self, name: str) -> str | None:
        """Why `name` cannot join as someone new: a participant has it, or a name that
        looks the same (engine/names); None if it is free."""
        taken = next((p.name for p in self.setup.participants if same_name(p.name, name)), None)
        if taken is None:
            return None
        if taken == name:
            return f"{name} is already a participant"
        return f"{name} is the same name as {taken}, who is already a participant"

    def joining_problem(self, people: Sequence[Participant]) -> str | None:
        """Why `people` cannot all join as new participants (P on the table): a name
        taken (name_taken), one name given twice (or two that are the same name), more
        than a workshop holds. None if they all can."""
        names: list[str] = []
        for person in people:
            name = clean_name(person.name)
            if problem := self.name_taken(name):
                return problem
            twin = next((n for n in names if same_name(n, name)), None)
            if twin == name:
                return f"{name} is given twice"
            if twin is not None:
                return f"{twin} and {name} are the same name"
            names.append(name)
        if len(self.setup.participants) + len(names) > MAX_PARTICIPANTS:
            return f"at most {MAX_PARTICIPANTS} participants"
        return None

    def remove_participant(self, name: str) -> None:
        """The facilitator says `name` has left: they no longer count among those who
        score (who has scored, auto-reveal), and their votes so far stay on their
        draws. SessionError if there is no such participant."""
        if name not in {p.name for p in self.setup.participants}:
            raise SessionError(f"{name!r} is not a participant")
        self._emit(ParticipantLeft(at=self._at(), name=name))

    def undo(self) -> str | None:
        """Take back the facilitator's last action (never a phone's); returns what was
        undone, or None if nothing was."""
        what = self.next_undo()
        if what is None:
            return None
        self._emit(Undone(at=self._at()))
        return what

    def redo(self) -> str | None:
        what = self.next_redo()
        if what is None:
            return None
        self._emit(Redone(at=self._at()))
        return what

    @property
    def paused(self) -> bool:
        return self.state.time.paused

    def toggle_timer(self) -> bool:
        """Pause or resume the clocks; returns True if now paused."""
        if self.paused:
            self._emit(TimerResumed(at=self._at()))
        else:
            self._emit(TimerPaused(at=self._at()))
        return self.paused

    def extend(self, scope: str, seconds: int) -> None:
        """More time for the draw on the table or the round: an undo step of its own
        (SessionError for a draw when no card is on the table)."""
        if scope not in ("draw", "round"):
            raise SessionError("extend the draw or the round")
        self._emit(TimerExtended(at=self._at(), scope=scope, seconds=seconds, step=True))  # type: ignore[arg-type]

    # --- grooming (model/grooming.py) -------------------------------------------
    def edit_item(self, item: str, field: str, value: str) -> None:
        self.edit_fields(item, {field: value})

    def edit_fields(self, item: str, values: Mapping[str, str]) -> None:
        """Set several fields of an item at once (a save of the form: field -> text):
        one undo step. Every value is checked before any is saved."""
        events: list[ItemEdited] = []
        for n, (field, value) in enumerate(values.items()):
            # Said as the form names the field ("Hold-out: ..."), not as files do.
            if problem := field_problem(field, value.strip()):
                raise SessionError(problem)
            try:
                events.append(
                    ItemEdited(
                        at=self._at(),
                        item=item,
                        field=field,  # type: ignore[arg-type]
                        value=value.strip(),
                        with_previous=n > 0,
                    )
                )
            except ValueError as e:
                raise SessionError(_first_error(e)) from None
        for event in events:
            self._emit(event)

    def move_item(self, item: str, horizon: Horizon | None, reason: str = "") -> None:
        self._emit(ItemMoved(at=self._at(), item=item, horizon=horizon, reason=reason.strip()))

    def order_items(self, order: Sequence[str], *, moved: str | None = None) -> None:
        """The items in this order; `moved` is the one the facilitator moved (the
        others made room): only it is marked as placed by hand."""
        self._emit(BacklogOrdered(at=self._at(), order=list(order), item=moved))

    def merge_items(self, items: Sequence[str]) -> None:
        """Join items of one card (paired with several cohorts) into one item."""
        if len(items) < 2:
            raise SessionError("choose two or more items to merge")
        event = ItemsMerged(at=self._at(), items=list(items))
        if problem := self._folder.check(event):
            raise SessionError(problem)
        numbers = [item_draw(i) or 0 for i in items]
        if titles := different_cards(self.state.draws, numbers):
            raise SessionError(
                "only draws of the same card merge (one recipe for several cohorts): "
                + " and ".join(f"“{t}”" for t in titles)
                + " are different recipes"
            )
        self._emit(event)

    def split_item(self, item: str) -> None:
        self._emit(ItemSplit(at=self._at(), item=item))

    def set_reach_basis(self, basis: ReachBasis) -> None:
        self._emit(ReachBasisSet(at=self._at(), basis=basis))


def extra_time(seconds: int) -> str:
    """Extra time as the table's keys say it: "+2 min", "+90 s"."""
    return f"+{seconds // 60} min" if seconds % 60 == 0 else f"+{seconds} s"


_NOTE: TypeAdapter[str] = TypeAdapter(Text)
_NOTE_MAX: int = get_args(Text)[1].max_length  # the one limit, as the model sets it
_NOTES_FULL = f"this card's notes are full (at most {_NOTE_MAX:,} characters)"
#: Characters of a card's notes one person's phone notes may take (each whole line:
#: "Name: ", the text, the newline): a quarter of what the card holds, so one phone
#: cannot fill it and lock the others out.
PHONE_NOTE_SHARE = _NOTE_MAX // 4


def _taken(line: str) -> int:
    """What a phone note's line takes of the card's notes: itself and the newline
    that parts it from the line before."""
    return len(line) + 1


def _share_left(used: int, around: int) -> str:
    """Refusing a note past the writer's share, of which `used` is taken; `around` is
    what a line takes besides the text typed ("Name: ", the newline)."""
    share = f"your share of this card's notes ({PHONE_NOTE_SHARE:,} characters a person"
    left = PHONE_NOTE_SHARE - used - around  # what may still be typed
    if left <= 0:
        return f"you have written {share}), so the others have room too"
    return (
        f"that note is longer than what is left of {share}, {left:,} left), "
        "so the others have room too"
    )


def _first_error(e: ValueError) -> str:
    """pydantic's first complaint in our words (model/messages), else the error's text."""
    return messages(e)[0] if isinstance(e, ValidationError) else str(e)
