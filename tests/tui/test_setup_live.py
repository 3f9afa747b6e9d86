"""Ticking the cards already live on the setup screen: a searchable list, keyboard-first."""

from __future__ import annotations

from textual.widgets import Input, SelectionList

from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.setup import SetupScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def open_setup(pilot, app):
    app.push_screen(SetupScreen(deck=W.deck(), deck_path=W.DECK_PATH))
    await pilot.pause()
    return app.screen


async def tick(pilot, screen, search: str) -> None:
    """Type `search`, Tab to the list, tick the first card it shows."""
    field = screen.query_one("#live-search", Input)
    field.value = ""
    field.focus()
    await pilot.press(*search, "tab", "space")
    await pilot.pause()


async def test_cards_ticked_as_live_are_stored_in_the_workshop(clock, tmp_path):
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "acme.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        await pilot.press(*"Acme")
        screen.query_one("#output", Input).value = str(out)
        await tick(pilot, screen, "welcome")
        assert "(1 ticked)" in text_of(screen.query_one("#live-label"))
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DrawScreen)
    assert read_journal(out).setup.live == ["welcome-series"]


async def test_the_search_narrows_the_list_and_keeps_what_was_ticked(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        await tick(pilot, screen, "welcome")
        lst = screen.query_one("#live", SelectionList)
        assert lst.option_count == 1
        await tick(pilot, screen, "abandoned")
        assert screen.live == {"welcome-series", "abandoned-cart-reminder"}
        screen.query_one("#live-search", Input).value = ""
        await pilot.pause()
        assert lst.option_count == len(W.deck().cards)
        assert set(lst.selected) == {"welcome-series", "abandoned-cart-reminder"}
        assert screen.request().live == ["abandoned-cart-reminder", "welcome-series"]


async def test_unticking_a_card_takes_it_off_the_live_list(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        await tick(pilot, screen, "welcome")
        await pilot.press("space")
        await pilot.pause()
        assert screen.live == set()
        assert "ticked" not in text_of(screen.query_one("#live-label"))
