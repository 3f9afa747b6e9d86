"""The facilitator removes a name (someone left, or a second name one person joined
under): their phone is signed out, "N of M scored" and the auto-reveal go by the
others, and the name may join again as someone new (ParticipantLeft)."""

from __future__ import annotations

from aiohttp import ClientSession, WSMsgType

from cvo_workshop.room.server import LEFT
from cvo_workshop.tui.screens.confirm import ConfirmModal
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.room import NamePickModal, RoomScreen
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room, _text


async def test_the_removed_persons_phone_is_told_and_cut_off_and_may_join_again(room, phone):
    stray = phone()
    assert await stray.join("Ana 2", new=True) == 200
    await stray.connect()
    session = room.workshop.session
    room.workshop.run(session.remove_participant, "Ana 2")
    told = await stray.receive("released")
    assert told["message"] == LEFT == "You left the workshop: join again to take part."
    closing = await stray.ws.receive(timeout=5)
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    r = await stray.http.get(f"{stray.api}/ws", params={"secret": stray.secret})
    assert r.status == 401
    assert not room.keys.claimed("Ana 2")
    # The name is no participant's now: it joins again as someone new.
    assert await stray.join("Ana 2") == 404
    assert await stray.join("Ana 2", new=True) == 200
    assert [p.name for p in session.setup.participants] == ["Ana", "Ben", "Ana 2"]


async def test_removing_someone_who_had_not_scored_reveals_once_the_others_have(room, phone):
    room.auto_reveal = True
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    n = (await ana.connect())["draw"]["number"]
    await ben.connect()
    for key in ("impact", "confidence", "ease"):
        await ana.send(type="score", draw=n, key=key, value=5)
    await ben.send(type="score", draw=n, key="impact", value=6)  # Ben stops halfway
    session = room.workshop.session
    assert session.current.hidden
    room.workshop.run(session.remove_participant, "Ben")
    state = await ana.until(lambda s: s["draw"]["revealed"])
    assert state["participants"] == ["Ana"] and state["draw"]["voters"] == ["Ana"]
    # Ben's vote stays on the draw, set aside: revealed, it shows nowhere.
    assert session.current.votes["Ben"] == {"impact": 6.0}
    assert list(state["draw"]["spread"]["impact"]["values"]) == ["Ana"]
    assert session.next_undo() == "Ben leaving"  # the reveal is the room's, not on the undo


async def test_x_on_the_room_screen_removes_a_name_after_asking_and_u_undoes_it(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ben = Phone(app.room, http)
        await ben.join("Ben")
        n = (await ben.connect())["draw"]["number"]
        for key in ("impact", "confidence", "ease"):  # a vote: every factor
            await ben.send(type="score", draw=n, key=key, value=6)
        await pilot.pause()
        assert "1 of 2 scored: Ben" in _text(app, "#scored")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, NamePickModal) and app.screen.names == ["Ana", "Ben"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert [p.name for p in running.session.setup.participants] == ["Ana"]
        assert "0 of 1 scored" in _text(app, "#scored")
        assert not app.room.keys.claimed("Ben")
        assert (await ben.receive("released"))["message"] == LEFT
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        await pilot.press("u")
        await pilot.pause()
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]


async def test_saying_no_to_removing_a_name_keeps_it(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]


async def test_a_redone_removal_signs_the_phone_out_again_and_an_undo_gives_it_back(room, phone):
    ben = phone()
    await ben.join("Ben")
    session = room.workshop.session
    room.workshop.run(session.remove_participant, "Ben")
    room.workshop.run(session.undo)
    await ben.connect()  # his again: no join
    assert room.workshop.run(session.redo) == "Ben leaving"
    assert (await ben.receive("released"))["message"] == LEFT
    assert not room.keys.claimed("Ben")
    r = await ben.http.get(f"{ben.api}/ws", params={"secret": ben.secret})
    assert (r.status, await r.json()) == (401, {"error": LEFT, "left": True})
    room.workshop.run(session.undo)
    assert (await ben.connect())["you"] == "Ben"


async def test_undoing_a_removal_gives_the_phone_its_name_back_without_joining_again(room, phone):
    ben = phone()
    await ben.join("Ben")
    await ben.connect()
    session = room.workshop.session
    room.workshop.run(session.remove_participant, "Ben")
    assert (await ben.receive("released"))["message"] == LEFT
    room.workshop.run(session.undo)
    assert [p.name for p in session.setup.participants] == ["Ana", "Ben"]
    assert room.keys.claimed("Ben")
    state = await ben.connect()  # the secret it had: no join
    assert state["you"] == "Ben"
    said = await ben.send(type="score", draw=state["draw"]["number"], key="impact", value=7)
    assert said["type"] == "saved"
    assert session.current.votes["Ben"] == {"impact": 7.0}
    # Nobody else can take the name meanwhile: it is that phone's again.
    assert await phone().join("Ben") == 409


async def test_the_removal_question_and_the_help_say_the_undo_gives_the_phone_back_if_free(
    tmp_path,
):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        promise = "the phone is theirs again without joining, if no other phone took the name"
        await pilot.press("question_mark")
        await pilot.pause()
        helped = " ".join(_text(app, "#help-text").split())
        assert f"u on the table undoes it: {promise} meanwhile" in helped
        await pilot.press("escape", "x", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        asked = " ".join(_text(app, ".dialog-body").split())
        assert asked.endswith(f"u on the table undoes it: {promise} meanwhile.")
