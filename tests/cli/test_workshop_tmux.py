"""The app in a real terminal (tmux), driven by keys as a facilitator types them.

`workshop new --yes` opens straight onto the table; escape must land on the home
screen, and q followed at once by another key must quit cleanly. Both used to
end in a traceback on the projector, with exit code 0."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests import workshop_fixtures as W

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Tmux:
    """One tmux session of 120x40 running a command; the pane read as plain text."""

    def __init__(self, command: str):
        self.name = f"cvo-test-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", command],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def app_in_tmux(tmp_path):
    """run(args) -> a Tmux running `python -m cvo_workshop ARGS`; after the app exits
    the pane shows `EXIT=<code>`, and it is kept open to be read."""
    opened: list[Tmux] = []
    env = f"CVO_WORKSHOP_DATA={shlex.quote(str(tmp_path / 'data'))} TEXTUAL_ANIMATIONS=none"

    def run(*args: str | Path) -> Tmux:
        argv = " ".join(shlex.quote(str(a)) for a in (sys.executable, "-m", "cvo_workshop", *args))
        # The app leaves the alternate screen on exit: what it printed then stays.
        term = Tmux(f"env {env} {argv}; echo EXIT=$?; sleep 60")
        opened.append(term)
        return term

    yield run
    for term in opened:
        term.close()


def new_args(out: Path) -> list[str | Path]:
    return [
        "workshop",
        "new",
        "--yes",
        "--org",
        "Acme",
        "--deck",
        W.DECK_PATH,
        "--seed",
        "3",
        "-o",
        out,
    ]


def test_escape_after_workshop_new_yes_lands_on_home_then_q_quits(app_in_tmux, tmp_path):
    out = tmp_path / "esc.workshop.jsonl"
    term = app_in_tmux(*new_args(out))
    term.wait_for("Card 1/10")
    term.keys("a")
    term.wait_for("Card 2/10")
    term.keys("Escape")
    home = term.wait_for("1 of 2 draws decided")  # the recent list, loaded after
    assert "New workshop" in home and "Recent workshops" in home
    term.keys("q")
    shown = term.wait_for("EXIT=")
    assert "EXIT=0" in shown
    assert "Traceback" not in shown and "Error" not in shown


def test_escape_after_resuming_an_ended_workshop_lands_on_home(app_in_tmux, tmp_path):
    from cvo_workshop.service import workshop as service

    out = tmp_path / "ended.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), out)
    running.run(running.session.finish)
    running.close()
    term = app_in_tmux("workshop", "resume", out)
    term.wait_for("of workshop time")  # the summary comes up first
    term.keys("h")
    term.wait_for("Recent workshops")
    term.keys("q")
    shown = term.wait_for("EXIT=")
    assert "EXIT=0" in shown and "Traceback" not in shown


@pytest.mark.parametrize("key", ["e", "w", "c", "F2"])
def test_q_then_another_key_at_once_quits_cleanly(app_in_tmux, tmp_path, key):
    out = tmp_path / f"q{key}.workshop.jsonl"
    term = app_in_tmux(*new_args(out))
    term.wait_for("Card 1/10")
    term.keys("q", key)  # one write: the app reads both before it has quit
    shown = term.wait_for("EXIT=")
    assert "EXIT=0" in shown, shown
    assert "NoMatches" not in shown and "Traceback" not in shown
    assert f"workshop resume {out}" in shown.replace("\n", "")
