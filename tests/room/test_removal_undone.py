"""Undoing the removal of a name (x on the room screen, then u) puts back what was
before: the name, and the claim of the phone that held it, which scores again
without joining again, after a resume too; unless another phone has taken the name
meanwhile, which keeps it. A redo signs the phone out again."""

from __future__ import annotations

import json

from aiohttp import ClientSession

from cvo_workshop.room.keys import RoomKeys, keys_path
from cvo_workshop.room.server import LEFT, Room, taken
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.room import RoomScreen
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room, _text


async def _removed(room: Room, who: Phone, name: str) -> None:
    """`name`, joined and connected on `who`, removed by the facilitator."""
    room.workshop.run(room.session.remove_participant, name)
    assert (await who.receive("released"))["message"] == LEFT


async def test_a_phone_that_joined_as_the_name_meanwhile_keeps_it_after_the_undo(room, phone):
    ben, other = phone(), phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    assert await other.join("Ben", new=True) == 200  # the name is free: someone new takes it
    session = room.session
    assert room.workshop.run(session.undo) == (
        "Ben leaving (nothing to change: a phone has joined as Ben since, and keeps it)"
    )
    assert [p.name for p in session.setup.participants] == ["Ana", "Ben"]  # once
    assert (await other.connect())["you"] == "Ben"
    # The first phone's claim is gone for good: it is told why, to join again.
    r = await ben.http.get(f"{ben.api}/ws", params={"secret": ben.secret})
    assert (r.status, await r.json()) == (401, {"error": taken("Ben"), "gone": True})
    assert room.keys.left == {}


async def test_a_removed_phone_is_told_another_phone_joined_as_its_name_before_the_undo_too(
    room, phone
):
    ben, other = phone(), phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    assert await other.join("ben", new=True) == 200  # the same name to the workshop
    r = await ben.http.get(f"{ben.api}/ws", params={"secret": ben.secret})
    assert (r.status, await r.json()) == (401, {"error": taken("ben"), "left": True})


async def test_a_phone_whose_name_was_taken_and_removed_again_is_told_it_left(room, phone):
    ben, other = phone(), phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    assert await other.join("Ben", new=True) == 200
    await other.connect()
    await _removed(room, other, "Ben")  # the second Ben removed too: the name is free
    # Neither phone holds Ben now: each is told it left, the first for good.
    r = await ben.http.get(f"{ben.api}/ws", params={"secret": ben.secret})
    assert (r.status, await r.json()) == (401, {"error": LEFT, "gone": True})
    r = await other.http.get(f"{other.api}/ws", params={"secret": other.secret})
    assert (r.status, await r.json()) == (401, {"error": LEFT, "left": True})


async def test_a_phone_that_joined_as_someone_else_meanwhile_does_not_get_the_name_back(
    room, phone
):
    ben = phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    old = ben.secret
    r = await ben.http.post(f"{ben.api}/join", json={"name": "Benjamin", "new": True, "was": old})
    assert r.status == 200
    room.workshop.run(room.session.undo)
    # Nobody holds Ben's old secret now: the name is free for whoever picks it.
    assert not room.keys.claimed("Ben")
    assert room.keys.who(old) is None
    assert await phone().join("Ben") == 200


async def test_a_phone_that_picks_its_name_again_after_the_undo_keeps_its_identity(room, phone):
    ben = phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    room.workshop.run(room.session.undo)
    old = ben.secret
    r = await ben.http.post(f"{ben.api}/join", json={"name": "Ben", "was": old})
    assert (r.status, await r.json()) == (200, {"name": "Ben", "secret": old})
    # Another device picking it is refused, as before the removal.
    r = await phone().http.post(f"{ben.api}/join", json={"name": "Ben", "was": "guess"})
    assert r.status == 409


