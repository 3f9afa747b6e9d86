"""SVG snapshots of the table at the smallest supported size and a roomy one.

The clock is frozen (timers read 0:00), the seed fixed, and the workshop
created at a fixed time, so the pictures change only when the screen does.
Update them with `pytest tests/tui/test_snapshots.py --snapshot-update` and
look at them (snapshot_report.html) before committing."""

from __future__ import annotations

import pytest

from cvo_workshop.tui.app import WorkshopApp


@pytest.fixture(autouse=True)
def no_animation(monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _app(start, clock):
    running = start(seed=42)
    s = running.session
    s.score("impact", 8, participant="Ana")
    s.score("impact", 3, participant="Ben")
    s.score("confidence", 6)
    return WorkshopApp.for_running(running, clock=clock)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_draw_screen(snap_compare, start, clock, size):
    assert snap_compare(_app(start, clock), terminal_size=size, press=["tab"])
