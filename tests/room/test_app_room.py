"""The room in the app: --room opens it, the room screen shows how to join and who
has scored, a phone's wildcard is offered to the facilitator."""

from __future__ import annotations

from aiohttp import ClientSession

from cvo_workshop.room.options import RoomOptions
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.help import key_rows
from cvo_workshop.tui.screens.room import ProposalModal, RoomScreen
from cvo_workshop.tui.widgets.key_bar import KeyBar
from tests import workshop_fixtures as wf
from tests.room.conftest import Phone


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _app_with_room(tmp_path, **options):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    app.room_options = RoomOptions(**options)
    return app, running


async def test_room_opens_with_the_join_address_the_code_and_a_qr_code(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert app.room.keys.token in _text(app, "#url")
        assert app.room.keys.code in _text(app, "#code")
        assert "█" in _text(app, "#qr")


async def test_the_room_screen_counts_who_has_scored_without_a_key_press(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        assert "0 of 2 scored" in _text(app, "#scored")
        phone = Phone(app.room, http)
        await phone.join("Ana")
        n = (await phone.connect())["draw"]["number"]
        for key in ("impact", "confidence", "ease"):  # a vote: every factor
            await phone.send(type="score", draw=n, key=key, value=6)
        await pilot.pause()
        assert "1 of 2 scored: Ana (hidden until you reveal)" in _text(app, "#scored")


async def test_the_room_says_shown_once_the_votes_are_revealed_as_the_score_panel_does(tmp_path):
    """After o (reveal) the room said "1 of 2 scored: Ana", while the score panel
    beside it said "1 of 2 scored, shown"."""
    from cvo_workshop.tui.widgets.score_panel import ScorePanel

    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        phone = Phone(app.room, http)
        await phone.join("Ana")
        n = (await phone.connect())["draw"]["number"]
        for key in ("impact", "confidence", "ease"):
            await phone.send(type="score", draw=n, key=key, value=6)
        await pilot.press("escape")  # to the table
        await pilot.pause()
        assert "1 of 2 scored: Ana (hidden until you reveal)" in _text(app, "#room-line")
        await pilot.press("o")  # reveal
        await pilot.pause()
        assert "1 of 2 scored, shown" in str(app.screen.query_one(ScorePanel).render())
        assert _text(app, "#room-line").endswith("1 of 2 scored: Ana (shown)")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert _text(app, "#scored") == "1 of 2 scored: Ana (shown)"


async def test_a_reveal_with_nobody_scored_says_revealed_not_shown(tmp_path):
    """It said "Room ABCDEF: 0 of 2 scored (shown)", nothing being there to see."""
    from cvo_workshop.tui.widgets.score_panel import ScorePanel

    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        phone = Phone(app.room, http)
        await phone.join("Ana")
        n = (await phone.connect())["draw"]["number"]
        await phone.send(type="score", draw=n, key="impact", value=6)  # not yet a vote
        await pilot.press("escape")  # to the table
        await pilot.pause()
        await pilot.press("o")  # reveal
        await pilot.pause()
        assert _text(app, "#room-line").endswith("0 of 2 scored (revealed)")
        assert "0 of 2 scored, revealed" in str(app.screen.query_one(ScorePanel).render())
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert _text(app, "#scored") == "0 of 2 scored (revealed)"


async def test_ctrl_o_opens_the_room_on_a_workshop_opened_without_it(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.room is None
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen) and app.room is not None


async def test_a_proposed_wildcard_goes_on_the_table_when_the_facilitator_adds_it(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        phone = Phone(app.room, http)
        await phone.join("Ana")
        await phone.connect()
        await phone.send(type="wildcard", title="[b]Birthday[/b] mail", prompt="On the day")
        await pilot.pause()
        assert isinstance(app.screen, ProposalModal)
        await pilot.click("#add")
        await pilot.pause()
        assert running.session.state.draws[-1].card.title == "[b]Birthday[/b] mail"


async def test_the_table_shows_who_has_scored_without_a_key_press(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "0 of 2 scored" in _text(app, "#room-line")
        phone = Phone(app.room, http)
        await phone.join("Ben")
        n = (await phone.connect())["draw"]["number"]
        for key in ("impact", "confidence", "ease"):  # a vote: every factor
            await phone.send(type="score", draw=n, key=key, value=4)
        await pilot.pause()
        assert "1 of 2 scored: Ben" in _text(app, "#room-line")


async def test_the_room_screen_counts_phones_as_they_join_and_go_without_a_key_press(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        assert "Joined on a phone: 0 of 2 (0 connected)" in _text(app, "#people")
        phone = Phone(app.room, http)
        await phone.join("Ana")
        await pilot.pause()
        assert "Joined on a phone: 1 of 2 (0 connected)" in _text(app, "#people")
        await phone.connect()
        await pilot.pause()
        assert "Joined on a phone: 1 of 2 (1 connected)" in _text(app, "#people")
        await phone.ws.close()
        await pilot.pause(0.2)
        assert "Joined on a phone: 1 of 2 (0 connected)" in _text(app, "#people")


async def test_the_tables_key_bar_shows_ctrl_o_for_the_room(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    async with app.run_test(size=(200, 24)) as pilot:  # at 80 columns: in the help (?)
        await pilot.pause()
        assert "^o Room" in str(app.screen.query_one(KeyBar).render())
        assert dict(key_rows(app.screen))["^o"].startswith("The room")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)


async def test_a_room_only_this_computer_can_reach_says_so_and_how_to_let_phones_in(tmp_path):
    app, _ = await _app_with_room(tmp_path)  # ctrl+o or --room without --host
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = " ".join(_text(app, "#reach").split())
        assert said == (
            "Only this computer can open this address: to let phones in, open the "
            "workshop with --room --host 0.0.0.0"
        )


async def test_a_room_open_to_the_network_says_nothing_of_the_kind(tmp_path):
    app, _ = await _app_with_room(tmp_path, host="0.0.0.0")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "127.0.0.1" not in _text(app, "#url")
        assert not app.screen.query("#reach")


async def test_a_room_file_that_cannot_be_read_is_said_when_the_room_opens(tmp_path):
    from cvo_workshop.room.keys import keys_path

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    keys_path(running.path).write_text("{broken", "utf-8")
    app = WorkshopApp.for_running(running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(
            "could not be read" in m and "every phone scans it and joins again" in m for m in said
        ), said
