"""The facilitator adds Dana (P on the table), Dana joins on a phone, then the
facilitator takes the add back (u): the phone is told so in words, not "You left the
workshop" (Dana never left), and is Dana again by itself if the facilitator adds
Dana again."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession

from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import LEFT, Room, taken_back
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as wf
from tests.room.conftest import CHROMIUM, Phone, phone_page
from tests.room.test_app_room import _app_with_room, _text

TAKEN_BACK = (
    "The facilitator took back adding Dana: ask them to add you again, or join under another name."
)


def test_the_words():
    assert taken_back("Dana") == TAKEN_BACK


async def test_u_on_the_table_after_adding_dana_tells_her_phone_the_add_was_taken_back(
    tmp_path,
):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        await pilot.press("escape", "P", *"Dana", "enter")  # on the table: Dana joins
        await pilot.pause()
        dana = Phone(app.room, http)
        assert await dana.join("Dana") == 200
        await dana.connect()
        await pilot.press("u")
        await pilot.pause()
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]
        assert (await dana.receive("released"))["message"] == TAKEN_BACK
        r = await dana.http.get(f"{dana.api}/ws", params={"secret": dana.secret})
        assert (r.status, await r.json()) == (401, {"error": TAKEN_BACK, "left": True})
        # Added again: the phone is Dana again, without joining.
        await pilot.press("P", *"Dana", "enter")
        await pilot.pause()
        assert (await dana.connect())["you"] == "Dana"


async def test_a_removal_still_says_the_person_left(room, phone):
    room.workshop.run(room.session.add_participant, "Dana")
    dana = phone()
    assert await dana.join("Dana") == 200
    await dana.connect()
    room.workshop.run(room.session.remove_participant, "Dana")
    assert (await dana.receive("released"))["message"] == LEFT


async def test_after_a_resume_the_phone_still_says_the_add_was_taken_back(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    first = Room(running, RoomKeys.for_workshop(running.path))
    await first.start()
    async with ClientSession() as http:
        dana = Phone(first, http)
        running.run(running.session.add_participant, "Dana")
        assert await dana.join("Dana") == 200
        await dana.connect()
        running.run(running.session.undo)
        assert (await dana.receive("released"))["message"] == TAKEN_BACK
        await first.stop()
        running.close()
        running = service.resume(running.path)  # the app closed and opened again
        running.own()
        again = Room(running, RoomKeys.for_workshop(running.path))
        await again.start()
        try:
            r = await http.get(f"{dana.api}/ws", params={"secret": dana.secret})
            assert (r.status, await r.json()) == (401, {"error": TAKEN_BACK, "left": True})
        finally:
            await again.stop()
            running.close()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_the_phone_page_says_the_add_was_taken_back_and_is_dana_again_once_added(room):
    room.workshop.run(room.session.add_participant, "Dana")
    async with phone_page(room, "Dana") as page:
        await page.wait_for_selector("#you:text-is('Dana')")
        room.workshop.run(room.session.undo)
        await page.wait_for_selector(f"#joinmsg:text-is({TAKEN_BACK!r})")
        await page.wait_for_timeout(4000)  # past the phone's next try: the same words
        assert await page.locator("#joinmsg").inner_text() == TAKEN_BACK
        room.workshop.run(room.session.add_participant, "Dana")
        await page.wait_for_selector("#you:text-is('Dana')", timeout=8000)


async def test_after_the_add_is_taken_back_dana_s_vote_counts_nowhere_and_again_once_added(
    tmp_path,
):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot, ClientSession() as http:
        await pilot.pause()
        await pilot.press("escape", "P", *"Dana", "enter")  # on the table: Dana joins
        await pilot.pause()
        ana, dana = Phone(app.room, http), Phone(app.room, http)
        await ana.join("Ana")
        await dana.join("Dana")
        n = (await ana.connect())["draw"]["number"]
        await dana.connect()
        for key in ("impact", "confidence", "ease"):
            await ana.send(type="score", draw=n, key=key, value=2)
            await dana.send(type="score", draw=n, key=key, value=8)
        await pilot.press("o")  # revealed: each value shows
        await pilot.pause()
        assert "Ana 2, Dana 8 (median 5)" in _text(app, "#scores")
        await pilot.press("u", "u")  # the reveal, then the add
        await pilot.press("o")
        await pilot.pause()
        scores = _text(app, "#scores")
        assert "Dana" not in scores and "Ana 2 (median 2)" in scores
        assert "1 of 2 scored, shown" in scores
        state = await ana.until(lambda s: s["draw"]["revealed"] and len(s["participants"]) == 2)
        assert state["participants"] == ["Ana", "Ben"] and state["draw"]["voters"] == ["Ana"]
        assert state["draw"]["spread"]["impact"]["values"] == {"Ana": 2.0}
        assert state["draw"]["spread"]["impact"]["median"] == "2"
        await pilot.press("P", *"Dana", "enter")  # added again: her vote counts again
        await pilot.pause()
        assert "Ana 2, Dana 8 (median 5)" in _text(app, "#scores")
