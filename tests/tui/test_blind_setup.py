"""The setup form's blind scoring checkbox: on unless the facilitator says otherwise."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input

from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.setup import SetupScreen
from cvo_workshop.tui.screens.summary import SummaryScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def _start_from_form(clock, out, *, untick: bool, size=(80, 24)):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=size) as pilot:
        app.push_screen(SetupScreen(deck=W.deck(), deck_path=W.DECK_PATH))
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#blind", Checkbox)
        assert str(box.label) == "Blind scoring (hide votes until revealed)"
        if untick:
            box.focus()
            await pilot.press("space")
        screen.query_one("#organization", Input).value = "Acme"
        screen.query_one("#output", Input).value = str(out)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DrawScreen)
    return read_journal(out).setup


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_workshop_set_up_in_the_app_scores_blind(clock, tmp_path, size):
    setup = await _start_from_form(clock, tmp_path / "a.workshop.jsonl", untick=False, size=size)
    assert setup.blind is True


async def test_unticking_blind_scoring_shows_scores_as_typed(clock, tmp_path):
    setup = await _start_from_form(clock, tmp_path / "a.workshop.jsonl", untick=True)
    assert setup.blind is False


async def test_the_summary_screen_says_a_draw_was_re_voted_and_how_the_room_agreed(start, clock):
    running = start(blind=True)
    s = running.session
    for ana, ben in ((9, 2), (5, 6)):
        running.run(s.score, "impact", ana, participant="Ana")
        running.run(s.score, "impact", ben, participant="Ben")
        if ana == 9:
            running.run(s.revote)
    running.run(s.reveal)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        assert "Re-voted once; agreement: close" in text_of(app.screen.query_one("#detail"))


async def test_the_summary_screen_shows_a_hidden_draw_as_counted_only(start, clock):
    running = start(blind=True)
    for key, value in (("impact", 8), ("confidence", 3), ("ease", 4)):
        running.run(running.session.score, key, value, participant="Ana")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        detail = text_of(app.screen.query_one("#detail"))
        assert "1 scored, hidden" in detail and "8" not in detail
