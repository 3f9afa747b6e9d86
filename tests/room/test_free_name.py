"""A name a phone has taken can be freed by the facilitator: the old device is
signed out, and the person joins again by name (a phone that lost its storage)."""

from __future__ import annotations

from aiohttp import ClientSession, WSMsgType

from cvo_workshop.room.server import RELEASED
from cvo_workshop.tui.screens.confirm import ConfirmModal
from cvo_workshop.tui.screens.room import NamePickModal, RoomScreen
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room


async def test_a_freed_name_can_be_taken_again_by_another_phone(room, phone):
    old, new = phone(), phone()
    assert await old.join("Ana") == 200
    assert await new.join("Ana") == 409
    assert await room.release("Ana")
    assert await new.join("Ana") == 200
    state = await new.connect()
    assert state["you"] == "Ana"


async def test_the_phone_whose_name_is_freed_is_told_and_cut_off(room, phone):
    old = phone()
    await old.join("Ana")
    await old.connect()
    await room.release("Ana")
    told = await old.receive("released")
    assert told["message"] == RELEASED
    closing = await old.ws.receive(timeout=5)
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    r = await old.http.get(f"{old.api}/ws", params={"secret": old.secret})
    assert r.status == 401  # its secret no longer works: the page shows the names again


async def test_freeing_a_name_nobody_has_taken_changes_nothing(room):
    assert not await room.release("Ben")


async def test_f_on_the_room_screen_frees_a_name_after_asking(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        await Phone(app.room, http).join("Ben")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, NamePickModal) and app.screen.names == ["Ben"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert not app.room.keys.claimed("Ben")
        assert await Phone(app.room, http).join("Ben") == 200


async def test_saying_no_to_freeing_a_name_leaves_it_taken(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        await Phone(app.room, http).join("Ben")
        await pilot.press("f", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.room.keys.claimed("Ben")


async def test_free_a_name_is_offered_only_while_a_phone_holds_one(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
