"""The observable workshop: one owner of a running workshop's session and file.

Starting and resuming a workshop give a `RunningWorkshop`; every front-end (the
app, the CLI, later participants' phones) drives the workshop through it.

- One door. Every change is a `Session` method (or a function calling them)
  handed to `run`; otherwise the session is only read. An event that reaches
  the file any other way is refused (`OutsideTheDoor`): no subscriber can miss
  a change.
- Subscribers. `subscribe(callback)` returns the function that unsubscribes.
  After each `run` that changed something, every subscriber is called with the
  events it applied, in order, once they are applied and on disk (or kept to
  retry while the disk refuses: `retry_saving`). Subscribers must not raise;
  one that runs `run` itself is told about that change after the others have
  heard of the one before.
- One owner thread. `run`, `retry_saving` and `close` are called on the
  owner's thread (the one that opened the workshop, or that called `own`), and
  subscribers are called there. From any other thread or event loop, `submit`
  hands the call to the owner through the `schedule` function given to `own`
  (the owner loop's `call_soon_threadsafe`) and returns a future (in asyncio:
  `await asyncio.wrap_future(...)`). `subscribe` works from any thread; a
  subscriber living elsewhere hands the events on to its own loop.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from cvo_workshop.engine.clock import Clock, utc_now
from cvo_workshop.engine.session import SaveDeferred, Session
from cvo_workshop.model.card import RecipeCard
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.workshop import Event, Heartbeat, WorkshopSetup
from cvo_workshop.store.journal import DamagedJournal, Journal, read_journal
from cvo_workshop.store.workshops import DeckStatus, find_deck

__all__ = [
    "DamagedJournal",
    "OutsideTheDoor",
    "RunningWorkshop",
    "SaveNews",
    "Unsaved",
    "WrongThread",
    "resume",
    "start",
]

P = ParamSpec("P")
R = TypeVar("R")
Events = tuple[Event, ...]
Subscriber = Callable[[Events], None]
#: Quiet seconds after which an open workshop notes that it is open (`heartbeat`).
HEARTBEAT_SECONDS = 30
#: Runs a function on the owner's thread, called from any thread.
Schedule = Callable[[Callable[[], None]], object]


class OutsideTheDoor(RuntimeError):
    """A change made to the session without `RunningWorkshop.run` (a bug)."""


class WrongThread(RuntimeError):
    """A call that belongs on the owner's thread made from another one (a bug)."""


@dataclass(frozen=True)
class SaveNews:
    """Saving stopped working (`saved` False) or works again: what to tell the room."""

    saved: bool
    message: str


@dataclass(frozen=True)
class Unsaved:
    """Changes still not saved when the workshop closed: the lines to append by hand."""

    path: Path
    count: int
    reason: str
    lines: str

    def message(self) -> str:
        return (
            f"{self.count} changes could not be saved ({self.reason}). {self.path} holds "
            "everything before them. Once there is room, append these lines to it:\n" + self.lines
        )


