"""An undo or redo whose step the phones have overtaken (the person voted on their
phone since the facilitator typed for them) changes nothing, and says so on the
table, rather than "Undone: Impact on draw 1 by Ana" as if Ana's value went."""

from __future__ import annotations

from aiohttp import ClientSession

from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room


async def test_undo_and_redo_of_a_score_typed_for_ana_after_her_phone_vote_say_nothing_changed(
    tmp_path,
):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ana = Phone(app.room, http)
        await ana.join("Ana")
        n = (await ana.connect())["draw"]["number"]
        await pilot.press("escape")  # to the table
        await pilot.press("v", "3", "v", "v")  # typed for Ana: impact 3; then the room again
        await pilot.pause()
        assert running.session.current.votes == {"Ana": {"impact": 3.0}}
        assert (await ana.send(type="score", draw=n, key="impact", value=8))["type"] == "saved"
        await pilot.pause()
        app._notifications.clear()
        await pilot.press("u")
        await pilot.pause()
        assert running.session.current.votes == {"Ana": {"impact": 8.0}}  # hers stays
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert running.session.current.votes == {"Ana": {"impact": 8.0}}
        said = [str(n.message) for n in app._notifications]
        unchanged = (
            "Impact on draw 1 by Ana "
            "(nothing to change: Ana voted on a phone since, and that stays)"
        )
        assert said == [f"Undone: {unchanged}", f"Redone: {unchanged}"]


async def test_an_undo_that_changes_something_says_nothing_more(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape", "v", "3", "v", "v")
        await pilot.pause()
        app._notifications.clear()
        await pilot.press("u")
        await pilot.pause()
        assert running.session.current.votes == {}
        assert [str(n.message) for n in app._notifications] == ["Undone: Impact on draw 1 by Ana"]
