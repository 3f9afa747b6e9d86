"""The key bar: one line on every screen at 80 columns and wider, keys most used
first, the help key always; longer words only where there is room. The help
lists the screen's keys before its text."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Checkbox, Input

from cvo_workshop.room.options import RoomOptions
from cvo_workshop.tui.app import WorkshopApp, questionnaire_screen
from cvo_workshop.tui.keys import BarKey, fit_keys
from cvo_workshop.tui.screens.deck import DeckScreen
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.grooming import GroomingScreen
from cvo_workshop.tui.screens.help import HelpModal
from cvo_workshop.tui.screens.home import HomeScreen
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from cvo_workshop.tui.screens.questionnaire import QuestionnaireScreen
from cvo_workshop.tui.screens.room import RoomScreen
from cvo_workshop.tui.screens.room_assess import RoomAssessScreen
from cvo_workshop.tui.screens.setup import SetupScreen
from cvo_workshop.tui.screens.summary import SummaryScreen
from cvo_workshop.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import text_of


def _key(display: str, short: str, long: str = "", always: bool = False) -> BarKey:
    return BarKey(display, display, short, long or short, True, always)


HELP = _key("?", "Help", always=True)


def _bar(keys: list[BarKey], width: int) -> str:
    return "".join(f" {k.display} {label} " for k, label in fit_keys(keys, width))


def test_keys_keep_their_order_and_help_is_always_there():
    keys = [_key("a", "Accept"), _key("b", "Backlog"), HELP, _key("q", "Quit")]
    assert _bar(keys, 80) == " a Accept  b Backlog  ? Help  q Quit "
    # No room for Backlog: it is left out, the keys after it that fit are not.
    assert _bar(keys, 28) == " a Accept  ? Help  q Quit "
    # Help takes its room first, even from the most used key.
    assert _bar(keys, 9) == " ? Help "


def test_longer_words_only_in_the_room_the_keys_leave():
    keys = [_key("u", "Undo", "Undo: parked draw 3"), _key("n", "New", "New workshop"), HELP]
    assert _bar(keys, 25) == " u Undo  n New  ? Help "
    # Room for one longer word: the most used key gets it.
    assert _bar(keys, 40) == " u Undo: parked draw 3  n New  ? Help "
    assert _bar(keys, 60) == " u Undo: parked draw 3  n New workshop  ? Help "


def test_a_pinned_key_is_always_there_with_its_longer_words_first_from_120_columns():
    undo = BarKey("u", "u", "Undo", "Undo: Ben leaving", True, always=True, long_first=True)
    keys = [_key("a", "Accept"), undo, _key("w", "Wildcard", "Add a wildcard"), HELP]
    # Narrow: there whatever the width, as ? Help is, short.
    assert _bar(keys, 24) == " u Undo  ? Help "
    assert _bar(keys, 40) == " a Accept  u Undo  w Wildcard  ? Help "
    # Room left over still gives longer words, most used first (the pinned key too).
    assert _bar(keys, 52) == " a Accept  u Undo: Ben leaving  w Wildcard  ? Help "
    many = [_key("a", "Accept"), undo, *[_key(str(n), f"Key {n:02}") for n in range(10)], HELP]
    assert " u Undo " in _bar(many, 100) and "Ben" not in _bar(many, 100)
    # From 120 columns its longer words come before the keys after it.
    assert " u Undo: Ben leaving " in _bar(many, 120)
    assert len(_bar(many, 120)) <= 120


async def _check(pilot, screen_type: type, help_key: str = "?") -> None:
    """The screen on top is `screen_type`, and the last line of what is drawn is its
    key bar, whole (no key cut), with the help key, at 80x24 and at 120x40."""
    app = pilot.app
    for width, height in ((80, 24), (120, 40)):
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        bar = app.screen.query_one(KeyBar)
        assert bar.region == Region(0, height - 1, width, 1), screen_type
        drawn = app.screen._compositor.render_strips()[-1].text
        words = text_of(bar)
        assert len(words) <= width and drawn.rstrip() == words.rstrip(), (screen_type, drawn)
        assert f" {help_key} Help " in drawn, (screen_type, drawn)


async def test_every_screen_has_one_key_bar_line_with_help(tmp_path, monkeypatch):
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.workshop.jsonl")
    app = WorkshopApp.for_running(running)
    app.room_options = RoomOptions()  # the room opens first, as with --room
    async with app.run_test(size=(80, 24)) as pilot:
        await _check(pilot, RoomScreen)
        await pilot.press("m")
        await _check(pilot, RoomAssessScreen)
        await pilot.press("escape", "escape")
        await _check(pilot, DrawScreen)
        await pilot.press("f2")
        await _check(pilot, SummaryScreen)
        await pilot.press("b")
        await _check(pilot, GroomingScreen)
        app.go_home()
        await _check(pilot, HomeScreen)
        await pilot.press("b")
        await _check(pilot, DeckScreen)
        await pilot.press("escape", "n")
        # In a field ? is typed text: the bar offers f1, which works there.
        assert isinstance(app.screen.focused, Input)
        await _check(pilot, SetupScreen, help_key="f1")
        await pilot.press("question_mark")
        assert app.screen.focused.value.endswith("?")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape")
        app.screen.query_one(Checkbox).focus()  # out of the fields: ? again
        await _check(pilot, SetupScreen)
        app.pop_screen()
        monkeypatch.chdir(tmp_path)
        app.push_screen(questionnaire_screen(Path("ana.yaml"), "Ana", "CRM"))
        await _check(pilot, QuestionnaireScreen)
        # The scrolling body's own left and right no longer hide the screen's.
        assert " ← Back  → Forward " in text_of(app.screen.query_one(KeyBar))
        await pilot.press("r")
        await _check(pilot, MaturityResultScreen)


async def test_i_is_bound_twice_and_the_bar_shows_the_one_for_the_table(start, clock):
    running = start(live=["abandoned-cart-reminder", "welcome-series"])
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(140, 24)) as pilot:
        assert " i Deal new " in text_of(app.screen.query_one(KeyBar))
        await pilot.press("i")
        assert running.session.state.improve
        assert " i Deal live " in text_of(app.screen.query_one(KeyBar))
        await pilot.press("i")
        assert not running.session.state.improve
        assert " i Deal new " in text_of(app.screen.query_one(KeyBar))


async def test_the_help_lists_the_screens_keys_first_in_the_bars_order(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = text_of(app.screen.query_one(KeyBar)).split()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        lines = text_of(app.screen.query_one("#help-text")).splitlines()
        assert lines[0] == "The table" and lines[1] == ""
        keys = [line.split()[0] for line in lines[2:] if line.strip()]
        # Every key, hidden ones too (backspace clears a factor), in the bar's order.
        shown = bar[0::2][:6]
        assert shown == ["0-9", "a", "p", "r", "s", "u"]
        assert "tab" in keys  # in the help, not the bar (u has its room there)
        assert [k for k in keys if k in shown] == shown
        # The screen's keys and the app's, then what the screen is for.
        text = "\n".join(lines)
        intro = text.index("A recipe card is dealt against a cohort")
        assert text.index("Skip: not discussed") < text.index("Quit") < intro


async def test_a_keys_words_that_wrap_in_the_help_stay_in_their_column(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        lines = text_of(app.screen.query_one("#help-text")).splitlines()
        row = next(i for i, line in enumerate(lines) if line.strip().startswith("V "))
        column = lines[row].index("Re-vote")
        assert lines[row + 1][:column].strip() == "" and lines[row + 1][column] != " "


async def test_a_dialog_has_its_own_key_bar_and_help_not_the_tables(start, clock):
    from cvo_workshop.tui.screens.confirm import ConfirmModal
    from cvo_workshop.tui.screens.note import NoteModal

    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # A text dialog: ? is typed text, f1 opens the help on the dialog's keys.
        await pilot.press("r")
        await _check(pilot, NoteModal, help_key="f1")
        bar = text_of(app.screen.query_one(KeyBar))
        assert " esc Cancel " in bar and "Score" not in bar
        await pilot.press("question_mark")
        assert app.screen.query_one(Input).value == "?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpModal)
        help_text = text_of(app.screen.query_one("#help-text"))
        assert "Cancel" in help_text and "Score" not in help_text and "Quit" not in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, NoteModal)
        await pilot.press("escape")
        # A confirm: its keys on the bar, ? for the help.
        await pilot.press("e")
        await _check(pilot, ConfirmModal)
        bar = text_of(app.screen.query_one(KeyBar))
        assert " y " in bar and " n " in bar and "Score" not in bar
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        await pilot.press("escape", "n")
        assert isinstance(app.screen, DrawScreen)


async def test_u_undo_is_on_the_tables_bar_at_80_columns_whatever_else_is(start, clock):
    """At 80x24 with a hidden vote to reveal the bar read "... r Reject  s Skip  ? Help":
    no undo."""
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "9")  # Ana's impact: hidden, o reveals it
        bar = text_of(app.screen.query_one(KeyBar))
        assert " o Reveal " in bar and " u Undo " in bar and " ? Help " in bar, bar
        assert " s Skip " in bar and len(bar) <= 80


async def test_the_tables_bar_names_what_u_takes_back_from_120_columns(start, clock):
    """It did only from about 190 columns ("u Undo: Benny leaving")."""
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("P", *"Benny", "enter")
        await pilot.pause()
        bar = text_of(app.screen.query_one(KeyBar))
        assert " u Undo: Benny joining " in bar and " ? Help " in bar, bar
        assert len(bar) <= 120
        await pilot.press("P", *"Maximilian-Alexander von Humboldt", "enter")
        await pilot.pause()
        bar = text_of(app.screen.query_one(KeyBar))
        # the name cut, the words around it whole
        assert " u Undo: Maximilian-Al… joining " in bar, bar
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        bar = text_of(app.screen.query_one(KeyBar))
        assert " u Undo " in bar and "joining" not in bar, bar