class RunningWorkshop:
    """A workshop open for writing: its session, its file, and who listens."""

    def __init__(
        self,
        journal: Journal,
        setup: WorkshopSetup,
        cards: Sequence[RecipeCard] | None,
        events: Iterable[Event] = (),
        *,
        deck: DeckStatus,
        notes: Sequence[str] = (),
        clock: Clock = utc_now,
    ):
        self._journal = journal
        #: Read it freely on the owner's thread; change it only through `run`.
        self.session = Session(setup, cards, events, sink=self._save, clock=clock)
        self.deck = deck
        #: What the user should know before going on (a cut-off line, a backup).
        self.notes = list(notes)
        self._owner = threading.get_ident()
        self._schedule: Schedule | None = None
        self._depth = 0  # runs in progress on the owner's thread (a command may nest)
        self._subscribers: list[Subscriber] = []
        self._subscribers_lock = threading.Lock()
        self._outbox: deque[Events] = deque()
        self._delivering = False
        self._save_warned = False
        self._closed = False

    @property
    def path(self) -> Path:
        return self._journal.path

    # --- the owner ---------------------------------------------------------------
    def own(self, schedule: Schedule | None = None) -> None:
        """Make the calling thread the owner; `schedule(fn)` runs fn on it from any thread."""
        self._owner = threading.get_ident()
        self._schedule = schedule

    def _check_thread(self, what: str) -> None:
        if threading.get_ident() != self._owner:
            raise WrongThread(f"{what} belongs on the workshop owner's thread; use submit()")

    # --- the one door ------------------------------------------------------------
    def run(self, command: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Call `command` (a session method, or a function calling them): the only way
        to change the workshop. Subscribers then hear of what it applied, even if it
        raised after applying some of it."""
        self._check_thread("run")
        if self._depth:
            return command(*args, **kwargs)  # the outer run announces everything
        before = len(self.session.events)
        self._depth += 1
        try:
            return command(*args, **kwargs)
        finally:
            self._depth -= 1
            applied = tuple(self.session.events[before:])
            # A heartbeat alone changes nothing anyone sees: nobody is bothered with it.
            if any(not isinstance(e, Heartbeat) for e in applied):
                self._announce(applied)

    def submit(self, command: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """`run`, from any thread: on the owner's thread at its next turn (at once if
        called there). The future holds the result, or what the command raised."""
        future: Future[R] = Future()

        def call() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(self.run(command, *args, **kwargs))
            except Exception as e:  # handed to whoever waits on the future
                future.set_exception(e)

        if threading.get_ident() == self._owner:
            call()
        elif self._schedule is None:
            raise WrongThread("the workshop's owner gave no way to reach it (own(schedule))")
        else:
            self._schedule(call)
        return future

    def _save(self, event: Event) -> None:
        """The session's sink: on disk before the session applies it."""
        if not self._depth or threading.get_ident() != self._owner:
            raise OutsideTheDoor(
                f"a {event.type!r} event made without RunningWorkshop.run; nothing was changed"
            )
        self._journal.append(event)

    # --- subscribers -------------------------------------------------------------
    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(events)` after each change; returns the unsubscribe function."""
        with self._subscribers_lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._subscribers_lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def _announce(self, events: Events) -> None:
        self._outbox.append(events)
        if self._delivering:
            return  # a subscriber changed the workshop: the loop below tells it next
        self._delivering = True
        try:
            while self._outbox:
                batch = self._outbox.popleft()
                with self._subscribers_lock:
                    listening = list(self._subscribers)
                for callback in listening:
                    callback(batch)
        finally:
            self._delivering = False

    # --- saving ------------------------------------------------------------------
    def heartbeat(self) -> None:
        """Note in the file that the workshop is still open, when nothing was written
        for HEARTBEAT_SECONDS (call it often): after a crash, its time up to the
        last note counts."""
        self.run(self.session.heartbeat, HEARTBEAT_SECONDS)

    def retry_saving(self) -> SaveNews | None:
        """Save what the disk refused (full, read-only); news when saving stops or
        works again, said once each. The workshop goes on in memory meanwhile."""
        self._check_thread("retry_saving")
        try:
            self._journal.flush()
        except SaveDeferred as e:
            self.session.save_problem = e.strerror
            if self._save_warned:
                return None
            self._save_warned = True
            reason = e.cause.strerror or str(e.cause)
            return SaveNews(
                False,
                f"Not saved: {reason}. {self.path} is unchanged; free some space or fix the "
                "folder's permissions, and saving resumes by itself.",
            )
        self.session.save_problem = None
        if not self._save_warned:
            return None
        self._save_warned = False
        return SaveNews(True, "Saved again: every change is on disk.")

    def close(self) -> Unsaved | None:
        """A last try to save, then the file is closed; what still could not be saved
        is returned, to be shown after exit and pasted back."""
        self._check_thread("close")
        if self._closed:
            return None
        self._closed = True
        self.run(self.session.heartbeat)  # the time it was open counts, up to now
        unsaved = None
        try:
            self._journal.flush()
        except SaveDeferred as e:
            lines = b"".join(self._journal.pending).decode("utf-8")
            unsaved = Unsaved(self.path, e.count, e.cause.strerror or str(e.cause), lines)
            self._journal.pending.clear()
        self._journal.close()
        with self._subscribers_lock:
            self._subscribers.clear()
        return unsaved


# --- ways in -----------------------------------------------------------------


def start(
    setup: WorkshopSetup, deck: Deck, path: Path, *, clock: Clock = utc_now
) -> RunningWorkshop:
    """Create the workshop file and deal the first card (InputError if the file exists
    or cannot be written)."""
    journal = Journal.create(path, setup)
    return _opened(journal, setup, deck.cards, (), DeckStatus(deck), [], clock)


def resume(
    path: Path,
    *,
    deck_override: Path | None = None,
    salvage: bool = False,
    clock: Clock = utc_now,
) -> RunningWorkshop:
    """Open a workshop file to carry on; a cut-off last line is dropped after a backup.

    DamagedJournal if a line before the end is bad (`salvage` keeps the events
    before it, after a backup); InputError for any other file that cannot be used."""
    loaded = read_journal(path, salvage=salvage)
    status = find_deck(loaded.setup, deck_override)
    journal, notes = Journal.open(loaded)
    cards = status.deck.cards if status.deck else None
    return _opened(
        journal, loaded.setup, cards, loaded.events, status, [*loaded.warnings, *notes], clock
    )


def _opened(
    journal: Journal,
    setup: WorkshopSetup,
    cards: Sequence[RecipeCard] | None,
    events: Iterable[Event],
    deck: DeckStatus,
    notes: list[str],
    clock: Clock,
) -> RunningWorkshop:
    """The sitting starts (and a card is dealt if one is due); the file is closed
    again if that fails."""
    try:
        workshop = RunningWorkshop(
            journal, setup, cards, events, deck=deck, notes=notes, clock=clock
        )
        workshop.run(workshop.session.open)
    except BaseException:
        journal.close()
        raise
    return workshop
