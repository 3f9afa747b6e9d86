"""Where workshop files live, their decks, and which ones were used lately.

Opening one to run it is service/workshop.py's."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.engine.clock import local_stamp
from cvo_workshop.engine.deck_changes import DeckChanges, card_hashes, deck_changes
from cvo_workshop.engine.text import slug
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.workshop import DeckRef, Heartbeat, SessionOpened, WorkshopSetup
from cvo_workshop.store.atomic import write_atomic
from cvo_workshop.store.bundled import builtin_deck_path, decks_dir
from cvo_workshop.store.decks import load_deck
from cvo_workshop.store.journal import SUFFIX, Loaded, read_journal
from cvo_workshop.store.paths import data_dir

BUILTIN = "builtin:"
RECENT_MAX = 30


def workshops_dir() -> Path:
    return data_dir() / "workshops"


def default_path(organization: str, when: dt.date | None = None) -> Path:
    """A new file name in the workshops folder: 2025-03-01-acme.workshop.jsonl."""
    day = (when or dt.date.today()).isoformat()
    stem = f"{day}-{slug(organization, 'workshop')}"
    folder = workshops_dir()
    path = folder / f"{stem}{SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{SUFFIX}"
        n += 1
    return path


# --- decks -----------------------------------------------------------------


def deck_ref_path(path: Path | None) -> str:
    """How a workshop file names its deck: builtin:<name> for a bundled deck."""
    if path is None:
        return f"{BUILTIN}{builtin_deck_path().stem}"
    resolved = path.resolve()
    with_builtin = decks_dir().resolve()
    if resolved.parent == with_builtin and resolved.suffix in (".yaml", ".yml"):
        return f"{BUILTIN}{resolved.stem}"
    return str(resolved)


def deck_path(ref: str) -> Path:
    if ref.startswith(BUILTIN):
        return decks_dir() / f"{ref.removeprefix(BUILTIN)}.yaml"
    return Path(ref)


def deck_ref(deck: Deck, path: Path | None) -> DeckRef:
    return DeckRef(
        path=deck_ref_path(path),
        id=deck.deck.id,
        name=deck.deck.name,
        version=deck.deck.version,
        content_hash=deck.content_hash,
        card_hashes=card_hashes(deck),
    )


@dataclass
class DeckStatus:
    deck: Deck | None
    changes: DeckChanges = field(default_factory=DeckChanges)
    #: Why the deck could not be loaded (then nothing new can be dealt).
    problem: str | None = None

    def lines(self) -> list[str]:
        if self.problem:
            return [self.problem]
        if self.changes:
            return ["The deck changed since this workshop began:", *self.changes.lines()]
        return []


def find_deck(setup: WorkshopSetup, override: Path | None = None) -> DeckStatus:
    """The workshop's deck as it is now, and what changed in it."""
    path = override or deck_path(setup.deck.path)
    try:
        deck = load_deck(path)
    except InputError as e:
        first = e.problems[0]
        return DeckStatus(
            None,
            problem=(
                f"The deck {setup.deck.name!r} cannot be read ({first}); the draws so far "
                "are all here, but no new card can be dealt. Use --deck PATH to point at it."
            ),
        )
    if deck.deck.id != setup.deck.id:
        return DeckStatus(
            None,
            problem=(
                f"{path} holds deck {deck.deck.id!r}, but this workshop was dealt from "
                f"{setup.deck.id!r}; no new card will be dealt."
            ),
        )
    return DeckStatus(deck, deck_changes(setup.deck.card_hashes, setup.deck.content_hash, deck))


# --- recent workshops --------------------------------------------------------


def _recent_file() -> Path:
    return data_dir() / "recent.json"


def _recent_paths() -> list[str]:
    try:
        data = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return (
        [p for p in data.get("paths", []) if isinstance(p, str)] if isinstance(data, dict) else []
    )


def remember(path: Path) -> None:
    """Put a workshop file at the top of the recent list (best effort)."""
    p = str(path.resolve())
    paths = [p, *[q for q in _recent_paths() if q != p]][:RECENT_MAX]
    try:
        _recent_file().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(_recent_file(), json.dumps({"paths": paths}, indent=1) + "\n")
    except OSError:
        pass  # a missing recent list costs nothing that matters


@dataclass
class RecentWorkshop:
    path: Path
    modified: float
    setup: WorkshopSetup | None = None
    draws: int = 0
    decided: int = 0
    round: int = 1
    ended: bool = False
    problem: str | None = None
    #: When it was last worked on: its last event's time, a session being opened and
    #: the app's heartbeat aside (opening a workshop, or leaving it open, is no work
    #: on it); its creation if it has no other. None for a file that cannot be read.
    worked: dt.datetime | None = None

    @property
    def name(self) -> str:
        """The organization (the file's name for a file that cannot be read)."""
        return self.setup.organization if self.setup else self.path.name

    @property
    def when(self) -> float:
        """What the recent list is ordered by: when it was last worked on (the file's
        time, for a file that cannot be read)."""
        return self.worked.timestamp() if self.worked else self.modified

    def worked_words(self) -> str:
        """When it was last worked on, in words, as the list is ordered by it: "worked
        on 2026-12-07 10:15" ("modified ..." for a file that cannot be read)."""
        if self.worked is None:
            when = dt.datetime.fromtimestamp(self.modified, dt.UTC)
            return f"modified {local_stamp(when)}"
        return f"worked on {local_stamp(self.worked)}"

    def started_words(self) -> str:
        return f"started {local_stamp(self.setup.created)}" if self.setup else ""


def recent_paths() -> list[Path]:
    """Recent workshop files, newest first: those opened lately and those in the folder."""
    seen: dict[str, Path] = {}
    for p in _recent_paths():
        seen.setdefault(p, Path(p))
    folder = workshops_dir()
    if folder.is_dir():
        for f in folder.glob(f"*{SUFFIX}"):
            seen.setdefault(str(f.resolve()), f)
    existing = [p for p in seen.values() if p.is_file()]
    return sorted(existing, key=lambda p: p.stat().st_mtime, reverse=True)


def describe(path: Path) -> RecentWorkshop:
    """A recent workshop's headline (reads and folds the file)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    out = RecentWorkshop(path, mtime)
    try:
        loaded: Loaded = read_journal(path)
        state = loaded.folded()
    except InputError as e:
        out.problem = str(e.problems[0])
        return out
    out.setup = state.setup  # with anyone who joined since
    worked = [e.at for e in loaded.events if not isinstance(e, SessionOpened | Heartbeat)]
    out.worked = worked[-1] if worked else loaded.setup.created
    out.draws = len(state.draws)
    out.decided = sum(1 for d in state.draws if not d.open)  # a draw said live is done too
    out.round = state.round
    out.ended = state.ended
    return out


def recent_workshops(limit: int | None = 20) -> list[RecentWorkshop]:
    """The recent workshops (the `limit` newest files of recent_paths, None: all),
    read: the one worked on last first. A file's time is not that: opening a
    workshop, even one that has ended, writes to it."""
    found = [describe(p) for p in recent_paths()[:limit]]
    return sorted(found, key=lambda w: w.when, reverse=True)


def to_resume(recent: Sequence[RecentWorkshop]) -> RecentWorkshop | None:
    """What "resume the latest" opens: the workshop worked on last that has not
    ended (one that has ended goes on only by an undo of its end); when every one
    has ended, the one worked on last. `recent` as recent_workshops orders it."""
    going = next((w for w in recent if not w.problem and not w.ended), None)
    return going or (recent[0] if recent else None)
