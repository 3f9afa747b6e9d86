"""Changes that come from outside the app (a test here, participants' phones later)
go through the running workshop's one door and show on screen without a key press."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable

from cvo_workshop.model.workshop import Decision
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.grooming import GroomingScreen
from cvo_workshop.tui.screens.note import NoteModal
from cvo_workshop.tui.screens.summary import SummaryScreen
from tests.tui.conftest import text_of


def _impact_line(app: WorkshopApp) -> str:
    panel = text_of(app.screen_stack[1].query_one("#scores"))  # the table, under any modal
    return next(line for line in panel.splitlines() if "Impact" in line)


async def test_a_score_applied_from_outside_the_app_shows_on_the_table_without_a_key_press(
    start, clock
):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        heard = []
        running.subscribe(heard.append)  # as a phone's server would
        assert _impact_line(app).split() == ["▸", "Impact", "–"]
        running.run(running.session.score, "impact", 7)
        await pilot.pause()
        assert _impact_line(app).split()[:3] == ["▸", "Impact", "7"]
        assert [[e.type for e in batch] for batch in heard] == [["scored"]]


async def test_a_vote_from_another_thread_reaches_the_table_through_the_app_loop(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        score = running.session.score

        def vote() -> None:  # on a thread of its own, as a phone's server would be
            running.submit(score, "impact", 4, participant="Ana").result(timeout=5)

        await asyncio.to_thread(vote)
        await pilot.pause()
        assert running.session.current.by_participant == {"Ana": {"impact": 4}}
        assert "Ana 4" in text_of(app.screen.query_one("#scores"))


async def test_the_table_under_a_dialog_shows_a_change_from_outside(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")  # a note being typed
        assert isinstance(app.screen, NoteModal)
        running.run(running.session.score, "impact", 7)
        await pilot.pause()
        assert _impact_line(app).split()[:3] == ["▸", "Impact", "7"]


async def test_the_summary_shows_a_decision_made_from_outside(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        assert "0 accepted" in text_of(app.screen.query_one("#headline"))
        running.run(running.session.decide, Decision.ACCEPTED)
        await pilot.pause()
        assert "1 accepted" in text_of(app.screen.query_one("#headline"))
        assert app.screen.query_one(DataTable).row_count == 2  # and the next card dealt


async def test_the_backlog_shows_a_pairing_accepted_from_outside(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(GroomingScreen(running))
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        running.run(running.session.decide, Decision.ACCEPTED)
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