async def test_the_questionnaire_tells_a_removed_phone_it_left_and_works_again_after_undo(
    room, phone
):
    ben = phone()
    await ben.join("Ben")
    await ben.connect()
    await _removed(room, ben, "Ben")
    r = await ben.http.get(f"{ben.api}/questionnaire", params={"secret": ben.secret})
    assert (r.status, await r.json()) == (401, {"error": LEFT, "left": True})
    room.workshop.run(room.session.undo)
    assert (await ben.questionnaire())["questions"]


async def test_the_room_file_keeps_the_claim_of_a_name_that_left(room, phone):
    ben = phone()
    await ben.join("Ben")
    await ben.connect()
    claim = room.keys.claims["Ben"]
    path = keys_path(room.workshop.path)
    await _removed(room, ben, "Ben")
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "cvo-room/2"
    assert "Ben" not in data["claims"] and data["left"] == {"Ben": claim}
    room.workshop.run(room.session.undo)
    data = json.loads(path.read_text("utf-8"))
    assert data["claims"]["Ben"] == claim and data["left"] == {}


async def test_after_a_resume_an_undo_of_the_removal_still_gives_the_phone_its_name(
    tmp_path,
):
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    first = Room(running, RoomKeys.for_workshop(running.path))
    await first.start()
    async with ClientSession() as http:
        ben = Phone(first, http)
        await ben.join("Ben")
        await ben.connect()
        await _removed(first, ben, "Ben")
        await first.stop()
        running.close()
        running = service.resume(running.path)  # the app closed and opened again
        running.own()
        again = Room(running, RoomKeys.for_workshop(running.path))
        await again.start()
        try:
            assert running.run(running.session.undo) == "Ben leaving"
            state = await ben.connect()  # the same phone, the secret it had
            assert state["you"] == "Ben"
            n = state["draw"]["number"]
            assert (await ben.send(type="score", draw=n, key="ease", value=4))["type"] == "saved"
        finally:
            await again.stop()
            running.close()


async def test_x_then_u_on_the_table_and_the_phone_scores_again_without_joining(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ben = Phone(app.room, http)
        await ben.join("Ben")
        n = (await ben.connect())["draw"]["number"]
        await pilot.pause()
        assert "Joined on a phone: 1 of 2" in _text(app, "#people")
        await pilot.press("x", "down", "enter", "y")  # remove Ben, confirmed
        await pilot.pause()
        assert (await ben.receive("released"))["message"] == LEFT
        assert "Joined on a phone: 0 of 1" in _text(app, "#people")
        await pilot.press("escape", "u")  # on the table: undo
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]
        assert (await ben.connect())["you"] == "Ben"
        for key in ("impact", "confidence", "ease"):
            assert (await ben.send(type="score", draw=n, key=key, value=6))["type"] == "saved"
        await pilot.press("ctrl+o")  # back to the room screen
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen)
        assert "Joined on a phone: 1 of 2" in _text(app, "#people")
        assert "1 of 2 scored: Ben" in _text(app, "#scored")
        # and a redo on the table signs the phone out again
        await pilot.press("escape", "ctrl+r")
        await pilot.pause()
        assert [p.name for p in running.session.setup.participants] == ["Ana"]
        assert (await ben.receive("released"))["message"] == LEFT
        assert not app.room.keys.claimed("Ben")


async def test_undo_and_redo_of_a_removal_a_phone_has_overtaken_say_they_change_nothing(
    tmp_path,
):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ben = Phone(app.room, http)
        await ben.join("Ben")
        await ben.connect()
        await pilot.press("x", "down", "enter", "y")  # remove Ben, confirmed
        await pilot.pause()
        assert (await ben.receive("released"))["message"] == LEFT
        other = Phone(app.room, http)
        assert await other.join("Ben", new=True) == 200  # someone new under the name
        await pilot.pause()
        await pilot.press("escape")
        app._notifications.clear()
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        unchanged = "Ben leaving (nothing to change: a phone has joined as Ben since, and keeps it)"
        assert said == [f"Undone: {unchanged}", f"Redone: {unchanged}"]
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]
        assert (await other.connect())["you"] == "Ben"  # the redo signed nobody out


