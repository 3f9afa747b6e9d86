"""A full or read-only disk while saving: nothing lost, the file never cut mid-line."""

from __future__ import annotations

import errno
import os

from cvo_workshop.engine.fold import fold
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from cvo_workshop.store import journal as journal_module
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
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    running.run(s.decide, Decision.ACCEPTED)
    before = path.read_bytes()

    disk.full = True
    running.run(s.decide, Decision.PARKED)  # in memory, not on disk
    assert s.state.draw(2).decision is Decision.PARKED
    assert s.save_problem and "not saved yet" in s.save_problem
    assert path.read_bytes() == before  # the partial line was cut off again
    news = running.retry_saving()
    assert news is not None and not news.saved
    assert path.read_bytes() == before

    disk.full = False
    news = running.retry_saving()
    assert news is not None and news.saved
    assert running.close() is None
    loaded = read_journal(path)
    state = fold(loaded.setup, loaded.events)
    assert [d.decision for d in state.draws[:2]] == [Decision.ACCEPTED, Decision.PARKED]
    assert state.draw(3).decision is None  # the card dealt after parking is there too


def test_later_actions_queue_behind_the_unsaved_ones_in_order(tmp_path, monkeypatch):
    disk = FlakyDisk(monkeypatch, partial=0)
    path = tmp_path / "w.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    disk.full = True
    running.run(s.score, "impact", 7)
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.undo)
    disk.full = False
    running.run(s.decide, Decision.REJECTED, "no")  # saving this one saves the queue first
    assert running.close() is None  # nothing left unsaved
    loaded = read_journal(path)
    state = fold(loaded.setup, loaded.events)
    assert state.draw(1).decision is Decision.REJECTED
    assert state.draw(1).consensus == {"impact": 7}


def test_a_read_only_file_defers_too(tmp_path):
    path = tmp_path / "w.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    # Swap the open descriptor for a read-only one: every write now fails (EBADF).
    fd = os.open(path, os.O_RDONLY)
    os.dup2(fd, running._journal._fd)
    os.close(fd)
    running.run(running.session.decide, Decision.ACCEPTED)
    assert running.session.state.draw(1).decision is Decision.ACCEPTED
    assert running.close() is not None  # handed back unsaved
    assert read_journal(path).events  # the file still reads


async def test_the_app_says_saving_failed_and_then_that_it_saved(tmp_path, monkeypatch):
    from cvo_workshop.tui.app import WorkshopApp

    disk = FlakyDisk(monkeypatch)
    path = tmp_path / "w.workshop.jsonl"
    clock = W.FakeClock()
    running = service.start(W.setup(), W.deck(), path, clock=clock)
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


async def test_changes_unsaved_when_the_app_closes_are_printed_first_to_paste_back(
    tmp_path, monkeypatch, capsys
):
    from cvo_workshop.tui.app import WorkshopApp

    disk = FlakyDisk(monkeypatch)
    path = tmp_path / "w.workshop.jsonl"
    clock = W.FakeClock()
    running = service.start(W.setup(), W.deck(), path, clock=clock)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        disk.full = True
        await pilot.press("a", "q")
    app.report()
    out = capsys.readouterr()
    assert out.err.startswith("2 changes could not be saved (No space left on device)")
    assert '"type":"decided"' in out.err  # the lines to append
    assert out.out.startswith(f"Workshop saved in {path}")
