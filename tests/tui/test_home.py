"""The home screen: new, resume, assess (a hook), browse, export (a hook)."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import OptionList, Static

from cvo_workshop.model.workshop import Decision
from cvo_workshop.store.workshops import remember
from cvo_workshop.tui.app import Hooks, WorkshopApp
from cvo_workshop.tui.screens.confirm import ConfirmModal
from cvo_workshop.tui.screens.deck import DeckScreen
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.home import HomeScreen
from cvo_workshop.tui.screens.message import MessageModal
from cvo_workshop.tui.screens.setup import SetupScreen
from tests.tui.conftest import text_of


async def test_new_opens_the_setup_screen(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_recent_workshops_are_listed_and_resumed(start, clock):
    running = start(organization="Bee Shop")
    running.run(running.session.decide, Decision.PARKED)
    running.close()
    remember(running.path)
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        recent = app.screen.query_one("#recent", OptionList)
        assert "Bee Shop" in str(recent.get_option_at_index(0).prompt)
        assert "1 of 2 draws decided" in str(recent.get_option_at_index(0).prompt)
        await pilot.press("r")
        assert isinstance(app.screen, DrawScreen)
        assert app.running.session.state.counts()["parked"] == 1


async def test_resume_the_latest_opens_the_latest_workshop_not_ended(start, clock):
    """r opened the file written last: an ended workshop opened since to look at it
    (opening writes to a file) came before one in progress, started and worked on
    later; and the list, in that order, showed when each had started."""
    from cvo_workshop.engine.clock import local_stamp
    from cvo_workshop.service import workshop as service

    old = start(organization="Old Co", name="old.workshop.jsonl")
    old.run(old.session.decide, Decision.PARKED)
    old.run(old.session.finish)
    old_worked = clock.now
    old.close()
    clock.advance(3600)
    new = start(organization="New Co", name="new.workshop.jsonl", created=clock.now)
    started = clock.now
    clock.advance(600)
    new.run(new.session.decide, Decision.ACCEPTED)
    new_worked = clock.now
    new.close()
    clock.advance(3600)
    service.resume(old.path, clock=clock).close()  # looked at: its file is the newest
    remember(new.path)
    remember(old.path)
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        recent = app.screen.query_one("#recent", OptionList)
        first, second = (str(recent.get_option_at_index(i).prompt) for i in (0, 1))
        # In the order of when each was worked on, and that is the time shown.
        assert first.startswith(f"New Co · worked on {local_stamp(new_worked)}"), first
        assert f"started {local_stamp(started)} · " in first
        assert second.startswith(f"Old Co · worked on {local_stamp(old_worked)}"), second
        menu = str(app.screen.query_one("#menu", OptionList).get_option("resume").prompt)
        assert f"Resume the latest  New Co · round 1 · worked on {local_stamp(new_worked)}" in menu
        await pilot.press("r")
        assert isinstance(app.screen, DrawScreen)
        assert app.running.session.setup.organization == "New Co"


async def test_export_without_a_workshop_says_how_to_get_one(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, MessageModal)
        assert "No workshop yet" in text_of(app.screen.query_one(".dialog-body", Static))


async def test_export_opens_the_latest_workshops_backlog(clock, start):
    from cvo_workshop.model.workshop import Decision
    from cvo_workshop.tui.screens.grooming import GroomingScreen

    running = start()
    running.run(running.session.decide, Decision.ACCEPTED)
    running.close()
    remember(running.path)
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)  # the recent list loads in a worker
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GroomingScreen)
        assert app.screen.backlog.items[0].draws == [1]


async def test_assess_and_export_open_the_screens_other_parts_hook_in(clock, tmp_path):
    class Assess(Screen):
        pass

    class Export(Screen):
        def __init__(self, path):
            super().__init__()
            self.path = path

    hooks = Hooks(assessment=lambda app: Assess(), export=lambda app, path: Export(path))
    app = WorkshopApp.home(clock=clock, hooks=hooks)
    async with app.run_test(size=(80, 24)) as pilot:
        menu = text_of(app.screen.query_one("#menu"))
        assert "not yet available" not in menu
        await pilot.press("a")
        assert isinstance(app.screen, Assess)
        app.pop_screen()
        await pilot.press("e")
        assert isinstance(app.screen, Export)


async def test_the_menu_works_with_arrows_and_enter_and_the_mouse(clock, monkeypatch):
    from tests import workshop_fixtures as W

    monkeypatch.setattr("cvo_workshop.store.bundled.builtin_deck_path", lambda: W.DECK_PATH)
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        menu.highlighted = 3  # Browse the deck
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)
        await pilot.press("escape")
        await pilot.click("#menu", offset=(10, 1))  # first line inside the border: New
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_a_damaged_recent_workshop_can_be_salvaged(start, clock):
    running = start()
    path = running.path
    running.close()
    remember(path)
    lines = path.read_bytes().split(b"\n")
    lines[1] = b"{broken"
    path.write_bytes(b"\n".join(lines))
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        recent = app.screen.query_one("#recent", OptionList)
        assert "not valid JSON" in str(recent.get_option_at_index(0).prompt)
        recent.focus()
        recent.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        body = " ".join(text_of(app.screen.query_one(".dialog-body")).split())
        assert "not valid JSON" in body and "Keep the 0 events before line 2" in body
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen) and app.running is None
        await pilot.press("enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)  # what was kept, and where the copy is
        assert "kept the" in text_of(app.screen.query_one(".dialog-body"))
        await pilot.press("enter")
        assert isinstance(app.screen, DrawScreen)
        assert list(path.parent.glob("*.bak"))


async def test_the_theme_chosen_is_remembered_next_time(clock, data_dir):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_theme_light()
        await pilot.pause()
    assert '"theme": "textual-light"' in (data_dir / "settings.json").read_text()
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "textual-light"


async def test_a_workshop_the_app_opens_goes_to_the_top_of_the_recent_list(start, clock):
    from cvo_workshop.store.workshops import recent_paths

    running = start(organization="Bee Shop")
    assert recent_paths() == []
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)):
        assert recent_paths() == [running.path.resolve()]


async def test_leaving_the_backlog_opened_from_home_lets_the_workshop_be_resumed(clock, start):
    from cvo_workshop.model.workshop import Decision

    running = start()
    running.run(running.session.decide, Decision.ACCEPTED)
    running.close()
    remember(running.path)
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)  # the recent list loads in a worker
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.running is None  # the file is free again
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
