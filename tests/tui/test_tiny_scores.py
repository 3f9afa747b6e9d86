"""A tiny RICE score (a cohort of 0.001% of customers) reads "<0.01" on every
screen, as the breakdown and the exports say it: never "1e-06"."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from cvo_workshop.model.workshop import Framework
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.grooming import GroomingScreen
from cvo_workshop.tui.screens.summary import SummaryScreen
from tests.backlog_fixtures import Play, card, cohort, setup


@pytest.fixture
def tiny(tmp_path, clock):
    play = Play(setup(Framework.RICE, cohorts=[cohort("tiny", 0.00001)]))
    play.draw(card("a"), "tiny", impact=0.25, confidence=50, effort=120)
    path = tmp_path / "tiny.workshop.jsonl"
    play.save(path)
    running = service.resume(path, clock=clock)
    yield running
    running.close()


def _scores(table: DataTable) -> list[str]:
    column = next(n for n, c in enumerate(table.ordered_columns) if str(c.label) == "Score")
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


async def test_the_grooming_screen_s_score_column_reads_less_than_0_01(tiny, clock):
    app = WorkshopApp.for_running(tiny, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(GroomingScreen(app.running))
        await pilot.pause()
        assert _scores(app.screen.query_one(DataTable)) == ["<0.01"]


async def test_the_summary_screen_s_score_column_reads_less_than_0_01(tiny, clock):
    app = WorkshopApp.for_running(tiny, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(SummaryScreen(app.running))
        await pilot.pause()
        assert _scores(app.screen.query_one(DataTable)) == ["<0.01"]
