"""kill -9 of the real app in a terminal: every decision it showed is in the file.

The app runs as a real process in a pseudo-terminal. A decision counts as
acknowledged once the screen shows the next card (the app shows it only after
the event is fsynced). Then SIGKILL, and the file is read back and resumed."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b."
)


class Terminal:
    """The app in a pseudo-terminal of 100x30, its screen output as plain text."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cvo_workshop", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, **env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float = 0.1) -> None:
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.seen += chunk

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Until `text` appears on screen (after what was seen so far)."""
        start = len(self.seen)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.2)
            if text.encode() in ANSI.sub(b"", self.seen[start:]):
                return
            if self.proc.poll() is not None:
                break
        plain = ANSI.sub(b"", self.seen[-3000:]).decode(errors="replace")
        raise AssertionError(f"{text!r} never appeared; the screen ended with:\n{plain}")

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def env(tmp_path):
    return {"CVO_WORKSHOP_DATA": str(tmp_path / "data"), "TEXTUAL_ANIMATIONS": "none"}


def new_args(out: Path) -> list[str]:
    return [
        "workshop", "new", "--yes", "--deck", str(W.DECK_PATH), "--org", "Killed Inc",
        "--seed", "9", "--cards", "10", "-o", str(out),
    ]  # fmt: skip


def test_kill_9_after_acknowledged_decisions_loses_none(tmp_path, env):
    out = tmp_path / "k.workshop.jsonl"
    term = Terminal(new_args(out), env)
    try:
        term.wait_for("Card 1/10")
        keys = ["7", "a", "p", "r", "s", "a"]  # r opens the reason box: enter confirms
        acknowledged = 0
        for key in keys:
            if key == "7":
                term.press(key)
                continue
            term.press(key)
            if key == "r":
                term.wait_for("why?")
                term.press("\r")
            acknowledged += 1
            term.wait_for(f"Card {acknowledged + 1}/10")
    finally:
        term.kill()

    loaded = read_journal(out)
    state = fold(loaded.setup, loaded.events)
    decided = [d.decision for d in state.draws if d.decision is not None]
    assert decided == [
        Decision.ACCEPTED,
        Decision.PARKED,
        Decision.REJECTED,
        Decision.SKIPPED,
        Decision.ACCEPTED,
    ]
    assert state.draw(1).consensus == {"impact": 7}
    # and it resumes where it was
    running = service.resume(out, clock=W.FakeClock())
    try:
        assert running.session.current.number == 6
        assert running.session.state.counts()["accepted"] == 2
    finally:
        running.close()


def test_kill_9_in_the_middle_of_a_burst_leaves_a_file_that_resumes(tmp_path, env):
    out = tmp_path / "b.workshop.jsonl"
    term = Terminal(new_args(out), env)
    try:
        term.wait_for("Card 1/10")
        term.press("a")
        term.wait_for("Card 2/10")
        term.press("758a758p758s758a")  # no waiting: killed at some point in there
        term.read(0.05)
    finally:
        term.kill()
    running = service.resume(out, clock=W.FakeClock())
    try:
        counts = running.session.state.counts()
        assert counts["accepted"] >= 1  # the acknowledged one, and whatever made it to disk
        assert running.session.current is not None
    finally:
        running.close()
