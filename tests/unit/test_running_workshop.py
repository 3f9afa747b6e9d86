"""The observable workshop (service/workshop.py): one door for every change,
subscribers told in order, saving retried and reported, unsaved changes handed
back at close, typed errors when opening a damaged file."""

from __future__ import annotations

import json
import queue
import threading

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service.workshop import (
    DamagedJournal,
    OutsideTheDoor,
    WrongThread,
    resume,
    start,
)
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W
from tests.unit.test_save_failures import FlakyDisk


@pytest.fixture
def running(tmp_path):
    r = start(W.setup(), W.deck(), tmp_path / "w.workshop.jsonl", clock=W.FakeClock())
    yield r
    r.close()


def test_subscribers_hear_each_change_once_it_is_applied_and_on_disk(running):
    heard = []

    def listen(events):
        on_disk = [e.type for e in read_journal(running.path).events]
        heard.append(([e.type for e in events], running.session.state.draw(1).decision, on_disk))

    running.subscribe(listen)
    running.run(running.session.decide, Decision.ACCEPTED)
    [(types, decision, on_disk)] = heard
    assert types == ["decided", "dealt"]  # the decision and the card it dealt, together
    assert decision is Decision.ACCEPTED
    assert on_disk[-2:] == ["decided", "dealt"]


def test_subscribers_hear_the_changes_in_the_order_they_were_made(running):
    heard = []
    running.subscribe(lambda events: heard.extend(e.type for e in events))
    s = running.session
    running.run(s.score, "impact", 7)
    running.run(s.note, "ask Ben")
    running.run(s.undo)
    assert heard == ["scored", "noted", "undone"]
    assert heard == [e.type for e in s.events[-3:]]


def test_a_subscriber_that_makes_a_change_is_told_of_it_after_everyone_heard_the_first(running):
    heard = []

    def first(events):
        heard.append(("first", events[0].type))
        if events[0].type == "scored":
            running.run(running.session.note, "a score came in")

    running.subscribe(first)
    running.subscribe(lambda events: heard.append(("second", events[0].type)))
    running.run(running.session.score, "impact", 7)
    assert heard == [
        ("first", "scored"),
        ("second", "scored"),
        ("first", "noted"),
        ("second", "noted"),
    ]


def test_an_unsubscribed_callback_hears_nothing_more(running):
    heard = []
    unsubscribe = running.subscribe(heard.append)
    running.run(running.session.score, "impact", 7)
    unsubscribe()
    running.run(running.session.score, "impact", 8)
    assert len(heard) == 1
    unsubscribe()  # twice is harmless


def test_a_refused_command_tells_nobody_and_changes_nothing(running):
    heard = []
    running.subscribe(heard.append)
    before = running.path.read_bytes()
    with pytest.raises(SessionError):
        running.run(running.session.score, "reach", 7)  # not an ICE factor
    assert heard == [] and running.path.read_bytes() == before


def test_a_change_made_around_the_door_is_refused_and_nothing_changes(running):
    before = running.path.read_bytes()
    with pytest.raises(OutsideTheDoor):
        running.session.decide(Decision.ACCEPTED)
    assert running.session.state.draw(1).decision is None
    assert running.path.read_bytes() == before


def test_run_from_another_thread_is_refused(running):
    raised = []

    def elsewhere():
        try:
            running.run(running.session.score, "impact", 7)
        except WrongThread as e:
            raised.append(e)

    t = threading.Thread(target=elsewhere)
    t.start()
    t.join()
    assert raised and running.session.current.consensus == {}


def test_submit_from_another_thread_runs_on_the_owner_thread(running):
    calls: queue.Queue = queue.Queue()
    running.own(calls.put)  # the owner's "loop": it runs what it is handed
    owner = threading.get_ident()
    heard_on = []
    running.subscribe(lambda events: heard_on.append(threading.get_ident()))
    futures = []
    t = threading.Thread(
        target=lambda: futures.append(
            running.submit(running.session.score, "impact", 4, participant="Ana")
        )
    )
    t.start()
    t.join()
    assert running.session.current.by_participant == {}  # not run yet: handed over
    calls.get(timeout=5)()  # the owner's turn
    assert futures[0].result(timeout=5) is None
    assert running.session.current.by_participant == {"Ana": {"impact": 4}}
    assert heard_on == [owner]


def test_submit_hands_back_what_the_command_raised(running):
    future = running.submit(running.session.score, "reach", 7)  # on the owner: at once
    with pytest.raises(SessionError):
        future.result(timeout=5)


