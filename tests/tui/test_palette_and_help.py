"""Every key is also a command in the palette, and listed in the help."""

from __future__ import annotations

from textual.command import CommandPalette

from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.commands import ScreenCommands
from cvo_workshop.tui.screens.help import HelpModal, key_rows


async def test_the_palette_offers_every_action_of_the_table(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")  # something to undo
        provider = ScreenCommands(app.screen)
        names = [name for name, *_ in provider._commands()]
        for action in (
            "Accept",
            "Park",
            "Reject",
            "Skip",
            "Note",
            "Wildcard",
            "Undo",
            "Timer",
            "+2 min",
            "+10 min",
            "End round",
            "Summary",
            "Help",
            "Quit",
        ):
            # ("Undo: parked draw 1": the key names what it takes back)
            assert any(n == action or n.startswith(f"{action}: ") for n in names), action
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"accept")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert running.session.state.counts()["accepted"] == 1
        assert "Redo" not in names  # nothing to redo: not offered


async def test_help_lists_the_keys_of_the_screen_and_app(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = dict(key_rows(app.screen))
        assert rows["a"].startswith("Accept") and rows["^r"] == "Redo"
        assert "0-9" in rows and rows["? f1"] == "Help" and rows["q ^q"].startswith("Quit")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpModal)