async def test_an_undo_of_a_removal_a_look_alike_name_took_since_leaves_it_to_that_phone(
    tmp_path,
):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ben = Phone(app.room, http)
        await ben.join("Ben")
        await ben.connect()
        await pilot.press("x", "down", "enter", "y")  # remove Ben, confirmed
        await pilot.pause()
        assert (await ben.receive("released"))["message"] == LEFT
        other = Phone(app.room, http)
        assert await other.join("Ｂｅｎ", new=True) == 200  # full-width: Ben to the room
        await pilot.pause()
        await pilot.press("escape")
        app._notifications.clear()
        await pilot.press("u")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert said == [
            "Undone: Ben leaving (nothing to change: a phone has joined as Ｂｅｎ since, and "
            "keeps it)"
        ]
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ｂｅｎ"]
        # No redo to do (Ben is no participant to remove): ctrl+r says so, and writes nothing.
        written = running.path.read_bytes()
        assert app.screen.check_action("redo", ()) is True  # on the key bar and in the palette
        app._notifications.clear()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [str(n.message) for n in app._notifications] == [
            "Nothing to redo: Ben leaving no longer fits (a phone has joined as Ｂｅｎ since, "
            "and keeps the name)"
        ]
        assert running.path.read_bytes() == written
        assert (await other.connect())["you"] == "Ｂｅｎ"
        r = await ben.http.get(f"{ben.api}/ws", params={"secret": ben.secret})
        assert (r.status, (await r.json())["error"]) == (401, taken("Ｂｅｎ"))


async def test_after_a_resume_a_phone_whose_name_another_phone_kept_is_still_told_why(tmp_path):
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    first = Room(running, RoomKeys.for_workshop(running.path))
    await first.start()
    async with ClientSession() as http:
        ben, other = Phone(first, http), Phone(first, http)
        await ben.join("Ben")
        await ben.connect()
        await _removed(first, ben, "Ben")
        assert await other.join("Ben", new=True) == 200
        running.run(running.session.undo)  # changes nothing: the other phone keeps Ben
        data = json.loads(keys_path(running.path).read_text("utf-8"))
        assert data["left"] == {} and list(data["lost"].values()) == ["Ben"]
        await first.stop()
        running.close()
        running = service.resume(running.path)  # the app closed and opened again
        running.own()
        again = Room(running, RoomKeys.for_workshop(running.path))
        await again.start()
        try:
            r = await http.get(f"{ben.api}/ws", params={"secret": ben.secret})
            assert (r.status, await r.json()) == (401, {"error": taken("Ben"), "gone": True})
        finally:
            await again.stop()
            running.close()


async def test_the_key_bar_names_the_undo_shortly_and_the_message_says_it_changes_nothing(
    tmp_path,
):
    from cvo_workshop.tui.widgets.key_bar import KeyBar

    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(200, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        ben = Phone(app.room, http)
        await ben.join("Ben")
        await pilot.press("x", "down", "enter", "y")  # remove Ben, confirmed
        await pilot.pause()
        assert await Phone(app.room, http).join("Ben", new=True) == 200
        await pilot.press("escape")
        await pilot.pause()
        bar = str(app.screen.query_one(KeyBar).render())
        assert " u Undo: Ben leaving  v Who " in bar  # the whole words, and no more
        await pilot.press("question_mark")
        await pilot.pause()
        assert "u  Undo: Ben leaving\n" in _text(app, "#help-text")
        await pilot.press("escape")
        app._notifications.clear()
        await pilot.press("u")
        await pilot.pause()
        assert [str(n.message) for n in app._notifications] == [
            "Undone: Ben leaving (nothing to change: a phone has joined as Ben since, and keeps it)"
        ]
