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
    running.run(s.score, "impact", 8, participant="Ana")
    running.run(s.score, "impact", 3, participant="Ben")
    running.run(s.score, "confidence", 6)
    return WorkshopApp.for_running(running, clock=clock)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_draw_screen(snap_compare, start, clock, size):
    assert snap_compare(_app(start, clock), terminal_size=size, press=["tab"])


def test_grooming_screen(snap_compare, tmp_path, clock):
    from cvo_workshop.service import workshop as service
    from cvo_workshop.tui.screens.grooming import GroomingScreen
    from tests.backlog_fixtures import sample

    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    running = service.resume(path, clock=clock)
    app = WorkshopApp.for_running(running, clock=clock)

    async def open_backlog(pilot):
        app.push_screen(GroomingScreen(running))
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(110, 32), run_before=open_backlog)
    finally:
        running.close()


def test_questionnaire_screen(snap_compare, tmp_path, monkeypatch):
    from pathlib import Path

    from cvo_workshop.tui.app import questionnaire_screen

    monkeypatch.chdir(tmp_path)  # the screen shows the file's path: keep it the same
    app = WorkshopApp.home()
    app.first = questionnaire_screen(Path("ana.yaml"), "Ana", "CRM")
    assert snap_compare(app, terminal_size=(100, 30), press=["4", "2"])