def test_submit_from_another_thread_without_a_way_to_the_owner_is_refused(running):
    raised = []

    def elsewhere():
        try:
            running.submit(running.session.score, "impact", 7)
        except WrongThread as e:
            raised.append(e)

    t = threading.Thread(target=elsewhere)
    t.start()
    t.join()
    assert raised


def test_saving_that_fails_is_retried_and_reported_once_each_way(running, monkeypatch):
    disk = FlakyDisk(monkeypatch)
    disk.full = True
    running.run(running.session.decide, Decision.ACCEPTED)
    failed = running.retry_saving()
    assert failed is not None and not failed.saved
    assert failed.message.startswith("Not saved: No space left on device")
    assert running.retry_saving() is None  # said once
    assert running.session.save_problem is not None
    disk.full = False
    saved = running.retry_saving()
    assert saved is not None and saved.saved and saved.message.startswith("Saved again")
    assert running.retry_saving() is None
    assert running.session.save_problem is None
    assert read_journal(running.path).events[-2].type == "decided"


def test_saved_again_is_reported_when_a_later_change_saved_the_queue(running, monkeypatch):
    disk = FlakyDisk(monkeypatch)
    disk.full = True
    running.run(running.session.score, "impact", 7)
    assert running.retry_saving() is not None  # failed, said
    disk.full = False
    running.run(running.session.score, "confidence", 5)  # saves the queue before it
    saved = running.retry_saving()
    assert saved is not None and saved.saved


def test_changes_unsaved_at_close_are_handed_back_to_append_by_hand(tmp_path, monkeypatch):
    path = tmp_path / "w.workshop.jsonl"
    running = start(W.setup(), W.deck(), path, clock=W.FakeClock())
    disk = FlakyDisk(monkeypatch)
    disk.full = True
    running.run(running.session.decide, Decision.PARKED)
    expected = fold(running.session.setup_at_start, running.session.events)
    unsaved = running.close()
    assert unsaved is not None and unsaved.count == 2  # the decision and the next deal
    assert "append these lines" in unsaved.message() and str(path) in unsaved.message()
    disk.full = False
    with path.open("a", encoding="utf-8") as f:
        f.write(unsaved.lines)
    loaded = read_journal(path)
    assert fold(loaded.setup, loaded.events).draws == expected.draws


def _damage(path, line: int, text: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = text
    path.write_bytes(b"\n".join(lines))


def test_a_damaged_line_gives_its_number_and_the_events_that_can_be_kept(running):
    running.run(running.session.decide, Decision.ACCEPTED)
    running.run(running.session.decide, Decision.PARKED)
    events = list(running.session.events)
    running.close()
    _damage(running.path, 4, b"{broken")
    with pytest.raises(DamagedJournal) as e:
        resume(running.path)
    assert e.value.line == 4
    assert e.value.kept == events[:2]  # lines 2 and 3
    assert "--salvage" in str(e.value)  # what the CLI prints, as before


def test_an_event_that_does_not_fit_is_damage_too(running):
    running.run(running.session.decide, Decision.ACCEPTED)
    events = list(running.session.events)
    running.close()
    lines = running.path.read_bytes().split(b"\n")
    at = next(i for i, raw in enumerate(lines) if b'"decided"' in raw)
    data = json.loads(lines[at])
    data["draw"] = 99  # valid JSON, a draw that was never dealt
    _damage(running.path, at + 1, json.dumps(data).encode())
    with pytest.raises(DamagedJournal) as e:
        resume(running.path)
    assert e.value.line == at + 1
    assert e.value.kept == events[: at - 1]


def test_a_heartbeat_is_written_only_while_time_runs_after_quiet_seconds(running):
    clock = running.session._clock
    heard = []
    running.subscribe(heard.append)
    written = len(running.session.events)
    clock.advance(29)
    running.heartbeat()  # not due yet
    assert len(running.session.events) == written
    clock.advance(1)
    running.heartbeat()
    assert running.session.events[-1].type == "heartbeat" and heard == []  # told nobody
    running.run(running.session.toggle_timer)  # paused: the time does not count anyway
    clock.advance(60)
    running.heartbeat()
    running.close()
    assert [e.type for e in running.session.events[written:]] == ["heartbeat", "timer_paused"]
    loaded = read_journal(running.path)
    assert loaded.folded().elapsed() == 30
