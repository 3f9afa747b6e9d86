"""Browsing the deck."""

from __future__ import annotations

from textual.widgets import OptionList

from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.deck import DeckScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def test_browse_filter_and_read_cards(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DeckScreen(W.deck()))
        await pilot.pause()
        cards = app.screen.query_one("#cards", OptionList)
        assert cards.option_count == 36
        await pilot.press("3")
        assert cards.option_count == 12
        assert "12 of 36 recipe cards" in text_of(app.screen.query_one("#deck-title"))
        await pilot.press("down")
        second = [c for c in W.deck().cards if c.kind.value == "personalization"][1]
        assert text_of(app.screen.query_one("#card")).startswith(second.title)
        await pilot.press("4")
        assert cards.option_count == 6
        assert text_of(app.screen.query_one("#card")).startswith("Champions")


async def test_a_deck_that_cannot_be_read_says_why(clock, tmp_path):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DeckScreen(path=tmp_path / "missing.yaml"))
        await pilot.pause()
        assert "cannot be read" in text_of(app.screen.query_one("#deck-title"))
