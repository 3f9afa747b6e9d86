"""The crash harness: a real process drives a workshop and is killed with SIGKILL
at random moments, again and again on the same file. After every kill the file
must read back (a torn last line is allowed: it was never acknowledged), resume,
and hold every event the process acknowledged, unchanged and in order.

A driver acknowledges an action by printing it after the session call returns,
which is after the journal fsynced it: exactly when the app would show it."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

TRIALS = 24

DRIVER = textwrap.dedent(
    """
    import hashlib, json, random, sys
    from pathlib import Path
    from cvo_workshop.engine.session import SessionError
    from cvo_workshop.model.workshop import Decision
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as W
    from tests.crash.test_kill_harness import every_card_won

    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    if path.exists():
        running = service.resume(path)
    else:
        running = service.start(W.setup(cards_per_round=40), W.deck(), path)
    s = running.session
    running.run(s.know_past, every_card_won())  # each first score pre-fills confidence
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        what = rng.choice(["score", "accept", "park", "reject", "skip", "note", "undo", "redo"])
        try:
            if what == "score" and s.current:
                factor = rng.choice(["impact", "confidence", "ease"])
                running.run(s.score, factor, rng.randint(1, 10))
            elif what in ("accept", "park", "reject", "skip") and s.current:
                d = {"accept": "accepted", "park": "parked", "reject": "rejected"}
                reason = "costly" if what == "reject" else ""
                running.run(s.decide, Decision(d.get(what, "skipped")), reason)
            elif what == "note" and s.current:
                running.run(s.note, "note " + str(rng.random()))
            elif what == "undo":
                running.run(s.undo)
            elif what == "redo":
                running.run(s.redo)
        except SessionError:
            pass
        if s.current is None and not s.is_last_round:
            running.run(s.next_round)
        lines = [e.model_dump_json() for e in s.events]
        digest = hashlib.sha256("\\n".join(lines).encode()).hexdigest()
        print(json.dumps({"events": len(lines), "digest": digest}), flush=True)
    """
)


def every_card_won() -> dict:
    """A past result for every card of the deck: a test won, so high confidence."""
    import datetime as dt

    from cvo_workshop.model.grooming import Outcome, PastResult, TestResult

    won = TestResult(outcome=Outcome.WON)
    held = dt.date(2025, 1, 10)
    return {
        c.id: [PastResult(card=c.id, title=c.title, workshop="w", held=held, result=won)]
        for c in W.deck().cards
    }


def run_until_killed(path, seed: int, rng: random.Random) -> dict | None:
    """Start the driver, let it work for a random moment, SIGKILL it; the last ack."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=root,
        env={**os.environ, "CVO_WORKSHOP_DATA": str(path.parent / "data")},
    )
    assert proc.stdout is not None
    last = None
    buffer = b""
    deadline = None
    try:
        while True:
            ready, _, _ = select.select([proc.stdout], [], [], 0.01)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line == b"ready":
                        deadline = time.monotonic() + rng.uniform(0.0, 0.25)
                    elif line:
                        last = json.loads(line)
            if deadline is not None and time.monotonic() >= deadline:
                break
            if proc.poll() is not None:
                pytest.fail(f"the driver stopped: {proc.stderr.read().decode()[-2000:]}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    # Acks read after the kill decision still count: they were printed before it.
    for line in (buffer + proc.stdout.read()).split(b"\n"):
        if line and line != b"ready":
            last = json.loads(line)
    return last


def test_sigkill_at_random_moments_loses_no_acknowledged_event(tmp_path):
    import hashlib

    rng = random.Random(20261123)
    path = tmp_path / "crash.workshop.jsonl"
    kept = 0
    for trial in range(TRIALS):
        ack = run_until_killed(path, seed=trial, rng=rng)
        loaded = read_journal(path)  # a torn tail is reported, never an error
        state = fold(loaded.setup, loaded.events)
        if ack is not None:
            n = ack["events"]
            assert len(loaded.events) >= n, f"trial {trial}: {len(loaded.events)} < {n} acked"
            lines = [e.model_dump_json() for e in loaded.events[:n]]
            digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
            assert digest == ack["digest"], f"trial {trial}: acknowledged events changed"
            kept = max(kept, n)
        # It resumes (cutting a torn tail off after a backup), as `workshop resume` does.
        running = service.resume(path, clock=W.FakeClock())
        resumed = running.session.state.draws
        assert resumed[: len(state.draws)] == state.draws, f"trial {trial}: draws changed"
        # Killed between a decision and the deal it caused: resuming deals the card due.
        dealt_on_resume = resumed[len(state.draws) :]
        assert len(dealt_on_resume) <= 1, f"trial {trial}: {len(dealt_on_resume)} draws added"
        assert not dealt_on_resume or state.current is None, f"trial {trial}: dealt over a card"
        # Killed between a first score and its pre-fill: knowing the past completes it.
        running.run(running.session.know_past, every_card_won())
        cur = running.session.current
        assert cur is None or not cur.consensus or "confidence" in cur.consensus, (
            f"trial {trial}: draw {cur.number} scored without its pre-filled confidence"
        )
        running.close()
    assert kept > 20  # the harness did real work
