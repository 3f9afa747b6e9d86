"""A full or read-only disk while saving: nothing lost, the file never cut mid-line."""

from __future__ import annotations

import errno
import os

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SaveDeferred
from cvo_workshop.model.workshop import Decision
from cvo_workshop.store import journal as journal_module
from cvo_workshop.store import workshops
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W


class FlakyDisk:
    """os.write that writes `partial` bytes then fails with ENOSPC, while `full`."""

    def __init__(self, monkeypatch, partial: int = 7):
        self.full = False
        self.partial = partial
        real = os.write

        def write(fd, data):
            if self.full:
                if self.partial:
                    real(fd, bytes(data[: self.partial]))
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, data)

        monkeypatch.setattr(journal_module.os, "write", write)


def test_a_full_disk_keeps_the_decision_in_memory_and_the_file_whole(tmp_path, monkeypatch):
    disk = FlakyDisk(monkeypatch)
    path = tmp_path / "w.workshop.jsonl"
    running = workshops.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    s.decide(Decision.ACCEPTED)
    before = path.read_bytes()

    disk.full = True
    s.decide(Decision.PARKED)  # in memory, not on disk
    assert s.state.draw(2).decision is Decision.PARKED
    assert s.save_problem and "not saved yet" in s.save_problem
    assert path.read_bytes() == before  # the partial line was cut off again
    with pytest.raises(SaveDeferred):
        running.journal.flush()
    assert path.read_bytes() == before

    disk.full = False
    running.journal.flush()
    running.close()
    loaded = read_journal(path)
    state = fold(loaded.setup, loaded.events)
    assert [d.decision for d in state.draws[:2]] == [Decision.ACCEPTED, Decision.PARKED]
    assert state.draw(3).decision is None  # the card dealt after parking is there too


def test_later_actions_queue_behind_the_unsaved_ones_in_order(tmp_path, monkeypatch):
    disk = FlakyDisk(monkeypatch, partial=0)
    path = tmp_path / "w.workshop.jsonl"
    running = workshops.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    disk.full = True
    s.score("impact", 7)
    s.decide(Decision.ACCEPTED)
    s.undo()
    assert len(running.journal.pending) >= 3
    disk.full = False
    s.decide(Decision.REJECTED, "no")  # saving this one saves the queue first
    assert running.journal.pending == []
    running.close()
    loaded = read_journal(path)
    state = fold(loaded.setup, loaded.events)
    assert state.draw(1).decision is Decision.REJECTED
    assert state.draw(1).consensus == {"impact": 7}


def test_a_read_only_file_defers_too(tmp_path):
    path = tmp_path / "w.workshop.jsonl"
    running = workshops.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    # Swap the open descriptor for a read-only one: every write now fails (EBADF).
    fd = os.open(path, os.O_RDONLY)
    os.dup2(fd, running.journal._fd)
    os.close(fd)
    running.session.decide(Decision.ACCEPTED)
    assert running.session.state.draw(1).decision is Decision.ACCEPTED
    assert running.journal.pending
    running.journal.pending.clear()
    running.close()
    assert read_journal(path).events  # the file still reads


async def test_the_app_says_saving_failed_and_then_that_it_saved(tmp_path, monkeypatch):
    from cvo_workshop.tui.app import WorkshopApp

    disk = FlakyDisk(monkeypatch)
    path = tmp_path / "w.workshop.jsonl"
    clock = W.FakeClock()
    running = workshops.start(W.setup(), W.deck(), path, clock=clock)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        disk.full = True
        await pilot.press("a")
        await pilot.pause(1.3)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not saved: No space left on device") for m in messages)
        assert running.session.state.draw(1).decision is Decision.ACCEPTED
        disk.full = False
        await pilot.pause(1.3)
        assert any(n.message.startswith("Saved again") for n in app._notifications)
    loaded = read_journal(path)
    assert fold(loaded.setup, loaded.events).draw(1).decision is Decision.ACCEPTED
