"""Phones' notes on the table: every line readable, literally; n lists them all."""

from __future__ import annotations

from aiohttp import ClientSession
from textual.widgets import Input

from cvo_workshop.tui.screens.note import NoteModal
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room


def _notes(app) -> str:
    return str(app.screen.query_one("#note").render())


async def _at_the_table(pilot):
    await pilot.pause()
    await pilot.press("escape")  # from the room screen to the table
    await pilot.pause()


async def test_the_table_shows_each_phone_note_on_its_own_line_literally(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await _at_the_table(pilot)
        running.run(running.session.note, "check with legal")
        phone = Phone(app.room, http)
        await phone.join("Ana")
        n = (await phone.connect())["draw"]["number"]
        await phone.send(type="note", draw=n, text="[b]tried[/b] <b>it</b>")
        await phone.send(type="note", draw=n, text="it worked")
        await pilot.pause()
        assert _notes(app).splitlines() == [
            "Note: check with legal",
            "Ana: [b]tried[/b] <b>it</b>",
            "Ana: it worked",
        ]


async def test_more_notes_than_the_table_holds_show_the_latest_and_how_many(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _at_the_table(pilot)
        for i in range(1, 7):
            running.run(running.session.phone_note, "Ben", f"point {i}")
        await pilot.pause()
        lines = _notes(app).splitlines()
        assert lines == ["6 notes; n reads them all", *(f"Ben: point {i}" for i in (4, 5, 6))]


async def test_a_note_too_wide_for_the_table_is_cut_and_says_n_reads_it(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _at_the_table(pilot)
        running.run(running.session.phone_note, "Ben", "word " * 40)
        await pilot.pause()
        lines = _notes(app).splitlines()
        assert lines[0] == "1 note; n reads them all" and lines[1].endswith("…")


async def test_n_lists_every_note_and_edits_only_the_facilitators_own(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _at_the_table(pilot)
        session = running.session
        running.run(session.note, "mine")
        for i in range(1, 7):
            running.run(session.phone_note, "Ben", f"point {i}")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        listed = str(app.screen.query_one("#notes Static").render()).splitlines()
        assert listed == [f"Ben: point {i}" for i in range(1, 7)]
        note_input = app.screen.query_one(Input)
        assert note_input.value == "mine"
        note_input.value = "mine, edited"
        await pilot.press("enter")
        await pilot.pause()
        draw = session.current
        assert draw.facilitator_note == "mine, edited" and len(draw.phone_notes) == 6


async def test_saving_a_note_from_the_summary_keeps_the_phones_notes_out_of_the_facilitators(
    tmp_path,
):
    from cvo_workshop.tui.screens.summary import SummaryScreen

    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _at_the_table(pilot)
        session = running.session
        running.run(session.note, "mine")
        running.run(session.phone_note, "Ana", "from my phone")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one(Input).value == "mine"
        await pilot.press("enter")
        await pilot.pause()
        draw = session.state.draw(1)
        assert draw.facilitator_note == "mine" and len(draw.phone_notes) == 1
