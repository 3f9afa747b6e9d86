"""The backlog of a workshop file: read once, folded once, with the deck's titles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.engine.backlog import build, typed_result
from cvo_workshop.model.backlog import Backlog
from cvo_workshop.model.grooming import PastResult
from cvo_workshop.model.workshop import WildcardCard, WorkshopSetup
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


@dataclass(frozen=True)
class ImportedResults:
    """What `import_results` changed: the items whose results it set, by id -> title."""

    items: dict[str, str]


def import_results(workshop: Path, tracker_csv: Path) -> ImportedResults:
    """Read the test results typed into the tracker's copy of the backlog CSV into the
    workshop file, as grooming edits (undoable, like any). An empty cell leaves the
    item's value as it is. Nothing is written when any row is wrong (InputError,
    located in the CSV)."""
    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.service.workshop import resume
    from cvo_workshop.store.results import ITEM_COLUMN, read_tracked_results

    tracked = read_tracked_results(tracker_csv)
    # Read first, open for writing only when something changes: opening a
    # workshop records that it was opened.
    items = {i.id: i for i in backlog_of(workshop).backlog.items}
    unknown = [
        Problem(
            str(tracker_csv),
            f"no item {t.item} in {workshop.name}: was the CSV exported from it?",
            t.line,
            None,
            ITEM_COLUMN,
        )
        for t in tracked
        # Ids repeat in every workshop: a row of another one names another card.
        if t.item not in items or (t.card and t.card != items[t.item].card.id)
    ]
    if unknown:
        raise InputError(unknown)
    # Each item's result is one undo step, as a save of the grooming form is.
    edits: dict[str, dict[str, str]] = {}
    for t in tracked:
        typed = typed_result(items[t.item])
        for name, value in t.values.items():
            if value and value != typed[name]:
                edits.setdefault(t.item, {})[name] = value
    if not edits:
        return ImportedResults({})
    running = resume(workshop)
    try:
        for item, values in edits.items():
            running.run(running.session.edit_fields, item, values)
    finally:
        running.close()
    return ImportedResults({item: items[item].title for item in edits})


def past_results(organization: str, *, besides: Path | None = None) -> dict[str, list[PastResult]]:
    """Test results of earlier workshops of `organization` (the recent workshops and
    the workshops folder), by card id, newest first; `besides` (the workshop open
    now) is left out. A file that cannot be read is skipped: this is a hint."""
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.workshops import recent_paths

    def same(name: str) -> bool:
        return " ".join(name.split()).casefold() == " ".join(organization.split()).casefold()

    here = besides.resolve() if besides else None
    found: dict[str, list[PastResult]] = {}
    for path in recent_paths():
        if path.resolve() == here:
            continue
        try:
            loaded = read_journal(path)
            if not same(loaded.setup.organization):
                continue
            backlog = build(loaded.folded())
        except (InputError, OSError):
            continue
        for item in backlog.items:
            result = item.test_plan.result
            # The room's own cards are wild-1, wild-2... in every workshop: no link.
            if result is None or isinstance(item.card, WildcardCard):
                continue
            found.setdefault(item.card.id, []).append(
                PastResult(
                    card=item.card.id,
                    title=item.title,
                    workshop=path.name,
                    held=loaded.setup.created.date(),
                    result=result,
                )
            )
    for results in found.values():
        results.sort(key=lambda r: r.held, reverse=True)
    return found
