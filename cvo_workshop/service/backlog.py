"""The backlog of a workshop file: read once, folded once, with the deck's titles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.backlog import Backlog
from cvo_workshop.model.workshop import WorkshopSetup
from cvo_workshop.store.journal import read_journal


@dataclass(frozen=True)
class FileBacklog:
    """A workshop file's backlog, and what a person should know about the file
    (a cut-off last line, say): the front-end decides how to show the warnings."""

    backlog: Backlog
    warnings: list[str] = field(default_factory=list)


def backlog_of(path: Path) -> FileBacklog:
    """The backlog `path` holds (InputError, located, if it cannot be read)."""
    loaded = read_journal(path)
    return FileBacklog(build(loaded.folded(), titles=deck_titles(loaded.setup)), loaded.warnings)


def deck_titles(setup: WorkshopSetup) -> dict[str, str]:
    """The workshop deck's card titles, to name what a blocked item requires
    (none when the deck cannot be read: the items then name the card ids)."""
    from cvo_workshop.store.workshops import find_deck

    try:
        deck = find_deck(setup).deck
    except (OSError, ValueError):
        deck = None
    return {c.id: c.title for c in deck.cards} if deck is not None else {}
